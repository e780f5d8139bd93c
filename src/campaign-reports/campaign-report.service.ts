import { Types } from 'mongoose';
import { audit } from '../audit/audit.service.js';
import type { Actor } from '../http/actor.js';
import { Conflict } from '../http/errors.js';
import { loadCampaignReportData, type CampaignReportData } from '../reports/report.data.js';
import { DispositionModel } from '../reviews/disposition.model.js';
import type { IssuingAgency, OutlineSection, Recipients, Signer } from '../reports/report.types.js';
import { foldDiacritics } from '../review-templates/vn-text.js';
import { campaignFigures, summaryParagraphs, type CampaignFigures } from './campaign-report.figures.js';
import { CampaignReportModel, type CampaignReport } from './campaign-report.model.js';
import type { CampaignReportInput } from './campaign-report.schema.js';

// The MoJ's report on a campaign: what it writes per outline heading, beside what the
// agencies wrote there and the figures from the rows; and the registration and signature
// the full report (Word, PDF) is issued with.

export type ReportSettings = Omit<CampaignReport, '_id' | 'campaign' | 'createdAt' | 'updatedAt' | 'updatedBy'>;

/** Before the MoJ saves anything: a Deputy Minister signs for the Minister, to the Prime Minister. */
export const DEFAULT_SETTINGS: ReportSettings = {
  sections: [],
  number: '',
  symbol: 'BC-BTP',
  addressees: ['Thủ tướng Chính phủ'],
  authority: 'KT.',
  headTitle: 'Bộ trưởng',
  signerTitle: 'Thứ trưởng',
  signerName: '',
  recipients: ['Như trên', 'Văn phòng Chính phủ'],
  archive: 'VT, KTrVB',
  version: 0,
};

export interface OutlineEntry {
  readonly key: string;
  readonly heading: string;
  readonly guidance: string;
  /** The MoJ's text, '' when not written. */
  readonly text: string;
  /** What each agency wrote under this heading, read-only. */
  readonly agencies: readonly { readonly name: string; readonly text: string }[];
  /** What the report says under this heading while the MoJ's text is empty. */
  readonly summary: readonly string[];
}

export interface CampaignReportPage {
  readonly campaign: CampaignReportData['campaign'];
  readonly settings: ReportSettings;
  readonly outline: readonly OutlineEntry[];
  readonly figures: CampaignFigures;
}

const sameHeading = (a: string, b: string): boolean => foldDiacritics(a).trim().toLowerCase() === foldDiacritics(b).trim().toLowerCase();
const sectionKey = (s: { key?: string }, i: number): string => s.key || String(i + 1);

async function storedSettings(campaignId: Types.ObjectId): Promise<ReportSettings> {
  const doc = await CampaignReportModel.findOne({ campaign: campaignId }).lean<CampaignReport>();
  if (!doc) return DEFAULT_SETTINGS;
  const { _id, campaign, createdAt, updatedAt, updatedBy, ...settings } = doc;
  return { ...DEFAULT_SETTINGS, ...settings };
}

export function figuresOf(data: CampaignReportData): CampaignFigures {
  const kinds = new Map(data.submissions.map((s) => [s.agencyName, s.agencyKind]));
  return campaignFigures({
    items: data.submissions.flatMap((s) => s.items),
    agencies: [
      ...data.submissions.map((s) => ({ kind: s.agencyKind ?? 'ministry', submittedAt: s.submittedAt, rows: s.items.length })),
      // Agencies whose report is still a draft are not among the submissions read.
      ...Array.from({ length: Math.max(data.campaign.agencyCount - data.submissions.length, 0) }, () => ({ kind: 'ministry' as const, rows: 0 })),
    ],
    deadline: data.campaign.deadline,
    recommendationTypes: data.plan.recommendationTypes,
    typeField: data.plan.documentField?.docref?.typeField,
    kindOf: (item) => kinds.get(item.agencyName),
  });
}

/** Everything the MoJ's report page shows (admin, reviewer; others are refused by the loader). */
export async function campaignReportPage(actor: Actor, campaignId: string): Promise<CampaignReportPage> {
  const data = await loadCampaignReportData(actor, campaignId, { narratives: true });
  const settings = await storedSettings(data.campaign._id);
  const texts = new Map(settings.sections.map((s) => [s.key, s.text]));
  const figures = figuresOf(data);
  const decided = await DispositionModel.exists({ submission: { $in: data.submissions.map((s) => new Types.ObjectId(s.id)) } });
  const summaries = summariesOf(data.template.outline, figures, appendixRefOf(decided !== null));
  const outline = data.template.outline.map((s, i) => ({
    key: sectionKey(s, i),
    heading: s.heading,
    guidance: s.guidance ?? '',
    text: texts.get(sectionKey(s, i)) ?? '',
    summary: summaries[i]!,
    agencies: data.narratives.flatMap((n) => {
      const own = n.sections.find((x) => sameHeading(x.heading, s.heading));
      const text = own?.paragraphs.join('\n').trim() ?? '';
      return text ? [{ name: n.agencyName, text }] : [];
    }),
  }));
  return { campaign: data.campaign, settings, outline, figures };
}

