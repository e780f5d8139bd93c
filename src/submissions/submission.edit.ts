import type { ClientSession } from 'mongoose';
import { inTransaction } from '../db/transaction.js';
import { searchFold } from '../attachments/attachment.text.js';
import { audit } from '../audit/audit.service.js';
import type { Actor } from '../http/actor.js';
import { Conflict, Invalid, NotFound, type FieldError } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { translator, type Translate } from '../i18n/index.js';
import { itemContextOf, validateItemValues, type ItemValue } from '../review-templates/item-values.js';
import { assertRowsRemovable } from '../reviews/thread.guard.js';
import { parseItemsWorkbook } from './items.xlsx.js';
import { MAX_ITEMS, type SubmissionItem } from './item.model.js';
import { appendItems, derivedOf, findItem, itemNumber, listItems, recommendationTally, removeItem, reorderItems, replaceAllItems, rewriteItem } from './item.service.js';
import { SubmissionModel, type Submission } from './submission.model.js';
import { assertEditable, loadContext, type SubmissionContext } from './submission.service.js';

/**
 * The agency's edits: rows one by one or all at once, the narrative report,
 * Excel import. Every write names the `version` it was based on; a write based
 * on an older one changes nothing and is a 409, so two officers editing the
 * same submission never silently overwrite each other.
 */
const MAX_SECTION = 100_000;
/** A realistic row is 1–2 KB of JSON; 4 KB a row and 2 MB for the report leave room for long ones. */
export const FULL_SUBMISSION_BODY_BYTES = MAX_ITEMS * 4096 + 2 * 1024 * 1024;

function stale(): Conflict {
  return new Conflict('submissions.errors.stale', { details: [{ field: 'version', message: 'submissions.errors.stale' }] });
}

function checkVersion(ctx: SubmissionContext, version: number): void {
  if (ctx.submission.version !== version) throw stale();
}

function validateRow(ctx: SubmissionContext, values: unknown): Record<string, ItemValue> {
  const res = validateItemValues(ctx.template.fields, values, itemContextOf(ctx.agency));
  if (!res.ok) throw new Invalid(res.errors);
  return res.values;
}

type Update = { $set?: Record<string, unknown>; $inc?: Record<string, number> };

/**
 * Claims the submission (only if nobody saved in between: same version, same status),
 * applies `update` with the counts, then writes the rows, all in one transaction where
 * the server offers one. Returns the saved submission and what `rows` returned.
 */
async function commit<T>(ctx: SubmissionContext, update: Update, rows: (session: ClientSession | undefined) => Promise<T>): Promise<{ submission: Submission; result: T }> {
  return inTransaction(async (session) => {
    const now = new Date();
    const saved = (await SubmissionModel.collection.findOneAndUpdate(
      { _id: ctx.submission._id, version: ctx.submission.version, status: ctx.submission.status },
      { $set: { ...(update.$set ?? {}), lastActivityAt: now, updatedAt: now }, $inc: { ...(update.$inc ?? {}), version: 1 } },
      { returnDocument: 'after', session },
    )) as Submission | null;
    if (!saved) throw stale();
    return { submission: saved, result: await rows(session) };
  });
}

/** $inc of the per-action counts when rows with `removed` codes go and rows with `added` codes come. */
function recommendationDelta(removed: (string | undefined)[], added: (string | undefined)[]): Record<string, number> {
  const d: Record<string, number> = {};
  for (const c of removed) if (c) d[`recommendationCounts.${c}`] = (d[`recommendationCounts.${c}`] ?? 0) - 1;
  for (const c of added) if (c) d[`recommendationCounts.${c}`] = (d[`recommendationCounts.${c}`] ?? 0) + 1;
  for (const k of Object.keys(d)) if (d[k] === 0) delete d[k];
  return d;
}

const label = (ctx: SubmissionContext) => `${ctx.agency.nameVi} — ${ctx.campaign.title}`;

export async function addItem(actor: Actor, id: string, version: number, values: unknown): Promise<{ submission: Submission; itemId: string; item: SubmissionItem }> {
  const ctx = await loadContext(actor, id);
  assertEditable(actor, ctx);
  checkVersion(ctx, version);
  const clean = validateRow(ctx, values);
  if ((ctx.submission.itemCount ?? 0) >= MAX_ITEMS) throw new Conflict('submissions.errors.too_many_items', { params: { max: MAX_ITEMS } });
  const rec = derivedOf(ctx.template, clean).recommendation;
  const { submission, result } = await commit(ctx, { $inc: { itemCount: 1, ...recommendationDelta([], [rec]) } }, (session) => appendItems(ctx.submission, ctx.template, [{ values: clean }], session));
  const item = result[0]!;
  await audit(actor, 'submission.item_add', { type: 'submission', id: ctx.submission._id, label: label(ctx) }, { item: item._id.toString() });
  return { submission, itemId: item._id.toString(), item };
}

