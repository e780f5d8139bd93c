import { audit } from '../audit/audit.service.js';
import type { Actor } from '../http/actor.js';
import { NotFound } from '../http/errors.js';
import { appendixRefOf, campaignReportIssuer, issuedReport } from '../campaign-reports/campaign-report.service.js';
import { requirePdf, sofficePath } from './report.pdf.js';
import type { ReconciliationInput } from './reconciliation.report.js';
import { loadCampaignReconciliation, loadSubmissionReconciliation } from './reconciliation.data.js';
import { loadCampaignReportData, loadSubmissionReportData, type CampaignReportData } from './report.data.js';
import type {
  AgencyAppendixInput,
  ConsolidatedAppendixInput,
  DispositionTableInput,
  FullReportInput,
  ReportAppendix,
  SubmissionCommentsInput,
} from './report.types.js';

// Which reports exist, who may have them, and what goes into each. The documents are
// written by report.render.ts, which routes import lazily.

export const REPORT_FORMATS = ['docx', 'xlsx', 'pdf', 'zip'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Kinds and the formats each is made in (API.md); a kind in a format it lacks is "not found". */
export const CAMPAIGN_REPORTS = {
  'consolidated-appendix': ['docx', 'xlsx', 'pdf'],
  'full-report': ['docx', 'pdf'],
  dispositions: ['docx', 'xlsx', 'pdf'],
  reconciliation: ['docx', 'xlsx'],
  /** Every agency's appendix, Word and (where LibreOffice is installed) PDF, in one ZIP. */
  'agency-appendices': ['zip'],
} as const satisfies Record<string, readonly ReportFormat[]>;
export const SUBMISSION_REPORTS = {
  appendix: ['docx', 'xlsx', 'pdf'],
  'with-comments': ['docx', 'pdf'],
  reconciliation: ['docx', 'xlsx'],
} as const satisfies Record<string, readonly ReportFormat[]>;

export type CampaignReportKind = keyof typeof CAMPAIGN_REPORTS;
export type SubmissionReportKind = keyof typeof SUBMISSION_REPORTS;

/** What report.render.ts writes: the builders' input, already read and authorised. */
export type ReportJob =
  | { readonly kind: 'appendix'; readonly input: AgencyAppendixInput }
  | { readonly kind: 'with-comments'; readonly input: SubmissionCommentsInput }
  | { readonly kind: 'consolidated-appendix'; readonly input: ConsolidatedAppendixInput }
  | { readonly kind: 'dispositions'; readonly input: DispositionTableInput }
  | { readonly kind: 'reconciliation'; readonly input: ReconciliationInput }
  | {
      readonly kind: 'agency-appendices';
      /** One entry per agency: the file name without extension and the appendix. */
      readonly appendices: readonly { readonly name: string; readonly input: AgencyAppendixInput }[];
      readonly withPdf: boolean;
    }
  | { readonly kind: 'full-report'; readonly input: FullReportInput };

export interface PreparedReport {
  readonly job: ReportJob;
  readonly format: ReportFormat;
  /** The download's name, Vietnamese, without characters a file system refuses. */
  readonly fileName: string;
}

export function supports(table: Record<string, readonly ReportFormat[]>, kind: string, format: ReportFormat): boolean {
  return Object.hasOwn(table, kind) && table[kind]!.includes(format);
}

export function fileNameOf(base: string, format: ReportFormat): string {
  const clean = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 150)
    .trim();
  return `${clean || 'bao-cao'}.${format}`;
}

/** The campaign report goes out from the MoJ, not yet registered: number and date left blank. */
const lowerFirst = (s: string): string => s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);

const AGENCY_COLUMN = { key: '__agency', label: 'Cơ quan đề xuất', width: 1 };

/** The tiếp thu – giải trình table of a whole campaign names the proposing agency in each row's proposal. */
function campaignDispositions(data: CampaignReportData): DispositionTableInput {
  const spec = { ...data.plan.spec, columns: [AGENCY_COLUMN, ...data.plan.spec.columns] };
  return {
    spec,
    agencyName: data.mojName,
    items: data.submissions.flatMap((s) => s.items.map((i) => ({ ...i, values: { ...i.values, [AGENCY_COLUMN.key]: s.agencyName } }))),
    comments: data.submissions.flatMap((s) => data.comments.get(s.id) ?? []),
    dispositions: data.dispositions,
  };
}

function consolidated(data: CampaignReportData): ConsolidatedAppendixInput {
  const { plan } = data;
  return {
    spec: plan.spec,
    items: data.submissions.flatMap((s) => s.items),
    recommendationTypes: plan.recommendationTypes,
    recommendationLabel: plan.recommendationLabel,
    grouping: plan.grouping.kind,
    groupOrder: plan.grouping.kind === 'field' ? plan.grouping.field.options.map((o) => o.label_vi) : undefined,
  };
}

