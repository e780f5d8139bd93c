import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { activeAgencies, type Agency } from '../agencies/agency.model.js';
import { getAttachment } from '../attachments/attachment.service.js';
import { CampaignModel, type Campaign } from '../campaigns/campaign.model.js';
import type { AppContext } from '../http/context.js';
import { flash } from '../http/flash.js';
import { actorOf, requireAuth, requireRole } from '../http/guards.js';
import { idParam } from '../submissions/id-param.js';
import { parse, parseQuery } from '../http/validate.js';
import { queueQuerySchema, transitionBodySchema } from '../submissions/submission.schema.js';
import { submissionForm, submissionLocals } from '../submissions/submission.routes.js';
import { QUEUE_PAGE_SIZE, reviewQueue } from '../submissions/submission.service.js';
import { viewHelpers } from '../submissions/submission.view.js';
import { addComment, editComment, setThreadStatus } from './comment.service.js';
import { setDisposition } from './disposition.service.js';
import type { Submission } from '../submissions/submission.model.js';
import { acceptanceGaps } from './acceptance.js';
import type { Thread } from './comment.service.js';
import { rowsOf } from './review.rows.js';
import { campaignThreads, filterThreads, splitOutdated, threadFilterSchema } from './thread.list.js';
import { transition } from './transition.service.js';
import { reviewerWorkload } from './workload.service.js';

/**
 * The review side: the queue, the review page (rows with dispositions, report,
 * a Word file rendered beside its comments), comments and transitions. Agency
 * users reach the review page of their own submission too, to answer.
 */
const TABS = ['document', 'rows', 'report', 'comments'] as const;

const commentForm = z.object({
  text: z.string().max(10_000),
  itemId: z.string().optional(),
  attachmentId: z.string().optional(),
  // People count paragraphs from 1 (the numbers shown beside the text); the service counts from 0.
  paragraph: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).transform((n) => n - 1).optional()),
  quote: z.string().max(1000).optional(),
  sectionKey: z.string().max(100).optional(),
  parentId: z.string().optional(),
  _tab: z.string().optional(),
  _file: z.string().optional(),
});

function pick(q: Request['query'], keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => q[k] !== undefined).map((k) => [k, q[k]]));
}

/** Paragraphs that have threads get a class, so the reader sees where comments are. */
function markCommented(html: string, paragraphs: number[]): string {
  const set = new Set(paragraphs);
  return html.replace(/data-p="(\d+)" id="p-(\d+)"/g, (m, n: string) => (set.has(Number(n)) ? `${m} class="has-comment"` : m));
}