export async function updateItem(actor: Actor, id: string, itemId: string, version: number, values: unknown): Promise<{ submission: Submission; item: SubmissionItem }> {
  const ctx = await loadContext(actor, id);
  assertEditable(actor, ctx);
  const current = await findItem(ctx.submission._id, toObjectId(itemId));
  if (!current) throw new NotFound();
  checkVersion(ctx, version);
  const clean = validateRow(ctx, values);
  const rec = derivedOf(ctx.template, clean).recommendation;
  const { submission, result } = await commit(ctx, { $inc: recommendationDelta([current.recommendation], [rec]) }, (session) => rewriteItem(ctx.submission, ctx.template, current, clean, session));
  await audit(actor, 'submission.item_update', { type: 'submission', id: ctx.submission._id, label: label(ctx) }, { item: itemId });
  return { submission, item: result };
}

export async function deleteItem(actor: Actor, id: string, itemId: string, version: number): Promise<Submission> {
  const ctx = await loadContext(actor, id);
  assertEditable(actor, ctx);
  const current = await findItem(ctx.submission._id, toObjectId(itemId));
  if (!current) throw new NotFound();
  checkVersion(ctx, version);
  await assertRowsRemovable(ctx.submission._id, [{ id: itemId, n: await itemNumber(ctx.submission._id, current) }]);
  const { submission } = await commit(ctx, { $inc: { itemCount: -1, ...recommendationDelta([current.recommendation], []) } }, (session) => removeItem(ctx.submission, current._id, session));
  await audit(actor, 'submission.item_delete', { type: 'submission', id: ctx.submission._id, label: label(ctx) }, { item: itemId });
  return submission;
}

const reportSearchText = (sections: { text: string }[]) => searchFold(sections.map((s) => s.text).join(' \u2022 '));

/** Moves a row one place up or down; the appendix lists rows in this order. At either end it stays put. */
export async function moveItem(actor: Actor, id: string, itemId: string, version: number, direction: 'up' | 'down'): Promise<Submission> {
  const ctx = await loadContext(actor, id);
  assertEditable(actor, ctx);
  const ids = (await listItems(ctx.submission._id, { _id: 1 })).map((i) => i._id);
  const from = ids.findIndex((i) => i.toString() === itemId);
  if (from < 0) throw new NotFound();
  checkVersion(ctx, version);
  const to = direction === 'up' ? from - 1 : from + 1;
  if (to < 0 || to >= ids.length) return ctx.submission;
  [ids[from], ids[to]] = [ids[to]!, ids[from]!];
  const { submission } = await commit(ctx, {}, (session) => reorderItems(ctx.submission, ids, session));
  await audit(actor, 'submission.item_move', { type: 'submission', id: ctx.submission._id, label: label(ctx) }, { item: itemId, from: from + 1, to: to + 1 });
  return submission;
}

function cleanSections(ctx: SubmissionContext, sections: Record<string, unknown>, keepOthers: boolean): { key: string; text: string }[] {
  const keys = ctx.template.outline.map((s) => s.key);
  const errors: FieldError[] = [];
  for (const k of Object.keys(sections)) if (!keys.includes(k)) errors.push({ field: `report.${k}`, message: 'submissions.errors.unknown_section' });
  const current = new Map(ctx.submission.reportSections.map((s) => [s.key, s.text]));
  const out = keys.map((key) => {
    const raw = sections[key];
    if (raw === undefined) return { key, text: keepOthers ? (current.get(key) ?? '') : '' };
    if (typeof raw !== 'string') {
      errors.push({ field: `report.${key}`, message: 'validation.invalid' });
      return { key, text: '' };
    }
    const text = raw.normalize('NFC').replace(/\r\n?/g, '\n').trim();
    if (text.length > MAX_SECTION) errors.push({ field: `report.${key}`, message: 'validation.too_long', params: { max: MAX_SECTION } });
    return { key, text };
  });
  if (errors.length) throw new Invalid(errors);
  return out;
}

