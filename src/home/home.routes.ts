import { Router } from 'express';
import { AgencyModel } from '../agencies/agency.model.js';
import { actorOf, requireAuth } from '../http/guards.js';
import { UserModel } from '../users/user.model.js';

/** The dashboard; features add their own cards as they arrive (campaigns, submissions, notifications). */
export function homeRoutes(): Router {
  const router = Router();
  router.get('/', requireAuth, async (req, res) => {
    const actor = actorOf(req);
    const agency = await AgencyModel.findById(actor.agencyId).lean();
    const stats =
      actor.role === 'admin'
        ? {
            users: await UserModel.countDocuments({ active: true }),
            agencies: await AgencyModel.countDocuments({ active: true }),
          }
        : null;
    res.render('home/index', { title: req.t('home.title'), agency, stats });
  });
  return router;
}
