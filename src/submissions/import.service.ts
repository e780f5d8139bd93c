import { Types } from 'mongoose';
import type { Actor } from '../http/actor.js';
import { NotFound } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { translator, type Translate } from '../i18n/index.js';
import { itemContextOf } from '../review-templates/item-values.js';
import { fold, type ColumnMapping } from './import.mapping.js';
import { ImportDraftModel, ImportMappingModel, type ImportDraft } from './import.model.js';
import { parseMappedWorkbook, previewImport, type ImportPreview } from './import.rows.js';
import { importItems } from './submission.edit.js';
import { assertEditable, loadContext, type SubmissionContext } from './submission.service.js';

/**
 * Importing an agency's own Excel layout: preview with the proposed (or corrected) mapping,
 * then all rows or none through the same path as the app's own template; the mapping that
 * worked is remembered for the agency and the template.
 */

async function remembered(ctx: SubmissionContext): Promise<Record<string, string>> {
  const m = await ImportMappingModel.findOne({ agency: ctx.submission.agency, template: ctx.campaign.template }).lean();
  return m?.headers ?? {};
}

export async function previewFor(actor: Actor, id: string, file: Buffer, mapping: ColumnMapping | undefined, t: Translate = translator('vi')): Promise<ImportPreview> {
  const ctx = await loadContext(actor, id);
  assertEditable(actor, ctx);
  const p = await previewImport(file, ctx.template.fields, { ...itemContextOf(ctx.agency), t, mapping, remembered: await remembered(ctx) });
  const { valid: _v, cellErrors: _c, ...preview } = p;
  return preview;
}

/** Only the template's fields and the split target are kept; anything else maps to nothing. */
export function cleanMapping(ctx: SubmissionContext, raw: unknown): ColumnMapping | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const keys = new Set([...ctx.template.fields.map((f) => f.key), '__so_ky_hieu_ngay', '']);
  const out: ColumnMapping = {};
  for (const [col, target] of Object.entries(raw as Record<string, unknown>)) {
    if (/^\d{1,2}$/.test(col) && typeof target === 'string' && keys.has(target)) out[col] = target;
  }
  return out;
}

export async function importMapped(actor: Actor, id: string, version: number, file: Buffer, rawMapping: unknown, t: Translate = translator('vi')) {
  const ctx = await loadContext(actor, id);
  assertEditable(actor, ctx);
  const preview = await previewImport(file, ctx.template.fields, { ...itemContextOf(ctx.agency), t, remembered: await remembered(ctx), limit: 0 });
  const mapping = cleanMapping(ctx, rawMapping) ?? preview.mapping;
  const result = await importItems(actor, id, version, file, t, (buf, fields, opts) => parseMappedWorkbook(buf, fields, mapping, opts));
  const headers: Record<string, string> = {};
  for (const c of preview.layout.columns) if (mapping[String(c.col)] !== undefined) headers[fold(c.header)] = mapping[String(c.col)];
  await ImportMappingModel.updateOne({ agency: ctx.submission.agency, template: ctx.campaign.template }, { $set: { headers } }, { upsert: true });
  return result;
}

export async function saveDraft(actor: Actor, id: string, name: string, data: Buffer): Promise<ImportDraft> {
  const ctx = await loadContext(actor, id);
  assertEditable(actor, ctx);
  return (await ImportDraftModel.create({ submission: ctx.submission._id, agency: ctx.submission.agency, name: name.normalize('NFC').slice(0, 200) || 'danh-muc.xlsx', data })).toObject();
}

/** A draft of this submission and this agency only; anyone else's is "not found". */
export async function loadDraft(actor: Actor, id: string, draftId: string): Promise<ImportDraft> {
  const d = await ImportDraftModel.findOne({ _id: toObjectId(draftId), submission: toObjectId(id), agency: actor.agencyId ? new Types.ObjectId(actor.agencyId) : null }).lean<ImportDraft>();
  if (!d) throw new NotFound();
  // The driver hands back BSON Binary, mongoose documents a Buffer.
  const raw = d.data as unknown;
  return { ...d, data: Buffer.isBuffer(raw) ? raw : Buffer.from((raw as { buffer: Uint8Array }).buffer) };
}
