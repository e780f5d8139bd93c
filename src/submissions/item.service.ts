import { Types, type ClientSession } from 'mongoose';
import type { ReviewTemplate } from '../review-templates/template.model.js';
import { foldDiacritics } from '../review-templates/vn-text.js';
import { itemRowReader } from './item.bson.js';
import { MAX_ITEMS, SubmissionItemModel, type SubmissionItem } from './item.model.js';

/**
 * The rows of submissions, read and written only through here: by submission in
 * order, or a campaign's rows streamed with a cursor. Writers pass the session of
 * the transaction that also bumps the submission's version and counts.
 */
export type ItemTemplate = Pick<ReviewTemplate, 'fields' | 'documentField' | 'recommendationField'> & Partial<Pick<ReviewTemplate, 'groupField'>>;

/** Which submission a row belongs to; copied onto each row so campaign-wide reads need no join. */
export interface ItemOwner {
  _id: Types.ObjectId;
  campaign: Types.ObjectId;
  agency: Types.ObjectId;
}

/** Folded text of every value of a row, for diacritic-insensitive search. */
export function searchTextOf(values: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const v of Object.values(values)) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      parts.push(String(o.input ?? ''), String(o.text ?? ''), String(o.issuer ?? ''));
    } else parts.push(String(v));
  }
  return foldDiacritics(parts.join(' \u2022 ')).toLowerCase().replace(/\s+/g, ' ');
}

function documentFieldKey(t: ItemTemplate): string | undefined {
  // As in the reports: a template grouped by its own field is not about documents, whatever docref fields it has.
  return (t.fields.find((f) => f.key === t.documentField) ?? (t.groupField ? undefined : t.fields.find((f) => f.type === 'docref')))?.key;
}

/** What is kept beside the values so rows are found by document, by action and by text without reading them. */
export function derivedOf(t: ItemTemplate, values: Record<string, unknown>): Pick<SubmissionItem, 'docKey' | 'recommendation' | 'searchText'> {
  const docField = documentFieldKey(t);
  const ref = docField ? values[docField] : undefined;
  const docKey = ref && typeof ref === 'object' && typeof (ref as { key?: unknown }).key === 'string' ? (ref as { key: string }).key : undefined;
  const rec = t.recommendationField ? values[t.recommendationField] : undefined;
  return { docKey: docKey || undefined, recommendation: typeof rec === 'string' && rec ? rec : undefined, searchText: searchTextOf(values) };
}

export function makeItem(owner: ItemOwner, t: ItemTemplate, values: Record<string, unknown>, position: number, id = new Types.ObjectId(), createdAt?: Date): SubmissionItem {
  const now = new Date();
  const row: SubmissionItem = { _id: id, campaign: owner.campaign, submission: owner._id, agency: owner.agency, position, values, ...derivedOf(t, values), createdAt: createdAt ?? now, updatedAt: now };
  // Absent, not null: a missing key or action stays out of the indexes' value ranges.
  if (row.docKey === undefined) delete row.docKey;
  if (row.recommendation === undefined) delete row.recommendation;
  return row;
}

const ORDER = { position: 1, _id: 1 } as const;

/** A row as pages and the API show it: its folded search copy, as long as its values, stays behind. */
export const SHOWN_ITEM: Record<string, 0> = { searchText: 0 };

/** Only the given values of each row (with the row's other fields), for a page that shows a few of them. */
export function valuesProjection(keys: readonly string[]): Record<string, 1> {
  return Object.fromEntries(keys.map((k) => [`values.${k}`, 1]));
}

/**
 * A submission's rows in one reply: a first batch holds 101 documents unless asked for more,
 * so a list of 180 rows took a second round trip. The server still cuts a reply at 16 MB.
 */
export async function listItems(submissionId: Types.ObjectId, projection?: Record<string, 0 | 1>): Promise<SubmissionItem[]> {
  return SubmissionItemModel.find({ submission: submissionId }, projection).sort(ORDER).batchSize(MAX_ITEMS).lean<SubmissionItem[]>();
}

/** The `_id` and the values of `keys` of a submission's rows, in order, read from their BSON bytes in place. */
export async function listItemValues(submissionId: Types.ObjectId, keys: readonly string[]): Promise<Array<Pick<SubmissionItem, '_id' | 'values'>>> {
  const read = itemRowReader(keys);
  const rows: Array<Pick<SubmissionItem, '_id' | 'values'>> = [];
  const cursor = SubmissionItemModel.collection.find({ submission: submissionId }, { sort: ORDER, projection: { submission: 1, ...valuesProjection(keys) }, raw: true, batchSize: MAX_ITEMS });
  for await (const bytes of cursor as unknown as AsyncIterable<Buffer>) rows.push(read(bytes));
  return rows;
}

