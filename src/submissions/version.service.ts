import type { Actor } from '../http/actor.js';
import { BadRequest, NotFound } from '../http/errors.js';
import type { ItemValue } from '../review-templates/item-values.js';
import { receiptOf, type Receipt } from '../reviews/transition.service.js';
import { loadContext, type SubmissionContext } from './submission.service.js';
import { diffSnapshots, type VersionDiff } from './version.diff.js';
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
  return { ctx, versions, from: fromN, to: toN, diff };
}
