import { Router, type Request, type Response } from 'express';
import { activeAgencies } from '../agencies/agency.model.js';
import { listAgencies } from '../agencies/agency.service.js';
import { createResetLink, LINK_VALID_HOURS, mailResetLink } from '../auth/one-time-token.service.js';
import type { AppContext } from '../http/context.js';
import { flash } from '../http/flash.js';
import { actorOf, requireRole } from '../http/guards.js';
import { objectIdParam } from '../http/ids.js';
import { form, parse, parseQuery } from '../http/validate.js';
import { ROLES } from './roles.js';
import { UserCreateSchema, UserListQuerySchema, UserUpdateSchema } from './user.schema.js';
import type { User } from './user.model.js';
import { createUser, getUser, listUsers, setUserActive, updateUser } from './user.service.js';

function baseUrl(ctx: AppContext, req: Request): string {
  return ctx.publicUrl ?? `${req.protocol}://${req.get('host')}`;
}

async function formLocals(req: Request): Promise<Record<string, unknown>> {
  return {
    title: req.t('users.new_title'),
    breadcrumbs: [{ label: req.t('users.title'), href: '/admin/users' }, { label: req.t('users.new_title') }],
    agencies: await activeAgencies(),
    roles: ROLES,
  };
}

async function editLocals(req: Request): Promise<Record<string, unknown>> {
  const user = await getUser(req.params.id as string);
  return {
    title: req.t('users.edit_title'),
    breadcrumbs: [{ label: req.t('users.title'), href: '/admin/users' }, { label: user.email }],
    user,
    agencies: await activeAgencies(),
    roles: ROLES,
  };
}

/** A new reset link, e-mailed when a mailer is configured and always shown to the admin. */
async function showResetLink(ctx: AppContext, req: Request, res: Response, user: User, created: boolean): Promise<void> {
  const actor = actorOf(req);
  const { token } = await createResetLink(actor, user._id.toString());
  const link = `${baseUrl(ctx, req)}/reset/${token}`;
  const mail = await mailResetLink(actor, ctx, user, link);
  res.status(created ? 201 : 200).render('users/link', {
    title: req.t('users.link_title'),
    breadcrumbs: [{ label: req.t('users.title'), href: '/admin/users' }, { label: user.email }],
    user,
    link,
    hours: LINK_VALID_HOURS,
    created,
    mail,
  });
}

export function userRoutes(ctx: AppContext): Router {
  const router = Router();
  router.param('id', objectIdParam);
  router.use('/admin/users', requireRole('admin'));

  router.get('/admin/users', async (req, res) => {
    const filter = parseQuery(UserListQuerySchema, req.query);
    const result = await listUsers(filter);
    res.render('users/list', {
      title: req.t('users.title'),
      breadcrumbs: [{ label: req.t('users.title') }],
      filter,
      ...result,
      agencies: await listAgencies({}),
      roles: ROLES,
    });
  });

  router.get('/admin/users/new', async (req, res) => {
    res.render('users/new', await formLocals(req));
  });

  router.post('/admin/users', form('users/new', formLocals), async (req, res) => {
    const input = parse(UserCreateSchema, req.body);
    const user = await createUser(actorOf(req), input);
    await showResetLink(ctx, req, res, user, true);
  });

  router.get('/admin/users/:id', async (req, res) => {
    res.render('users/edit', await editLocals(req));
  });

  router.post('/admin/users/:id', form('users/edit', editLocals), async (req, res) => {
    const input = parse(UserUpdateSchema, req.body);
    await updateUser(actorOf(req), req.params.id as string, input);
    flash(req, 'success', 'users.saved');
    res.redirect(`/admin/users/${req.params.id}`);
  });

  router.post('/admin/users/:id/deactivate', async (req, res) => {
    await setUserActive(actorOf(req), req.params.id as string, false);
    flash(req, 'success', 'users.deactivated');
    res.redirect(`/admin/users/${req.params.id}`);
  });

  router.post('/admin/users/:id/activate', async (req, res) => {
    await setUserActive(actorOf(req), req.params.id as string, true);
    flash(req, 'success', 'users.activated');
    res.redirect(`/admin/users/${req.params.id}`);
  });

  router.post('/admin/users/:id/reset-link', async (req, res) => {
    const user = await getUser(req.params.id as string);
    await showResetLink(ctx, req, res, user, false);
  });

  return router;
}
