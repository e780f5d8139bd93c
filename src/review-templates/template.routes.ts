import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { flash } from '../http/flash.js';
import { actorOf, requireRole } from '../http/guards.js';
import { objectIdParam } from '../http/ids.js';
import { parseQuery } from '../http/validate.js';
import { TEMPLATE_STATUSES } from './template.model.js';
import { consultationPanel } from './consultation.service.js';
import { appendixPreview, renderMarkdown } from './template.render.js';
import { archiveTemplate, familyVersions, getTemplate, listTemplates, publishTemplate, startNewVersion } from './template.service.js';

const TABS = ['scope', 'outline', 'fields', 'appendix', 'preview'] as const;
const ListQuery = z.object({ status: z.enum(TEMPLATE_STATUSES).or(z.literal('')).optional(), q: z.string().trim().max(100).optional() });
const ViewQuery = z.object({ tab: z.enum(TABS).optional() });

/** Template pages (admin). The editing forms are not written yet: drafts are edited through the API. */
export function templateRoutes(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', objectIdParam);
  // Reviewers read templates through the campaigns they review; the admin pages are the admin's.
  router.use('/admin/templates', requireRole('admin'));

  router.get('/admin/templates', async (req, res) => {
    const filter = parseQuery(ListQuery, req.query);
    const items = await listTemplates(actorOf(req), { status: filter.status || undefined, q: filter.q });
    res.render('review-templates/list', { title: req.t('templates.title'), breadcrumbs: [{ label: req.t('templates.title') }], items, filter, statuses: TEMPLATE_STATUSES });
  });

  router.get('/admin/templates/:id', async (req, res) => {
    const { tab = 'scope' } = parseQuery(ViewQuery, req.query);
    const template = await getTemplate(actorOf(req), req.params.id as string);
    res.render('review-templates/view', {
      title: `${template.title} (v${template.version})`,
      breadcrumbs: [{ label: req.t('templates.title'), href: '/admin/templates' }, { label: `${template.title} (v${template.version})` }],
      template,
      tab,
      tabs: TABS,
      versions: await familyVersions(template.family),
      html: {
        description: renderMarkdown(template.description),
        legalNote: actorOf(req).role === 'admin' ? renderMarkdown(template.legalNote) : '',
        scope: renderMarkdown(template.scope),
        method: renderMarkdown(template.method),
        guidance: template.outline.map((s) => renderMarkdown(s.guidance)),
        help: template.fields.map((f) => renderMarkdown(f.help)),
      },
      preview: appendixPreview(template, req.lang),
      consultation: await consultationPanel(actorOf(req), template),
    });
  });

  router.post('/admin/templates/:id/publish', requireRole('admin'), async (req, res) => {
    await publishTemplate(actorOf(req), req.params.id as string);
    flash(req, 'success', 'templates.published');
    res.redirect(`/admin/templates/${req.params.id}`);
  });

  router.post('/admin/templates/:id/archive', requireRole('admin'), async (req, res) => {
    await archiveTemplate(actorOf(req), req.params.id as string);
    flash(req, 'success', 'templates.archived');
    res.redirect(`/admin/templates/${req.params.id}`);
  });

  router.post('/admin/templates/:id/new-version', requireRole('admin'), async (req, res) => {
    const draft = await startNewVersion(actorOf(req), req.params.id as string);
    flash(req, 'success', 'templates.version_created', { version: draft.version });
    res.redirect(`/admin/templates/${draft._id.toString()}`);
  });

  return router;
}
