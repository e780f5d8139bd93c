import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../http/context.js';
import { flash } from '../http/flash.js';
import { actorOf, requireAuth, requireRole } from '../http/guards.js';
import { objectIdParam, toObjectId } from '../http/ids.js';
import { parsePaging } from '../http/paging.js';
import { parseQuery, validateBody } from '../http/validate.js';
import { getMailPref, MailPrefSchema, setMailPref } from '../users/mail-pref.service.js';
import type { MailPref } from '../users/user.model.js';
import { idParam } from '../submissions/id-param.js';
import { OUTBOX_STATUSES, type OutboxMessage } from './outbox.model.js';
import { digestHour, listOutbox, mailEnabled, outboxCounts, resendMessage } from './outbox.service.js';

const OutboxQuery = z.object({
  status: z.enum(OUTBOX_STATUSES).or(z.literal('')).optional(),
  cursor: z.string().max(64).optional(),
  limit: z.string().max(4).optional(),
});

/** Thư đi: the admin's view of e-mail waiting or failed, with "Gửi lại". */
export function mailRoutes(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', objectIdParam);
  router.use('/admin/mail', requireRole('admin'));

  router.get('/admin/mail', async (req, res) => {
    const query = parseQuery(OutboxQuery, req.query);
    const status = query.status || undefined;
    const [page, counts] = await Promise.all([listOutbox(actorOf(req), { status }, parsePaging(req.query, 50)), outboxCounts()]);
    res.render('mail/outbox', {
      title: req.t('mail.outbox.title'),
      breadcrumbs: [{ label: req.t('mail.outbox.title') }],
      page,
      counts,
      status: status ?? '',
      statuses: OUTBOX_STATUSES,
      enabled: mailEnabled(),
    });
  });

  router.post('/admin/mail/:id/resend', async (req, res) => {
    const msg = await resendMessage(actorOf(req), toObjectId(req.params.id as string));
    flash(req, 'success', 'mail.outbox.resent', { to: msg.to });
    res.redirect('/admin/mail');
  });

  return router;
}

export function outboxJson(m: OutboxMessage) {
  return {
    id: m._id.toString(),
    kind: m.kind,
    to: m.to,
    subject: m.subject,
    status: m.status,
    attempts: m.attempts,
    lastError: m.lastError ? { code: m.lastError.code ?? null, message: m.lastError.message } : null,
    nextAttemptAt: m.status === 'pending' ? m.nextAttemptAt.toISOString() : null,
    sentAt: m.sentAt ? m.sentAt.toISOString() : null,
    createdAt: m.createdAt.toISOString(),
  };
}

/** The outbox for admins (list, resend) and every user's e-mail preference. */
export function mailApi(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', idParam);

  // Each user's own choice of e-mail: each notification, a daily digest, or none.
  router.get('/me/mail-preference', requireAuth, async (req, res) => {
    res.json({ mailPref: await getMailPref(actorOf(req)), digestHour: digestHour(), enabled: mailEnabled() });
  });

  router.put('/me/mail-preference', requireAuth, validateBody(MailPrefSchema), async (req, res) => {
    const mailPref = await setMailPref(actorOf(req), (req.body as { mailPref: MailPref }).mailPref);
    res.json({ mailPref, digestHour: digestHour(), enabled: mailEnabled() });
  });

  router.get('/admin/outbox', requireRole('admin'), async (req, res) => {
    const query = parseQuery(OutboxQuery, req.query);
    const page = await listOutbox(actorOf(req), { status: query.status || undefined }, parsePaging(req.query));
    res.json({ items: page.items.map(outboxJson), next: page.next, ...(await outboxCounts()), enabled: mailEnabled() });
  });

  router.post('/admin/outbox/:id/resend', requireRole('admin'), async (req, res) => {
    res.json(outboxJson(await resendMessage(actorOf(req), toObjectId(req.params.id as string))));
  });

  return router;
}
