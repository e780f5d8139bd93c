import { Router } from 'express';
import { campaignProgress } from '../dashboard/progress.service.js';
import { actorOf, requireAuth, requireRole } from '../http/guards.js';
import { objectIdParam } from '../http/ids.js';
import { parsePaging } from '../http/paging.js';
import { parse } from '../http/validate.js';
import type { Campaign } from './campaign.model.js';
import { CampaignInputSchema, CoordinatorsSchema, ExtensionSchema, ReasonSchema } from './campaign.schema.js';
import { setCoordinators } from './coordination.service.js';
import { closeCampaign, countNotAccepted, createCampaign, getCampaign, openCampaign, pageCampaigns, reopenCampaign, updateCampaign } from './campaign.service.js';
import { extendDeadline } from './deadline.service.js';

export function campaignJson(c: Campaign, forAgency = false, agencyId = '') {
  return {
    id: c._id.toString(),
    title: c.title,
    instructions: c.instructions,
    status: c.status,
    rev: c.rev,
    template: { id: c.template.toString(), version: c.templateVersion, title: c.templateTitle },
    // An agency learns only that it takes part, not who else does.
    agencies: forAgency ? [] : c.agencies.map(String),
    reviewers: forAgency ? [] : c.reviewers.map(String),
    coordinators: (c.coordinators ?? []).map(String),
    assignments: forAgency ? [] : (c.assignments ?? []).map((a) => ({ agency: a.agency.toString(), reviewer: a.reviewer.toString() })),
    startDate: c.startDate?.toISOString() ?? null,
    deadline: c.deadline.toISOString(),
    // An agency sees its own extension only.
    extensions: (c.extensions ?? []).filter((e) => !forAgency || e.agency.toString() === agencyId).map((e) => ({ agency: e.agency.toString(), deadline: e.deadline.toISOString(), reason: e.reason, by: e.byName })),
    openedAt: c.openedAt?.toISOString() ?? null,
    closedAt: c.closedAt?.toISOString() ?? null,
  };
}

/** /api/v1/campaigns per API.md (a campaign's submissions are served by the submissions feature). */
export function campaignApi(): Router {
  const router = Router();
  router.param('id', objectIdParam);

  router.get('/campaigns', requireAuth, async (req, res) => {
    const actor = actorOf(req);
    const page = await pageCampaigns(actor, parsePaging(req.query));
    res.json({ items: page.items.map((c) => campaignJson(c, actor.role === 'agency', actor.agencyId)), next: page.next });
  });

  router.get('/campaigns/:id', requireAuth, async (req, res) => {
    const actor = actorOf(req);
    res.json(campaignJson(await getCampaign(actor, req.params.id as string), actor.role === 'agency', actor.agencyId));
  });

  router.post('/campaigns', requireRole('admin'), async (req, res) => {
    const c = await createCampaign(actorOf(req), parse(CampaignInputSchema, req.body));
    res.status(201).location(`/api/v1/campaigns/${c._id.toString()}`).json(campaignJson(c));
  });

  router.put('/campaigns/:id', requireRole('admin'), async (req, res) => {
    res.json(campaignJson(await updateCampaign(actorOf(req), req.params.id as string, parse(CampaignInputSchema, req.body))));
  });

  router.post('/campaigns/:id/open', requireRole('admin'), async (req, res) => {
    const { campaign, created, withoutUsers } = await openCampaign(actorOf(req), req.params.id as string);
    res.json({ ...campaignJson(campaign), submissionsCreated: created, agenciesWithoutUsers: withoutUsers });
  });

  router.post('/campaigns/:id/close', requireRole('admin'), async (req, res) => {
    const campaign = await closeCampaign(actorOf(req), req.params.id as string);
    res.json({ ...campaignJson(campaign), notAccepted: await countNotAccepted(campaign._id) });
  });

  router.post('/campaigns/:id/reopen', requireRole('admin'), async (req, res) => {
    const { reason } = parse(ReasonSchema, req.body);
    res.json(campaignJson(await reopenCampaign(actorOf(req), req.params.id as string, reason)));
  });

  router.put('/campaigns/:id/coordinators', requireRole('admin'), async (req, res) => {
    const body = parse(CoordinatorsSchema, req.body);
    res.json(campaignJson(await setCoordinators(actorOf(req), req.params.id as string, body.coordinators, body.rev)));
  });

  router.put('/campaigns/:id/extensions', requireRole('admin'), async (req, res) => {
    res.json(campaignJson(await extendDeadline(actorOf(req), req.params.id as string, parse(ExtensionSchema, req.body))));
  });

  router.get('/campaigns/:id/progress', requireRole('admin', 'reviewer'), async (req, res) => {
    const p = await campaignProgress(actorOf(req), req.params.id as string);
    const { sentItems: _pageOnly, ...totals } = p.totals;
    res.json({
      campaign: campaignJson(p.campaign),
      totals,
      byStatus: p.byStatus,
      byRecommendation: p.byRecommendation,
      items: p.rows.map((r) => ({
        agency: { id: r.agencyId, code: r.agencyCode, nameVi: r.agencyName, nameEn: r.agencyNameEn, kind: r.agencyKind },
        submission: r.submissionId,
        status: r.status,
        items: r.items,
        noDocuments: r.noDocuments,
        extension: r.extension ? { deadline: r.extension.deadline.toISOString(), reason: r.extension.reason } : null,
        openComments: r.openComments,
        lastActivityAt: r.lastActivityAt?.toISOString() ?? null,
        daysLeft: r.daysLeft,
        overdue: r.overdue,
        ...(r.given ? { given: r.given } : {}),
      })),
      ...(p.given ? { given: p.given } : {}),
    });
  });

  return router;
}