/** Saves the report sections sent; sections not sent keep their text. */
export async function saveReport(actor: Actor, id: string, version: number, sections: Record<string, unknown>): Promise<Submission> {
  const ctx = await loadContext(actor, id);
  assertEditable(actor, ctx);
  const clean = cleanSections(ctx, sections, true);
  checkVersion(ctx, version);
  const { submission } = await commit(ctx, { $set: { reportSections: clean, reportSearchText: reportSearchText(clean) } }, async () => undefined);
  await audit(actor, 'submission.report_save', { type: 'submission', id: ctx.submission._id, label: label(ctx) }, { sections: Object.keys(sections) });
  return submission;
}

/** PUT: replaces rows and report. A row sent with an existing id keeps it (comments and dispositions stay attached). */
export async function replaceSubmission(
  actor: Actor,
  id: string,
  input: { version: number; items: { id?: string; values: unknown }[]; report?: Record<string, unknown> },
): Promise<Submission> {
  const ctx = await loadContext(actor, id);
  assertEditable(actor, ctx);
  // A stale base is answered first: fixing the fields of an outdated copy would only lead to a 409 after.
  checkVersion(ctx, input.version);
  if (input.items.length > MAX_ITEMS) throw new Invalid([{ field: 'items', message: 'submissions.errors.too_many_items', params: { max: MAX_ITEMS } }]);
  const existing = new Map((await listItems(ctx.submission._id, { _id: 1, createdAt: 1 })).map((i) => [i._id.toString(), i]));
  const errors: FieldError[] = [];
  const order = [...existing.keys()];
  const rows = input.items.map((row, idx) => {
    const res = validateItemValues(ctx.template.fields, row.values, itemContextOf(ctx.agency));
    for (const e of res.errors) errors.push({ ...e, field: `items.${idx}.${e.field}` });
    const keep = row.id ? existing.get(row.id) : undefined;
    // The same id twice would be one row twice: the second copy becomes a new row.
    if (keep) existing.delete(row.id!);
    return { values: res.values as Record<string, unknown>, id: keep?._id, createdAt: keep?.createdAt };
  });
  const report = cleanSections(ctx, input.report ?? {}, input.report === undefined);
  if (errors.length) throw new Invalid(errors);
  // Rows left out are deleted: refused if any has a thread.
  await assertRowsRemovable(ctx.submission._id, order.flatMap((id, idx) => (existing.has(id) ? [{ id, n: idx + 1 }] : [])));
  const recommendationCounts = recommendationTally(rows.map((r) => derivedOf(ctx.template, r.values)));
  const { submission } = await commit(ctx, { $set: { itemCount: rows.length, recommendationCounts, reportSections: report, reportSearchText: reportSearchText(report) } }, (session) =>
    replaceAllItems(ctx.submission, ctx.template, rows, session),
  );
  await audit(actor, 'submission.replace', { type: 'submission', id: ctx.submission._id, label: label(ctx) }, { items: rows.length });
  return submission;
}

/** All rows of the workbook are appended, or none: a bad cell stops the whole import. */
/** Rows read from a workbook: the app's own template by default, or an agency's layout through its mapping. */
export type WorkbookParser = typeof parseItemsWorkbook;

export async function importItems(
  actor: Actor, id: string, version: number, file: Buffer, t: Translate = translator('vi'), parseWorkbook: WorkbookParser = parseItemsWorkbook,
): Promise<{ submission: Submission; added: number }> {
  const ctx = await loadContext(actor, id);
  assertEditable(actor, ctx);
  const rows = await parseWorkbook(file, ctx.template.fields, { ...itemContextOf(ctx.agency), t });
  checkVersion(ctx, version);
  if ((ctx.submission.itemCount ?? 0) + rows.length > MAX_ITEMS) throw new Conflict('submissions.errors.too_many_items', { params: { max: MAX_ITEMS } });
  const recs = rows.map((r) => derivedOf(ctx.template, r.values).recommendation);
  const { submission, result: items } = await commit(ctx, { $inc: { itemCount: rows.length, ...recommendationDelta([], recs) } }, (session) =>
    appendItems(ctx.submission, ctx.template, rows.map((r) => ({ values: r.values })), session),
  );
  await audit(actor, 'submission.import', { type: 'submission', id: ctx.submission._id, label: label(ctx) }, { added: items.length });
  return { submission, added: items.length };
}
