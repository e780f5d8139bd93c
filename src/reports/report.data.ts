import type { Types } from 'mongoose';
import { AgencyModel, REVIEWING_AGENCY_CODE, formalName, type Agency } from '../agencies/agency.model.js';
import { CampaignModel, type Campaign } from '../campaigns/campaign.model.js';
import type { Actor } from '../http/actor.js';
import { Forbidden, NotFound } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { agencyScope } from '../http/scope.js';
import { ReviewTemplateModel } from '../review-templates/template.model.js';
import { CommentModel } from '../reviews/comment.model.js';
import { DispositionModel } from '../reviews/disposition.model.js';
import { itemRowReader, rowSubmissionHex } from '../submissions/item.bson.js';
import { streamCampaignItemBytes } from '../submissions/item.service.js';
import { SubmissionModel, type ReportSection, type SubmissionStatus } from '../submissions/submission.model.js';
import type { AgencyNarrative } from './full.report.js';
import {
  agencyNarrative,
  planTemplate,
  reportComments,
  reportDispositions,
  reportItems,
  ReportItemBuilder,
  startedByMoj,
  type ReportTemplate,
  type StoredComment,
  type StoredDisposition,
  type StoredItem,
  type TemplatePlan,
} from './report.rows.js';
import type { Disposition, ReportComment, ReportItem } from './report.types.js';

// Reads what a report needs in a fixed number of queries whatever the campaign's size:
// the campaign, its pinned template, its submissions in one find, their rows in one
// cursor, their agencies, comments and dispositions each with one $in. Lean reads; the rows
// come undecoded and only the values the template's appendix uses are decoded.

const MOJ_NAME = 'Bộ Tư pháp';

type StoredSubmission = {
  _id: Types.ObjectId;
  campaign: Types.ObjectId;
  agency: Types.ObjectId;
  status: SubmissionStatus;
  submittedAt?: Date;
  reportSections?: ReportSection[];
};

type AgencyName = Pick<Agency, '_id' | 'code' | 'nameVi' | 'formalNameVi' | 'order' | 'kind'>;

const TEMPLATE_FIELDS = { title: 1, outline: 1, fields: 1, appendix: 1, recommendationField: 1, documentField: 1, groupField: 1 } as const;
const COMMENT_FIELDS = { submission: 1, parent: 1, target: 1, authorName: 1, authorRole: 1, text: 1, status: 1, createdAt: 1 } as const;
const DISPOSITION_FIELDS = { submission: 1, item: 1, decision: 1, explanation: 1 } as const;

function submissionProjection(narratives: boolean): Record<string, 1> {
  const p: Record<string, 1> = { campaign: 1, agency: 1, status: 1, submittedAt: 1 };
  if (narratives) p.reportSections = 1;
  return p;
}

// The values whole: the reader picks the ones a report shows faster than a projection of
// each would cut them out.
const ROW_FIELDS = { submission: 1, values: 1 } as const;

// Cursors read at once over consecutive ranges of agencies: while this thread decodes the
// rows of one range, the database reads and sends the next one's.
const READ_AHEAD = 3;

/** `ids` sorted and cut into `n` consecutive ranges of about as many ids each, as {$gte, $lte}. */
function idRanges(ids: readonly Types.ObjectId[], n: number): { $gte: Types.ObjectId; $lte: Types.ObjectId }[] {
  const sorted = [...new Map(ids.map((id) => [id.toHexString(), id])).entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, id]) => id);
  const size = Math.ceil(sorted.length / n);
  const ranges = [];
  for (let i = 0; i < sorted.length; i += size) ranges.push({ $gte: sorted[i]!, $lte: sorted[Math.min(i + size, sorted.length) - 1]! });
  return ranges;
}

/**
 * The rows of the given submissions of a campaign, each submission's in row order, handed to
 * `take` with the submission's index in `subs` as they arrive: a few cursors for a whole
 * campaign, one for a few submissions (a query per submission costs more than reading past
 * the others' rows).
 */
