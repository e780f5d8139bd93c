import { Router } from 'express';
import { AgencyModel, agencyById } from '../agencies/agency.model.js';
import { actorOf, requireAuth } from '../http/guards.js';
import { OutboxModel } from '../mail/outbox.model.js';
import { UserModel } from '../users/user.model.js';
import { dashboardFor } from './home.service.js';

/** Per role: step key, where to go, the name of that place. */
const GETTING_STARTED: Record<'admin' | 'reviewer' | 'agency', Array<[string, string?, string?]>> = {
  admin: [
    ['1', '/admin/agencies', 'common.nav_agencies'],
    ['2', '/admin/users', 'common.nav_users'],
    ['3', '/admin/templates', 'start.place_templates'],
    ['4', '/campaigns', 'start.place_campaigns'],
    ['5'],
  ],
  reviewer: [['1', '/reviews', 'start.place_reviews'], ['2'], ['3']],
  agency: [['1', '/campaigns', 'start.place_campaigns'], ['2'], ['3'], ['4']],
};

/** The dashboard; features add their own cards as they arrive (campaigns, submissions, notifications). */
export function homeRoutes(): Router {
  const router = Router();
  router.get('/', requireAuth, async (req, res) => {
    const actor = actorOf(req);
    const agency = await agencyById(actor.agencyId);
    const stats =
      actor.role === 'admin'
        ? {
            users: await UserModel.countDocuments({ active: true }),
            agencies: await AgencyModel.countDocuments({ active: true }),
            mailFailed: await OutboxModel.countDocuments({ status: 'failed' }),
            mailWaiting: await OutboxModel.countDocuments({ status: { $in: ['pending', 'sending'] } }),
          }
        : null;
    const dash = await dashboardFor(actor);
    res.render('home/index', { title: req.t('home.title'), agency, stats, dash });
  });

  router.get('/getting-started', requireAuth, (req, res) => {
    const role = actorOf(req).role;
    const steps = GETTING_STARTED[role].map(([key, href, labelKey]) => ({
      key: `start.${role}_${key}`,
      href,
      label: labelKey ? req.t(labelKey) : '',
    }));
    res.render('home/getting-started', { title: req.t('start.title'), steps });
  });
  return router;
}
