import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { actorOf, requireAuth, requireRole } from '../http/guards.js';
import { idParam } from '../submissions/id-param.js';
import { parse, parseQuery } from '../http/validate.js';
import { commentJson, dispositionJson } from '../submissions/submission.json.js';
import { loadSubmission } from '../submissions/submission.service.js';
import { addComment, editComment, listThreads, setThreadStatus } from './comment.service.js';
import { setDisposition } from './disposition.service.js';
import { campaignThreads, threadFilterSchema } from './thread.list.js';
import { reviewerWorkload } from './workload.service.js';

const commentBody = z.object({
  text: z.string().max(10_000),
  itemId: z.string().optional(),
  attachmentId: z.string().optional(),
  paragraph: z.coerce.number().int().min(0).optional(),
  quote: z.string().max(1000).optional(),
  sectionKey: z.string().max(100).optional(),
  parentId: z.string().optional(),
});

const dispositionBody = z.object({
  decision: z.enum(['accepted', 'partly_accepted', 'not_accepted'], { error: 'validation.choice' }),
  explanation: z.string().max(10_000).optional().default(''),
});

/** Comments, threads and dispositions under /api/v1 (API.md). */
export function reviewApi(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', idParam);
  router.param('itemId', idParam);

  router.get('/submissions/:id/comments', requireAuth, async (req, res) => {
    const actor = actorOf(req);
    const sub = await loadSubmission(actor, req.params.id as string);
    const threads = await listThreads(actor, sub._id);
    res.json({ items: threads.map((t) => ({ ...commentJson(t.root), replies: t.replies.map(commentJson) })), next: null });
  });

  router.post('/submissions/:id/comments', requireAuth, async (req, res) => {
    const c = await addComment(actorOf(req), req.params.id as string, parse(commentBody, req.body));
    res.status(201).json(commentJson(c));
  });

  router.put('/comments/:id', requireAuth, async (req, res) => {
    const { text } = parse(z.object({ text: z.string().max(10_000) }), req.body);
    res.json(commentJson(await editComment(actorOf(req), req.params.id as string, text)));
  });

  router.post('/comments/:id/resolve', requireAuth, async (req, res) => {
    res.json(commentJson(await setThreadStatus(actorOf(req), req.params.id as string, 'resolved')));
  });

  router.post('/comments/:id/reopen', requireAuth, async (req, res) => {
    res.json(commentJson(await setThreadStatus(actorOf(req), req.params.id as string, 'open')));
  });

  router.get('/campaigns/:id/threads', requireRole('admin', 'reviewer'), async (req, res) => {
    const data = await campaignThreads(actorOf(req), req.params.id as string, parseQuery(threadFilterSchema, req.query));
    res.json({ items: data.threads.map((t) => ({ ...commentJson(t.root), agency: t.agency?.nameVi ?? null, submission: t.root.submission.toString(), replies: t.replies.map(commentJson) })), total: data.total, next: null });
  });

  router.get('/workload', requireRole('admin', 'reviewer'), async (req, res) => {
    res.json({ items: await reviewerWorkload(actorOf(req)), next: null });
  });

  router.put('/submissions/:id/items/:itemId/disposition', requireRole('reviewer', 'admin'), async (req, res) => {
    const d = await setDisposition(actorOf(req), req.params.id as string, req.params.itemId as string, parse(dispositionBody, req.body));
    res.json({ item: req.params.itemId, ...dispositionJson(d) });
  });

  return router;
}