export async function prepareCampaignReport(actor: Actor, campaignId: string, kind: CampaignReportKind, format: ReportFormat): Promise<PreparedReport> {
  if (!supports(CAMPAIGN_REPORTS, kind, format)) throw new NotFound();
  if (kind === 'reconciliation') {
    const r = await loadCampaignReconciliation(actor, campaignId);
    await audit(actor, 'report.download', { type: 'campaign', id: r.campaign._id, label: r.campaign.title }, { kind, format, rows: r.input.assignments.length });
    return { job: { kind, input: { ...r.input, attachedTo: await campaignReportIssuer(r.campaign._id, r.mojName) } }, format, fileName: fileNameOf(`Đối chiếu danh mục được giao - ${r.campaign.title}`, format) };
  }
  const data = await loadCampaignReportData(actor, campaignId, { reviews: kind === 'dispositions' || kind === 'full-report', narratives: kind === 'full-report' });
  if (format === 'pdf') await requirePdf();
  const rows = data.submissions.reduce((n, s) => n + s.items.length, 0);
  // The audit entry is written while the report is put together, not before.
  const [{ job, base }] = await Promise.all([
    campaignJob(kind, data),
    audit(actor, 'report.download', { type: 'campaign', id: data.campaign._id, label: data.campaign.title }, { kind, format, rows }),
  ]);
  return { job, format, fileName: fileNameOf(base, format) };
}

async function campaignJob(kind: Exclude<CampaignReportKind, 'reconciliation'>, data: CampaignReportData): Promise<{ job: ReportJob; base: string }> {
  const title = data.campaign.title;
  let job: ReportJob;
  let base: string;
  if (kind === 'agency-appendices') {
    job = {
      kind,
      withPdf: (await sofficePath()) !== null,
      appendices: data.submissions.map((s) => ({
        name: fileNameOf(`Phụ lục - ${s.agencyName}`, 'docx').replace(/\.docx$/, ''),
        input: { spec: data.plan.spec, agencyName: s.agencyName, items: s.items },
      })),
    };
    base = `Phụ lục các cơ quan - ${title}`;
  } else if (kind === 'consolidated-appendix') {
    // Sent up with the MoJ's report: its "(Kèm theo …)" line gives that report's number and date as far as they are set.
    job = { kind, input: { ...consolidated(data), attachedTo: await campaignReportIssuer(data.campaign._id, data.mojName) } };
    base = `Phụ lục tổng hợp - ${title}`;
  } else if (kind === 'dispositions') {
    job = { kind, input: { ...campaignDispositions(data), attachedTo: await campaignReportIssuer(data.campaign._id, data.mojName) } };
    base = `Bảng tiếp thu, giải trình - ${title}`;
  } else {
    const table = campaignDispositions(data);
    const appendices: ReportAppendix[] = [
      { kind: 'consolidated', ...consolidated(data) },
      // The tiếp thu – giải trình table only once the MoJ has decided on some rows.
      ...(data.dispositions.length > 0 ? [{ kind: 'dispositions' as const, ...table }] : []),
    ];
    const issued = await issuedReport(data, appendixRefOf(appendices.length > 1));
    job = { kind, input: { ...issued, title: reportTitle(title), appendices } };
    base = `Báo cáo kết quả rà soát - ${title}`;
  }
  return { job, base };
}

export async function prepareSubmissionReport(actor: Actor, submissionId: string, kind: SubmissionReportKind, format: ReportFormat): Promise<PreparedReport> {
  if (!supports(SUBMISSION_REPORTS, kind, format)) throw new NotFound();
  if (kind === 'reconciliation') {
    const r = await loadSubmissionReconciliation(actor, submissionId);
    await audit(actor, 'report.download', { type: 'submission', id: r.submissionId, label: `${r.agencyName} — ${r.campaign.title}` }, { kind, format, rows: r.input.assignments.length });
    return { job: { kind, input: r.input }, format, fileName: fileNameOf(`Đối chiếu danh mục được giao - ${r.agencyName} - ${r.campaign.title}`, format) };
  }
  const data = await loadSubmissionReportData(actor, submissionId, { comments: kind === 'with-comments' });
  if (format === 'pdf') await requirePdf();
  const { agencyName, items } = data.submission;
  const input: AgencyAppendixInput = { spec: data.plan.spec, agencyName, items };
  const job: ReportJob = kind === 'appendix' ? { kind, input } : { kind, input: { ...input, comments: data.comments } };
  const base = `${kind === 'appendix' ? 'Phụ lục' : 'Phụ lục có ý kiến'} - ${agencyName} - ${data.campaign.title}`;
  await audit(actor, 'report.download', { type: 'submission', id: data.submission.id, label: `${agencyName} — ${data.campaign.title}` }, { kind, format, rows: items.length });
  return { job, format, fileName: fileNameOf(base, format) };
}

/** "Kết quả rà soát …": a campaign named "Rà soát …" reads on; any other name follows the standard words. */
function reportTitle(campaignTitle: string): string {
  const folded = campaignTitle.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return folded.startsWith('ra soat') ? `Kết quả ${lowerFirst(campaignTitle)}` : `Kết quả rà soát văn bản quy phạm pháp luật (${campaignTitle})`;
}
