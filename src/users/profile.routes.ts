import { Router } from 'express';
import { saveSession } from '../auth/session.js';
import { flash } from '../http/flash.js';
import { actorOf, requireAuth } from '../http/guards.js';
import { objectIdParam } from '../http/ids.js';
import { form, parse } from '../http/validate.js';
import { TokenCreateSchema } from '../tokens/token.schema.js';
import { createToken, listTokens, revokeToken } from '../tokens/token.service.js';
import { PasswordChangeSchema } from './user.schema.js';
import { changeOwnPassword, getUser } from './user.service.js';
import { getAgency } from '../agencies/agency.service.js';
import { digestHour, mailEnabled } from '../mail/outbox.service.js';
import { MailPrefSchema, setMailPref } from './mail-pref.service.js';
import type { Request } from 'express';

async function profileLocals(req: Request): Promise<Record<string, unknown>> {
  const actor = actorOf(req);
  const user = await getUser(actor.id);
  return {
    title: req.t('profile.title'),
    breadcrumbs: [{ label: req.t('profile.title') }],
    user,
    agency: await getAgency(user.agency),
    tokens: await listTokens(actor),
    newToken: null,
    mail: { enabled: mailEnabled(), digestHour: digestHour(), pref: user.mailPref ?? 'each' },
  };
}

export function profileRoutes(): Router {
  const router = Router();
  router.param('id', objectIdParam);
  router.use('/profile', requireAuth);

  router.get('/profile', async (req, res) => {
    res.render('profile/index', await profileLocals(req));
  });

  router.post('/profile/password', form('profile/index', profileLocals), async (req, res) => {
    const input = parse(PasswordChangeSchema, req.body);
    const changedAt = await changeOwnPassword(actorOf(req), input.current, input.password);
    // This session stays valid; every other session of the user ends.
    req.session.authAt = changedAt.getTime() + 1;
    await saveSession(req);
    flash(req, 'success', 'profile.password_changed');
    res.redirect('/profile');
  });

  router.post('/profile/mail', form('profile/index', profileLocals), async (req, res) => {
    const input = parse(MailPrefSchema, req.body);
    await setMailPref(actorOf(req), input.mailPref);
    flash(req, 'success', 'mail.pref.saved');
    res.redirect('/profile');
  });

  router.post('/profile/tokens', form('profile/index', profileLocals), async (req, res) => {
    const input = parse(TokenCreateSchema, req.body);
    const { token } = await createToken(actorOf(req), input.name);
    // Shown on this response only; never stored in the session or the database.
    res.status(201).render('profile/index', { ...(await profileLocals(req)), newToken: token });
  });

  router.post('/profile/tokens/:id/revoke', async (req, res) => {
    await revokeToken(actorOf(req), req.params.id as string);
    flash(req, 'success', 'tokens.revoked');
    res.redirect('/profile');
  });

  return router;
}
