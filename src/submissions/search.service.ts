import { AgencyModel, type Agency } from '../agencies/agency.model.js';
import { CampaignModel, type Campaign } from '../campaigns/campaign.model.js';
import type { Actor } from '../http/actor.js';
import { NotFound } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { decodeCursor, encodeCursor } from '../http/paging.js';
import { agencyScope, mayReadCampaign } from '../http/scope.js';
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

/**
 * The folded terms of a query: each word, or each "quoted phrase" as one term that must
 * appear as written (diacritics and case aside).
 */
export function searchTerms(q: string | undefined): string[] {
  if (!q) return [];
  const folded = foldDiacritics(q.normalize('NFC')).toLowerCase();
  const terms: string[] = [];
  for (const m of folded.matchAll(/"([^"]*)"|(\S+)/g)) {
    const term = (m[1] ?? m[2] ?? '').replace(/["\s]+/g, ' ').trim();
    if (term) terms.push(term);
  }
  return terms;
}

/** A campaign the actor may search: staff any, an agency only one it takes part in, once open. */
export async function searchableCampaign(actor: Actor, campaignId: string): Promise<Campaign> {
  const campaign = await CampaignModel.findById(toObjectId(campaignId)).lean<Campaign>();
  if (!campaign || !mayReadCampaign(actor, campaign)) throw new NotFound();
  return campaign;
}

/** The terms as conditions on a folded text field: every term must occur. */
export function termFilter(field: string, terms: string[]): Record<string, unknown> {
  return terms.length ? { $and: terms.map((w) => ({ [field]: { $regex: escape(w) } })) } : {};
}

export async function searchRows(
  actor: Actor,
  campaignId: string,
  filter: SearchFilter,
  paging: { limit: number; cursor?: string } = { limit: MAX_HITS },
): Promise<{ campaign: Campaign; template: ReviewTemplate; hits: SearchHit[]; truncated: boolean; next: string | null }> {
  const campaign = await searchableCampaign(actor, campaignId);
  const template = await loadTemplateVersion(campaign.template);
  const { docTypeField, recommendationField } = searchFields(template);
  const q: Record<string, unknown> = { campaign: campaign._id, ...agencyScope(actor) };
  if (filter.agency && actor.role !== 'agency') q.agency = toObjectId(filter.agency);
  if (filter.recommendation && recommendationField) q.recommendation = filter.recommendation;
  // Field keys match the template's key rule, so they are safe as paths.
  if (filter.docType && docTypeField) q[`values.${docTypeField}`] = filter.docType;
  const terms = searchTerms(filter.q);
  Object.assign(q, termFilter('searchText', terms));
  const after = decodeCursor(paging.cursor);
  if (after) q._id = { $gt: after };
  // In _id order, so a page continues where the last one stopped (the cursor is the last _id).
  const rows = await SubmissionItemModel.find(q, { values: 1, submission: 1, agency: 1 }).sort({ _id: 1 }).limit(paging.limit + 1).lean<SubmissionItem[]>();
  const truncated = rows.length > paging.limit;
  const shown = rows.slice(0, paging.limit);
  const [agencies, subs] = await Promise.all([
    AgencyModel.find({ _id: { $in: [...new Set(shown.map((r) => r.agency.toString()))] } }).lean<Agency[]>(),
    SubmissionModel.find({ _id: { $in: [...new Set(shown.map((r) => r.submission.toString()))] } }, { status: 1 }).lean<Pick<Submission, '_id' | 'status'>[]>(),
  ]);
  const byId = new Map(agencies.map((a) => [a._id.toString(), a]));
  const statusOf = new Map(subs.map((x) => [x._id.toString(), x.status]));
  const hits: SearchHit[] = shown.map((r) => ({ submissionId: r.submission.toString(), itemId: r._id.toString(), agency: byId.get(r.agency.toString())!, status: statusOf.get(r.submission.toString())!, values: r.values }));
  return { campaign, template, hits, truncated, next: truncated ? encodeCursor(shown[shown.length - 1]!._id) : null };
}

