import { AgencyModel, type Agency } from '../agencies/agency.model.js';
import { CampaignModel, type Campaign } from '../campaigns/campaign.model.js';
import type { Actor } from '../http/actor.js';
import { NotFound } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { agencyScope } from '../http/scope.js';
import { loadTemplateVersion } from '../review-templates/template.service.js';
import type { ReviewTemplate } from '../review-templates/template.model.js';
import { foldDiacritics } from '../review-templates/vn-text.js';
import { SubmissionItemModel, type SubmissionItem } from './item.model.js';
import { SubmissionModel, type Submission } from './submission.model.js';

/**
 * Search across the rows of a campaign: free text without diacritics
 * ("ho khau" finds "hộ khẩu"), document type, recommended action, agency.
 * Rows carry a folded copy of their text (searchText), so one regex does it.
 */
export interface SearchFilter {
  q?: string;
  docType?: string;
  recommendation?: string;
  agency?: string;
}

export interface SearchHit {
  submissionId: string;
  itemId: string;
  agency: Agency;
  status: Submission['status'];
  values: Record<string, unknown>;
}

export const MAX_HITS = 500;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Which template fields hold the document type and the recommended action. */
export function searchFields(t: ReviewTemplate): { docTypeField?: string; recommendationField?: string } {
  const docField = t.fields.find((f) => f.key === t.documentField) ?? t.fields.find((f) => f.type === 'docref');
  return { docTypeField: docField?.docref?.typeField, recommendationField: t.recommendationField };
}

export async function searchRows(actor: Actor, campaignId: string, filter: SearchFilter): Promise<{ campaign: Campaign; template: ReviewTemplate; hits: SearchHit[]; truncated: boolean }> {
  const campaign = await CampaignModel.findById(toObjectId(campaignId)).lean<Campaign>();
  if (!campaign || (actor.role === 'agency' && (campaign.status === 'draft' || !campaign.agencies.some((a) => a.toString() === actor.agencyId)))) throw new NotFound();
  const template = await loadTemplateVersion(campaign.template);
  const { docTypeField, recommendationField } = searchFields(template);
  const q: Record<string, unknown> = { campaign: campaign._id, ...agencyScope(actor) };
  if (filter.agency && actor.role !== 'agency') q.agency = toObjectId(filter.agency);
  if (filter.recommendation && recommendationField) q.recommendation = filter.recommendation;
  // Field keys match the template's key rule, so they are safe as paths.
  if (filter.docType && docTypeField) q[`values.${docTypeField}`] = filter.docType;
  const words = filter.q ? foldDiacritics(filter.q.normalize('NFC')).toLowerCase().split(/\s+/).filter(Boolean) : [];
  if (words.length) q.$and = words.map((w) => ({ searchText: { $regex: escape(w) } }));
  const rows = await SubmissionItemModel.find(q, { values: 1, submission: 1, agency: 1 }).sort({ agency: 1, position: 1, _id: 1 }).limit(MAX_HITS + 1).lean<SubmissionItem[]>();
  const truncated = rows.length > MAX_HITS;
  const shown = rows.slice(0, MAX_HITS);
  const [agencies, subs] = await Promise.all([
    AgencyModel.find({ _id: { $in: [...new Set(shown.map((r) => r.agency.toString()))] } }).lean<Agency[]>(),
    SubmissionModel.find({ _id: { $in: [...new Set(shown.map((r) => r.submission.toString()))] } }, { status: 1 }).lean<Pick<Submission, '_id' | 'status'>[]>(),
  ]);
  const byId = new Map(agencies.map((a) => [a._id.toString(), a]));
  const statusOf = new Map(subs.map((x) => [x._id.toString(), x.status]));
  const hits: SearchHit[] = shown.map((r) => ({ submissionId: r.submission.toString(), itemId: r._id.toString(), agency: byId.get(r.agency.toString())!, status: statusOf.get(r.submission.toString())!, values: r.values }));
  return { campaign, template, hits, truncated };
}

