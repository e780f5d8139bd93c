import { agenciesById, type Agency } from '../agencies/agency.model.js';
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
import { valuesProjection } from './item.service.js';
import { SubmissionModel, type Submission } from './submission.model.js';

/**
 * Search across the rows of a campaign, or of every campaign the caller may see: free text without diacritics
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
  campaignId: string;
  submissionId: string;
  itemId: string;
  agency: Agency;
  status: Submission['status'];
  values: Record<string, unknown>;
}

/** Rows on one page of results; the API takes `?limit=` up to its maximum. */
export const PAGE_HITS = 50;

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

/** Rows of one campaign, or of every campaign the actor may see when the campaign is null. */
export interface RowSearch {
  campaign: Campaign | null;
  /** the campaign's template; across campaigns, the template of each hit's campaign */
  template: ReviewTemplate | null;
  templates: Map<string, ReviewTemplate>;
  campaigns: Map<string, Pick<Campaign, '_id' | 'title'>>;
  hits: SearchHit[];
  truncated: boolean;
  next: string | null;
}

export async function searchRows(
  actor: Actor,
  /** from searchableCampaign(); null for every campaign the actor may see */
  campaign: Campaign | null,
  filter: SearchFilter,
  paging: { limit: number; cursor?: string } = { limit: PAGE_HITS },
  /** the values a page shows (with the template's recommended action); every value when absent */
  shownValues?: readonly string[],
): Promise<RowSearch> {
  const template = campaign ? await loadTemplateVersion(campaign.template) : null;
  const { docTypeField, recommendationField } = template ? searchFields(template) : { docTypeField: undefined, recommendationField: 'recommendation' };
  // An agency's rows exist only in campaigns it takes part in, once they are open: its scope is all it needs.
  const q: Record<string, unknown> = { ...(campaign ? { campaign: campaign._id } : {}), ...agencyScope(actor) };
  if (filter.agency && actor.role !== 'agency') q.agency = toObjectId(filter.agency);
  if (filter.recommendation && recommendationField) q.recommendation = filter.recommendation;
  // Field keys match the template's key rule, so they are safe as paths; the type is a campaign's own field.
  if (filter.docType && docTypeField) q[`values.${docTypeField}`] = filter.docType;
  Object.assign(q, termFilter('searchText', searchTerms(filter.q)));
  const after = decodeCursor(paging.cursor);
  if (after) q._id = { $gt: after };
  // In _id order, so a page continues where the last one stopped (the cursor is the last _id).
  const valueKeys = shownValues && template ? [...shownValues, ...(recommendationField ? [recommendationField] : [])] : null;
  const values = valueKeys ? valuesProjection(valueKeys) : { values: 1 };
  const rows = await SubmissionItemModel.find(q, { ...values, submission: 1, agency: 1, campaign: 1 }).sort({ _id: 1 }).limit(paging.limit + 1).lean<SubmissionItem[]>();
  const truncated = rows.length > paging.limit;
  const shown = rows.slice(0, paging.limit);
  const ids = (f: (r: SubmissionItem) => { toString(): string }) => [...new Set(shown.map((r) => f(r).toString()))];
  const [agencies, subs, campaigns] = await Promise.all([
    agenciesById(ids((r) => r.agency)),
    SubmissionModel.find({ _id: { $in: ids((r) => r.submission) } }, { status: 1 }).lean<Pick<Submission, '_id' | 'status'>[]>(),
    campaign ? [campaign] : !shown.length ? [] : CampaignModel.find({ _id: { $in: ids((r) => r.campaign) } }, { title: 1, template: 1 }).lean<Campaign[]>(),
  ]);
  const templates = new Map<string, ReviewTemplate>();
  for (const c of campaigns) templates.set(c._id.toString(), template ?? (await loadTemplateVersion(c.template)));
  const byId = new Map(agencies.map((a) => [a._id.toString(), a]));
  const statusOf = new Map(subs.map((x) => [x._id.toString(), x.status]));
  const hits: SearchHit[] = shown.map((r) => ({ campaignId: r.campaign.toString(), submissionId: r.submission.toString(), itemId: r._id.toString(), agency: byId.get(r.agency.toString())!, status: statusOf.get(r.submission.toString())!, values: r.values }));
  return {
    campaign, template, templates, campaigns: new Map(campaigns.map((c) => [c._id.toString(), c])),
    hits, truncated, next: truncated ? encodeCursor(shown[shown.length - 1]!._id) : null,
  };
}
