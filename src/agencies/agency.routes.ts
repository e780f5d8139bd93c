import { Router, type Request } from 'express';
import { flash } from '../http/flash.js';
import { escalationDays } from '../mail/outbox.service.js';
import { actorOf, requireRole } from '../http/guards.js';
import { objectIdParam } from '../http/ids.js';
import { form, parse, parseQuery } from '../http/validate.js';
import { AGENCY_KINDS } from './agency.model.js';
import { AgencyCreateSchema, AgencyLeaderSchema, AgencyListQuerySchema, AgencyRenameSchema } from './agency.schema.js';
import { createAgency, getAgency, listAgencies, renameAgency, setAgencyActive, setLeaderEmail } from './agency.service.js';

function newLocals(req: Request): Record<string, unknown> {
  return {
    title: req.t('agencies.new_title'),
    breadcrumbs: [{ label: req.t('agencies.title'), href: '/admin/agencies' }, { label: req.t('agencies.new_title') }],
    kinds: AGENCY_KINDS.filter((k) => k !== 'moj'),
  };
}

async function editLocals(req: Request): Promise<Record<string, unknown>> {
  const agency = await getAgency(req.params.id as string);
  return {
    title: req.t('agencies.edit_title'),
    breadcrumbs: [{ label: req.t('agencies.title'), href: '/admin/agencies' }, { label: agency.nameVi }],
    agency,
    escalationDays: escalationDays(),
  };
}

export function agencyRoutes(): Router {
  const router = Router();
  router.param('id', objectIdParam);
  router.use('/admin/agencies', requireRole('admin'));

  router.get('/admin/agencies', async (req, res) => {
    const filter = parseQuery(AgencyListQuerySchema, req.query);
    res.render('agencies/list', {
      title: req.t('agencies.title'),
      breadcrumbs: [{ label: req.t('agencies.title') }],
      filter,
      agencies: await listAgencies(filter),
      kinds: AGENCY_KINDS,
    });
  });

  router.get('/admin/agencies/new', (req, res) => {
    res.render('agencies/new', newLocals(req));
  });

  router.post('/admin/agencies', form('agencies/new', newLocals), async (req, res) => {
    const input = parse(AgencyCreateSchema, req.body);
    await createAgency(actorOf(req), input);
    flash(req, 'success', 'agencies.created', { name: input.nameVi });
    res.redirect('/admin/agencies');
  });

  router.get('/admin/agencies/:id', async (req, res) => {
    res.render('agencies/edit', await editLocals(req));
  });

  router.post('/admin/agencies/:id', form('agencies/edit', editLocals), async (req, res) => {
    const input = parse(AgencyRenameSchema, req.body);
    await renameAgency(actorOf(req), req.params.id as string, input);
    flash(req, 'success', 'agencies.saved');
    res.redirect(`/admin/agencies/${req.params.id}`);
  });

  router.post('/admin/agencies/:id/leader', form('agencies/edit', editLocals), async (req, res) => {
    const input = parse(AgencyLeaderSchema, req.body);
    await setLeaderEmail(actorOf(req), req.params.id as string, input.leaderEmail);
    flash(req, 'success', 'agencies.saved');
    res.redirect(`/admin/agencies/${req.params.id}`);
  });

  router.post('/admin/agencies/:id/deactivate', async (req, res) => {
    await setAgencyActive(actorOf(req), req.params.id as string, false);
    flash(req, 'success', 'agencies.deactivated');
    res.redirect(`/admin/agencies/${req.params.id}`);
  });

  router.post('/admin/agencies/:id/activate', async (req, res) => {
    await setAgencyActive(actorOf(req), req.params.id as string, true);
    flash(req, 'success', 'agencies.activated');
    res.redirect(`/admin/agencies/${req.params.id}`);
  });

  return router;
}
