import { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { flash } from '../http/flash.js';
import type { AppContext } from '../http/context.js';
import { RateLimited } from '../http/errors.js';
import { LANG_COOKIE, setLang } from '../http/locals.js';
import { form, parse } from '../http/validate.js';
import { isLang } from '../i18n/index.js';
import { LoginSchema, PasswordSetSchema, SetupSchema } from '../users/user.schema.js';
import { LoginFailed, login, recordLogout } from './auth.service.js';
import { checkResetLink, checkSetupLink, completeSetup, resetPassword, setupPending } from './one-time-token.service.js';
import { destroySession, regenerateSession, saveSession, SESSION_COOKIE } from './session.js';

/** Only a local path may follow login, never another site. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

export function authRoutes(ctx: AppContext): Router {
  const router = Router();

  // Per-IP limit on failed attempts only (a ministry behind one proxy logs in many times a day),
  // kept in this process's memory: with several instances each counts on its own.
  // The per-account lockout is stored on the user and holds across instances.
  const loginLimiter = rateLimit({
    windowMs: ctx.login.ipWindowMinutes * 60_000,
    limit: ctx.login.ipLimit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    handler: (_req, _res, next) => next(new RateLimited('auth.too_many_attempts')),
  });

  /** A new session for a user who just proved who they are (login, first-admin setup). */
  async function startSession(req: Request, userId: string): Promise<void> {
    await regenerateSession(req);
    req.session.userId = userId;
    req.session.authAt = Date.now();
    await saveSession(req);
  }

  router.get('/login', async (req, res) => {
    if (req.actor) return res.redirect('/');
    res.render('auth/login', { title: req.t('auth.login_title'), values: { next: safeNext(req.query.next) }, setupPending: await setupPending() });
  });

  router.post('/login', loginLimiter, form('auth/login'), async (req: Request, res: Response) => {
    const input = parse(LoginSchema, req.body);
    try {
      const actor = await login(input.email, input.password, req.ip ?? '', ctx.login);
      await startSession(req, actor.id);
      res.redirect(safeNext(input.next));
    } catch (err) {
      if (!(err instanceof LoginFailed)) throw err;
      res.status(401).render('auth/login', {
        title: req.t('auth.login_title'),
        values: { email: input.email, next: safeNext(input.next) },
        formError: req.t('auth.login_failed'),
      });
    }
  });

  router.post('/logout', async (req, res) => {
    if (req.actor) await recordLogout(req.actor);
    await destroySession(req);
    res.clearCookie(SESSION_COOKIE);
    res.redirect('/login');
  });

  // A preference, not data: a plain link works on the login page too.
  router.get('/lang/:code', (req, res) => {
    const code = req.params.code;
    if (isLang(code)) {
      res.cookie(LANG_COOKIE, code, { httpOnly: true, sameSite: 'lax', secure: ctx.secureCookies, maxAge: 365 * 24 * 3600_000 });
      setLang(req, code);
    }
    res.redirect(safeNext(req.query.back));
  });

  router.get('/reset/:token', async (req, res) => {
    const link = await checkResetLink(req.params.token);
    res.render('auth/reset', { title: req.t(link.firstTime ? 'auth.welcome_title' : 'auth.reset_title'), ...link, token: req.params.token });
  });

  router.post(
    '/reset/:token',
    form('auth/reset', async (req) => {
      const link = await checkResetLink(String(req.params.token));
      return { title: req.t(link.firstTime ? 'auth.welcome_title' : 'auth.reset_title'), token: req.params.token, ...link };
    }),
    async (req, res) => {
      const input = parse(PasswordSetSchema, req.body);
      await resetPassword(req.params.token as string, input.password, req.ip ?? '');
      flash(req, 'success', 'auth.reset_done');
      res.redirect('/login');
    },
  );

  router.get('/setup/:token', async (req, res) => {
    await checkSetupLink(req.params.token);
    res.render('auth/setup', { title: req.t('auth.setup_title'), token: req.params.token });
  });

  router.post(
    '/setup/:token',
    form('auth/setup', (req) => ({ title: req.t('auth.setup_title'), token: req.params.token })),
    async (req, res) => {
      const input = parse(SetupSchema, req.body);
      const userId = await completeSetup(req.params.token as string, input, req.ip ?? '');
      await startSession(req, userId);
      flash(req, 'success', 'auth.setup_done');
      res.redirect('/');
    },
  );

  return router;
}
