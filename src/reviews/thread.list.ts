import { Types } from 'mongoose';
import { z } from 'zod';
import { agenciesById, type Agency } from '../agencies/agency.model.js';
import { CampaignModel, type Campaign } from '../campaigns/campaign.model.js';
import type { Actor } from '../http/actor.js';
import { Forbidden, NotFound } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { CommentModel, COMMENT_TARGET_KINDS, type Comment } from './comment.model.js';
import type { Thread } from './comment.service.js';
import { groupThreads } from './thread.group.js';

/**
 * "Tất cả ý kiến": every thread of a submission or of a whole campaign, with
 * filters (open/resolved, what it is about, one row, mine). Outdated paragraph
 * threads are kept apart so they are read with their old quote, never lost.
 */
export const threadFilterSchema = z.object({
  status: z.enum(['', 'open', 'resolved']).optional(),
  kind: z.enum(['', ...COMMENT_TARGET_KINDS]).optional(),
  item: z.string().regex(/^[0-9a-f]{24}$/i).optional().or(z.literal('')),
  agency: z.string().regex(/^[0-9a-f]{24}$/i).optional().or(z.literal('')),
  mine: z.enum(['', '1']).optional(),
});
export type ThreadFilter = z.infer<typeof threadFilterSchema>;

function involves(thread: Thread, userId: string): boolean {
  return [thread.root, ...thread.replies].some((c) => c.author.toString() === userId);
}

export function filterThreads(threads: Thread[], f: ThreadFilter, userId: string): Thread[] {
  return threads.filter((th) => {
    const t = th.root.target;
    if (f.status && th.root.status !== f.status) return false;
    if (f.kind && t.kind !== f.kind) return false;
    if (f.item && t.itemId?.toString() !== f.item) return false;
    if (f.mine === '1' && !involves(th, userId)) return false;
    return true;
  });
}

/** Current threads and those whose paragraph is gone from the newest file, apart. */
export function splitOutdated(threads: Thread[]): { current: Thread[]; outdated: Thread[] } {
  const outdated = threads.filter((th) => th.root.target.kind === 'paragraph' && th.root.target.outdated);
  return { current: threads.filter((th) => !outdated.includes(th)), outdated };
}

const group = (all: Comment[]): Thread[] => groupThreads(all);

export interface CampaignThreads {
  campaign: Campaign;
  agencies: Agency[];
  threads: (Thread & { agency: Agency | undefined })[];
  total: number;
}

const MAX_THREADS = 1000;

/** All threads of a campaign for MoJ staff, newest activity last, filtered. */
export async function campaignThreads(actor: Actor, campaignId: string, f: ThreadFilter): Promise<CampaignThreads> {
  if (actor.role === 'agency') throw new Forbidden();
  const campaign = await CampaignModel.findById(toObjectId(campaignId)).lean<Campaign>();
  if (!campaign) throw new NotFound();
  const q: Record<string, unknown> = { campaign: campaign._id };
  if (f.agency) q.agency = new Types.ObjectId(f.agency);
  const [all, agencies] = await Promise.all([
    CommentModel.find(q).sort({ createdAt: 1, _id: 1 }).limit(MAX_THREADS * 10).lean<Comment[]>(),
    agenciesById(campaign.agencies).then((list) => list.sort((a, b) => a.order - b.order)),
  ]);
  const byId = new Map(agencies.map((a) => [a._id.toString(), a]));
  const threads = filterThreads(group(all), f, actor.id);
  return {
    campaign,
    agencies,
    total: threads.length,
    threads: threads.slice(0, MAX_THREADS).map((th) => ({ ...th, agency: byId.get(th.root.agency.toString()) })),
  };
}
