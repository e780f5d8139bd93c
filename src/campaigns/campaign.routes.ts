import { Router } from 'express';
import type { AppContext } from '../http/context.js';
import { flash } from '../http/flash.js';
import { actorOf, requireAuth, requireRole } from '../http/guards.js';
import { objectIdParam } from '../http/ids.js';
import { parseQuery } from '../http/validate.js';
import { deadlineState } from '../dashboard/deadline.js';
import { renderMarkdown } from '../review-templates/template.render.js';
import { CAMPAIGN_STATUSES } from './campaign.model.js';
import { campaignListPage, campaignPage } from './campaign.read.js';
import { CampaignListQuerySchema } from './campaign.schema.js';
import { closeCampaign, openCampaign } from './campaign.service.js';

/** Campaign pages: the list (everyone, scoped), one campaign, open and close (admin). */
export function campaignRoutes(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', objectIdParam);

  router.get('/campaigns', requireAuth, async (req, res) => {
    const filter = parseQuery(CampaignListQuerySchema, req.query);
    const entries = await campaignListPage(actorOf(req), { status: filter.status, q: filter.q });
    const now = new Date();
    res.render('campaigns/list', {
      title: req.t('campaigns.title'),
      breadcrumbs: [{ label: req.t('campaigns.title') }],
      entries: entries.map((e) => ({ ...e, deadline: deadlineState(e.campaign.deadline, now) })),
      filter,
      statuses: CAMPAIGN_STATUSES,
    });
  });

  router.get('/campaigns/:id', requireAuth, async (req, res) => {
    const page = await campaignPage(actorOf(req), req.params.id as string);
    const t = page.template;
    res.render('campaigns/show', {
      title: page.campaign.title,
      breadcrumbs: [{ label: req.t('campaigns.title'), href: '/campaigns' }, { label: page.campaign.title }],
      ...page,
      deadline: deadlineState(page.campaign.deadline),
      html: {
        instructions: renderMarkdown(page.campaign.instructions),
        scope: renderMarkdown(t.scope),
        method: renderMarkdown(t.method),
        guidance: t.outline.map((s) => renderMarkdown(s.guidance)),
      },
    });
  });

  router.post('/campaigns/:id/open', requireRole('admin'), async (req, res) => {
    const { created } = await openCampaign(actorOf(req), req.params.id as string);
    flash(req, 'success', 'campaigns.opened', { n: created });
    res.redirect(`/campaigns/${req.params.id}`);
  });

  router.post('/campaigns/:id/close', requireRole('admin'), async (req, res) => {
    await closeCampaign(actorOf(req), req.params.id as string);
    flash(req, 'success', 'campaigns.closed');
    res.redirect(`/campaigns/${req.params.id}`);
  });

  return router;
}
