import type { Types } from 'mongoose';
import type { Readable } from 'node:stream';
import type { Attachment } from '../attachments/attachment.model.js';
import { getAttachment, openDownload } from '../attachments/attachment.service.js';
import { extractText } from '../attachments/text.extract.js';
import type { Actor } from '../http/actor.js';
import { UnsupportedType } from '../http/errors.js';
import type { TemplateField } from '../review-templates/template.schema.js';
import { formatVnDate } from '../review-templates/vn-text.js';
import { listItems } from '../submissions/item.service.js';
import { loadContext, type SubmissionContext } from '../submissions/submission.service.js';
import { foldPhrase } from './fold.js';
import { findCitations, type CitationMention } from './finder.js';

/**
 * The documents a file cites, as rows the agency may add: one entry per document (however
 * often it is cited), what the text says about it, whether a row for it already exists,
 * and the values a new row would start from. Rows are still added and validated the usual way.
 */

/** One cited document, as its fullest mention describes it (`sentence` is that mention's). */
export interface CitedDocument extends Pick<CitationMention, 'typeName' | 'number' | 'name' | 'year' | 'date' | 'issuer' | 'title' | 'sentence'> {
  /** Identifies the document in this list (and in a "pre-fill a row" link). */
  key: string;
  mentions: number;
  /** A row of this submission already has this document. */
  exists: boolean;
  /** Template field → text as an officer would type it. */
  prefill: Record<string, string>;
}

export interface CitedDocuments {
  attachment: Attachment;
  context: SubmissionContext;
  documents: CitedDocument[];
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

/** How complete a mention is: the one with date, issuer and title describes the document best. */
const richness = (m: CitationMention) => (m.date ? 4 : 0) + (m.issuer && m.text.includes(m.issuer) ? 2 : 0) + (m.title ? 1 : 0);

/** A row-worthy document: numbered, or a law named with its year (the Constitution is not reviewed). */
function documentKey(m: CitationMention): string | null {
  if (m.typeCode === 'hien-phap') return null;
  if (m.number) return m.key;
  if (m.kind === 'named' && m.name && m.year) return m.key;
  return null;
}

export function groupCitations(mentions: CitationMention[]): CitationMention[][] {
  const groups = new Map<string, CitationMention[]>();
  for (const m of mentions) {
    const key = documentKey(m);
    if (!key) continue;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  return [...groups.values()];
}

const byLabel = (fields: readonly TemplateField[], re: RegExp) => fields.find((f) => f.type !== 'docref' && re.test(foldPhrase(f.label_vi)));

/** The value of the template's type field for a cited type ("Nghị định" → option "nghi-dinh"). */
function typeValue(field: TemplateField, m: CitationMention): string | null {
  if (!m.typeName) return null;
  if (field.type !== 'enum') return m.typeName;
  const folded = foldPhrase(m.typeName);
  const exact = field.options.find((o) => foldPhrase(o.label_vi) === folded);
  if (exact) return exact.value;
  // Specific types fall back on their family: "quyet-dinh-ttg" → "quyet-dinh".
  const family = [...field.options].sort((a, b) => b.value.length - a.value.length).find((o) => m.typeCode?.startsWith(o.value));
  return family?.value ?? null;
}

export function prefillFor(fields: readonly TemplateField[], m: CitationMention): Record<string, string> {
  const out: Record<string, string> = {};
  const docref = fields.find((f) => f.type === 'docref');
  if (!docref) return out;
  out[docref.key] = m.number ?? `${m.typeName} ${m.name} năm ${m.year}`;
  const s = docref.docref ?? {};
  const typeField = fields.find((f) => f.key === s.typeField);
  const tv = typeField ? typeValue(typeField, m) : null;
  if (typeField && tv) out[typeField.key] = tv;
  if (s.dateField && m.date) out[s.dateField] = formatVnDate(m.date);
  const issuerField = s.issuerField ? fields.find((f) => f.key === s.issuerField) : byLabel(fields, /co quan ban hanh/);
  if (issuerField && m.issuer) out[issuerField.key] = m.issuer;
  const titleField = byLabel(fields, /trich yeu|ten goi|ten van ban/);
  if (titleField && m.title) out[titleField.key] = m.title;
  return out;
}

/** Keys of the documents the submission's rows already name. */
export async function existingDocumentKeys(ctx: SubmissionContext): Promise<Set<string>> {
  const rows = await listItems(ctx.submission._id, { docKey: 1 });
  return new Set(rows.map((r) => r.docKey).filter((k): k is string => Boolean(k)));
}

export async function citedDocuments(actor: Actor, attachmentId: string | Types.ObjectId): Promise<CitedDocuments> {
  const attachment = await getAttachment(actor, attachmentId);
  if (attachment.type === 'xlsx') throw new UnsupportedType('citations.errors.not_text');
  const context = await loadContext(actor, attachment.submission);
  const text = await extractText(await readAll(openDownload(attachment)), attachment.type);
  const existing = await existingDocumentKeys(context);
  const documents = groupCitations(findCitations(text)).map((group): CitedDocument => {
    const best = [...group].sort((a, b) => richness(b) - richness(a))[0];
    const key = documentKey(best)!;
    const title = group.find((m) => m.title)?.title ?? null;
    const described = { ...best, title, date: best.date ?? group.find((m) => m.date)?.date ?? null };
    return {
      key, typeName: best.typeName, number: best.number, name: best.name ?? group.find((m) => m.name)?.name ?? null,
      year: best.year ?? group.find((m) => m.year)?.year ?? null, date: described.date, issuer: best.issuer, title, sentence: best.sentence, mentions: group.length,
      exists: existing.has(key), prefill: prefillFor(context.template.fields, described),
    };
  });
  return { attachment, context, documents };
}
