import { Router, type Request } from 'express';
import type { AppContext } from '../http/context.js';
import { Conflict } from '../http/errors.js';
import { flash } from '../http/flash.js';
import { actorOf, requireRole } from '../http/guards.js';
import { objectIdParam } from '../http/ids.js';
import { idParam } from '../submissions/id-param.js';
import { remindAgency, type RemindResult } from './remind.service.js';

function flashResult(req: Request, r: RemindResult): void {
  if (r.withoutUsers) flash(req, 'warning', 'mail.remind.no_users', { agency: r.agency });
  else flash(req, 'success', 'mail.remind.done', { agency: r.agency, count: r.notified, mailed: r.mailed });
}

/** "Nhắc" on the progress page: back to the table with what happened, a refusal (too soon, already sent) included. */
export function remindRoutes(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', objectIdParam);
  router.param('agencyId', objectIdParam);

  router.post('/campaigns/:id/agencies/:agencyId/remind', requireRole('admin', 'reviewer'), async (req, res) => {
    const back = `/campaigns/${req.params.id as string}/progress`;
    try {
      flashResult(req, await remindAgency(actorOf(req), req.params.id as string, req.params.agencyId as string));
    } catch (err) {
      if (!(err instanceof Conflict)) throw err;
      flash(req, 'warning', err.messageKey, err.params);
    }
    res.redirect(back);
  });

  return router;
}

/** POST /api/v1/campaigns/:id/agencies/:agencyId/remind (admin, the agency's reviewer). */
export function remindApi(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', idParam);
  router.param('agencyId', idParam);
  router.post('/campaigns/:id/agencies/:agencyId/remind', requireRole('admin', 'reviewer'), async (req, res) => {
    res.json(await remindAgency(actorOf(req), req.params.id as string, req.params.agencyId as string));
  });
  return router;
}
