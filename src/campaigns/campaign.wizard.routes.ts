import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../http/context.js';
import { Conflict } from '../http/errors.js';
import { flash } from '../http/flash.js';
import { actorOf, requireRole } from '../http/guards.js';
import { objectIdParam } from '../http/ids.js';
import { form, parse, parseQuery } from '../http/validate.js';
import { foldDiacritics } from '../review-templates/vn-text.js';
import { publishedTemplates } from '../review-templates/template.service.js';
import type { Campaign } from './campaign.model.js';
import { AgencyPickSchema, AgencyStepQuerySchema, BasicsSchema, ScheduleSchema } from './campaign.schema.js';
import { getCampaign } from './campaign.service.js';
import { coordinatorChoices } from './coordination.service.js';
import {
  eligibleAgencies, missingStep, pickAgencies, reviewerOptions, saveBasics, saveSchedule, startDraft, WIZARD_STEPS, type WizardStep,
} from './campaign.wizard.js';

const KIND_ORDER = ['ministry', 'gov-agency', 'province'] as const;

function crumbs(req: Request, c: Campaign | null, step: WizardStep) {
  return [
    { label: req.t('campaigns.title'), href: '/campaigns' },
    ...(c ? [{ label: c.title, href: `/campaigns/${c._id.toString()}` }] : []),
    { label: req.t(`campaigns.step_${step}`) },
  ];
}

function base(req: Request, c: Campaign | null, step: WizardStep) {
  return { title: req.t(c ? 'campaigns.edit_title' : 'campaigns.new_title'), breadcrumbs: crumbs(req, c, step), campaign: c, step, steps: WIZARD_STEPS };
}

async function basicsLocals(req: Request, res: Response) {
  const c = (res.locals.wizardCampaign as Campaign | undefined) ?? null;
  return { ...base(req, c, 'template'), templates: await publishedTemplates() };
}

async function agenciesLocals(req: Request, c: Campaign) {
  const query = parseQuery(AgencyStepQuerySchema, req.query);
  const all = await eligibleAgencies();
  const q = query.q ? foldDiacritics(query.q).toLowerCase() : '';
  const shown = all.filter((a) => (!query.kind || a.kind === query.kind) && (!q || foldDiacritics(a.nameVi).toLowerCase().includes(q) || a.nameEn.toLowerCase().includes(q) || a.code.includes(q)));
  const selected = new Set(c.agencies.map(String));
  const groups = KIND_ORDER.map((kind) => ({ kind, agencies: shown.filter((a) => a.kind === kind) })).filter((g) => g.agencies.length);
  const counts = Object.fromEntries(KIND_ORDER.map((k) => [k, { all: all.filter((a) => a.kind === k).length, picked: all.filter((a) => a.kind === k && selected.has(a._id.toString())).length }]));
  return { ...base(req, c, 'agencies'), query, groups, selected, counts, shownIds: shown.map((a) => a._id.toString()), total: all.length };
}

async function scheduleLocals(req: Request, res: Response) {
  const c = res.locals.wizardCampaign as Campaign;
  return { ...base(req, c, 'schedule'), reviewers: await reviewerOptions() };
}

/** The new-campaign wizard (admin); every step is a plain form post, its state a draft campaign. */
export function campaignWizardRoutes(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', objectIdParam);
  router.use(['/campaigns/new', '/campaigns/:id/setup'], requireRole('admin'));

  // The draft is loaded before anything can fail, so a 422 re-render (which runs outside this router) still has it.
  router.use('/campaigns/:id/setup', async (req, res, next) => {
    const c = await getCampaign(actorOf(req), req.params.id as string);
    if (c.status !== 'draft') throw new Conflict('campaigns.errors.wizard_not_draft');
    res.locals.wizardCampaign = c;
    next();
  });

  router.get('/campaigns/new', async (req, res) => {
    res.render('campaigns/step-template', await basicsLocals(req, res));
  });

  router.post('/campaigns/new', form('campaigns/step-template', basicsLocals), async (req, res) => {
    const c = await startDraft(actorOf(req), parse(BasicsSchema, req.body));
    flash(req, 'success', 'campaigns.draft_created');
    res.redirect(`/campaigns/${c._id.toString()}/setup/agencies`);
  });

  router.get('/campaigns/:id/setup', (req, res) => {
    res.redirect(`/campaigns/${req.params.id}/setup/template`);
  });

  router.get('/campaigns/:id/setup/template', async (req, res) => {
    res.render('campaigns/step-template', await basicsLocals(req, res));
  });

  router.post('/campaigns/:id/setup/template', form('campaigns/step-template', basicsLocals), async (req, res) => {
    await saveBasics(actorOf(req), req.params.id as string, parse(BasicsSchema, req.body));
    res.redirect(`/campaigns/${req.params.id}/setup/agencies`);
  });

  router.get('/campaigns/:id/setup/agencies', async (req, res) => {
    res.render('campaigns/step-agencies', await agenciesLocals(req, res.locals.wizardCampaign as Campaign));
  });

  router.post('/campaigns/:id/setup/agencies', async (req, res) => {
    const pick = parse(AgencyPickSchema, req.body);
    const c = await pickAgencies(actorOf(req), req.params.id as string, { checked: pick.agencies, shown: pick.shown, action: pick.action });
    if (pick.action === 'next') {
      if (!c.agencies.length) {
        flash(req, 'danger', 'campaigns.errors.agencies_required');
        res.redirect(`/campaigns/${req.params.id}/setup/agencies`);
        return;
      }
      res.redirect(`/campaigns/${req.params.id}/setup/schedule`);
      return;
    }
    // Kind buttons and "apply" stay on this step, keeping the search the admin typed.
    const back = new URLSearchParams();
    for (const k of ['q', 'kind'] as const) if (typeof req.body?.[k] === 'string' && req.body[k]) back.set(k, req.body[k] as string);
    res.redirect(`/campaigns/${req.params.id}/setup/agencies${back.size ? `?${back.toString()}` : ''}#chon-co-quan`);
  });

  router.get('/campaigns/:id/setup/schedule', async (req, res) => {
    res.render('campaigns/step-schedule', await scheduleLocals(req, res));
  });

  router.post('/campaigns/:id/setup/schedule', form('campaigns/step-schedule', scheduleLocals), async (req, res) => {
    await saveSchedule(actorOf(req), req.params.id as string, parse(ScheduleSchema, req.body));
    res.redirect(`/campaigns/${req.params.id}/setup/review`);
  });

  router.get('/campaigns/:id/setup/review', async (req, res) => {
    const c = res.locals.wizardCampaign as Campaign;
    const all = await eligibleAgencies();
    const picked = new Set(c.agencies.map(String));
    const reviewers = (await reviewerOptions()).filter((u) => c.reviewers.some((r) => r.toString() === u._id.toString()));
    res.render('campaigns/step-review', {
      ...base(req, c, 'review'), missing: missingStep(c), reviewers,
      agencies: all.filter((a) => picked.has(a._id.toString())),
      coordinators: (await coordinatorChoices()).filter((a) => (c.coordinators ?? []).some((x) => x.equals(a._id))),
      byKind: KIND_ORDER.map((k) => ({ kind: k, n: all.filter((a) => a.kind === k && picked.has(a._id.toString())).length })),
    });
  });

  return router;
}