async function reviewLocals(req: Request, res: Response): Promise<Record<string, unknown>> {
  const base = await submissionLocals(req, res, 'rows');
  const body = (req.body ?? {}) as Record<string, unknown>;
  const tabParam = (req.query.tab ?? body._tab) as string | undefined;
  const words = base.attachments as { _id: { toString(): string }; type: string }[];
  const docs = words.filter((a) => a.type === 'docx');
  const fileParam = (req.query.file ?? body._file) as string | undefined;
  const chosen = docs.find((d) => d._id.toString() === fileParam) ?? docs[docs.length - 1];
  const tab = (TABS as readonly string[]).includes(tabParam ?? '') ? tabParam : chosen ? 'document' : 'rows';
  let doc = null;
  if (chosen && tab === 'document') {
    const full = await getAttachment(actorOf(req), chosen._id.toString(), true);
    const threads = (base.threads as { root: { target: { kind: string; attachmentId?: { toString(): string }; paragraph?: number } } }[])
      .filter((th) => th.root.target.kind === 'paragraph' && th.root.target.attachmentId?.toString() === chosen._id.toString());
    doc = { ...full, html: markCommented(full.html ?? '', threads.map((th) => th.root.target.paragraph ?? -1)) };
  }
  const sub = base.submission as Submission;
  const gate = actorOf(req).role !== 'agency' && sub.status === 'in_review' ? await acceptanceGaps(sub) : null;
  const rows = await rowsOf(sub);
  const threadFilter = tab === 'comments' ? parseQuery(threadFilterSchema, pick(req.query, ['status', 'kind', 'item', 'mine'])) : {};
  const threadView = tab === 'comments' ? splitOutdated(filterThreads(base.threads as Thread[], threadFilter, actorOf(req).id)) : null;
  return {
    ...base,
    title: `${req.t('reviews.title')} — ${(base.agency as Agency).nameVi}`,
    breadcrumbs: base.coordinating
      ? [{ label: req.t('campaigns.title'), href: '/campaigns' }, { label: (base.campaign as Campaign).title, href: `/campaigns/${(base.campaign as Campaign)._id.toString()}#coordinated` }, { label: (base.agency as Agency).nameVi }]
      : actorOf(req).role === 'agency'
      ? [{ label: req.t('submissions.mine.title'), href: '/submissions' }, { label: (base.campaign as Campaign).title, href: `/submissions/${sub._id.toString()}` }, { label: req.t('reviews.title') }]
      : [{ label: req.t('submissions.queue.title'), href: '/reviews' }, { label: (base.agency as Agency).nameVi }],
    tab,
    docs,
    doc,
    gate,
    rowNo: Object.fromEntries(rows.map((r) => [r.id, r.n])),
    threadFilter,
    threadView,
  };
}

/** Back to the thread, on the page the form was on. */
function threadUrl(req: Request, submissionId: string, threadId: string): string {
  const b = (req.body ?? {}) as Record<string, string>;
  if (b._back === 'edit') return `/submissions/${submissionId}?step=rows#comment-${threadId}`;
  const tab = TABS.includes(b._tab as (typeof TABS)[number]) ? b._tab : 'comments';
  return `/submissions/${submissionId}/review?tab=${tab}#comment-${threadId}`;
}

