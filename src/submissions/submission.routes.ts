import { Router, type NextFunction, type Request, type Response } from 'express';
import { acceptUpload, sendAttachment, submissionUpload } from '../attachments/attachment.api.js';
import { listAttachments, removeAttachment } from '../attachments/attachment.service.js';
import type { AppContext } from '../http/context.js';
import { Invalid } from '../http/errors.js';
import { toAppError } from '../http/error-handler.js';
import { flash } from '../http/flash.js';
import { actorOf, requireAuth } from '../http/guards.js';
import { ownAgency, readsAsCoordinator } from '../http/scope.js';
import { idParam } from './id-param.js';
import { upload } from '../http/upload.js';
import { form, parse } from '../http/validate.js';
import { listThreads } from '../reviews/comment.service.js';
import { listDispositions } from '../reviews/disposition.service.js';
import { availableActions } from '../reviews/transition.machine.js';
import { itemNumber, listItems, listItemValues, SHOWN_ITEM } from './item.service.js';
import { buildItemsTemplate } from './items.xlsx.js';
import { addItem, deleteItem, importItems, moveItem, saveReport, updateItem } from './submission.edit.js';
import { itemBodySchema, moveBodySchema, reportBodySchema, versionOnlySchema } from './submission.schema.js';
import { loadContext, mySubmissions } from './submission.service.js';
import { renderMarkdown } from '../review-templates/template.render.js';
import { rowCounts, rowsTableValueKeys, viewHelpers } from './submission.view.js';
import { citationLocals } from '../citations/citations.routes.js';
import { givenSummary } from '../reference-lists/reference.answer.js';

/**
 * The agency's page (báo cáo của cơ quan) in four steps: rows, report, files,
 * send. Forms post back here; a 422 or a stale 409 re-renders the same step
 * with the user's input kept and the messages beside the fields.
 */
const STEPS = ['rows', 'report', 'files', 'send'] as const;
type Step = (typeof STEPS)[number];

function stepOf(req: Request): Step {
  const s = (req.query.step ?? (req.body as Record<string, unknown> | undefined)?._step) as string | undefined;
  return (STEPS as readonly string[]).includes(s ?? '') ? (s as Step) : 'rows';
}

export async function submissionLocals(req: Request, res: Response, step = stepOf(req)): Promise<Record<string, unknown>> {
  const actor = actorOf(req);
  // The error handler re-renders after routing has ended, when req.params is gone.
  const ctx = await loadContext(actor, (req.params.id ?? res.locals.submissionId) as string);
  const editId = typeof req.query.edit === 'string' ? req.query.edit : ((req.body as Record<string, unknown> | undefined)?._edit as string | undefined);
  // The rows table shows a few values of each row; a row being edited, and the other steps, need them all.
  const shown = step === 'rows' && !editId ? rowsTableValueKeys(ctx.template) : undefined;
  const [items, attachments, threads, dispositions, cited, reference] = await Promise.all([
    shown ? listItemValues(ctx.submission._id, shown) : listItems(ctx.submission._id, SHOWN_ITEM),
    listAttachments(actor, ctx.submission._id),
    listThreads(actor, ctx.submission._id),
    listDispositions(actor, ctx.submission._id),
    citationLocals(req),
    givenSummary(ctx),
  ]);
  const editable = ownAgency(actor, ctx.submission.agency) && ctx.campaign.status === 'open' && ['draft', 'changes_requested'].includes(ctx.submission.status);
  return {
    title: `${req.t('submissions.title')} — ${ctx.agency.nameVi}`,
    breadcrumbs: [{ label: req.t('submissions.mine.title'), href: '/submissions' }, { label: ctx.campaign.title }],
    ...ctx,
    items,
    attachments,
    threads,
    dispositions,
    reference,
    step,
    editable,
    coordinating: readsAsCoordinator(actor, ctx.submission),
    editId: editId && items.some((i) => i._id.toString() === editId) ? editId : null,
    actions: readsAsCoordinator(actor, ctx.submission) ? [] : availableActions(ctx.submission.status, actor.role),
    maxMb: Math.round((res.app.locals.ctx as AppContext).uploadMaxBytes / 1048576),
    guide: {
      instructions: renderMarkdown(ctx.campaign.instructions),
      scope: renderMarkdown(ctx.template.scope),
      method: renderMarkdown(ctx.template.method),
    },
    counts: rowCounts(ctx.template, items, req.lang),
    h: viewHelpers,
    ...cited,
  };
}

