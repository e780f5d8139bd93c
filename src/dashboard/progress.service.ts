import mongoose, { Types } from 'mongoose';
import { AgencyModel, type Agency } from '../agencies/agency.model.js';
import { getCampaign } from '../campaigns/campaign.service.js';
import type { Campaign } from '../campaigns/campaign.model.js';
import type { Actor } from '../http/actor.js';
import { Forbidden } from '../http/errors.js';
import { loadTemplateVersion } from '../review-templates/template.service.js';
import { referencePlan } from '../reference-lists/reference.settings.js';
import { SubmissionModel, type SubmissionStatus } from '../submissions/submission.model.js';
import { givenProgress, type GivenProgress } from './reference.progress.js';

/**
 * Campaign progress (Tiến độ): one aggregation over the campaign's submissions gives the
 * per-agency rows and every count, whatever the number of agencies and rows — no query
 * per agency. Comments live in issue 5's `comments` collection ({submission, status}).
 */

/** Not opened yet: the campaign is a draft, so the agency has no submission. */
export type ProgressStatus = SubmissionStatus | 'not_started';

export interface ProgressRow {
  agencyId: string;
  agencyCode: string;
  agencyName: string;
  agencyNameEn: string;
  agencyKind: string;
  submissionId: string | null;
  status: ProgressStatus;
  items: number;
  openComments: number;
  lastActivityAt: Date | null;
  submittedAt: Date | null;
  /** Whole days until the deadline (negative: days overdue). */
  daysLeft: number;
  overdue: boolean;
  /** Rows of the campaign's reference list given to this agency, when it has one. */
  given?: GivenProgress;
}

export interface CampaignProgress {
  campaign: Campaign;
  rows: ProgressRow[];
  byStatus: Record<string, number>;
  byRecommendation: { code: string; label: string; count: number }[];
  totals: { agencies: number; items: number; openComments: number; overdue: number; submitted: number };
  /** Whole-campaign counts of the reference list; absent when the template has none. */
  given?: GivenProgress;
}

interface FacetResult {
  rows: { _id: Types.ObjectId; agency: Types.ObjectId; status: SubmissionStatus; itemCount: number; openComments: number; lastActivityAt?: Date; submittedAt?: Date }[];
  byStatus: { _id: string; n: number }[];
  byRecommendation: { _id: string | null; n: number }[];
}

const DAY = 86_400_000;
/** Statuses in which the agency still owes the MoJ something. */
const WAITING_ON_AGENCY: ProgressStatus[] = ['not_started', 'draft', 'changes_requested'];

export function progressPipeline(campaignId: Types.ObjectId, recommendationField: string | undefined): mongoose.PipelineStage[] {
  const recPath = recommendationField && /^[a-z][a-z0-9_]*$/.test(recommendationField) ? `$items.values.${recommendationField}` : null;
  return [
    { $match: { campaign: campaignId } },
    { $lookup: { from: 'comments', localField: '_id', foreignField: 'submission', as: 'comments' } },
    {
      $project: {
        agency: 1, status: 1, lastActivityAt: 1, submittedAt: 1,
        itemCount: { $size: { $ifNull: ['$items', []] } },
        recs: recPath ? { $ifNull: [recPath, []] } : { $literal: [] },
        openComments: { $size: { $filter: { input: '$comments', as: 'c', cond: { $eq: ['$$c.status', 'open'] } } } },
      },
    },
    {
      $facet: {
        rows: [{ $project: { recs: 0 } }],
        byStatus: [{ $group: { _id: '$status', n: { $sum: 1 } } }],
        byRecommendation: [{ $unwind: '$recs' }, { $group: { _id: '$recs', n: { $sum: 1 } } }],
      },
    },
  ];
}

