import { Router, type Request } from 'express';
import type { AppContext } from '../http/context.js';
import { flash } from '../http/flash.js';
import { actorOf, requireAuth, requireRole } from '../http/guards.js';
import { objectIdParam } from '../http/ids.js';
import { form, parse, parseQuery } from '../http/validate.js';
import { deadlineState } from '../dashboard/deadline.js';
import { draftsSentTo } from '../review-templates/consultation.service.js';
import { renderMarkdown } from '../review-templates/template.render.js';
import { CAMPAIGN_STATUSES } from './campaign.model.js';
import { campaignListPage, campaignPage } from './campaign.read.js';
import { CampaignListQuerySchema, ExtensionSchema, ReasonSchema } from './campaign.schema.js';
import { closeCampaign, openCampaign, reopenCampaign } from './campaign.service.js';
import { extendDeadline } from './deadline.service.js';

async function showLocals(req: Request) {
  const page = await campaignPage(actorOf(req), req.params.id as string);
  const t = page.template;
  return {
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
  };
}

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
      drafts: await draftsSentTo(actorOf(req)),
    });
  });

  router.get('/campaigns/:id', requireAuth, async (req, res) => {
    res.render('campaigns/show', await showLocals(req));
  });

  router.post('/campaigns/:id/extensions', requireRole('admin'), form('campaigns/show', showLocals), async (req, res) => {
    await extendDeadline(actorOf(req), req.params.id as string, parse(ExtensionSchema, req.body));
    flash(req, 'success', 'workload.extension.done');
    res.redirect(`/campaigns/${req.params.id as string}`);
  });

  router.post('/campaigns/:id/reopen', requireRole('admin'), form('campaigns/show', showLocals), async (req, res) => {
    const { reason } = parse(ReasonSchema, req.body);
    await reopenCampaign(actorOf(req), req.params.id as string, reason);
    flash(req, 'success', 'workload.reopened');
    res.redirect(`/campaigns/${req.params.id as string}`);
  });

  router.post('/campaigns/:id/open', requireRole('admin'), async (req, res) => {
    const { created, withoutUsers } = await openCampaign(actorOf(req), req.params.id as string);
    flash(req, 'success', 'campaigns.opened', { n: created });
    if (withoutUsers.length) flash(req, 'warning', 'workload.without_users', { count: withoutUsers.length, names: withoutUsers.slice(0, 20).join(', ') });
    res.redirect(`/campaigns/${req.params.id}`);
  });

  router.post('/campaigns/:id/close', requireRole('admin'), async (req, res) => {
    await closeCampaign(actorOf(req), req.params.id as string);
    flash(req, 'success', 'campaigns.closed');
    res.redirect(`/campaigns/${req.params.id}`);
  });

  return router;
}
