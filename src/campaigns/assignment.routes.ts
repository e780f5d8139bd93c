import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { flash } from '../http/flash.js';
import { actorOf, requireRole } from '../http/guards.js';
import { objectIdParam } from '../http/ids.js';
import { form, parse } from '../http/validate.js';
import { assignAgencies, assignmentPage } from './assignment.service.js';

const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'validation.invalid');

/** One reviewer for many agencies at once; an empty reviewer removes their own assignment. */
export const assignBodySchema = z.object({
  reviewer: z.union([objectId, z.literal(''), z.null()]).optional().transform((v) => v || null),
  agencies: z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(objectId).max(1000)),
});

async function pageLocals(req: Request) {
  const page = await assignmentPage(actorOf(req), req.params.id as string);
  return {
    title: req.t('workload.assign.title'),
    breadcrumbs: [{ label: req.t('campaigns.title'), href: '/campaigns' }, { label: page.campaign.title, href: `/campaigns/${page.campaign._id.toString()}` }, { label: req.t('workload.assign.title') }],
    ...page,
  };
}

/** Phân công: the admin's page and the API that back it. */
export function assignmentRoutes(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', objectIdParam);

  router.get('/campaigns/:id/assignments', requireRole('admin'), async (req, res) => {
    res.render('campaigns/assignments', await pageLocals(req));
  });

  router.post('/campaigns/:id/assignments', requireRole('admin'), form('campaigns/assignments', pageLocals), async (req, res) => {
    const body = parse(assignBodySchema, req.body);
    await assignAgencies(actorOf(req), req.params.id as string, body);
    flash(req, 'success', 'workload.assign.done', { n: body.agencies.length });
    res.redirect(`/campaigns/${req.params.id as string}/assignments`);
  });

  return router;
}

export function assignmentApi(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', objectIdParam);
  router.put('/campaigns/:id/assignments', requireRole('admin'), async (req, res) => {
    const c = await assignAgencies(actorOf(req), req.params.id as string, parse(assignBodySchema, req.body));
    res.json({ id: c._id.toString(), assignments: (c.assignments ?? []).map((a) => ({ agency: a.agency.toString(), reviewer: a.reviewer.toString() })), reviewers: c.reviewers.map(String) });
  });
  return router;
}