export async function campaignProgress(actor: Actor, campaignId: string, now = new Date()): Promise<CampaignProgress> {
  if (actor.role !== 'admin' && actor.role !== 'reviewer') throw new Forbidden();
  const campaign = await getCampaign(actor, campaignId);
  const template = await loadTemplateVersion(campaign.template);
  const [facet] = await SubmissionModel.aggregate<FacetResult>(progressPipeline(campaign._id, template.recommendationField));
  const agencies = await AgencyModel.find({ _id: { $in: campaign.agencies } }).lean<Agency[]>();
  const agencyById = new Map(agencies.map((a) => [a._id.toString(), a]));
  const subByAgency = new Map((facet?.rows ?? []).map((r) => [r.agency.toString(), r]));
  const daysLeft = Math.ceil((campaign.deadline.getTime() - now.getTime()) / DAY);
  const plan = referencePlan(template);
  const given = plan ? await givenProgress(campaign._id, plan) : null;

  const rows: ProgressRow[] = campaign.agencies.map((id) => {
    const a = agencyById.get(id.toString());
    const s = subByAgency.get(id.toString());
    const status: ProgressStatus = s?.status ?? 'not_started';
    return {
      agencyId: id.toString(), agencyCode: a?.code ?? '', agencyName: a?.nameVi ?? '?', agencyNameEn: a?.nameEn ?? '?', agencyKind: a?.kind ?? '',
      submissionId: s ? s._id.toString() : null, status, items: s?.itemCount ?? 0, openComments: s?.openComments ?? 0,
      lastActivityAt: s?.lastActivityAt ?? null, submittedAt: s?.submittedAt ?? null, daysLeft,
      overdue: daysLeft < 0 && WAITING_ON_AGENCY.includes(status) && campaign.status !== 'draft',
      ...(given ? { given: given.get(id.toString()) ?? { total: 0, answered: 0, missing: 0 } } : {}),
    };
  });

  const byStatus: Record<string, number> = {};
  for (const b of facet?.byStatus ?? []) byStatus[b._id] = b.n;
  const missing = rows.filter((r) => r.status === 'not_started').length;
  if (missing) byStatus.not_started = missing;

  const recField = template.fields.find((f) => f.key === template.recommendationField);
  const counts = new Map((facet?.byRecommendation ?? []).filter((b) => b._id).map((b) => [String(b._id), b.n]));
  const byRecommendation = (recField?.options ?? []).map((o) => ({ code: o.value, label: o.label_vi, count: counts.get(o.value) ?? 0 }));
  for (const [code, count] of counts) if (!byRecommendation.some((b) => b.code === code)) byRecommendation.push({ code, label: code, count });

  return {
    campaign,
    rows,
    byStatus,
    byRecommendation,
    totals: {
      agencies: rows.length,
      items: rows.reduce((s, r) => s + r.items, 0),
      openComments: rows.reduce((s, r) => s + r.openComments, 0),
      overdue: rows.filter((r) => r.overdue).length,
      submitted: rows.filter((r) => !WAITING_ON_AGENCY.includes(r.status)).length,
    },
    ...(given ? { given: sumGiven(rows) } : {}),
  };
}

function sumGiven(rows: ProgressRow[]): GivenProgress {
  const sum = { total: 0, answered: 0, missing: 0 };
  for (const r of rows) if (r.given) for (const k of ['total', 'answered', 'missing'] as const) sum[k] += r.given[k];
  return sum;
}

export interface ProgressQuery {
  status?: string;
  q?: string;
  sort?: 'agency' | 'status' | 'items' | 'comments' | 'activity';
  dir?: 'asc' | 'desc';
}

/** Filters and sorts the rows for the page and the .xlsx export (the counts stay whole-campaign). */
export function filterRows(rows: ProgressRow[], query: ProgressQuery): ProgressRow[] {
  const q = query.q?.normalize('NFC').toLocaleLowerCase('vi');
  let out = rows.filter((r) => (!query.status || (query.status === 'overdue' ? r.overdue : r.status === query.status)) && (!q || r.agencyName.toLocaleLowerCase('vi').includes(q) || r.agencyCode.includes(q)));
  const key = query.sort ?? 'agency';
  const val = (r: ProgressRow): string | number => {
    switch (key) {
      case 'status': return r.status;
      case 'items': return r.items;
      case 'comments': return r.openComments;
      case 'activity': return r.lastActivityAt?.getTime() ?? 0;
      default: return r.agencyName;
    }
  };
  out = [...out].sort((a, b) => {
    const x = val(a);
    const y = val(b);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'vi');
    return query.dir === 'desc' ? -c : c;
  });
  return out;
}
