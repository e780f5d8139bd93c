import { AgencyModel, type Agency } from '../agencies/agency.model.js';
import { CampaignModel, type Campaign } from '../campaigns/campaign.model.js';
import type { Actor } from '../http/actor.js';
import { NotFound } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { agencyScope } from '../http/scope.js';
import { loadTemplateVersion } from '../review-templates/template.service.js';
import type { ReviewTemplate } from '../review-templates/template.model.js';
import { foldDiacritics } from '../review-templates/vn-text.js';
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
  const subs = await SubmissionModel.find(q, { reportSections: 0 }).lean<Submission[]>();
  const words = filter.q ? foldDiacritics(filter.q.normalize('NFC')).toLowerCase().split(/\s+/).filter(Boolean) : [];
  const patterns = words.map((w) => new RegExp(escape(w)));
  const hits: SearchHit[] = [];
  let truncated = false;
  const agencies = await AgencyModel.find({ _id: { $in: subs.map((s) => s.agency) } }).lean<Agency[]>();
  const byId = new Map(agencies.map((a) => [a._id.toString(), a]));
  for (const s of subs) {
    for (const item of s.items) {
      const v = item.values as Record<string, unknown>;
      if (filter.docType && docTypeField && v[docTypeField] !== filter.docType) continue;
      if (filter.recommendation && recommendationField && v[recommendationField] !== filter.recommendation) continue;
      if (patterns.length && !patterns.every((p) => p.test(item.searchText ?? ''))) continue;
      if (hits.length >= MAX_HITS) {
        truncated = true;
        break;
      }
      hits.push({ submissionId: s._id.toString(), itemId: item._id.toString(), agency: byId.get(s.agency.toString())!, status: s.status, values: v });
    }
  }
  return { campaign, template, hits, truncated };
}

