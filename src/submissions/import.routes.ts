import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { Invalid } from '../http/errors.js';
import { flash } from '../http/flash.js';
import { actorOf, requireAuth } from '../http/guards.js';
import { upload } from '../http/upload.js';
import { form, parse } from '../http/validate.js';
import { idParam } from './id-param.js';
import { SPLIT } from './import.mapping.js';
import { cleanMapping, importMapped, loadDraft, previewFor, saveDraft } from './import.service.js';
import { loadContext } from './submission.service.js';

/**
 * An agency's own Excel layout: upload → preview with the proposed mapping (the officer may
 * change it) → import all rows or none. The same steps under /api/v1 take the mapping as JSON.
 */
const MAX_BYTES = 10 * 1024 * 1024;
const versionSchema = z.object({ version: z.coerce.number({ error: 'validation.version' }).int().min(1) });

/** `mapping` as a JSON string (multipart) or `map[<col>]` fields (a form). */
function mappingOf(body: Record<string, unknown>): unknown {
  if (typeof body.mapping === 'string' && body.mapping.trim()) {
    try {
      return JSON.parse(body.mapping);
    } catch {
      throw new Invalid([{ field: 'mapping', message: 'submissions.mapping.bad_json' }]);
    }
  }
  // Form fields are named map[c3] (a bare number would make the body parser build an array).
  if (body.map && typeof body.map === 'object' && !Array.isArray(body.map)) {
    return Object.fromEntries(Object.entries(body.map as Record<string, unknown>).map(([k, v]) => [k.replace(/^c/, ''), v]));
  }
  const flat = Object.entries(body).filter(([k]) => /^map\[c\d{1,2}\]$/.test(k));
  return flat.length ? Object.fromEntries(flat.map(([k, v]) => [k.slice(5, -1), v])) : undefined;
}

export function importApi(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', idParam);
  router.post('/submissions/:id/items/import/preview', requireAuth, ...upload({ field: 'file', maxBytes: MAX_BYTES }), async (req, res) => {
    if (!req.file) throw new Invalid([{ field: 'file', message: 'attachments.errors.no_file' }]);
    const ctx = await loadContext(actorOf(req), req.params.id as string);
    const mapping = cleanMapping(ctx, mappingOf(req.body as Record<string, unknown>));
    res.json(await previewFor(actorOf(req), req.params.id as string, req.file.buffer, mapping, req.t));
  });
  router.post('/submissions/:id/items/import/mapped', requireAuth, ...upload({ field: 'file', maxBytes: MAX_BYTES }), async (req, res) => {
    const { version } = parse(versionSchema, req.body);
    if (!req.file) throw new Invalid([{ field: 'file', message: 'attachments.errors.no_file' }]);
    const { submission, added } = await importMapped(actorOf(req), req.params.id as string, version, req.file.buffer, mappingOf(req.body as Record<string, unknown>), req.t);
    res.status(201).json({ added, version: submission.version });
  });
  return router;
}

async function previewLocals(req: Request) {
  const actor = actorOf(req);
  const id = req.params.id as string;
  const draft = await loadDraft(actor, id, req.params.draftId as string);
  const ctx = await loadContext(actor, id);
  const posted = req.method === 'POST' ? cleanMapping(ctx, mappingOf(req.body as Record<string, unknown>)) : undefined;
  const preview = await previewFor(actor, id, draft.data, posted, req.t);
  return {
    title: req.t('submissions.mapping.title'),
    breadcrumbs: [{ label: ctx.campaign.title, href: `/submissions/${id}?step=rows` }, { label: req.t('submissions.mapping.title') }],
    ...ctx, draft: { id: draft._id.toString(), name: draft.name }, preview, split: SPLIT,
  };
}

export function importRoutes(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', idParam);
  router.param('draftId', idParam);
  router.post('/submissions/:id/import', requireAuth, ...upload({ field: 'file', maxBytes: MAX_BYTES }), async (req, res) => {
    if (!req.file) throw new Invalid([{ field: 'file', message: 'attachments.errors.no_file' }]);
    // Browsers send the file name as raw UTF-8, which the multipart parser reads as latin1.
    const name = Buffer.from(req.file.originalname, 'latin1').toString('utf8');
    const draft = await saveDraft(actorOf(req), req.params.id as string, name, req.file.buffer);
    res.redirect(`/submissions/${req.params.id as string}/import/${draft._id.toString()}`);
  });
  router.get('/submissions/:id/import/:draftId', requireAuth, async (req, res) => {
    res.render('submissions/import-preview', await previewLocals(req));
  });
  // "Xem lại" re-reads the sheet with the officer's mapping; "Nhập" imports with it.
  router.post('/submissions/:id/import/:draftId', requireAuth, form('submissions/import-preview', previewLocals), async (req, res) => {
    const body = req.body as Record<string, unknown>;
    if (body._action !== 'import') return res.render('submissions/import-preview', await previewLocals(req));
    const { version } = parse(versionSchema, body);
    const draft = await loadDraft(actorOf(req), req.params.id as string, req.params.draftId as string);
    const { added } = await importMapped(actorOf(req), req.params.id as string, version, draft.data, mappingOf(body), req.t);
    flash(req, 'success', 'submissions.import.done', { count: added });
    res.redirect(`/submissions/${req.params.id as string}?step=rows`);
  });
  return router;
}
