import { Router } from 'express';
import { actorOf, requireRole } from '../http/guards.js';
import { idParam } from '../submissions/id-param.js';
import { validateBody } from '../http/validate.js';
import { AgencyLeaderSchema, type AgencyLeaderInput } from './agency.schema.js';
import { getAgency, setLeaderEmail } from './agency.service.js';
import type { Agency } from './agency.model.js';

const leaderJson = (a: Agency) => ({ id: a._id.toString(), code: a.code, nameVi: a.nameVi, leaderEmail: a.leaderEmail ?? null });

/** The leader's address of an agency (admin): where an overdue report is escalated. */
export function agencyApi(): Router {
  const router = Router();
  router.param('id', idParam);
  router.get('/agencies/:id/leader', requireRole('admin'), async (req, res) => {
    res.json(leaderJson(await getAgency(req.params.id as string)));
  });
  router.put('/agencies/:id/leader', requireRole('admin'), validateBody(AgencyLeaderSchema), async (req, res) => {
    res.json(leaderJson(await setLeaderEmail(actorOf(req), req.params.id as string, (req.body as AgencyLeaderInput).leaderEmail)));
  });
  return router;
}
