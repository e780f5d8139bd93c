import mammoth from 'mammoth';
import sanitizeHtml from 'sanitize-html';
import { UnsupportedType } from '../http/errors.js';
import JSZip from 'jszip';
import { readWordComments, renderedParagraph, type WordComment } from './docx.comments.js';
import { hasRevisions, markRevisions, revisionStyleMap, titleRevisions, type Revision } from './docx.revisions.js';
import { parseXml, serializeXml } from './docx.xml.js';
import { inspectZip, officeKind, readZipParts, type ZipLimits } from './zip.guard.js';

/**
 * Word → HTML for reading beside the comments. Every block a reader can point
 * at (paragraph, heading, list item) gets `data-p="N"` and `id="p-N"` in
 * document order, so "paragraph 12" means the same thing to the page, the
 * comment anchors and the re-anchoring at the next version.
 */
export interface RenderedDocx {
  html: string;
  /** plain text of paragraph N, NFC */
  paragraphs: string[];
  warnings: string[];
  /** native Word comments, each with the reader's paragraph it is anchored to (null: not found) */
  comments: (WordComment & { paragraph: number | null })[];
  /** how many tracked insertions and deletions the reader shows */
  revisions: number;
}

const PARTS = { document: 'word/document.xml', comments: 'word/comments.xml', extended: 'word/commentsExtended.xml' } as const;
/** Far above any real report; keeps one hostile part from taking the memory of the parse. */
const MAX_XML_PART = 30 * 1024 * 1024;

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ANCHORED = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li']);

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'td', 'th', 'strong', 'em', 'u', 's', 'sub', 'sup', 'br', 'a', 'img', 'span', 'ins', 'del'],
  allowedAttributes: { '*': ['data-p', 'id', 'colspan', 'rowspan'], a: ['href', 'rel', 'target'], img: ['src', 'alt'], span: ['class'], ins: ['class'], del: ['class'] },
  allowedSchemes: ['http', 'https'],
  allowedSchemesByTag: { img: ['data'] },
  // Links inside a reviewed document must not navigate the review page.
  transformTags: {
    a: (_tag, attribs) => ({ tagName: 'a', attribs: { ...(attribs.href ? { href: attribs.href, rel: 'noopener noreferrer', target: '_blank' } : {}) } }),
    // Word images rarely carry a description; an empty alt marks them decorative instead of unnamed.
    // WMF/EMF drawings (common in decrees) cannot be shown by a browser: a marker says one was there.
    img: (_tag: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag =>
      /^data:image\/(png|jpe?g|gif|webp);/i.test(attribs.src ?? '')
        ? { tagName: 'img', attribs: { ...attribs, alt: attribs.alt ?? '' } }
        : { tagName: 'span', attribs: { class: 'docx-image-missing' }, text: '[hình vẽ]' },
  },
};

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x?([0-9a-f]+);/gi, (m, code: string) => {
      const n = m.startsWith('&#x') || m.startsWith('&#X') ? parseInt(code, 16) : parseInt(code, 10);
      return Number.isFinite(n) ? String.fromCodePoint(n) : m;
    })
    .replace(/&amp;/g, '&');
}

/**
 * Numbers the anchored blocks and collects their text. mammoth's output is
 * well-formed with escaped attribute values, so a tag-level scan is exact here;
 * text inside a nested anchored block (a list inside a list item) belongs to
 * the innermost one; text inside <del> (a tracked deletion) belongs to none.
 */
