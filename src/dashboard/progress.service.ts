import { agenciesById } from '../agencies/agency.model.js';
import { getCampaign } from '../campaigns/campaign.service.js';
import type { Campaign } from '../campaigns/campaign.model.js';
import { extensionFor } from '../campaigns/deadline.service.js';
import type { Actor } from '../http/actor.js';
import { Forbidden } from '../http/errors.js';
import { loadTemplateVersion } from '../review-templates/template.service.js';
import { referencePlan } from '../reference-lists/reference.settings.js';
import { SubmissionModel, type Submission, type SubmissionStatus } from '../submissions/submission.model.js';
import { givenProgress, type GivenProgress } from './reference.progress.js';

/**
 * Campaign progress (Tiến độ): one read of the campaign's submissions, each carrying its
 * row count, counts per recommended action and open threads (kept on write), gives the
 * per-agency rows and every total — whatever the number of rows and comments.
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
  /** this agency's own deadline, when the admin extended it */
  extension: { deadline: Date; reason: string } | null;
  /** declared "Không có văn bản cần xử lý" */
  noDocuments: boolean;
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
  byRecommendation: { code: string; label: string; labelEn?: string; count: number }[];
  totals: { agencies: number; items: number; sentItems: number; openComments: number; overdue: number; submitted: number };
  /** Whole-campaign counts of the reference list; absent when the template has none. */
  given?: GivenProgress;
}

type ProgressSubmission = Pick<Submission, '_id' | 'agency' | 'status' | 'noDocuments' | 'itemCount' | 'recommendationCounts' | 'openThreads' | 'lastActivityAt' | 'submittedAt'>;

const PROGRESS_FIELDS = { agency: 1, status: 1, noDocuments: 1, itemCount: 1, recommendationCounts: 1, openThreads: 1, lastActivityAt: 1, submittedAt: 1 } as const;

const DAY = 86_400_000;
/** Statuses in which the agency still owes the MoJ something. */
const WAITING_ON_AGENCY: ProgressStatus[] = ['not_started', 'draft', 'changes_requested'];

export async function campaignProgress(actor: Actor, campaignId: string, now = new Date()): Promise<CampaignProgress> {
  if (actor.role !== 'admin' && actor.role !== 'reviewer') throw new Forbidden();
  const campaign = await getCampaign(actor, campaignId);
  const template = await loadTemplateVersion(campaign.template);
  // The counts kept on each submission: no row and no comment is read here.
  const subs = await SubmissionModel.find({ campaign: campaign._id }, PROGRESS_FIELDS).lean<ProgressSubmission[]>();
  const agencies = await agenciesById(campaign.agencies);
  const agencyById = new Map(agencies.map((a) => [a._id.toString(), a]));
  const subByAgency = new Map(subs.map((r) => [r.agency.toString(), r]));
  const plan = referencePlan(template);
  const given = plan ? await givenProgress(campaign._id, plan) : null;

  const rows: ProgressRow[] = campaign.agencies.map((id) => {
    const a = agencyById.get(id.toString());
    const s = subByAgency.get(id.toString());
    const status: ProgressStatus = s?.status ?? 'not_started';
    const ext = extensionFor(campaign, id);
    const daysLeft = Math.ceil(((ext?.deadline ?? campaign.deadline).getTime() - now.getTime()) / DAY);
    return {
      agencyId: id.toString(), agencyCode: a?.code ?? '', agencyName: a?.nameVi ?? '?', agencyNameEn: a?.nameEn ?? '?', agencyKind: a?.kind ?? '',
      submissionId: s ? s._id.toString() : null, status, items: s?.itemCount ?? 0, noDocuments: Boolean(s?.noDocuments), openComments: s?.openThreads ?? 0,
      lastActivityAt: s?.lastActivityAt ?? null, submittedAt: s?.submittedAt ?? null, daysLeft,
      overdue: daysLeft < 0 && WAITING_ON_AGENCY.includes(status) && campaign.status !== 'draft',
      extension: ext ? { deadline: ext.deadline, reason: ext.reason } : null,
      ...(given ? { given: given.get(id.toString()) ?? { total: 0, answered: 0, missing: 0 } } : {}),
    };
  });

  const byStatus: Record<string, number> = {};
  for (const sub of subs) byStatus[sub.status] = (byStatus[sub.status] ?? 0) + 1;
  const missing = rows.filter((r) => r.status === 'not_started').length;
  if (missing) byStatus.not_started = missing;

  const recField = template.fields.find((f) => f.key === template.recommendationField);
  const counts = new Map<string, number>();
  for (const sub of subs) for (const [code, n] of Object.entries(sub.recommendationCounts ?? {})) if (n) counts.set(code, (counts.get(code) ?? 0) + n);
  const byRecommendation = (recField?.options ?? []).map((o) => ({ code: o.value, label: o.label_vi, labelEn: o.label_en || undefined, count: counts.get(o.value) ?? 0 }));
  for (const [code, count] of counts) if (!byRecommendation.some((b) => b.code === code)) byRecommendation.push({ code, label: code, labelEn: undefined, count });

  return {
    campaign,
    rows,
    byStatus,
    byRecommendation,
    totals: {
      agencies: rows.length,
      items: rows.reduce((s, r) => s + r.items, 0),
      // What the page shows: rows of drafts are not consolidated, so it does not count them either.
      sentItems: rows.filter((r) => r.status !== 'draft' && r.status !== 'not_started').reduce((s, r) => s + r.items, 0),
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

/** Vietnamese alphabetical order; one collator for every sort (localeCompare with a locale builds one per call). */
const VIETNAMESE = new Intl.Collator('vi');

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
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : VIETNAMESE.compare(String(x), String(y));
    return query.dir === 'desc' ? -c : c;
  });
  return out;
}
