import { Router, type NextFunction, type Request, type Response } from 'express';
import { attachmentUpload, uploadedFile } from '../attachments/attachment.upload.js';
import type { AppContext } from '../http/context.js';
import { toAppError } from '../http/error-handler.js';
import { flash } from '../http/flash.js';
import { actorOf, requireAuth } from '../http/guards.js';
import { idParam } from '../submissions/id-param.js';
import { importCommentedCopy } from './comment.copy.js';

/** A reviewer's commented copy of an agency's Word file: the review page's form and the API. */
function copyUpload(ctx: AppContext) {
  return attachmentUpload({ maxBytes: ctx.uploadMaxBytes });
}

const reviewUrl = (submission: string, file: string) => `/submissions/${submission}/review?tab=document&file=${file}`;

export function commentedCopyRoutes(ctx: AppContext): Router {
  const router = Router();
  router.param('id', idParam);
  router.post('/attachments/:id/commented-copy', requireAuth, ...copyUpload(ctx), async (req, res) => {
    const { attachment, result } = await importCommentedCopy(actorOf(req), req.params.id as string, uploadedFile(req));
    flash(req, 'success', 'word_import.copy_imported', { threads: result.threads, replies: result.replies, unplaced: result.unplaced, known: result.known });
    res.redirect(reviewUrl(attachment.submission.toString(), attachment._id.toString()));
  });
  // A refused copy comes back to the page it was sent from, with the reason.
  router.use('/attachments/:id/commented-copy', async (err: unknown, req: Request, res: Response, next: NextFunction) => {
    const e = toAppError(err);
    if (!e || e.status >= 500 || e.status === 404 || res.headersSent) return next(err);
    const message = e.details[0] ? req.t(e.details[0].message, e.details[0].params) : req.t(e.messageKey, e.params);
    flash(req, 'danger', 'word_import.copy_refused', { reason: message });
    const back = typeof req.get('referer') === 'string' && /^\/submissions\/[0-9a-f]{24}\/review/.test(new URL(req.get('referer')!, 'http://x').pathname) ? new URL(req.get('referer')!, 'http://x') : null;
    res.redirect(303, back ? back.pathname + back.search : '/reviews');
  });
  return router;
}

export function commentedCopyApi(ctx: AppContext): Router {
  const router = Router();
  router.param('id', idParam);
  router.post('/attachments/:id/commented-copy', requireAuth, ...copyUpload(ctx), async (req, res) => {
    const { result } = await importCommentedCopy(actorOf(req), req.params.id as string, uploadedFile(req));
    res.status(201).json(result);
  });
  return router;
}
