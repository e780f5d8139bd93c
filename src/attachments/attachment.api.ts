import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../http/context.js';
import { actorOf, requireAuth } from '../http/guards.js';
import { idParam } from '../submissions/id-param.js';
import { attachmentJson } from '../submissions/submission.json.js';
import { loadSubmission } from '../submissions/submission.service.js';
import { countActive, finishUpload, getAttachment, openDownload } from './attachment.service.js';
import { attachmentUpload, uploadedFile } from './attachment.upload.js';
import { Invalid, NotFound } from '../http/errors.js';

/** Per-submission file count limit; the per-file size comes from the app's upload setting. */
export function maxFilesPerSubmission(): number {
  const n = Number(process.env.ATTACHMENT_MAX_FILES ?? 20);
  return Number.isInteger(n) && n > 0 ? n : 20;
}

/** Upload middleware + checks shared by the API and the page: the submission must be in scope and under its file limit. */
export function submissionUpload(ctx: AppContext) {
  const maxFiles = maxFilesPerSubmission();
  return attachmentUpload({
    maxBytes: ctx.uploadMaxBytes,
    beforeStore: async (req: Request) => {
      const sub = await loadSubmission(actorOf(req), req.params.id as string);
      if ((await countActive(sub._id)) >= maxFiles) throw new Invalid([{ field: 'file', message: 'attachments.errors.too_many', params: { max: maxFiles } }]);
    },
  });
}

export async function acceptUpload(req: Request): Promise<Awaited<ReturnType<typeof finishUpload>>> {
  const file = uploadedFile(req);
  const replaces = typeof (req.body as Record<string, unknown>)?.replaces === 'string' ? ((req.body as Record<string, string>).replaces || undefined) : undefined;
  return finishUpload(actorOf(req), req.params.id as string, file, file?.originalname ?? '', { maxFiles: maxFilesPerSubmission(), replaces });
}

/** Sends the bytes as uploaded: always as a download, under the sanitized name. */
export async function sendAttachment(req: Request, res: Response): Promise<void> {
  const a = await getAttachment(actorOf(req), req.params.id as string);
  res.setHeader('Content-Type', a.mime);
  res.setHeader('Content-Length', String(a.size));
  res.setHeader('Content-Disposition', `attachment; filename="${a.name.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(a.name)}`);
  res.setHeader('Cache-Control', 'private, no-store');
  const stream = openDownload(a);
  stream.once('error', () => res.destroy());
  stream.pipe(res);
}

export function attachmentApi(ctx: AppContext): Router {
  const router = Router();
  router.param('id', idParam);

  router.post('/submissions/:id/attachments', requireAuth, ...submissionUpload(ctx), async (req, res) => {
    const a = await acceptUpload(req);
    res.status(201).json({ ...attachmentJson(a), ...(a.wordComments ? { wordComments: a.wordComments } : {}) });
  });

  router.get('/attachments/:id', requireAuth, sendAttachment);

  router.get('/attachments/:id/html', requireAuth, async (req, res) => {
    const a = await getAttachment(actorOf(req), req.params.id as string, true);
    if (a.type !== 'docx' || !a.html) throw new NotFound();
    res.json({ ...attachmentJson(a), html: a.html, paragraphs: a.paragraphs ?? [] });
  });

  return router;
}
