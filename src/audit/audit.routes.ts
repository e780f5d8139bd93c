import { Router } from 'express';
import { requireRole } from '../http/guards.js';
import { parsePaging } from '../http/paging.js';
import { parseQuery } from '../http/validate.js';
import { AuditQuerySchema } from './audit.schema.js';
import { distinctAuditActions, listAuditEvents } from './audit.service.js';
import { detailLines } from './audit.view.js';

export function auditRoutes(): Router {
  const router = Router();
  router.use('/admin/audit', requireRole('admin'));

  router.get('/admin/audit', async (req, res) => {
    const query = parseQuery(AuditQuerySchema, req.query);
    const paging = parsePaging(req.query, 50);
    // The "to" day is inclusive for people: events before the start of the next day.
    const to = query.to ? new Date(query.to.getTime() + 24 * 3600_000) : undefined;
    const page = await listAuditEvents({ action: query.action, actor: query.actor, object: query.object, from: query.from, to }, paging);
    const raw = req.query as Record<string, string | undefined>;
    const keep = new URLSearchParams(
      Object.entries({ action: raw.action, actor: raw.actor, object: raw.object, from: raw.from, to: raw.to }).filter(
        (e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '',
      ),
    );
    res.render('audit/list', {
      title: req.t('audit.title'),
      breadcrumbs: [{ label: req.t('audit.title') }],
      events: page.items,
      nextUrl: page.next ? `/admin/audit?${new URLSearchParams([...keep, ['cursor', page.next]])}` : null,
      firstUrl: paging.cursor ? `/admin/audit?${keep}` : null,
      filter: raw,
      actions: await distinctAuditActions(),
      detailLines: (details: unknown) => detailLines(details, req.t),
    });
  });

  return router;
}