/** How the report's text refers to its appendices: two once the MoJ has decided on rows (the tiếp thu – giải trình table). */
export const appendixRefOf = (withDispositions: boolean): string => (withDispositions ? 'Phụ lục I' : 'Phụ lục');

/** The generated summary under each heading: who took part under the first, the figures under the results heading. */
function summariesOf(outline: CampaignReportData['template']['outline'], figures: CampaignFigures, appendixRef: string): string[][] {
  const resultsAt = Math.max(outline.findIndex((s, i) => i > 0 && foldDiacritics(s.heading).toLowerCase().includes('ket qua')), outline.length > 1 ? 1 : 0);
  return outline.map((_, i) => summaryParagraphs(figures, i === 0 ? 'participation' : i === resultsAt ? 'results' : 'other', appendixRef));
}

/** Saves the MoJ's text and the document's settings; `version` must be the one read (0 before the first save). */
export async function saveCampaignReport(actor: Actor, campaignId: string, input: CampaignReportInput): Promise<ReportSettings> {
  const page = await campaignReportPage(actor, campaignId);
  const keys = new Set(page.outline.map((s) => s.key));
  const { version, sections, ...fields } = input;
  const set = {
    ...fields,
    sections: Object.entries(sections).flatMap(([key, text]) => (keys.has(key) && text !== '' ? [{ key, text }] : [])),
    updatedBy: new Types.ObjectId(actor.id),
  };
  const unset = input.date ? {} : { date: 1 as const };
  let saved: CampaignReport | null;
  if (version === 0) {
    const exists = await CampaignReportModel.exists({ campaign: page.campaign._id });
    if (exists) throw new Conflict('campaign_reports.errors.stale');
    try {
      saved = (await CampaignReportModel.create({ ...set, campaign: page.campaign._id, version: 1 })).toObject();
    } catch (err) {
      // Two first saves at once: the unique index keeps one; the other is stale.
      if ((err as { code?: number }).code === 11000) throw new Conflict('campaign_reports.errors.stale');
      throw err;
    }
  } else {
    saved = await CampaignReportModel.findOneAndUpdate(
      { campaign: page.campaign._id, version },
      { $set: set, $unset: unset, $inc: { version: 1 } },
      { returnDocument: 'after' },
    ).lean<CampaignReport>();
    if (!saved) throw new Conflict('campaign_reports.errors.stale');
  }
  await audit(actor, 'campaign_report.update', { type: 'campaign', id: page.campaign._id, label: page.campaign.title }, {
    version: saved.version,
    sections: set.sections.length,
    number: fields.number,
    signer: fields.signerName,
  });
  return storedSettings(page.campaign._id);
}

/** What the full report is issued with: the registration, Kính gửi, signer and Nơi nhận, and its text per heading. */
export interface IssuedReport {
  readonly issuer: IssuingAgency;
  readonly addressees: readonly string[];
  readonly signer: Signer;
  readonly recipients: Recipients;
  readonly sections: readonly OutlineSection[];
}

/**
 * The full report's parts from the MoJ's settings: under each heading the MoJ's text, or a
 * summary generated from the figures (who reported, what they proposed) — never the agencies'
 * own words, which are their reports, not the Ministry's.
 */
const issuerOf = (settings: ReportSettings, mojName: string): IssuingAgency => ({
  agencyName: mojName,
  number: settings.number === '' ? null : Number(settings.number),
  symbol: settings.symbol,
  place: 'Hà Nội',
  date: settings.date ?? null,
});

/** The MoJ's report of a campaign as a document appendices are attached to: its number and date as far as they are set. */
export async function campaignReportIssuer(campaignId: Types.ObjectId, mojName: string): Promise<IssuingAgency> {
  return issuerOf(await storedSettings(campaignId), mojName);
}

export async function issuedReport(data: CampaignReportData, appendixRef: string): Promise<IssuedReport> {
  const settings = await storedSettings(data.campaign._id);
  const texts = new Map(settings.sections.map((s) => [s.key, s.text]));
  const outline = data.template.outline;
  const summaries = summariesOf(outline, figuresOf(data), appendixRef);
  const sections = outline.map((s, i) => {
    const own = texts.get(sectionKey(s, i));
    return { heading: s.heading, paragraphs: own ? own.split(/\n+/) : summaries[i]! };
  });
  return {
    issuer: issuerOf(settings, data.mojName),
    addressees: settings.addressees,
    signer: {
      authority: settings.authority ? `${settings.authority} ${settings.headTitle}` : undefined,
      position: settings.authority ? settings.signerTitle : settings.signerTitle || settings.headTitle,
      fullName: settings.signerName,
    },
    recipients: { list: settings.recipients, archive: settings.archive },
    sections,
  };
}
