import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from '../http/context.js';
import { flash } from '../http/flash.js';
import { actorOf, requireAuth } from '../http/guards.js';
import { toObjectId } from '../http/ids.js';
import { idParam } from '../submissions/id-param.js';
import { parsePaging } from '../http/paging.js';
import { listNotifications, markAllRead, markRead, unreadCount } from './notification.service.js';

/**
 * Thông báo: the list page, mark read, and the navigation entries of notifications
 * (review queue or "my submissions", notifications with their unread count),
 * set for every page a logged-in user opens — also for a form re-rendered after a
 * POST failed validation, which must keep the same navigation.
 */
export async function navLocals(req: Request, res: Response, next: NextFunction): Promise<void> {
  const actor = req.actor;
  if (!actor) return next();
  // Kept on the user read with the session; counted only for an account stored before it was kept.
  const unread = req.unreadNotifications ?? (await unreadCount(actor));
  const items = [
    actor.role === 'agency'
      ? { href: '/submissions', label: req.t('submissions.nav.mine'), roles: ['agency'] }
      : { href: '/reviews', label: req.t('submissions.nav.queue'), roles: ['admin', 'reviewer'] },
    { href: '/notifications', label: unread ? req.t('notifications.nav_count', { count: unread }) : req.t('notifications.nav'), roles: ['admin', 'reviewer', 'agency'] },
  ];
  const existing = (res.locals.navItems as unknown[] | undefined) ?? [];
  res.locals.navItems = [...existing, ...items];
  res.locals.unreadNotifications = unread;
  next();
}

export function notificationRoutes(_ctx: AppContext): Router {
  const router = Router();
  router.param('id', idParam);
  router.use(navLocals);

  router.get('/notifications', requireAuth, async (req, res) => {
    const page = await listNotifications(actorOf(req), parsePaging(req.query, 50), req.query.unread === '1');
    res.render('notifications/list', { title: req.t('notifications.title'), breadcrumbs: [{ label: req.t('notifications.title') }], page, unreadOnly: req.query.unread === '1' });
  });

  router.post('/notifications/read-all', requireAuth, async (req, res) => {
    const n = await markAllRead(actorOf(req));
    flash(req, 'success', 'notifications.all_marked', { count: n });
    res.redirect('/notifications');
  });

  // Opening a notification marks it read and goes where it points (always a path inside the app).
  router.post('/notifications/:id/read', requireAuth, async (req, res) => {
    const n = await markRead(actorOf(req), toObjectId(req.params.id));
    const link = n.link && n.link.startsWith('/') && !n.link.startsWith('//') ? n.link : '/notifications';
    res.redirect((req.body as Record<string, string>)?.stay === '1' ? '/notifications' : link);
  });

  return router;
}
