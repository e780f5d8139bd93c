import { normalizeQuote, reanchor } from '../reviews/comment.anchor.js';
import { attr, descendants, elementsOf, type XmlElement } from './docx.xml.js';

/**
 * Native Word comments: their text, author and date (word/comments.xml), which paragraph
 * they are anchored to (w:commentRangeStart/End and w:commentReference in document.xml),
 * and, from Word 2013's word/commentsExtended.xml, which comment each one answers and
 * whether its thread was marked done. Pure: parsed XML in, comments out.
 */
export interface WordComment {
  id: string;
  author: string;
  /** ISO date as Word stored it, '' when absent */
  date: string;
  text: string;
  /** the Word id of the comment this one answers */
  parentId?: string;
  done: boolean;
  /** index among the document's paragraphs (as read here, not as rendered) */
  docParagraph: number;
  /** the commented text, '' when only a point was marked */
  quote: string;
}

export const MAX_COMMENTS = 2000;
const MAX_COMMENT_TEXT = 10_000;
const MAX_QUOTE = 1000;

/** A paragraph's own text, deleted text left out, as the reader's paragraph text is. */
interface Walk {
  paragraphs: string[];
  starts: Map<string, number>;
  quotes: Map<string, string>;
  open: Set<string>;
  refs: Map<string, number>;
}

const DELETED = new Set(['w:del', 'w:moveFrom']);

function walk(node: XmlElement, w: Walk, p: number | null, deleted: boolean): void {
  for (const el of elementsOf(node)) {
    const name = el.nodeName;
    if (name === 'w:p') {
      w.paragraphs.push('');
      walk(el, w, w.paragraphs.length - 1, deleted);
      continue;
    }
    const id = attr(el, 'w:id');
    // A range may start between paragraphs: it belongs to the next one.
    if (name === 'w:commentRangeStart') {
      w.starts.set(id, p ?? w.paragraphs.length);
      w.quotes.set(id, '');
      w.open.add(id);
    } else if (name === 'w:commentRangeEnd') w.open.delete(id);
    else if (name === 'w:commentReference') w.refs.set(id, p ?? Math.max(0, w.paragraphs.length - 1));
    else if ((name === 'w:t' || name === 'w:tab' || name === 'w:br' || name === 'w:cr') && p !== null) {
      if (deleted) continue;
      const text = name === 'w:t' ? (el.textContent ?? '') : ' ';
      w.paragraphs[p] += text;
      for (const open of w.open) {
        const q = w.quotes.get(open)!;
        if (q.length < MAX_QUOTE) w.quotes.set(open, q + text);
      }
    } else walk(el, w, p, deleted || DELETED.has(name));
  }
}

function commentText(el: XmlElement): string {
  return descendants(el, 'w:p')
    .map((para) => descendants(para, 'w:t').map((t) => t.textContent ?? '').join(''))
    .join('\n')
    .normalize('NFC')
    .trim()
    .slice(0, MAX_COMMENT_TEXT);
}

/** paraId of a comment's last paragraph → what commentsExtended says about it. */
function extended(doc: Document | null): Map<string, { parentParaId: string; done: boolean }> {
  const out = new Map<string, { parentParaId: string; done: boolean }>();
  if (!doc) return out;
  for (const ex of descendants(doc, 'w15:commentEx')) {
    out.set(attr(ex, 'w15:paraId'), { parentParaId: attr(ex, 'w15:paraIdParent'), done: attr(ex, 'w15:done') === '1' });
  }
  return out;
}

export function readWordComments(document: Document, comments: Document | null, commentsExtended: Document | null): { comments: WordComment[]; paragraphs: string[] } {
  const w: Walk = { paragraphs: [], starts: new Map(), quotes: new Map(), open: new Set(), refs: new Map() };
  walk(document.documentElement as XmlElement, w, null, false);
  const paragraphs = w.paragraphs.map((t) => t.normalize('NFC').replace(/\s+/g, ' ').trim());
  if (!comments) return { comments: [], paragraphs };
  const ex = extended(commentsExtended);
  const byParaId = new Map<string, string>();
  const out: WordComment[] = [];
  for (const el of descendants(comments, 'w:comment').slice(0, MAX_COMMENTS)) {
    const id = attr(el, 'w:id');
    const paras = descendants(el, 'w:p');
    const paraId = paras.length ? attr(paras[paras.length - 1]!, 'w14:paraId') : '';
    if (paraId) byParaId.set(paraId, id);
    const text = commentText(el);
    if (!text) continue;
    out.push({
      id,
      author: attr(el, 'w:author').normalize('NFC').trim().slice(0, 200),
      date: attr(el, 'w:date'),
      text,
      done: ex.get(paraId)?.done ?? false,
      docParagraph: w.starts.get(id) ?? w.refs.get(id) ?? -1,
      quote: (w.quotes.get(id) ?? '').normalize('NFC').replace(/\s+/g, ' ').trim(),
      parentId: paraId ? ex.get(paraId)?.parentParaId : undefined,
    });
  }
  for (const c of out) c.parentId = c.parentId ? byParaId.get(c.parentId) : undefined;
  return { comments: out, paragraphs };
}

/**
 * The reader numbers only non-empty blocks, so a document paragraph is found among the
 * rendered ones by its text: the k-th paragraph with this text in the document is the k-th
 * in the reader. Where the text does not match (a field, a footnote mark), the quote is
 * looked up near the same place; null when neither finds it.
 */
export function renderedParagraph(docParagraph: number, quote: string, docParagraphs: readonly string[], rendered: readonly string[]): number | null {
  const own = docParagraphs[docParagraph];
  if (own) {
    const key = normalizeQuote(own);
    const occurrence = docParagraphs.slice(0, docParagraph).filter((t) => t && normalizeQuote(t) === key).length;
    const matches = rendered.flatMap((t, i) => (normalizeQuote(t) === key ? [i] : []));
    if (matches[occurrence] !== undefined) return matches[occurrence]!;
  }
  if (!quote) return null;
  const hint = docParagraphs.slice(0, Math.max(0, docParagraph)).filter(Boolean).length;
  const found = reanchor({ paragraph: hint, quote }, rendered);
  return found.outdated ? null : found.paragraph;
}
