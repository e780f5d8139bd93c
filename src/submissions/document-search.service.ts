import { AgencyModel, type Agency } from '../agencies/agency.model.js';
import { AttachmentModel, type Attachment } from '../attachments/attachment.model.js';
import { searchFold } from '../attachments/attachment.text.js';
import type { Actor } from '../http/actor.js';
import { agencyScope } from '../http/scope.js';
import { SubmissionModel, type Submission } from './submission.model.js';
import { searchableCampaign, searchTerms, termFilter } from './search.service.js';

/**
 * Search in the narrative reports and in the text of attached files (extracted at upload),
 * beside the rows: the same terms, diacritic-insensitive, a quoted phrase as a phrase.
 * A hit shows a short excerpt around the first term.
 */
export interface DocumentHit {
  kind: 'report' | 'file';
  submissionId: string;
  agency: Pick<Agency, '_id' | 'code' | 'nameVi' | 'nameEn'>;
  attachmentId?: string;
  name?: string;
  excerpt: string;
}

export const MAX_DOCUMENT_HITS = 50;

/** Some words either side of the first term, found in the folded text and cut from the original. */
function excerpt(original: string, terms: string[]): string {
  const folded = searchFold(original);
  const at = Math.max(0, folded.indexOf(terms[0] ?? ''));
  // Folding keeps one character per character (đ → d, tone marks dropped after NFC), near enough to cut by.
  const start = Math.max(0, at - 80);
  const text = original.replace(/\s+/g, ' ');
  return `${start > 0 ? '…' : ''}${text.slice(start, at + 160)}${at + 160 < text.length ? '…' : ''}`;
}

export async function searchDocuments(actor: Actor, campaignId: string, q: string | undefined): Promise<DocumentHit[]> {
  const campaign = await searchableCampaign(actor, campaignId);
  const terms = searchTerms(q);
  if (!terms.length) return [];
  const scope = { campaign: campaign._id, ...agencyScope(actor) };
  const [reports, files] = await Promise.all([
    SubmissionModel.find({ ...scope, ...termFilter('reportSearchText', terms) }, { agency: 1, reportSections: 1 }).limit(MAX_DOCUMENT_HITS).lean<Submission[]>(),
    AttachmentModel.find({ ...scope, status: 'active', ...termFilter('searchText', terms) }, { submission: 1, agency: 1, name: 1, text: 1 }).select('+text').limit(MAX_DOCUMENT_HITS).lean<Attachment[]>(),
  ]);
  const agencies = await AgencyModel.find({ _id: { $in: [...reports.map((r) => r.agency), ...files.map((f) => f.agency)] } }, { code: 1, nameVi: 1, nameEn: 1 }).lean<Agency[]>();
  const byId = new Map(agencies.map((a) => [a._id.toString(), a]));
  return [
    ...reports.map((r): DocumentHit => ({ kind: 'report', submissionId: r._id.toString(), agency: byId.get(r.agency.toString())!, excerpt: excerpt(r.reportSections.map((x) => x.text).join(' • '), terms) })),
    ...files.map((f): DocumentHit => ({ kind: 'file', submissionId: f.submission.toString(), agency: byId.get(f.agency.toString())!, attachmentId: f._id.toString(), name: f.name, excerpt: excerpt(f.text ?? '', terms) })),
  ];
}
