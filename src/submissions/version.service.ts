import type { Actor } from '../http/actor.js';
import { BadRequest, NotFound } from '../http/errors.js';
import type { ItemValue } from '../review-templates/item-values.js';
import { receiptOf, type Receipt } from '../reviews/transition.service.js';
import { loadContext, type SubmissionContext } from './submission.service.js';
import { diffSnapshots, type SnapshotAttachment, type VersionDiff, type WordFileDiff } from './version.diff.js';
import { diffParagraphs } from './word.diff.js';
import { AttachmentModel, type Attachment } from '../attachments/attachment.model.js';
import type { Types } from 'mongoose';
import { SubmissionVersionModel, type SubmissionVersion } from './version.model.js';

/** Submitted versions of a submission, their receipts, and the diff between two. */
export async function listVersions(actor: Actor, id: string): Promise<{ ctx: SubmissionContext; versions: SubmissionVersion[] }> {
  const ctx = await loadContext(actor, id);
  const versions = await SubmissionVersionModel.find({ submission: ctx.submission._id }).sort({ n: -1 }).lean<SubmissionVersion[]>();
  return { ctx, versions };
}

export async function getVersion(actor: Actor, id: string, n: number): Promise<{ ctx: SubmissionContext; version: SubmissionVersion; receipt: Receipt }> {
  const ctx = await loadContext(actor, id);
  if (!Number.isInteger(n) || n < 1) throw new NotFound();
  const version = await SubmissionVersionModel.findOne({ submission: ctx.submission._id, n }).lean<SubmissionVersion>();
  if (!version) throw new NotFound();
  return { ctx, version, receipt: receiptOf(version, ctx.agency.nameVi, ctx.campaign.title) };
}

const asSnapshot = (v: SubmissionVersion) => ({
  items: v.items.map((i) => ({ id: i.id, values: i.values as Record<string, ItemValue> })),
  report: v.report,
  attachments: v.attachments,
});

/** `from`/`to` default to the two latest versions. */
export async function diffVersions(actor: Actor, id: string, from?: number, to?: number): Promise<{ ctx: SubmissionContext; versions: SubmissionVersion[]; from: number; to: number; diff: VersionDiff | null }> {
  const { ctx, versions } = await listVersions(actor, id);
  if ((from !== undefined && !Number.isInteger(from)) || (to !== undefined && !Number.isInteger(to))) throw new BadRequest('errors.bad_query');
  const latest = versions[0]?.n ?? 0;
  const toN = to ?? latest;
  const fromN = from ?? Math.max(toN - 1, 1);
  if (versions.length < 1) return { ctx, versions, from: fromN, to: toN, diff: null };
  const a = versions.find((v) => v.n === fromN);
  const b = versions.find((v) => v.n === toN);
  if (!a || !b) throw new NotFound();
  const diff = diffSnapshots(asSnapshot(a), asSnapshot(b), {
    fieldOrder: ctx.template.fields.map((f) => f.key),
    sectionOrder: ctx.template.outline.map((s) => s.key),
  });
  diff.wordFiles = await diffWordFiles(ctx.submission._id, diff.attachments.removed, diff.attachments.added);
  return { ctx, versions, from: fromN, to: toN, diff };
}

/**
 * Word files of the later version that took the place of one of the earlier version: by the
 * "replaces" links an upload records (a file under the same name, or chosen to replace), or
 * failing that by the same name.
 */
async function diffWordFiles(submission: Types.ObjectId, removed: readonly SnapshotAttachment[], added: readonly SnapshotAttachment[]): Promise<WordFileDiff[]> {
  const olds = removed.filter((a) => a.type === 'docx');
  const news = added.filter((a) => a.type === 'docx');
  if (!olds.length || !news.length) return [];
  const files = await AttachmentModel.find({ submission }).select('_id name replaces').lean<Attachment[]>();
  const replaces = new Map(files.map((f) => [f._id.toString(), f.replaces?.toString()]));
  const pairs: [SnapshotAttachment, SnapshotAttachment][] = [];
  const taken = new Set<string>();
  for (const next of news) {
    const chain = new Set<string>();
    for (let id = replaces.get(next.id); id && !chain.has(id); id = replaces.get(id)) chain.add(id);
    const prev = olds.find((o) => !taken.has(o.id) && chain.has(o.id)) ?? olds.find((o) => !taken.has(o.id) && o.name === next.name);
    if (!prev) continue;
    taken.add(prev.id);
    pairs.push([prev, next]);
  }
  if (!pairs.length) return [];
  const ids = pairs.flat().map((a) => a.id);
  const texts = await AttachmentModel.find({ _id: { $in: ids }, submission }).select('_id +paragraphs').lean<Attachment[]>();
  const paragraphsOf = new Map(texts.map((t) => [t._id.toString(), t.paragraphs ?? []]));
  return pairs.map(([prev, next]) => ({
    from: { id: prev.id, name: prev.name },
    to: { id: next.id, name: next.name },
    paragraphs: diffParagraphs(paragraphsOf.get(prev.id) ?? [], paragraphsOf.get(next.id) ?? []),
  }));
}
