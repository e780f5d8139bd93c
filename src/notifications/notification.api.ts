import { Router } from 'express';
import type { AppContext } from '../http/context.js';
import { actorOf, requireAuth } from '../http/guards.js';
import { toObjectId } from '../http/ids.js';
import { idParam } from '../submissions/id-param.js';
import { parsePaging } from '../http/paging.js';
import type { Notification } from './notification.model.js';
import { listNotifications, markAllRead, markRead, unreadCount } from './notification.service.js';

export function notificationJson(n: Notification, t: (k: string, p?: Record<string, string | number>) => string) {
  return {
    id: n._id.toString(),
    kind: n.kind,
    message: t(n.messageKey, n.params),
    link: n.link ?? null,
    read: Boolean(n.readAt),
    createdAt: n.createdAt.toISOString(),
  };
}

export function notificationApi(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', idParam);

  router.get('/notifications', requireAuth, async (req, res) => {
    const actor = actorOf(req);
    const page = await listNotifications(actor, parsePaging(req.query), req.query.unread === '1');
    res.json({ items: page.items.map((n) => notificationJson(n, req.t)), next: page.next, unread: await unreadCount(actor) });
  });

  router.post('/notifications/read-all', requireAuth, async (req, res) => {
    res.json({ marked: await markAllRead(actorOf(req)) });
  });

  router.post('/notifications/:id/read', requireAuth, async (req, res) => {
    res.json(notificationJson(await markRead(actorOf(req), toObjectId(req.params.id)), req.t));
  });

  return router;
}
