import { Router } from 'express';
import { z } from 'zod';
import { actorOf, requireAuth, requireRole } from '../http/guards.js';
import { objectIdParam } from '../http/ids.js';
import { parsePaging } from '../http/paging.js';
import { parse } from '../http/validate.js';
import type { ReviewTemplate } from './template.model.js';
import { createTemplate, getTemplate, pageTemplates, publishTemplate, updateTemplate } from './template.service.js';

/** The legal-basis note is for admins: the other roles get the template without it. */
export function templateJson(t: ReviewTemplate, role?: string) {
  return {
    id: t._id.toString(),
    family: t.family.toString(),
    version: t.version,
    status: t.status,
    rev: t.rev,
    builtinCode: t.builtinCode ?? null,
    title: t.title,
    description: t.description,
    ...(role === 'admin' ? { legalNote: t.legalNote ?? '' } : {}),
    scope: t.scope,
    method: t.method,
    outline: t.outline,
    fields: t.fields,
    appendix: t.appendix,
    recommendationField: t.recommendationField ?? null,
    documentField: t.documentField ?? null,
    publishedAt: t.publishedAt?.toISOString() ?? null,
    createdAt: t.createdAt?.toISOString() ?? null,
    updatedAt: t.updatedAt?.toISOString() ?? null,
  };
}

const RevSchema = z.object({ rev: z.number().int().min(1).optional() }).loose();

/** /api/v1/templates per API.md. */
export function templateApi(): Router {
  const router = Router();
  router.param('id', objectIdParam);

  router.get('/templates', requireAuth, async (req, res) => {
    const page = await pageTemplates(actorOf(req), parsePaging(req.query));
    res.json({ items: page.items.map((t) => templateJson(t, actorOf(req).role)), next: page.next });
  });

  router.get('/templates/:id', requireAuth, async (req, res) => {
    res.json(templateJson(await getTemplate(actorOf(req), req.params.id as string), actorOf(req).role));
  });

  router.post('/templates', requireRole('admin'), async (req, res) => {
    const t = await createTemplate(actorOf(req), req.body);
    res.status(201).location(`/api/v1/templates/${t._id.toString()}`).json(templateJson(t, 'admin'));
  });

  // Body: the whole template spec, plus optionally the `rev` it was based on (409 when stale).
  router.put('/templates/:id', requireRole('admin'), async (req, res) => {
    const { rev } = parse(RevSchema, req.body);
    const { template, created } = await updateTemplate(actorOf(req), req.params.id as string, req.body, rev);
    if (created) res.status(201).location(`/api/v1/templates/${template._id.toString()}`);
    res.json(templateJson(template, 'admin'));
  });

  router.post('/templates/:id/publish', requireRole('admin'), async (req, res) => {
    res.json(templateJson(await publishTemplate(actorOf(req), req.params.id as string), 'admin'));
  });

  return router;
}
