import { Types } from 'mongoose';
import { AgencyModel, REVIEWING_AGENCY_CODE, type Agency } from '../agencies/agency.model.js';
import { CampaignModel, type Campaign } from '../campaigns/campaign.model.js';
import type { Actor } from '../http/actor.js';
import { Forbidden, NotFound } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { agencyScope } from '../http/scope.js';
import { ReferenceAnswerModel, ReferenceRowModel, type ReferenceAnswer, type ReferenceRow } from '../reference-lists/reference.model.js';
import { outcomeOf, referencePlan, type ReferencePlan } from '../reference-lists/reference.settings.js';
import type { ReviewTemplate } from '../review-templates/template.model.js';
import { loadTemplateVersion } from '../review-templates/template.service.js';
import type { TemplateField } from '../review-templates/template.schema.js';
import { SubmissionItemModel } from '../submissions/item.model.js';
import { SubmissionModel } from '../submissions/submission.model.js';
import type { ReconAdded, ReconAssignment, ReconciliationInput } from './reconciliation.report.js';
import { displayValue } from './report.rows.js';
import type { CellValue } from './report.types.js';

// Reads a campaign's reference list, the answers and the rows agencies added, in a fixed
// number of queries, and turns them into the reconciliation builder's plain input.

interface Scope {
  campaign: Pick<Campaign, '_id' | 'title' | 'agencies' | 'status'>;
  template: ReviewTemplate;
  plan: ReferencePlan;
  /** One agency (its own report) or all. */
  agency?: Types.ObjectId;
}

/** The rows agencies typed themselves, in each agency's order. */
async function addedRows(campaignId: Types.ObjectId, agency?: Types.ObjectId): Promise<{ agency: Types.ObjectId; values: Record<string, unknown> }[]> {
  return SubmissionItemModel.find({ campaign: campaignId, ...(agency ? { agency } : {}) }, { agency: 1, values: 1 })
    .sort({ agency: 1, position: 1 })
    .lean<{ agency: Types.ObjectId; values: Record<string, unknown> }[]>();
}

const text = (v: CellValue): string => (v === null ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v));

function inputOf(scope: Scope, rows: ReferenceRow[], answers: ReferenceAnswer[], added: { agency: Types.ObjectId; values: Record<string, unknown> }[], agencies: Pick<Agency, '_id' | 'nameVi'>[], today: Date): ReconciliationInput {
  const { template, plan } = scope;
  const s = plan.settings;
  const fields = new Map(template.fields.map((f) => [f.key, f]));
  const field = (k?: string): TemplateField | undefined => (k ? fields.get(k) : undefined);
  const value = (values: Record<string, unknown>, k?: string): CellValue => (k ? displayValue(fields.get(k), values[k]) : null);
  const name = new Map(agencies.map((a) => [a._id.toString(), a.nameVi]));
  const answerOf = new Map(answers.map((a) => [`${a.row.toString()}:${a.agency.toString()}`, a]));
  const groupKey = template.groupField;
  const missingKeys = s.missingFields;

  const assignments: ReconAssignment[] = rows.flatMap((row) =>
    row.agencies
      .filter((a) => !scope.agency || a.equals(scope.agency))
      .map((agency) => {
        const answer = answerOf.get(`${row._id.toString()}:${agency.toString()}`);
        const code = answer?.values[s.answerField];
        const deadline = value(row.values, s.deadlineField);
        return {
          agencyName: name.get(agency.toString()) ?? '',
          role: row.lead.equals(agency) ? ('lead' as const) : ('coordinating' as const),
          code: text(value(row.values, s.keyField)) || `#${row.position}`,
          title: text(value(row.values, s.titleField)),
          group: text(value(row.values, groupKey)),
          deadline: deadline instanceof Date ? deadline : null,
          outcome: answer ? outcomeOf(s, code) : ('unanswered' as const),
          answerLabel: answer ? text(value(answer.values, s.answerField)) : '',
          missing: missingKeys.map((k) => (answer ? value(answer.values, k) : null)),
        };
      }),
  );
  const addedRowsOut: ReconAdded[] = added.map((r) => ({
    agencyName: name.get(r.agency.toString()) ?? '',
    title: text(value(r.values, s.titleField)),
    group: text(value(r.values, groupKey)),
    outcome: outcomeOf(s, r.values[s.answerField]),
    answerLabel: text(value(r.values, s.answerField)),
    missing: missingKeys.map((k) => value(r.values, k)),
  }));
  const label = (k?: string, fallback = ''): string => field(k)?.label_vi ?? fallback;
  return {
    title: template.appendix.title,
    labels: { code: label(s.keyField, 'Mã'), title: label(s.titleField, 'Nội dung'), group: label(groupKey, 'Nhóm'), deadline: label(s.deadlineField, 'Thời hạn'), answer: label(s.answerField), missing: missingKeys.map((k) => label(k, k)) },
    agencies: agencies.map((a) => a.nameVi),
    groups: field(groupKey)?.options.map((o) => o.label_vi) ?? [],
    assignments,
    added: addedRowsOut,
    today,
  };
}

