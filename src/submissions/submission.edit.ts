import { Types } from 'mongoose';
import { audit } from '../audit/audit.service.js';
import type { Actor } from '../http/actor.js';
import { Conflict, Invalid, NotFound, type FieldError } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { translator, type Translate } from '../i18n/index.js';
import { itemContextOf, validateItemValues, type ItemValue } from '../review-templates/item-values.js';
import { assertRowsRemovable } from '../reviews/thread.guard.js';
import { parseItemsWorkbook } from './items.xlsx.js';
import { SubmissionModel, type Submission } from './submission.model.js';
import { assertEditable, loadContext, searchTextOf, type SubmissionContext } from './submission.service.js';

/**
 * The agency's edits: rows one by one or all at once, the narrative report,
 * Excel import. Every write names the `version` it was based on; a write based
 * on an older one changes nothing and is a 409, so two officers editing the
 * same submission never silently overwrite each other.
 */
const MAX_ITEMS = 5000;
const MAX_SECTION = 100_000;

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

function newItem(values: Record<string, ItemValue>, id = new Types.ObjectId()) {
  const now = new Date();
  return { _id: id, values, searchText: searchTextOf(values), createdAt: now, updatedAt: now };
}

/** Applies `update` only if nobody saved in between; returns the saved submission. */
async function commit(ctx: SubmissionContext, update: Record<string, unknown>, extraFilter: Record<string, unknown> = {}): Promise<Submission> {
  const now = new Date();
  const set = { ...((update.$set as Record<string, unknown>) ?? {}), lastActivityAt: now, updatedAt: now };
  // The driver's collection, not the model: mongoose would add `items.$.updatedAt` beside a whole-row
  // `items.$` (a conflicting update, even with timestamps: false). Values are validated and typed already.
  const saved = (await SubmissionModel.collection.findOneAndUpdate(
    { _id: ctx.submission._id, version: ctx.submission.version, status: ctx.submission.status, ...extraFilter },
    { ...update, $set: set, $inc: { version: 1 } },
    { returnDocument: 'after' },
  )) as Submission | null;
  if (!saved) throw stale();
  return saved;
}

const label = (ctx: SubmissionContext) => `${ctx.agency.nameVi} — ${ctx.campaign.title}`;

export async function addItem(actor: Actor, id: string, version: number, values: unknown): Promise<{ submission: Submission; itemId: string }> {
  const ctx = await loadContext(actor, id);
  assertEditable(actor, ctx);
  checkVersion(ctx, version);
  const clean = validateRow(ctx, values);
  if (ctx.submission.items.length >= MAX_ITEMS) throw new Conflict('submissions.errors.too_many_items', { params: { max: MAX_ITEMS } });
  const item = newItem(clean);
  const submission = await commit(ctx, { $push: { items: item } });
  await audit(actor, 'submission.item_add', { type: 'submission', id: ctx.submission._id, label: label(ctx) }, { item: item._id.toString() });
  return { submission, itemId: item._id.toString() };
}

export async function updateItem(actor: Actor, id: string, itemId: string, version: number, values: unknown): Promise<Submission> {
  const ctx = await loadContext(actor, id);
  assertEditable(actor, ctx);
  const oid = toObjectId(itemId);
  const current = ctx.submission.items.find((i) => i._id.equals(oid));
  if (!current) throw new NotFound();
  checkVersion(ctx, version);
  const clean = validateRow(ctx, values);
  // The whole row in one path, as Mongoose-style timestamps on `items.$` would otherwise collide with it.
  const row = { ...newItem(clean, oid), createdAt: current.createdAt ?? new Date() };
  const submission = await commit(ctx, { $set: { 'items.$': row } }, { 'items._id': oid });
  await audit(actor, 'submission.item_update', { type: 'submission', id: ctx.submission._id, label: label(ctx) }, { item: itemId });
  return submission;
}

export async function deleteItem(actor: Actor, id: string, itemId: string, version: number): Promise<Submission> {
  const ctx = await loadContext(actor, id);
  assertEditable(actor, ctx);
  const oid = toObjectId(itemId);
  const n = ctx.submission.items.findIndex((i) => i._id.equals(oid)) + 1;
  if (!n) throw new NotFound();
  checkVersion(ctx, version);
  await assertRowsRemovable(ctx.submission._id, [{ id: itemId, n }]);
  const submission = await commit(ctx, { $pull: { items: { _id: oid } } });
  await audit(actor, 'submission.item_delete', { type: 'submission', id: ctx.submission._id, label: label(ctx) }, { item: itemId });
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
  const submission = await commit(ctx, { $set: { reportSections: clean } });
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
  const existing = new Set(ctx.submission.items.map((i) => i._id.toString()));
  const errors: FieldError[] = [];
  const items = input.items.map((row, idx) => {
    const res = validateItemValues(ctx.template.fields, row.values, itemContextOf(ctx.agency));
    for (const e of res.errors) errors.push({ ...e, field: `items.${idx}.${e.field}` });
    const keep = row.id && existing.has(row.id) ? new Types.ObjectId(row.id) : undefined;
    return newItem(res.values, keep);
  });
  const report = cleanSections(ctx, input.report ?? {}, input.report === undefined);
  if (errors.length) throw new Invalid(errors);
  const kept = new Set(items.map((i) => i._id.toString()));
  await assertRowsRemovable(ctx.submission._id, ctx.submission.items.flatMap((i, idx) => (kept.has(i._id.toString()) ? [] : [{ id: i._id.toString(), n: idx + 1 }])));
  const submission = await commit(ctx, { $set: { items, reportSections: report } });
  await audit(actor, 'submission.replace', { type: 'submission', id: ctx.submission._id, label: label(ctx) }, { items: items.length });
  return submission;
}

/** All rows of the workbook are appended, or none: a bad cell stops the whole import. */
export async function importItems(actor: Actor, id: string, version: number, file: Buffer, t: Translate = translator('vi')): Promise<{ submission: Submission; added: number }> {
  const ctx = await loadContext(actor, id);
  assertEditable(actor, ctx);
  const rows = await parseItemsWorkbook(file, ctx.template.fields, { ...itemContextOf(ctx.agency), t });
  checkVersion(ctx, version);
  if (ctx.submission.items.length + rows.length > MAX_ITEMS) throw new Conflict('submissions.errors.too_many_items', { params: { max: MAX_ITEMS } });
  const items = rows.map((r) => newItem(r.values));
  const submission = await commit(ctx, { $push: { items: { $each: items } } });
  await audit(actor, 'submission.import', { type: 'submission', id: ctx.submission._id, label: label(ctx) }, { added: items.length });
  return { submission, added: items.length };
}
