import { Router, type Request } from 'express';
import { listAttachments } from '../attachments/attachment.service.js';
import type { AppContext } from '../http/context.js';
import { Invalid } from '../http/errors.js';
import { actorOf, requireAuth } from '../http/guards.js';
import { idParam } from './id-param.js';
import { parsePaging } from '../http/paging.js';
import { upload } from '../http/upload.js';
import { parse, parseQuery } from '../http/validate.js';
import { listDispositions } from '../reviews/disposition.service.js';
import { transition } from '../reviews/transition.service.js';
import { buildItemsTemplate } from './items.xlsx.js';
import { addItem, deleteItem, importItems, replaceSubmission, updateItem } from './submission.edit.js';
import { itemJson, submissionJson, versionSummaryJson } from './submission.json.js';
import { listItems, SHOWN_ITEM } from './item.service.js';
import { itemBodySchema, replaceBodySchema, diffQuerySchema, transitionBodySchema, versionOnlySchema } from './submission.schema.js';
import { listCampaignSubmissions, loadContext } from './submission.service.js';
import { diffVersions, getVersion, listVersions } from './version.service.js';

const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

/** /api/v1 submissions, rows, import, transitions, versions, search (API.md). */
export function submissionApi(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', idParam);
  router.param('itemId', idParam);

  async function full(req: Request, id: string) {
    const actor = actorOf(req);
    const ctx = await loadContext(actor, id);
    const [items, attachments, dispositions] = await Promise.all([listItems(ctx.submission._id, SHOWN_ITEM), listAttachments(actor, ctx.submission._id), listDispositions(actor, ctx.submission._id)]);
    return submissionJson(ctx.submission, { items, attachments, dispositions });
  }

  router.get('/campaigns/:id/submissions', requireAuth, async (req, res) => {
    const page = await listCampaignSubmissions(actorOf(req), req.params.id as string, parsePaging(req.query));
    res.json({ items: page.items.map((s) => submissionJson(s)), next: page.next });
  });

  router.get('/submissions/:id', requireAuth, async (req, res) => {
    res.json(await full(req, req.params.id as string));
  });

  router.put('/submissions/:id', requireAuth, async (req, res) => {
    await replaceSubmission(actorOf(req), req.params.id as string, parse(replaceBodySchema, req.body));
    res.json(await full(req, req.params.id as string));
  });

  router.post('/submissions/:id/items', requireAuth, async (req, res) => {
    const body = parse(itemBodySchema, req.body);
    const { submission, item } = await addItem(actorOf(req), req.params.id as string, body.version, body.values);
    res.status(201).json({ item: itemJson(item), version: submission.version });
  });

  router.put('/submissions/:id/items/:itemId', requireAuth, async (req, res) => {
    const body = parse(itemBodySchema, req.body);
    const { submission, item } = await updateItem(actorOf(req), req.params.id as string, req.params.itemId as string, body.version, body.values);
    const [disposition] = await listDispositions(actorOf(req), submission._id, [item._id]);
    res.json({ item: itemJson(item, disposition), version: submission.version });
  });

  router.delete('/submissions/:id/items/:itemId', requireAuth, async (req, res) => {
    const { version } = parse(versionOnlySchema, { version: (req.body as Record<string, unknown> | undefined)?.version ?? req.query.version });
    const submission = await deleteItem(actorOf(req), req.params.id as string, req.params.itemId as string, version);
    res.json({ version: submission.version });
  });

  router.get('/submissions/:id/items/template.xlsx', requireAuth, async (req, res) => {
    const ctx = await loadContext(actorOf(req), req.params.id as string);
    const buf = await buildItemsTemplate(ctx.template.fields, { title: ctx.template.title, t: req.t });
    res.type('xlsx').attachment('danh-muc-van-ban.xlsx').send(buf);
  });

  router.post('/submissions/:id/items/import', requireAuth, ...upload({ field: 'file', maxBytes: IMPORT_MAX_BYTES }), async (req, res) => {
    const { version } = parse(versionOnlySchema, req.body);
    if (!req.file) throw new Invalid([{ field: 'file', message: 'attachments.errors.no_file' }]);
    const { submission, added } = await importItems(actorOf(req), req.params.id as string, version, req.file.buffer, req.t);
    res.status(201).json({ added, version: submission.version });
  });

  router.post('/submissions/:id/transitions', requireAuth, async (req, res) => {
    const body = parse(transitionBodySchema, req.body);
    const { submission, receipt } = await transition(actorOf(req), req.params.id as string, body.action, body.message, body);
    res.json({ status: submission.status, version: submission.version, receipt: receipt ?? null });
  });

  router.get('/submissions/:id/versions', requireAuth, async (req, res) => {
    const { versions } = await listVersions(actorOf(req), req.params.id as string);
    res.json({ items: versions.map(versionSummaryJson), next: null });
  });

  router.get('/submissions/:id/versions/:n', requireAuth, async (req, res) => {
    const { version, receipt } = await getVersion(actorOf(req), req.params.id as string, Number(req.params.n));
    res.json({ ...versionSummaryJson(version), items: version.items, report: version.report, attachments: version.attachments, receipt });
  });

  router.get('/submissions/:id/diff', requireAuth, async (req, res) => {
    const q = parseQuery(diffQuerySchema, req.query);
    const r = await diffVersions(actorOf(req), req.params.id as string, q.from, q.to);
    res.json({ from: r.from, to: r.to, diff: r.diff });
  });

  return router;
}
