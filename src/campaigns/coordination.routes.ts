import { Router, type Request } from 'express';
import type { AppContext } from '../http/context.js';
import { flash } from '../http/flash.js';
import { actorOf, requireRole } from '../http/guards.js';
import { objectIdParam } from '../http/ids.js';
import { form, parse } from '../http/validate.js';
import { CoordinatorsSchema } from './campaign.schema.js';
import { coordinatorsPage, setCoordinators } from './coordination.service.js';

async function pageLocals(req: Request) {
  const page = await coordinatorsPage(actorOf(req), req.params.id as string);
  return {
    title: req.t('coordination.page.title', { title: page.campaign.title }),
    breadcrumbs: [{ label: req.t('campaigns.title'), href: '/campaigns' }, { label: page.campaign.title, href: `/campaigns/${page.campaign._id.toString()}` }, { label: req.t('coordination.title') }],
    ...page,
  };
}

/** The admin's page naming a campaign's coordinating agencies (the API is PUT /campaigns/:id/coordinators). */
export function coordinationRoutes(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', objectIdParam);

  router.get('/campaigns/:id/coordinators', requireRole('admin'), async (req, res) => {
    res.render('campaigns/coordinators', await pageLocals(req));
  });

  router.post('/campaigns/:id/coordinators', requireRole('admin'), form('campaigns/coordinators', pageLocals), async (req, res) => {
    const body = parse(CoordinatorsSchema, req.body);
    await setCoordinators(actorOf(req), req.params.id as string, body.coordinators, body.rev);
    flash(req, 'success', 'coordination.page.done', { count: body.coordinators.length });
    res.redirect(`/campaigns/${req.params.id as string}`);
  });

  return router;
}