/** form() for a submission page; remembers the id for a re-render after an error. */
export function submissionForm(view: string, locals: (req: Request, res: Response) => Promise<Record<string, unknown>>) {
  const mark = form(view, locals);
  return (req: Request, res: Response, next: (err?: unknown) => void) => {
    res.locals.submissionId = req.params.id;
    mark(req, res, next);
  };
}

const stepForm = (step: Step) => submissionForm('submissions/show', (req, res) => submissionLocals(req, res, step));
const back = (req: Request, step: Step, extra = '') => `/submissions/${req.params.id as string}?step=${step}${extra}`;

/**
 * A refused file (unreadable, too large, wrong type, empty, too many) keeps the officer on
 * the step they uploaded from with the reason beside the file input, with the status that
 * fits; the page's upload script gets the same reason as JSON.
 */
const uploadRefused = (step: Step, statuses: number[]) => async function refused(err: unknown, req: Request, res: Response, next: NextFunction): Promise<void> {
  const e = toAppError(err);
  if (!e || !statuses.includes(e.status) || res.headersSent) return next(err);
  const message = e.details[0] ? req.t(e.details[0].message, e.details[0].params) : req.t(e.messageKey, e.params);
  if (req.accepts(['html', 'json']) === 'json') {
    res.status(e.status).json({ error: { code: e.code, message } });
    return;
  }
  try {
    res.locals.submissionId = req.params.id;
    const locals = await submissionLocals(req, res, step);
    res.status(e.status).render('submissions/show', { ...locals, errors: { file: message }, formError: message });
  } catch (renderErr) {
    next(renderErr);
  }
};

