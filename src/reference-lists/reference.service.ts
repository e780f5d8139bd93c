import { Types } from 'mongoose';
import { AgencyModel, type Agency } from '../agencies/agency.model.js';
import { audit } from '../audit/audit.service.js';
import { CampaignModel, type Campaign } from '../campaigns/campaign.model.js';
import type { Actor } from '../http/actor.js';
import { Conflict, Forbidden, Invalid, NotFound, type FieldError } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { translator, type Translate } from '../i18n/index.js';
import { validateItemValues, type ItemValue } from '../review-templates/item-values.js';
import type { ReviewTemplate } from '../review-templates/template.model.js';
import { loadTemplateVersion } from '../review-templates/template.service.js';
import { foldDiacritics } from '../review-templates/vn-text.js';
import { parseItemsWorkbook } from '../submissions/items.xlsx.js';
import { ReferenceAnswerModel, ReferenceRowModel, type ReferenceRow } from './reference.model.js';
import { referencePlan, type ReferencePlan } from './reference.settings.js';

/**
 * The MoJ's side of a reference list: import from Excel (all rows or none), add one row by
 * hand, remove a row, list them. Rows are addressed to campaign agencies by code or name.
 */
export const MAX_REFERENCE_ROWS = 20_000;

export interface CampaignReference {
  campaign: Campaign;
  template: ReviewTemplate;
  plan: ReferencePlan;
}

/** The campaign and its template's reference settings, for MoJ staff; agencies never come here. */
export async function loadCampaignReference(actor: Actor, campaignId: string): Promise<CampaignReference> {
  if (actor.role !== 'admin' && actor.role !== 'reviewer') throw new Forbidden();
  const campaign = await CampaignModel.findById(toObjectId(campaignId)).lean<Campaign>();
  if (!campaign) throw new NotFound();
  const template = await loadTemplateVersion(campaign.template);
  const plan = referencePlan(template);
  if (!plan) throw new NotFound('reference.errors.no_reference');
  return { campaign, template, plan };
}

async function writable(actor: Actor, campaignId: string): Promise<CampaignReference> {
  if (actor.role !== 'admin') throw new Forbidden();
  const ref = await loadCampaignReference(actor, campaignId);
  if (ref.campaign.status === 'closed') throw new Conflict('reference.errors.campaign_closed');
  return ref;
}

const norm = (s: string) => foldDiacritics(s.normalize('NFC')).toLowerCase().replace(/\s+/g, ' ').trim();

/** Campaign agencies by code, Vietnamese name, English name and document symbol, all folded. */
async function agencyResolver(campaign: Campaign): Promise<(text: string) => Agency | undefined> {
  const agencies = await AgencyModel.find({ _id: { $in: campaign.agencies } }).lean<Agency[]>();
  const byName = new Map<string, Agency>();
  for (const a of agencies) for (const n of [a.code, a.nameVi, a.nameEn, a.docSymbol]) if (n) byName.set(norm(n), a);
  return (text) => byName.get(norm(text));
}

const splitAgencies = (v: unknown): string[] => (typeof v === 'string' ? v.split(/[;\n]+/).map((s) => s.trim()).filter(Boolean) : []);

interface Addressed {
  values: Record<string, ItemValue>;
  lead: Agency;
  coordinating: Agency[];
}

/** Names the row's agencies; each name no campaign agency answers to is a message. */
function address(plan: ReferencePlan, values: Record<string, ItemValue>, resolve: (t: string) => Agency | undefined): { ok: Addressed } | { errors: { key: string; name: string }[] } {
  const errors: { key: string; name: string }[] = [];
  const leadNames = splitAgencies(values[plan.leadKey]);
  const lead = leadNames.length === 1 ? resolve(leadNames[0]!) : undefined;
  if (!lead) errors.push({ key: plan.leadKey, name: String(values[plan.leadKey] ?? '') });
  const coordinating: Agency[] = [];
  for (const name of splitAgencies(values[plan.coordinatingKey])) {
    const a = resolve(name);
    if (!a) errors.push({ key: plan.coordinatingKey, name });
    else if (!coordinating.some((c) => c._id.equals(a._id)) && !a._id.equals(lead?._id ?? '')) coordinating.push(a);
  }
  if (errors.length) return { errors };
  // Stored as the names people read, whatever was typed (a code, a name without diacritics).
  const clean: Record<string, ItemValue> = { ...values, [plan.leadKey]: lead!.nameVi, [plan.coordinatingKey]: coordinating.map((a) => a.nameVi).join('; ') || null };
  for (const key of Object.keys(clean)) if (key.startsWith('__')) delete clean[key];
  return { ok: { values: clean, lead: lead!, coordinating } };
}

function rowDoc(campaign: Campaign, position: number, a: Addressed) {
  const agencies = [a.lead._id, ...a.coordinating.map((c) => c._id)];
  return { _id: new Types.ObjectId(), campaign: campaign._id, position, values: a.values, lead: a.lead._id, coordinating: agencies.slice(1), agencies };
}

