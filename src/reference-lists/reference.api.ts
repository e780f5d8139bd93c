import { Router } from 'express';
import type { AppContext } from '../http/context.js';
import { Invalid } from '../http/errors.js';
import { actorOf, requireAuth, requireRole } from '../http/guards.js';
import { idParam } from '../submissions/id-param.js';
import { upload } from '../http/upload.js';
import { parse, parseQuery } from '../http/validate.js';
import { answerRow, givenRows } from './reference.answer.js';
import type { ReferenceAnswer, ReferenceRow } from './reference.model.js';
import { addReferenceRow, deleteReferenceRow, importReferenceRows, listReferenceRows, loadCampaignReference } from './reference.service.js';
import { answerBodySchema, listQuerySchema } from './reference.schema.js';

const rowJson = (r: ReferenceRow) => ({
  id: r._id.toString(), position: r.position, values: r.values, lead: r.lead.toString(), coordinating: r.coordinating.map(String),
});
const answerJson = (a: ReferenceAnswer | null) => (a ? { values: a.values, rev: a.rev, updatedAt: a.updatedAt } : null);

/** /api/v1 reference lists: the MoJ's rows of a campaign, and an agency's rows with its answers. */
export function referenceApi(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', idParam);
  router.param('rowId', idParam);

  router.get('/campaigns/:id/reference-rows', requireRole('admin', 'reviewer'), async (req, res) => {
    const { page } = parseQuery(listQuerySchema, req.query);
    const list = await listReferenceRows(await loadCampaignReference(actorOf(req), req.params.id as string), { skip: (page - 1) * 500, limit: 500 });
    res.json({ items: list.rows.map(rowJson), total: list.total, next: page * 500 < list.total ? String(page + 1) : null });
  });

  router.post('/campaigns/:id/reference-rows', requireRole('admin'), async (req, res) => {
    const row = await addReferenceRow(actorOf(req), req.params.id as string, (req.body as { values?: unknown } | undefined)?.values);
    res.status(201).json(rowJson(row));
  });

  router.post('/campaigns/:id/reference-rows/import', requireRole('admin'), ...upload({ field: 'file', maxBytes: 10 * 1024 * 1024 }), async (req, res) => {
    if (!req.file) throw new Invalid([{ field: 'file', message: 'attachments.errors.no_file' }]);
    res.status(201).json(await importReferenceRows(actorOf(req), req.params.id as string, req.file.buffer, req.t));
  });

  router.delete('/campaigns/:id/reference-rows/:rowId', requireRole('admin'), async (req, res) => {
    await deleteReferenceRow(actorOf(req), req.params.id as string, req.params.rowId as string);
    res.status(204).end();
  });

  router.get('/submissions/:id/reference-rows', requireAuth, async (req, res) => {
    const list = await givenRows(actorOf(req), req.params.id as string);
    res.json({ items: list.rows.map((r) => ({ ...rowJson(r.row), role: r.role, answer: answerJson(r.answer) })), total: list.rows.length, answered: list.answered, next: null });
  });

  router.put('/submissions/:id/reference-rows/:rowId', requireAuth, async (req, res) => {
    const body = parse(answerBodySchema, req.body);
    res.json(answerJson(await answerRow(actorOf(req), req.params.id as string, req.params.rowId as string, body.rev, body.values)));
  });

  return router;
}
