import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../http/context.js';
import { Invalid } from '../http/errors.js';
import { flash } from '../http/flash.js';
import { actorOf, requireAuth, requireRole } from '../http/guards.js';
import { idParam } from '../submissions/id-param.js';
import { upload } from '../http/upload.js';
import { form, parse, parseQuery } from '../http/validate.js';
import { buildItemsTemplate } from '../submissions/items.xlsx.js';
import { viewHelpers } from '../submissions/submission.view.js';
import { answerRow, givenRows } from './reference.answer.js';
import { addReferenceRow, deleteReferenceRow, importReferenceRows, listReferenceRows, loadCampaignReference } from './reference.service.js';
import { answerBodySchema, listQuerySchema, tasksQuerySchema } from './reference.schema.js';

/**
 * Pages of a reference list: the MoJ's list of a campaign (import, add, remove) and the
 * agency's list of the rows given to it, answered one by one.
 */
const PAGE_SIZE = 100;
const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

async function campaignLocals(req: Request): Promise<Record<string, unknown>> {
  const ref = await loadCampaignReference(actorOf(req), req.params.id as string);
  const { page } = parseQuery(listQuerySchema, req.query);
  const list = await listReferenceRows(ref, { skip: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
  return {
    title: req.t('reference.admin.title'),
    breadcrumbs: [{ label: req.t('campaigns.title'), href: '/campaigns' }, { label: ref.campaign.title, href: `/campaigns/${ref.campaign._id.toString()}` }, { label: req.t('reference.admin.title') }],
    ...ref,
    ...list,
    page,
    pages: Math.max(1, Math.ceil(list.total / PAGE_SIZE)),
    h: viewHelpers,
  };
}

async function tasksLocals(req: Request, res: Response): Promise<Record<string, unknown>> {
  const id = (req.params.id ?? res.locals.submissionId) as string;
  const list = await givenRows(actorOf(req), id);
  const q = parseQuery(tasksQuerySchema, req.query);
  const posted = (req.body as Record<string, unknown> | undefined)?._row as string | undefined;
  const { ctx } = list;
  return {
    title: `${req.t('reference.tasks.title')} — ${ctx.agency.nameVi}`,
    breadcrumbs: [{ label: req.t('submissions.mine.title'), href: '/submissions' }, { label: ctx.campaign.title, href: `/submissions/${id}` }, { label: req.t('reference.tasks.title') }],
    ...ctx,
    ...list,
    reference: { total: list.rows.length, answered: list.answered },
    step: 'tasks',
    show: q.show,
    editId: posted ?? q.edit ?? null,
    editable: actorOf(req).role === 'agency' && ctx.campaign.status === 'open' && ['draft', 'changes_requested'].includes(ctx.submission.status),
    h: viewHelpers,
  };
}

export function referenceRoutes(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', idParam);
  router.param('rowId', idParam);

  router.get('/campaigns/:id/reference', requireRole('admin', 'reviewer'), async (req, res) => {
    res.render('reference-lists/campaign', { ...(await campaignLocals(req)), values: {}, errors: {} });
  });

  router.get('/campaigns/:id/reference/template.xlsx', requireRole('admin', 'reviewer'), async (req, res) => {
    const { plan, template } = await loadCampaignReference(actorOf(req), req.params.id as string);
    res.type('xlsx').attachment('danh-muc-giao.xlsx').send(await buildItemsTemplate(plan.importFields, { title: template.title, t: req.t }));
  });

  router.post('/campaigns/:id/reference/import', requireRole('admin'), ...upload({ field: 'file', maxBytes: IMPORT_MAX_BYTES }), form('reference-lists/campaign', campaignLocals), async (req, res) => {
    if (!req.file) throw new Invalid([{ field: 'file', message: 'attachments.errors.no_file' }]);
    const { added } = await importReferenceRows(actorOf(req), req.params.id as string, req.file.buffer, req.t);
    flash(req, 'success', 'reference.admin.imported', { count: added });
    res.redirect(`/campaigns/${req.params.id as string}/reference`);
  });

  router.post('/campaigns/:id/reference', requireRole('admin'), form('reference-lists/campaign', campaignLocals), async (req, res) => {
    await addReferenceRow(actorOf(req), req.params.id as string, (req.body as { values?: unknown } | undefined)?.values);
    flash(req, 'success', 'reference.admin.added');
    res.redirect(`/campaigns/${req.params.id as string}/reference`);
  });

  router.post('/campaigns/:id/reference/:rowId/delete', requireRole('admin'), async (req, res) => {
    await deleteReferenceRow(actorOf(req), req.params.id as string, req.params.rowId as string);
    flash(req, 'success', 'reference.admin.deleted');
    res.redirect(`/campaigns/${req.params.id as string}/reference`);
  });

  router.get('/submissions/:id/tasks', requireAuth, async (req, res) => {
    res.render('reference-lists/tasks', { ...(await tasksLocals(req, res)), values: {}, errors: {} });
  });

  const answerForm = form('reference-lists/tasks', tasksLocals);
  router.post('/submissions/:id/tasks/:rowId', requireAuth, (req, res, next) => {
    res.locals.submissionId = req.params.id;
    answerForm(req, res, next);
  }, async (req, res) => {
    const body = parse(answerBodySchema, req.body);
    await answerRow(actorOf(req), req.params.id as string, req.params.rowId as string, body.rev, body.values);
    flash(req, 'success', 'reference.tasks.saved');
    const show = req.query.show === 'open' ? '?show=open' : '';
    res.redirect(`/submissions/${req.params.id as string}/tasks${show}#task-${req.params.rowId as string}`);
  });

  return router;
}