export function submissionRoutes(ctx: AppContext): Router {
  const router = Router();
  router.param('id', idParam);
  router.param('itemId', idParam);

  router.get('/submissions', requireAuth, async (req, res) => {
    const actor = actorOf(req);
    if (actor.role !== 'agency') return res.redirect('/reviews');
    res.render('submissions/mine', { title: req.t('submissions.mine.title'), breadcrumbs: [{ label: req.t('submissions.mine.title') }], rows: await mySubmissions(actor), h: viewHelpers });
  });

  router.get('/submissions/:id', requireAuth, async (req, res) => {
    if (actorOf(req).role !== 'agency') return res.redirect(`/submissions/${req.params.id as string}/review`);
    const locals = await submissionLocals(req, res);
    // A coordinating agency reads and comments where the MoJ does.
    if (locals.coordinating) return res.redirect(`/submissions/${req.params.id as string}/review`);
    // Rows given by the MoJ come first: until they are all answered, the page opens on them.
    const given = locals.reference as { total: number; answered: number } | null;
    if (!req.query.step && given && given.answered < given.total) return res.redirect(`/submissions/${req.params.id as string}/tasks`);
    res.render('submissions/show', locals);
  });

  router.post('/submissions/:id/items', requireAuth, stepForm('rows'), async (req, res) => {
    const body = parse(itemBodySchema, req.body);
    await addItem(actorOf(req), req.params.id as string, body.version, body.values);
    flash(req, 'success', 'submissions.rows.added');
    res.redirect(back(req, 'rows'));
  });

  // Before /items/:itemId, which would take "import" for a row id.
  router.post('/submissions/:id/items/import', requireAuth, ...upload({ field: 'file', maxBytes: 10 * 1024 * 1024 }), stepForm('rows'), async (req, res) => {
    const { version } = parse(versionOnlySchema, req.body);
    if (!req.file) throw new Invalid([{ field: 'file', message: 'attachments.errors.no_file' }]);
    const { added } = await importItems(actorOf(req), req.params.id as string, version, req.file.buffer, req.t);
    flash(req, 'success', 'submissions.import.done', { count: added });
    res.redirect(back(req, 'rows'));
  });

  router.post('/submissions/:id/items/:itemId', requireAuth, stepForm('rows'), async (req, res) => {
    const body = parse(itemBodySchema, req.body);
    const { submission, item } = await updateItem(actorOf(req), req.params.id as string, req.params.itemId as string, body.version, body.values);
    flash(req, 'success', 'submissions.rows.saved', { n: await itemNumber(submission._id, item) });
    res.redirect(back(req, 'rows', `#row-${req.params.itemId as string}`));
  });

  router.post('/submissions/:id/items/:itemId/delete', requireAuth, stepForm('rows'), async (req, res) => {
    const { version } = parse(versionOnlySchema, req.body);
    await deleteItem(actorOf(req), req.params.id as string, req.params.itemId as string, version);
    flash(req, 'success', 'submissions.rows.deleted');
    res.redirect(back(req, 'rows'));
  });

  router.post('/submissions/:id/items/:itemId/move', requireAuth, stepForm('rows'), async (req, res) => {
    const { version, direction } = parse(moveBodySchema, req.body);
    await moveItem(actorOf(req), req.params.id as string, req.params.itemId as string, version, direction);
    res.redirect(back(req, 'rows', `#row-${req.params.itemId as string}`));
  });

  router.post('/submissions/:id/report', requireAuth, stepForm('report'), async (req, res) => {
    const body = parse(reportBodySchema, req.body);
    await saveReport(actorOf(req), req.params.id as string, body.version, body.report);
    flash(req, 'success', 'submissions.report.saved');
    res.redirect(back(req, 'report'));
  });

  router.get('/submissions/:id/items/template.xlsx', requireAuth, async (req, res) => {
    const c = await loadContext(actorOf(req), req.params.id as string);
    res.type('xlsx').attachment('danh-muc-van-ban.xlsx').send(await buildItemsTemplate(c.template.fields, { title: c.template.title, t: req.t }));
  });

  // The upload form posts here without JavaScript; the page's script posts the same form with XHR for a progress bar.
  router.post('/submissions/:id/attachments', requireAuth, ...submissionUpload(ctx), stepForm('files'), async (req, res) => {
    const a = await acceptUpload(req);
    // A report or decree goes on to the documents it cites, so they can become rows.
    const next = back(req, 'files', a.type === 'xlsx' ? '' : `&cite=${a._id.toString()}#cited`);
    // The page's script follows a JSON answer with a fresh page: the message waits for it there.
    flash(req, 'success', 'attachments.uploaded', { name: a.name });
    if (a.wordComments?.threads) flash(req, 'info', 'word_import.imported', { threads: a.wordComments.threads, replies: a.wordComments.replies });
    if (req.accepts(['html', 'json']) === 'json') {
      res.status(201).json({ id: a._id.toString(), name: a.name, sha256: a.sha256, size: a.size, next });
      return;
    }
    res.redirect(next);
  });
  router.use('/submissions/:id/attachments', uploadRefused('files', [400, 413, 415, 422, 429]));
  // Row-level import errors (422) are re-rendered by stepForm with each row's message.
  router.use('/submissions/:id/items/import', uploadRefused('rows', [400, 413, 415, 429]));

  router.post('/attachments/:id/delete', requireAuth, async (req, res) => {
    const a = await removeAttachment(actorOf(req), req.params.id as string);
    flash(req, 'success', 'attachments.removed', { name: a.name });
    res.redirect(`/submissions/${a.submission.toString()}?step=files`);
  });

  router.get('/attachments/:id', requireAuth, sendAttachment);

  return router;
}
