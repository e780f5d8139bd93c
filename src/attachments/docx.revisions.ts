import { attr, descendants, elementsOf, type XmlElement } from './docx.xml.js';

/**
 * Tracked changes (w:ins, w:del, w:moveTo, w:moveFrom) for the reader. mammoth drops
 * deleted text and inlines inserted text silently; here every changed run gets a character
 * style of its own before mammoth reads the file, the style map turns that style into
 * <ins>/<del>, and afterwards each element gets its author and date as a title. Marks of
 * deleted paragraph ends and table rows are dropped, so paragraphs are never merged and the
 * reader's paragraph numbers match the document's.
 */
export interface Revision {
  kind: 'ins' | 'del';
  author: string;
  date: string;
}

const CHANGE = { 'w:ins': 'ins', 'w:moveTo': 'ins', 'w:del': 'del', 'w:moveFrom': 'del' } as const;
const STYLE_PREFIX = 'RasoatRev';
const MAX_REVISIONS = 5000;

export function hasRevisions(doc: Document): boolean {
  return Object.keys(CHANGE).some((name) => doc.getElementsByTagName(name).length > 0);
}

function setRunStyle(run: XmlElement, styleId: string): void {
  const doc = run.ownerDocument;
  let rPr = elementsOf(run).find((e) => e.nodeName === 'w:rPr');
  if (!rPr) {
    rPr = doc.createElement('w:rPr');
    run.insertBefore(rPr, run.firstChild);
  }
  for (const old of elementsOf(rPr).filter((e) => e.nodeName === 'w:rStyle')) rPr.removeChild(old);
  const style = doc.createElement('w:rStyle');
  style.setAttribute('w:val', styleId);
  rPr.insertBefore(style, rPr.firstChild);
}

/** w:delText is how Word stores deleted text; as w:t mammoth reads it. */
function undeleteText(run: XmlElement): void {
  for (const del of descendants(run, 'w:delText')) {
    const t = run.ownerDocument.createElement('w:t');
    t.setAttribute('xml:space', 'preserve');
    while (del.firstChild) t.appendChild(del.firstChild);
    del.parentNode!.replaceChild(t, del);
  }
}

function unwrap(el: XmlElement): void {
  const parent = el.parentNode!;
  while (el.firstChild) parent.insertBefore(el.firstChild, el);
  parent.removeChild(el);
}

/** Rewrites document.xml in place; returns the revisions in the order of their style ids. */
export function markRevisions(doc: Document): Revision[] {
  const revisions: Revision[] = [];
  for (const props of [...descendants(doc, 'w:rPr'), ...descendants(doc, 'w:trPr')]) {
    for (const mark of elementsOf(props).filter((e) => e.nodeName in CHANGE)) props.removeChild(mark);
  }
  for (const [name, kind] of Object.entries(CHANGE)) {
    for (const change of descendants(doc, name)) {
      const runs = descendants(change, 'w:r');
      if (runs.length && revisions.length < MAX_REVISIONS) {
        const styleId = `${STYLE_PREFIX}${revisions.length}`;
        revisions.push({ kind, author: attr(change, 'w:author').slice(0, 200), date: attr(change, 'w:date') });
        for (const run of runs) {
          setRunStyle(run, styleId);
          if (kind === 'del') undeleteText(run);
        }
      }
    }
  }
  for (const name of Object.keys(CHANGE)) for (const change of descendants(doc, name)) unwrap(change);
  return revisions;
}

export function revisionStyleMap(revisions: readonly Revision[]): string[] {
  return revisions.map((r, i) => `r.${STYLE_PREFIX}${i} => ${r.kind}.docx-rev-${i}`);
}

function escapeAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** "Nguyễn Văn A — 05/03/2026 09:30": who and when, in Vietnam's time (the element itself says what). */
export function revisionTitle(r: Revision): string {
  const when = r.date && !Number.isNaN(Date.parse(r.date))
    ? new Date(r.date).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' })
    : '';
  return [r.author, when].filter(Boolean).join(' — ');
}

/** Turns the style map's class into the element's title (sanitized HTML in, same HTML out). */
export function titleRevisions(html: string, revisions: readonly Revision[]): string {
  return html.replace(/<(ins|del) class="docx-rev-(\d+)">/g, (m, tag: string, n: string) => {
    const r = revisions[Number(n)];
    if (!r) return `<${tag}>`;
    const title = revisionTitle(r);
    return `<${tag} class="docx-${tag}"${title ? ` title="${escapeAttr(title)}"` : ''}>`;
  });
}