async function streamRows(
  campaignId: Types.ObjectId,
  subs: readonly Pick<StoredSubmission, '_id' | 'agency'>[],
  /** How many submissions the campaign has in all. */
  campaignSubs: number,
  keys: readonly string[],
  take: (sub: number, row: StoredItem) => void,
): Promise<void> {
  if (!subs.length) return;
  const index = new Map(subs.map((s, i) => [s._id.toHexString(), i]));
  // Most of a campaign's submissions (the usual consolidated report): the campaign's rows in
  // index order, the others' skipped here, read faster than a $in the index cannot bound.
  const most = subs.length > 1 && subs.length * 2 >= campaignSubs;
  const filters = most
    ? idRanges(subs.map((s) => s.agency), READ_AHEAD).map((agency) => ({ agency }))
    : [subs.length === 1 ? { submission: subs[0]!._id } : { submission: { $in: subs.map((s) => s._id) } }];
  const read = itemRowReader(keys);
  await Promise.all(
    filters.map(async (filter) => {
      for await (const bytes of streamCampaignItemBytes(campaignId, filter, ROW_FIELDS)) {
        // Rows of the submissions left out (drafts) are passed over undecoded.
        const sub = index.get(rowSubmissionHex(bytes) ?? '');
        if (sub !== undefined) take(sub, read(bytes));
      }
    }),
  );
}

async function pinnedTemplate(id: Types.ObjectId): Promise<ReportTemplate> {
  const t = await ReviewTemplateModel.findById(id, TEMPLATE_FIELDS).lean<ReportTemplate>();
  if (!t) throw new NotFound();
  return t;
}

export interface SubmissionRows {
  readonly id: string;
  readonly agencyName: string;
  readonly agencyKind?: Agency['kind'];
  readonly submittedAt?: Date;
  readonly items: ReportItem[];
}

export interface CampaignReportData {
  readonly campaign: Pick<Campaign, '_id' | 'title' | 'deadline'> & { readonly agencyCount: number };
  readonly template: ReportTemplate;
  readonly plan: TemplatePlan;
  readonly mojName: string;
  /** Submissions sent at least once, in the official order of their agencies. */
  readonly submissions: readonly SubmissionRows[];
  readonly narratives: readonly AgencyNarrative[];
  /** Threads started by the MoJ, per submission id. */
  readonly comments: ReadonlyMap<string, ReportComment[]>;
  readonly dispositions: readonly Disposition[];
}

export interface CampaignNeeds {
  readonly reviews?: boolean;
  readonly narratives?: boolean;
}

/**
 * The campaign's rows for MoJ staff. Drafts are left out: until an agency sends its report
 * its rows are work in progress, not a proposal to consolidate.
 */