export function anchorParagraphs(html: string): { html: string; paragraphs: string[] } {
  const paragraphs: string[] = [];
  const stack: { tag: string; index: number | null }[] = [];
  let out = '';
  const re = /<(\/?)([a-zA-Z0-9]+)([^>]*)>|([^<]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(html))) {
    if (m[4] !== undefined) {
      out += m[4];
      const owner = [...stack].reverse().find((s) => s.index !== null);
      // Deleted text is shown struck through but is no longer the paragraph's text.
      if (owner && !stack.some((s) => s.tag === 'del')) paragraphs[owner.index!] += decodeEntities(m[4]);
      continue;
    }
    const closing = m[1] === '/';
    const tag = m[2]!.toLowerCase();
    const selfClosing = m[3]!.endsWith('/') || tag === 'br' || tag === 'img';
    if (closing) {
      const at = stack.map((s) => s.tag).lastIndexOf(tag);
      if (at >= 0) stack.length = at;
      out += m[0];
      continue;
    }
    if (ANCHORED.has(tag) && !selfClosing) {
      const index = paragraphs.length;
      paragraphs.push('');
      stack.push({ tag, index });
      out += `<${tag} data-p="${index}" id="p-${index}"${m[3]}>`;
      continue;
    }
    if (!selfClosing) stack.push({ tag, index: null });
    else if (tag === 'br') {
      const owner = [...stack].reverse().find((s) => s.index !== null);
      if (owner) paragraphs[owner.index!] += ' ';
    }
    out += m[0];
  }
  return { html: out, paragraphs: paragraphs.map((p) => p.normalize('NFC').replace(/\s+/g, ' ').trim()) };
}

interface Prepared {
  source: Buffer;
  revisions: Revision[];
  comments: WordComment[];
  docParagraphs: string[];
}

/**
 * Reads comments from the untouched document.xml, then, when it has tracked changes, gives
 * mammoth a copy whose changed runs carry the styles that mark them.
 */
async function prepare(buffer: Buffer): Promise<Prepared> {
  const parts = await readZipParts(buffer, Object.values(PARTS), MAX_XML_PART);
  const documentXml = parts.get(PARTS.document);
  if (!documentXml) return { source: buffer, revisions: [], comments: [], docParagraphs: [] };
  const doc = parseXml(documentXml);
  const optional = (name: string) => (parts.has(name) ? parseXml(parts.get(name)!) : null);
  const read = readWordComments(doc, optional(PARTS.comments), optional(PARTS.extended));
  if (!hasRevisions(doc)) return { source: buffer, revisions: [], comments: read.comments, docParagraphs: read.paragraphs };
  const revisions = markRevisions(doc);
  const zip = await JSZip.loadAsync(buffer);
  zip.file(PARTS.document, serializeXml(doc));
  const source = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
  return { source, revisions, comments: read.comments, docParagraphs: read.paragraphs };
}

export async function renderDocx(buffer: Buffer, limits?: ZipLimits): Promise<RenderedDocx> {
  if (buffer.subarray(0, 8).equals(OLE_MAGIC)) throw new UnsupportedType('attachments.errors.legacy_doc');
  const zip = await inspectZip(buffer, limits);
  if (officeKind(zip.names) !== 'docx') throw new UnsupportedType('attachments.errors.not_docx');
  const prepared = await prepare(buffer);
  let result: Awaited<ReturnType<typeof mammoth.convertToHtml>>;
  try {
    result = await mammoth.convertToHtml({ buffer: prepared.source }, { externalFileAccess: false, ignoreEmptyParagraphs: true, styleMap: revisionStyleMap(prepared.revisions) });
  } catch {
    throw new UnsupportedType('attachments.errors.corrupt_zip');
  }
  const clean = titleRevisions(sanitizeHtml(result.value.normalize('NFC'), SANITIZE), prepared.revisions);
  const anchored = anchorParagraphs(clean);
  const comments = prepared.comments.map((c) => ({ ...c, paragraph: c.docParagraph < 0 ? null : renderedParagraph(c.docParagraph, c.quote, prepared.docParagraphs, anchored.paragraphs) }));
  const warnings = result.messages.map((msg) => msg.message).filter((m) => !m.includes('RasoatRev'));
  return { ...anchored, warnings: warnings.slice(0, 20), comments, revisions: prepared.revisions.length };
}