async function load(scope: Scope, today: Date): Promise<ReconciliationInput> {
  const rowQuery = { campaign: scope.campaign._id, ...(scope.agency ? { agencies: scope.agency } : {}) };
  const [rows, answers, added] = await Promise.all([
    ReferenceRowModel.find(rowQuery).sort({ position: 1 }).lean<ReferenceRow[]>(),
    ReferenceAnswerModel.find({ campaign: scope.campaign._id, ...(scope.agency ? { agency: scope.agency } : {}) }).lean<ReferenceAnswer[]>(),
    addedRows(scope.campaign._id, scope.agency),
  ]);
  const ids = scope.agency ? [scope.agency] : scope.campaign.agencies;
  const agencies = await AgencyModel.find({ _id: { $in: ids } }, { nameVi: 1, order: 1 }).sort({ order: 1 }).lean<Pick<Agency, '_id' | 'nameVi'>[]>();
  return inputOf(scope, rows, answers, added, agencies, today);
}

export interface ReconciliationData {
  readonly campaign: Pick<Campaign, '_id' | 'title'>;
  readonly input: ReconciliationInput;
  readonly mojName: string;
}

async function scoped(campaignId: Types.ObjectId): Promise<Omit<Scope, 'agency'>> {
  const campaign = await CampaignModel.findById(campaignId, { title: 1, agencies: 1, template: 1, status: 1 }).lean<Pick<Campaign, '_id' | 'title' | 'agencies' | 'template' | 'status'>>();
  if (!campaign) throw new NotFound();
  const template = await loadTemplateVersion(campaign.template);
  const plan = referencePlan(template);
  // A campaign without a reference list has nothing to reconcile: that report does not exist.
  if (!plan) throw new NotFound();
  return { campaign, template, plan };
}

export async function loadCampaignReconciliation(actor: Actor, campaignId: string, today = new Date()): Promise<ReconciliationData> {
  if (actor.role !== 'admin' && actor.role !== 'reviewer') throw new Forbidden();
  const scope = await scoped(toObjectId(campaignId));
  const moj = await AgencyModel.findOne({ code: REVIEWING_AGENCY_CODE }, { nameVi: 1 }).lean<Pick<Agency, 'nameVi'>>();
  return { campaign: scope.campaign, input: await load(scope, today), mojName: moj?.nameVi ?? 'Bộ Tư pháp' };
}

/** One agency's reconciliation, as its owner or MoJ staff may see it; anything else is "not found". */
export async function loadSubmissionReconciliation(actor: Actor, submissionId: string, today = new Date()): Promise<ReconciliationData & { submissionId: Types.ObjectId; agencyName: string }> {
  const head = await SubmissionModel.findOne({ _id: toObjectId(submissionId), ...agencyScope(actor) }, { campaign: 1, agency: 1 }).lean<{ _id: Types.ObjectId; campaign: Types.ObjectId; agency: Types.ObjectId }>();
  if (!head) throw new NotFound();
  const scope = await scoped(head.campaign);
  if (actor.role === 'agency' && scope.campaign.status === 'draft') throw new NotFound();
  const input = await load({ ...scope, agency: head.agency }, today);
  const agencyName = input.agencies[0] ?? '';
  return { campaign: scope.campaign, input: { ...input, agencyName }, mojName: agencyName, submissionId: head._id, agencyName };
}