export async function loadCampaignReportData(actor: Actor, campaignId: string, needs: CampaignNeeds = {}): Promise<CampaignReportData> {
  if (actor.role !== 'admin' && actor.role !== 'reviewer') throw new Forbidden();
  const campaign = await CampaignModel.findById(toObjectId(campaignId), { title: 1, template: 1, deadline: 1, agencies: 1 }).lean<
    Pick<Campaign, '_id' | 'title' | 'template' | 'deadline' | 'agencies'>
  >();
  if (!campaign) throw new NotFound();
  // Each query waits only for those it needs the answer of.
  const [template, subs, campaignSubs] = await Promise.all([
    pinnedTemplate(campaign.template),
    SubmissionModel.find({ campaign: campaign._id, status: { $ne: 'draft' } }, submissionProjection(Boolean(needs.narratives))).sort({ _id: 1 }).lean<StoredSubmission[]>(),
    SubmissionModel.countDocuments({ campaign: campaign._id }),
  ]);
  const plan = planTemplate(template);
  const subIds = subs.map((s) => s._id);
  const agencies = await AgencyModel.find({ $or: [{ _id: { $in: subs.map((s) => s.agency) } }, { code: REVIEWING_AGENCY_CODE }] }, { code: 1, nameVi: 1, formalNameVi: 1, order: 1, kind: 1 }).lean<AgencyName[]>();
  const byId = new Map(agencies.map((a) => [a._id.toString(), a]));
  const ordered = [...subs].sort((a, b) => (byId.get(a.agency.toString())?.order ?? 1e9) - (byId.get(b.agency.toString())?.order ?? 1e9));
  const submissions = ordered.map((s) => {
    const agency = byId.get(s.agency.toString());
    return { id: s._id.toString(), agencyName: agency ? formalName(agency) : '', agencyKind: agency?.kind, submittedAt: s.submittedAt, items: [] as ReportItem[] };
  });
  // Each row becomes a report item as it arrives; rows come by agency id, not in the report's order.
  const builder = new ReportItemBuilder(plan);
  const [comments, dispositions] = await Promise.all([
    needs.reviews ? CommentModel.find({ submission: { $in: subIds } }, COMMENT_FIELDS).lean<StoredComment[]>() : [],
    needs.reviews ? DispositionModel.find({ submission: { $in: subIds } }, DISPOSITION_FIELDS).lean<StoredDisposition[]>() : [],
    streamRows(campaign._id, ordered, campaignSubs, plan.valueKeys, (i, row) => {
      const s = submissions[i]!;
      s.items.push(builder.item(row, s.agencyName, i));
    }),
  ]);
  for (const s of submissions) builder.cite(s.items);
  return {
    campaign: { _id: campaign._id, title: campaign.title, deadline: campaign.deadline, agencyCount: campaign.agencies?.length ?? 0 },
    template,
    plan,
    mojName: ((moj) => (moj ? formalName(moj) : MOJ_NAME))(agencies.find((a) => a.code === REVIEWING_AGENCY_CODE)),
    submissions,
    narratives: needs.narratives
      ? ordered.map((s, i) => agencyNarrative(template, submissions[i]!.agencyName, s.reportSections ?? []))
      : [],
    comments: reportComments(comments, startedByMoj),
    dispositions: reportDispositions(dispositions),
  };
}

export interface SubmissionReportData {
  readonly submission: SubmissionRows;
  readonly campaign: Pick<Campaign, '_id' | 'title'>;
  readonly plan: TemplatePlan;
  /** Every thread on the submission, whoever started it. */
  readonly comments: readonly ReportComment[];
}

/** One submission as its owner agency or MoJ staff may see it; anything else is "not found". */
export async function loadSubmissionReportData(actor: Actor, submissionId: string, needs: { comments?: boolean } = {}): Promise<SubmissionReportData> {
  const head = await SubmissionModel.findOne({ _id: toObjectId(submissionId), ...agencyScope(actor) }, { campaign: 1, agency: 1 }).lean<Pick<StoredSubmission, '_id' | 'campaign' | 'agency'>>();
  if (!head) throw new NotFound();
  const [campaign, agency] = await Promise.all([
    CampaignModel.findById(head.campaign, { title: 1, template: 1, status: 1 }).lean<Pick<Campaign, '_id' | 'title' | 'template' | 'status'>>(),
    AgencyModel.findById(head.agency, { nameVi: 1, formalNameVi: 1 }).lean<Pick<Agency, '_id' | 'nameVi' | 'formalNameVi'>>(),
  ]);
  // As everywhere else, an agency never sees a campaign still in draft.
  if (!campaign || !agency || (actor.role === 'agency' && campaign.status === 'draft')) throw new NotFound();
  const plan = planTemplate(await pinnedTemplate(campaign.template));
  const rows: StoredItem[] = [];
  const [sub, comments] = await Promise.all([
    SubmissionModel.findById(head._id, submissionProjection(false)).lean<StoredSubmission>(),
    needs.comments ? CommentModel.find({ submission: head._id }, COMMENT_FIELDS).lean<StoredComment[]>() : [],
    streamRows(head.campaign, [head], 1, plan.valueKeys, (_, row) => rows.push(row)),
  ]);
  if (!sub) throw new NotFound();
  return {
    submission: { id: sub._id.toString(), agencyName: formalName(agency), items: reportItems(plan, formalName(agency), rows) },
    campaign: { _id: campaign._id, title: campaign.title },
    plan,
    comments: reportComments(comments).get(sub._id.toString()) ?? [],
  };
}
