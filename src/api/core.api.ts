import { Router } from 'express';
import { pageAgencies } from '../agencies/agency.service.js';
import type { Agency } from '../agencies/agency.model.js';
import { AuditQuerySchema } from '../audit/audit.schema.js';
import { listAuditEvents } from '../audit/audit.service.js';
import { actorOf, requireAuth, requireRole } from '../http/guards.js';
import { parsePaging } from '../http/paging.js';
import { parseQuery } from '../http/validate.js';

function agencyJson(a: Agency) {
  return { id: a._id.toString(), code: a.code, nameVi: a.nameVi, nameEn: a.nameEn, kind: a.kind, active: a.active };
}

/** /api/v1/me, /agencies and /audit: the API of accounts, agencies and the audit log. */
export function coreApi(): Router {
  const router = Router();

  router.get('/me', requireAuth, (req, res) => {
    const a = actorOf(req);
    res.json({ id: a.id, email: a.email, name: a.name, role: a.role, agency: { id: a.agencyId, code: a.agencyCode } });
  });

  router.get('/agencies', requireAuth, async (req, res) => {
    const page = await pageAgencies(parsePaging(req.query));
    res.json({ items: page.items.map(agencyJson), next: page.next });
  });

  router.get('/audit', requireRole('admin'), async (req, res) => {
    const query = parseQuery(AuditQuerySchema, req.query);
    const page = await listAuditEvents(
      { action: query.action, actor: query.actor, object: query.object, from: query.from, to: query.to },
      parsePaging(req.query),
    );
    res.json({
      items: page.items.map((e) => ({
        id: e._id.toString(),
        at: e.at.toISOString(),
        action: e.action,
        actor: e.actor ? { id: e.actor.id?.toString() ?? null, email: e.actor.email ?? null, role: e.actor.role ?? null } : null,
        object: e.object ?? null,
        details: e.details ?? null,
        ip: e.ip ?? null,
      })),
      next: page.next,
    });
  });

  return router;
}
