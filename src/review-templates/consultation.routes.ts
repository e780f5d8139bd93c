import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { flash } from '../http/flash.js';
import { actorOf, requireAuth, requireRole } from '../http/guards.js';
import { objectIdParam } from '../http/ids.js';
import { form, parse } from '../http/validate.js';
import { addTemplateComment, consultationPanel, consultationTemplate, listTemplateThreads, sendForComments, setTemplateThreadStatus, type TemplateThread } from './consultation.service.js';
import type { TemplateComment } from './consultation.model.js';
import { appendixPreview, renderMarkdown } from './template.render.js';

const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'validation.invalid');
const ids = z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v.filter((x) => x !== '') : [v]), z.array(objectId).max(500));
const SendSchema = z.object({ agencies: ids.optional().default([]), message: z.string().max(10_000).optional().default('') });
const CommentSchema = z.object({
  text: z.string().max(10_000).optional().default(''),
  part: z.string().max(20).optional().transform((v) => v || undefined),
  parentId: z.string().optional().transform((v) => v || undefined),
});
const TABS = ['scope', 'outline', 'fields', 'appendix', 'preview'] as const;

function commentJson(c: TemplateComment) {
  return {
    id: c._id.toString(), agency: c.agency.toString(), parentId: c.parent?.toString() ?? null, part: c.part ?? null,
    author: { id: c.author.toString(), name: c.authorName, role: c.authorRole }, text: c.text, status: c.status ?? null, createdAt: c.createdAt.toISOString(),
  };
}
const threadJson = (th: TemplateThread) => ({ ...commentJson(th.root), replies: th.replies.map(commentJson) });

/** The draft as a consulted agency reads it: the template page without the admin's parts, with its threads and a comment form. */
async function agencyLocals(req: Request) {
  const actor = actorOf(req);
  const template = await consultationTemplate(actor, req.params.id as string);
  const tab = (TABS as readonly string[]).includes(String(req.query.tab)) ? String(req.query.tab) : 'scope';
  return {
    title: req.t('consultation.agency_title', { title: template.title }),
    breadcrumbs: [{ label: req.t('consultation.drafts') , href: '/campaigns' }, { label: `${template.title} (v${template.version})` }],
    template,
    tab,
    tabs: TABS,
    versions: [],
    html: {
      description: renderMarkdown(template.description),
      legalNote: '',
      scope: renderMarkdown(template.scope),
      method: renderMarkdown(template.method),
      guidance: template.outline.map((s) => renderMarkdown(s.guidance)),
      help: template.fields.map((f) => renderMarkdown(f.help)),
    },
    preview: appendixPreview(template, req.lang),
    consultation: await consultationPanel(actor, template),
  };
}

/** Gửi lấy ý kiến on draft templates: the admin sends and answers, consulted agencies read and comment. */
export function consultationRoutes(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', objectIdParam);

  router.get('/templates/:id/consultation', requireAuth, async (req, res) => {
    if (actorOf(req).role === 'admin') return res.redirect(`/admin/templates/${req.params.id as string}#consultation`);
    res.render('review-templates/view', await agencyLocals(req));
  });

  router.post('/templates/:id/comments', requireAuth, form('review-templates/view', agencyLocals), async (req, res) => {
    const actor = actorOf(req);
    const c = await addTemplateComment(actor, req.params.id as string, parse(CommentSchema, req.body));
    flash(req, 'success', 'consultation.comment_saved');
    const anchor = `#tc-${(c.parent ?? c._id).toString()}`;
    res.redirect(actor.role === 'admin' ? `/admin/templates/${req.params.id as string}${anchor}` : `/templates/${req.params.id as string}/consultation${anchor}`);
  });

  router.post('/admin/templates/:id/consultation', requireRole('admin'), async (req, res) => {
    const body = parse(SendSchema, req.body);
    const sent = await sendForComments(actorOf(req), req.params.id as string, body);
    flash(req, 'success', 'consultation.sent', { count: sent.agencies.length });
    res.redirect(`/admin/templates/${req.params.id as string}#consultation`);
  });

  for (const [action, status] of [['resolve', 'resolved'], ['reopen', 'open']] as const) {
    router.post(`/admin/template-comments/:id/${action}`, requireRole('admin'), async (req, res) => {
      const c = await setTemplateThreadStatus(actorOf(req), req.params.id as string, status);
      res.redirect(`/admin/templates/${c.template.toString()}#tc-${c._id.toString()}`);
    });
  }
  return router;
}

export function consultationApi(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', objectIdParam);
  router.get('/templates/:id/comments', requireAuth, async (req, res) => {
    const actor = actorOf(req);
    const t = await consultationTemplate(actor, req.params.id as string);
    res.json({ items: (await listTemplateThreads(actor, t._id)).map(threadJson) });
  });
  router.post('/templates/:id/comments', requireAuth, async (req, res) => {
    const c = await addTemplateComment(actorOf(req), req.params.id as string, parse(CommentSchema, req.body));
    res.status(201).json(commentJson(c));
  });
  router.post('/templates/:id/consultations', requireRole('admin'), async (req, res) => {
    const sent = await sendForComments(actorOf(req), req.params.id as string, parse(SendSchema, req.body));
    res.status(201).json({ id: sent._id.toString(), template: sent.template.toString(), agencies: sent.agencies.map(String), message: sent.message, sentAt: sent.createdAt.toISOString() });
  });
  for (const [action, status] of [['resolve', 'resolved'], ['reopen', 'open']] as const) {
    router.post(`/template-comments/:id/${action}`, requireRole('admin'), async (req, res) => {
      res.json(commentJson(await setTemplateThreadStatus(actorOf(req), req.params.id as string, status)));
    });
  }
  return router;
}
