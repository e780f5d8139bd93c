import type { Attachment } from '../attachments/attachment.model.js';
import type { Comment } from '../reviews/comment.model.js';
import type { Disposition } from '../reviews/disposition.model.js';
import type { SubmissionItem } from './item.model.js';
import type { Submission } from './submission.model.js';
import type { SubmissionVersion } from './version.model.js';

/** JSON shapes of the API: ids as strings, dates ISO, nothing internal (search text, GridFS ids, rendered HTML). */
/** Rows are included when given (one submission); lists carry the counts only. */
export function submissionJson(s: Submission, extra: { items?: SubmissionItem[]; attachments?: Attachment[]; dispositions?: Disposition[] } = {}) {
  const disp = new Map((extra.dispositions ?? []).map((d) => [d.item.toString(), d]));
  return {
    id: s._id.toString(),
    campaign: s.campaign.toString(),
    agency: s.agency.toString(),
    status: s.status,
    version: s.version,
    submittedVersion: s.submittedVersion ?? 0,
    submittedAt: s.submittedAt?.toISOString() ?? null,
    reviewMessage: s.reviewMessage ?? null,
    noDocuments: Boolean(s.noDocuments),
    acceptance: s.acceptance ? { override: s.acceptance.override, reason: s.acceptance.reason ?? null, undecided: s.acceptance.undecided, openThreads: s.acceptance.openThreads, by: s.acceptance.byName, at: new Date(s.acceptance.at).toISOString() } : null,
    lastActivityAt: s.lastActivityAt?.toISOString() ?? null,
    itemCount: s.itemCount ?? 0,
    recommendationCounts: s.recommendationCounts ?? {},
    openThreads: s.openThreads ?? 0,
    ...(extra.items ? { items: extra.items.map((i) => itemJson(i, disp.get(i._id.toString()))) } : {}),
    report: Object.fromEntries(s.reportSections.map((r) => [r.key, r.text])),
    ...(extra.attachments ? { attachments: extra.attachments.map(attachmentJson) } : {}),
  };
}

export function itemJson(i: SubmissionItem, disposition?: Disposition) {
  return { id: i._id.toString(), values: i.values, disposition: disposition ? dispositionJson(disposition) : null };
}

export function attachmentJson(a: Attachment) {
  return {
    id: a._id.toString(),
    name: a.name,
    originalName: a.originalName,
    type: a.type,
    size: a.size,
    sha256: a.sha256,
    status: a.status,
    replaces: a.replaces?.toString() ?? null,
    uploadedAt: a.createdAt?.toISOString() ?? null,
  };
}

export function dispositionJson(d: Disposition) {
  return { decision: d.decision, explanation: d.explanation, by: d.byName, at: d.at.toISOString() };
}

export function commentJson(c: Comment) {
  const t = c.target;
  return {
    id: c._id.toString(),
    parentId: c.parent?.toString() ?? null,
    target: {
      kind: t.kind,
      itemId: t.itemId?.toString() ?? null,
      attachmentId: t.attachmentId?.toString() ?? null,
      paragraph: t.paragraph ?? null,
      quote: t.quote ?? null,
      sectionKey: t.sectionKey ?? null,
      outdated: Boolean(t.outdated),
    },
    author: { id: c.author.toString(), name: c.authorName, role: c.authorRole },
    text: c.text,
    status: c.status ?? null,
    edited: Boolean(c.editedAt),
    editedAt: c.editedAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    /** present when the comment came from a Word file's own comments */
    fromWord: c.word ? { author: c.word.author, date: c.word.date?.toISOString() ?? null } : null,
  };
}

export function versionSummaryJson(v: SubmissionVersion) {
  return { n: v.n, submittedAt: v.submittedAt.toISOString(), submittedBy: v.submittedByName, items: v.items.length, attachments: v.attachments.length };
}
