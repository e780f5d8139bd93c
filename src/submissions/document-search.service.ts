import { agenciesById, type Agency } from '../agencies/agency.model.js';
import { AttachmentModel, type Attachment } from '../attachments/attachment.model.js';
import { searchFold } from '../attachments/attachment.text.js';
import { Types } from 'mongoose';
import { CampaignModel, type Campaign } from '../campaigns/campaign.model.js';
import type { Actor } from '../http/actor.js';
import { BadRequest } from '../http/errors.js';
import type { Page } from '../http/paging.js';
import { agencyScope } from '../http/scope.js';
import { SubmissionModel, type Submission } from './submission.model.js';
import { searchTerms, termFilter } from './search.service.js';

/**
 * Search in the narrative reports and in the text of attached files (extracted at upload),
 * beside the rows: the same terms, diacritic-insensitive, a quoted phrase as a phrase.
 * A hit shows a short excerpt around the first term.
 */
export interface DocumentHit {
  kind: 'report' | 'file';
  campaignId: string;
  campaignTitle: string;
  submissionId: string;
  agency: Pick<Agency, '_id' | 'code' | 'nameVi' | 'nameEn'>;
  attachmentId?: string;
  name?: string;
  excerpt: string;
}

export const PAGE_DOCUMENT_HITS = 20;

/** Some words either side of the first term, found in the folded text and cut from the original. */
function excerpt(original: string, terms: string[]): string {
  const folded = searchFold(original);
  const at = Math.max(0, folded.indexOf(terms[0] ?? ''));
  // Folding keeps one character per character (đ → d, tone marks dropped after NFC), near enough to cut by.
  const start = Math.max(0, at - 80);
  const text = original.replace(/\s+/g, ' ');
  return `${start > 0 ? '…' : ''}${text.slice(start, at + 160)}${at + 160 < text.length ? '…' : ''}`;
}

/** Report hits come first, then file hits; the cursor says which list and the last _id in it. */
function decodeDocCursor(cursor: string | undefined): { kind: 'report' | 'file'; after?: Types.ObjectId } {
  if (!cursor) return { kind: 'report' };
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^(r|f):([0-9a-f]{24})?$/.exec(raw);
  if (!m) throw new BadRequest('errors.bad_cursor');
  return { kind: m[1] === 'r' ? 'report' : 'file', after: m[2] ? new Types.ObjectId(m[2]) : undefined };
}

const docCursor = (kind: 'report' | 'file', id?: Types.ObjectId) => Buffer.from(`${kind === 'report' ? 'r' : 'f'}:${id?.toHexString() ?? ''}`, 'utf8').toString('base64url');

/** Reports and files of one campaign, or of every campaign the actor may see when `campaign` is null; paged. */
export async function searchDocuments(actor: Actor, campaign: Campaign | null, q: string | undefined, paging: { limit: number; cursor?: string } = { limit: PAGE_DOCUMENT_HITS }): Promise<Page<DocumentHit>> {
  const from = decodeDocCursor(paging.cursor);
  const terms = searchTerms(q);
  if (!terms.length) return { items: [], next: null };
  const scope = { ...(campaign ? { campaign: campaign._id } : {}), ...agencyScope(actor) };
  const afterId = (kind: 'report' | 'file') => (from.kind === kind && from.after ? { _id: { $gt: from.after } } : {});
  const reports = from.kind === 'report'
    ? await SubmissionModel.find({ ...scope, ...termFilter('reportSearchText', terms), ...afterId('report') }, { agency: 1, campaign: 1, reportSections: 1 }).sort({ _id: 1 }).limit(paging.limit + 1).lean<Submission[]>()
    : [];
  const room = paging.limit + 1 - reports.length;
  const files = room > 0
    ? await AttachmentModel.find({ ...scope, status: 'active', ...termFilter('searchText', terms), ...afterId('file') }, { submission: 1, campaign: 1, agency: 1, name: 1, text: 1 }).select('+text').sort({ _id: 1 }).limit(room).lean<Attachment[]>()
    : [];
  const found = [...reports.map((r) => ({ kind: 'report' as const, doc: r })), ...files.map((f) => ({ kind: 'file' as const, doc: f }))];
  const shown = found.slice(0, paging.limit);
  const last = shown[shown.length - 1];
  const next = found.length > paging.limit && last ? docCursor(last.kind, last.doc._id) : null;
  const [agencies, campaigns] = await Promise.all([
    agenciesById(shown.map((h) => h.doc.agency)),
    campaign ? [campaign] : !shown.length ? [] : CampaignModel.find({ _id: { $in: shown.map((h) => h.doc.campaign) } }, { title: 1 }).lean<Pick<Campaign, '_id' | 'title'>[]>(),
  ]);
  const byId = new Map(agencies.map((a) => [a._id.toString(), a]));
  const titleOf = new Map(campaigns.map((c) => [c._id.toString(), c.title]));
  const items = shown.map(({ kind, doc }): DocumentHit => {
    const common = { kind, agency: byId.get(doc.agency.toString())!, campaignId: doc.campaign.toString(), campaignTitle: titleOf.get(doc.campaign.toString()) ?? '' };
    if (kind === 'report') {
      const r = doc as Submission;
      return { ...common, submissionId: r._id.toString(), excerpt: excerpt(r.reportSections.map((x) => x.text).join(' • '), terms) };
    }
    const f = doc as Attachment;
    return { ...common, submissionId: f.submission.toString(), attachmentId: f._id.toString(), name: f.name, excerpt: excerpt(f.text ?? '', terms) };
  });
  // After a report the next page asks the reports past it, then the files from the first.
  return { items, next };
}