export function reviewRoutes(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', idParam);
  router.param('itemId', idParam);

  router.get('/reviews', requireRole('admin', 'reviewer'), async (req, res) => {
    const actor = actorOf(req);
    const filter = parseQuery(queueQuerySchema, req.query);
    const page = filter.page ?? 1;
    const rows = await reviewQueue(actor, { campaign: filter.campaign || undefined, agency: filter.agency || undefined, status: filter.status || '', mine: filter.mine === '1', overdue: filter.overdue === '1' }, new Date(), page);
    const total = rows.total ?? rows.length;
    const pageUrl = (n: number) => `/reviews?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter(([k, v]) => k !== 'page' && v)), page: String(n) } as Record<string, string>)}`;
    const pager = { page, pages: Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE)), prev: page > 1 ? pageUrl(page - 1) : null, next: page * QUEUE_PAGE_SIZE < total ? pageUrl(page + 1) : null };
    const [campaigns, agencies] = await Promise.all([
      rows.everyCampaign ?? CampaignModel.find({ status: { $in: ['open', 'closed'] } }, { title: 1 }).sort({ deadline: -1, _id: 1 }).lean<Campaign[]>(),
      activeAgencies().then((all) => all.filter((a) => a.kind !== 'moj')),
    ]);
    res.render('reviews/queue', { title: req.t('submissions.queue.title'), breadcrumbs: [{ label: req.t('submissions.queue.title') }], rows, total, pager, filter, campaigns, agencies, h: viewHelpers });
  });

  router.get('/reviews/workload', requireRole('admin', 'reviewer'), async (req, res) => {
    const rows = await reviewerWorkload(actorOf(req));
    res.render('reviews/workload', { title: req.t('workload.title'), breadcrumbs: [{ label: req.t('submissions.queue.title'), href: '/reviews' }, { label: req.t('workload.title') }], rows });
  });

  router.get('/campaigns/:id/threads', requireRole('admin', 'reviewer'), async (req, res) => {
    const filter = parseQuery(threadFilterSchema, pick(req.query, ['status', 'kind', 'agency', 'mine']));
    const data = await campaignThreads(actorOf(req), req.params.id as string, filter);
    res.render('reviews/campaign-threads', {
      title: `${req.t('reviews.threads.campaign_title')} — ${data.campaign.title}`,
      breadcrumbs: [{ label: req.t('campaigns.title'), href: '/campaigns' }, { label: data.campaign.title, href: `/campaigns/${data.campaign._id.toString()}` }, { label: req.t('reviews.threads.campaign_title') }],
      ...data,
      filter,
    });
  });

  router.get('/submissions/:id/review', requireAuth, async (req, res) => {
    res.render('reviews/show', await reviewLocals(req, res));
  });

  const reviewForm = submissionForm('reviews/show', reviewLocals);
  const backTo = (req: Request, hash = '') => {
    const b = (req.body ?? {}) as Record<string, string>;
    if (b._back === 'edit') return `/submissions/${req.params.id as string}?step=rows${hash}`;
    const q = new URLSearchParams();
    if (b._tab) q.set('tab', b._tab);
    if (b._file) q.set('file', b._file);
    return `/submissions/${req.params.id as string}/review${q.size ? `?${q.toString()}` : ''}${hash}`;
  };

  // A refused transition comes back on the page it was asked from: the agency's send step, or the review page.
  const agencyTransitionForm = submissionForm('submissions/show', (req, res) => submissionLocals(req, res, 'send'));
  const transitionForm = (req: Request, res: Response, next: (err?: unknown) => void) => (actorOf(req).role === 'agency' ? agencyTransitionForm : reviewForm)(req, res, next);

  router.post('/submissions/:id/transitions', requireAuth, transitionForm, async (req, res) => {
    const body = parse(transitionBodySchema, req.body);
    const { receipt } = await transition(actorOf(req), req.params.id as string, body.action, body.message, body);
    flash(req, 'success', `reviews.action.done.${body.action}`);
    if (receipt) return res.redirect(`/submissions/${req.params.id as string}/versions/${receipt.version}/receipt`);
    res.redirect(actorOf(req).role === 'agency' ? `/submissions/${req.params.id as string}` : `/submissions/${req.params.id as string}/review`);
  });

  router.post('/submissions/:id/comments', requireAuth, reviewForm, async (req, res) => {
    const body = parse(commentForm, req.body);
    const c = await addComment(actorOf(req), req.params.id as string, { ...body, itemId: body.itemId || undefined, attachmentId: body.attachmentId || undefined, sectionKey: body.sectionKey || undefined, parentId: body.parentId || undefined });
    flash(req, 'success', 'reviews.comment_added');
    res.redirect(backTo(req, `#comment-${(c.parent ?? c._id).toString()}`));
  });

  router.post('/comments/:id/edit', requireAuth, async (req, res) => {
    const { text } = parse(z.object({ text: z.string().max(10_000) }), req.body);
    const c = await editComment(actorOf(req), req.params.id as string, text);
    res.redirect(threadUrl(req, c.submission.toString(), (c.parent ?? c._id).toString()));
  });

  for (const [path, status] of [['resolve', 'resolved'], ['reopen', 'open']] as const) {
    router.post(`/comments/:id/${path}`, requireAuth, async (req, res) => {
      const c = await setThreadStatus(actorOf(req), req.params.id as string, status);
      res.redirect(threadUrl(req, c.submission.toString(), c._id.toString()));
    });
  }

  router.post('/submissions/:id/items/:itemId/disposition', requireRole('admin', 'reviewer'), reviewForm, async (req, res) => {
    const body = parse(z.object({ decision: z.string(), explanation: z.string().max(10_000).optional() }), req.body);
    await setDisposition(actorOf(req), req.params.id as string, req.params.itemId as string, body);
    res.redirect(backTo(req, `#row-${req.params.itemId as string}`));
  });

  return router;
}
