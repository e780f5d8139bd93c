import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { Conflict, isAppError } from '../http/errors.js';
import { flash } from '../http/flash.js';
import { actorOf, requireRole } from '../http/guards.js';
import { objectIdParam } from '../http/ids.js';
import { form, parse, parseQuery } from '../http/validate.js';
import { FIELD_TYPES, ORIENTATIONS } from './template.schema.js';
import type { ReviewTemplate } from './template.model.js';
import { appendixPreview, renderMarkdown } from './template.render.js';
import {
  applyAction, blankState, EDITOR_TABS, previewSpec, specFromState, stateFromBody, stateFromSpec, tabOfErrors, type EditorState,
} from './template.form.js';
import { createTemplate, duplicateTemplate, getTemplate, updateTemplate } from './template.service.js';

const NewQuery = z.object({ from: z.string().regex(/^[0-9a-f]{24}$/i).optional() });
const EditQuery = z.object({ tab: z.enum(EDITOR_TABS).optional() });
const DuplicateBody = z.object({ title: z.string().optional() }).loose();
const PreviewBody = z.object({ text: z.string().max(50_000) }).loose();

/** Everything the editor view needs for a state, saved or not. */
function editorLocals(req: Request, state: EditorState, template: ReviewTemplate | null) {
  const crumbs: { label: string; href?: string }[] = [{ label: req.t('templates.title'), href: '/admin/templates' }];
  const name = template ? `${template.title} (v${template.version})` : req.t('templates.new_title');
  if (template) crumbs.push({ label: name, href: `/admin/templates/${template._id.toString()}` });
  crumbs.push({ label: template ? req.t('templates.edit_title') : req.t('templates.new_title') });
  // The preview is of what is on screen, saved or not.
  const preview = appendixPreview(previewSpec(state), req.lang);
  return {
    title: name,
    breadcrumbs: crumbs,
    template,
    state,
    tabs: EDITOR_TABS,
    fieldTypes: FIELD_TYPES,
    orientations: ORIENTATIONS,
    tabOfErrors,
    action: template ? `/admin/templates/${template._id.toString()}/edit` : '/admin/templates/new',
    html: { description: renderMarkdown(state.description), legalNote: renderMarkdown(state.legalNote), scope: renderMarkdown(state.scope), method: renderMarkdown(state.method) },
    preview,
  };
}

async function loadDraft(req: Request): Promise<ReviewTemplate> {
  const t = await getTemplate(actorOf(req), req.params.id as string);
  if (t.status !== 'draft') throw new Conflict('templates.errors.edit_not_draft');
  return t;
}

/** Re-render after a failed save: the posted state, with the messages placed by the error handler. */
async function newFormLocals(req: Request) {
  return editorLocals(req, stateFromBody(req.body), null);
}
// The error handler runs outside this router, where req.params is empty again: the handler
// leaves the draft it loaded in res.locals.
async function editFormLocals(req: Request, res: Response) {
  return editorLocals(req, stateFromBody(req.body), res.locals.editedTemplate as ReviewTemplate);
}

/**
 * The template editor (admin): new (blank or from an existing version), edit a draft,
 * duplicate. Works without JavaScript: row buttons post back here and re-render.
 */
export function templateEditorRoutes(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', objectIdParam);

  router.get('/admin/templates/new', requireRole('admin'), async (req, res) => {
    const { from } = parseQuery(NewQuery, req.query);
    let state = blankState();
    if (from) {
      const source = await getTemplate(actorOf(req), from);
      state = stateFromSpec(source);
      state.rev = '';
      state.title = req.t('templates.copy_title', { title: source.title });
    }
    res.render('review-templates/edit', editorLocals(req, state, null));
  });

  router.post('/admin/templates/new', requireRole('admin'), form('review-templates/edit', newFormLocals), async (req, res) => {
    const state = stateFromBody(req.body);
    if (applyAction(state, String(req.body?.action ?? 'save')).kind === 'edit') {
      res.render('review-templates/edit', editorLocals(req, state, null));
      return;
    }
    const t = await createTemplate(actorOf(req), specFromState(state));
    flash(req, 'success', 'templates.created');
    res.redirect(`/admin/templates/${t._id.toString()}/edit`);
  });

  router.get('/admin/templates/:id/edit', requireRole('admin'), async (req, res) => {
    const { tab } = parseQuery(EditQuery, req.query);
    const t = await loadDraft(req);
    const state = stateFromSpec(t);
    if (tab) state.tab = tab;
    res.render('review-templates/edit', editorLocals(req, state, t));
  });

  router.post('/admin/templates/:id/edit', requireRole('admin'), form('review-templates/edit', editFormLocals), async (req, res) => {
    const t = await loadDraft(req);
    res.locals.editedTemplate = t;
    const state = stateFromBody(req.body);
    if (applyAction(state, String(req.body?.action ?? 'save')).kind === 'edit') {
      res.render('review-templates/edit', editorLocals(req, state, t));
      return;
    }
    const rev = /^\d+$/.test(state.rev) ? Number(state.rev) : undefined;
    try {
      await updateTemplate(actorOf(req), t._id.toString(), specFromState(state), rev);
    } catch (err) {
      // Someone else saved first: keep what this admin typed, say so beside the form.
      if (isAppError(err) && err instanceof Conflict && err.details.length === 0) {
        throw new Conflict(err.messageKey, { params: err.params, details: [{ field: '_', message: err.messageKey, params: err.params }] });
      }
      throw err;
    }
    flash(req, 'success', 'templates.saved');
    res.redirect(`/admin/templates/${t._id.toString()}/edit?tab=${state.tab}`);
  });

  // The editor script's live preview: the same renderer and sanitiser as the pages agencies read.
  router.post('/admin/templates/markdown-preview', requireRole('admin'), (req, res) => {
    const { text } = parse(PreviewBody, req.body ?? {});
    res.json({ html: renderMarkdown(text) });
  });

  router.post('/admin/templates/:id/duplicate', requireRole('admin'), async (req, res) => {
    const source = await getTemplate(actorOf(req), req.params.id as string);
    const { title } = DuplicateBody.parse(req.body ?? {});
    const copy = await duplicateTemplate(actorOf(req), source._id.toString(), title?.trim() || req.t('templates.copy_title', { title: source.title }));
    flash(req, 'success', 'templates.duplicated');
    res.redirect(`/admin/templates/${copy._id.toString()}/edit`);
  });

  return router;
}