export async function findItem(submissionId: Types.ObjectId, itemId: Types.ObjectId, session?: ClientSession): Promise<SubmissionItem | null> {
  return SubmissionItemModel.findOne({ _id: itemId, submission: submissionId }, undefined, { session }).lean<SubmissionItem>();
}

/** 1-based number of a row as the agency sees it in its list. */
export async function itemNumber(submissionId: Types.ObjectId, item: Pick<SubmissionItem, '_id' | 'position'>): Promise<number> {
  const before = await SubmissionItemModel.countDocuments({ submission: submissionId, $or: [{ position: { $lt: item.position } }, { position: item.position, _id: { $lt: item._id } }] });
  return before + 1;
}

export async function countItems(submissionId: Types.ObjectId, session?: ClientSession): Promise<number> {
  return SubmissionItemModel.countDocuments({ submission: submissionId }, { session });
}

/**
 * A campaign's rows, one submission after another in row order (the {campaign, agency,
 * position} index gives this order whole, with no sort in memory), as undecoded BSON holding
 * only the fields of `projection`: a report takes the few values it shows from each
 * (item.bson.ts) instead of having the driver decode whole rows — the folded search text
 * alone is as long as all the values.
 */
export function streamCampaignItemBytes(campaignId: Types.ObjectId, filter: Record<string, unknown>, projection: Record<string, 1>): AsyncIterable<Buffer> {
  return SubmissionItemModel.collection.find({ campaign: campaignId, ...filter }, { sort: { agency: 1, position: 1 }, projection, raw: true }) as unknown as AsyncIterable<Buffer>;
}

async function nextPosition(submissionId: Types.ObjectId, session?: ClientSession): Promise<number> {
  const last = await SubmissionItemModel.findOne({ submission: submissionId }, { position: 1 }, { session }).sort({ position: -1 }).lean<Pick<SubmissionItem, 'position'>>();
  return (last?.position ?? -1) + 1;
}

/** Appends rows after the last one. */
export async function appendItems(owner: ItemOwner, t: ItemTemplate, rows: { values: Record<string, unknown>; id?: Types.ObjectId }[], session?: ClientSession): Promise<SubmissionItem[]> {
  const start = await nextPosition(owner._id, session);
  const docs = rows.map((r, i) => makeItem(owner, t, r.values, start + i, r.id));
  if (docs.length) await SubmissionItemModel.collection.insertMany(docs, { session, ordered: true });
  return docs;
}

export async function rewriteItem(owner: ItemOwner, t: ItemTemplate, current: SubmissionItem, values: Record<string, unknown>, session?: ClientSession): Promise<SubmissionItem> {
  const row = makeItem(owner, t, values, current.position, current._id, current.createdAt);
  await SubmissionItemModel.collection.replaceOne({ _id: current._id, submission: owner._id }, row, { session });
  return row;
}

export async function removeItem(owner: ItemOwner, itemId: Types.ObjectId, session?: ClientSession): Promise<void> {
  await SubmissionItemModel.collection.deleteOne({ _id: itemId, submission: owner._id }, { session });
}

/** The full PUT: rows in the order sent; a row keeps its id (and so its comments) when it names one of this submission's rows. */
export async function replaceAllItems(owner: ItemOwner, t: ItemTemplate, rows: { values: Record<string, unknown>; id?: Types.ObjectId; createdAt?: Date }[], session?: ClientSession): Promise<SubmissionItem[]> {
  const docs = rows.map((r, i) => makeItem(owner, t, r.values, i, r.id, r.createdAt));
  await SubmissionItemModel.collection.deleteMany({ submission: owner._id }, { session });
  if (docs.length) await SubmissionItemModel.collection.insertMany(docs, { session, ordered: true });
  return docs;
}

/** Puts rows in the order of `ids`; ids not named keep their relative order after them. */
export async function reorderItems(owner: ItemOwner, ids: Types.ObjectId[], session?: ClientSession): Promise<void> {
  const current = await SubmissionItemModel.find({ submission: owner._id }, { _id: 1 }, { session }).sort(ORDER).lean<Pick<SubmissionItem, '_id'>[]>();
  const named = new Set(ids.map((i) => i.toString()));
  const order = [...ids.filter((id) => current.some((c) => c._id.equals(id))), ...current.map((c) => c._id).filter((id) => !named.has(id.toString()))];
  if (!order.length) return;
  await SubmissionItemModel.collection.bulkWrite(order.map((id, position) => ({ updateOne: { filter: { _id: id, submission: owner._id }, update: { $set: { position } } } })), { session });
}

/** Rows per recommendation code, as stored on the submission. */
export function recommendationTally(rows: readonly Pick<SubmissionItem, 'recommendation'>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) if (r.recommendation) out[r.recommendation] = (out[r.recommendation] ?? 0) + 1;
  return out;
}