async function nextPosition(campaignId: Types.ObjectId): Promise<number> {
  const last = await ReferenceRowModel.findOne({ campaign: campaignId }, { position: 1 }).sort({ position: -1 }).lean<Pick<ReferenceRow, 'position'>>();
  return (last?.position ?? 0) + 1;
}

async function assertRoom(campaignId: Types.ObjectId, adding: number): Promise<void> {
  const count = await ReferenceRowModel.countDocuments({ campaign: campaignId });
  if (count + adding > MAX_REFERENCE_ROWS) throw new Conflict('reference.errors.too_many', { params: { max: MAX_REFERENCE_ROWS } });
}

/** Every row of the workbook is added, or none: a bad cell or an unknown agency stops the import. */
export async function importReferenceRows(actor: Actor, campaignId: string, file: Buffer, t: Translate = translator('vi')): Promise<{ added: number }> {
  const { campaign, plan } = await writable(actor, campaignId);
  const resolve = await agencyResolver(campaign);
  const addressed = new Map<number, Addressed>();
  const checkRow = (values: Record<string, ItemValue>, row: number): FieldError[] => {
    const res = address(plan, values, resolve);
    if ('ok' in res) {
      addressed.set(row, res.ok);
      return [];
    }
    return res.errors.map((e) => {
      const label = plan.importFields.find((f) => f.key === e.key)?.label_vi ?? e.key;
      return { field: `rows.${row}.${e.key}`, message: t('reference.import.unknown_agency', { row, column: label, name: e.name }) };
    });
  };
  const rows = await parseItemsWorkbook(file, plan.importFields, { t, checkRow });
  await assertRoom(campaign._id, rows.length);
  const first = await nextPosition(campaign._id);
  await ReferenceRowModel.insertMany(rows.map((r, i) => rowDoc(campaign, first + i, addressed.get(r.row)!)));
  await audit(actor, 'reference.import', { type: 'campaign', id: campaign._id, label: campaign.title }, { added: rows.length });
  return { added: rows.length };
}

/**
 * One row typed by the admin: central values plus the lead and coordinating agencies as in the
 * import. The values are checked here, after the campaign: a campaign without a list is "not found"
 * whatever was sent.
 */
export async function addReferenceRow(actor: Actor, campaignId: string, values: unknown): Promise<ReferenceRow> {
  const { campaign, plan } = await writable(actor, campaignId);
  const res = validateItemValues(plan.importFields, values);
  if (!res.ok) throw new Invalid(res.errors);
  const addressed = address(plan, res.values, await agencyResolver(campaign));
  if ('errors' in addressed) {
    throw new Invalid(addressed.errors.map((e) => ({ field: e.key, message: 'reference.errors.unknown_agency', params: { name: e.name } })));
  }
  await assertRoom(campaign._id, 1);
  const doc = rowDoc(campaign, await nextPosition(campaign._id), addressed.ok);
  await ReferenceRowModel.create(doc);
  await audit(actor, 'reference.add', { type: 'campaign', id: campaign._id, label: campaign.title }, { row: doc._id.toString() });
  return (await ReferenceRowModel.findById(doc._id).lean<ReferenceRow>())!;
}

/** Removes a row and the answers agencies gave to it. */
export async function deleteReferenceRow(actor: Actor, campaignId: string, rowId: string): Promise<void> {
  const { campaign } = await writable(actor, campaignId);
  const row = await ReferenceRowModel.findOneAndDelete({ _id: toObjectId(rowId), campaign: campaign._id }).lean<ReferenceRow>();
  if (!row) throw new NotFound();
  const { deletedCount } = await ReferenceAnswerModel.deleteMany({ row: row._id });
  await audit(actor, 'reference.delete', { type: 'campaign', id: campaign._id, label: campaign.title }, { row: rowId, answers: deletedCount });
}

export interface ReferencePage {
  rows: ReferenceRow[];
  total: number;
  agencies: Map<string, Pick<Agency, '_id' | 'nameVi' | 'code'>>;
}

/** The list as the MoJ sees it, in import order, a page at a time. */
export async function listReferenceRows(ref: CampaignReference, opts: { skip?: number; limit?: number } = {}): Promise<ReferencePage> {
  const q = { campaign: ref.campaign._id };
  const [rows, total] = await Promise.all([
    ReferenceRowModel.find(q).sort({ position: 1 }).skip(opts.skip ?? 0).limit(opts.limit ?? 100).lean<ReferenceRow[]>(),
    ReferenceRowModel.countDocuments(q),
  ]);
  const ids = [...new Set(rows.flatMap((r) => r.agencies.map(String)))];
  const agencies = await AgencyModel.find({ _id: { $in: ids } }, { nameVi: 1, code: 1 }).lean<Pick<Agency, '_id' | 'nameVi' | 'code'>[]>();
  return { rows, total, agencies: new Map(agencies.map((a) => [a._id.toString(), a])) };
}
