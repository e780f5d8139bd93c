import type { NextFunction, Request, Response } from 'express';
import ejs from 'ejs';
import {
  DEFAULT_LANG,
  formatDate,
  formatDateTime,
  formatNumber,
  isLang,
  langFromAcceptLanguage,
  translator,
  type Lang,
} from '../i18n/index.js';

export const LANG_COOKIE = 'rasoat.lang';

/** Pages: the language cookie (set by the switch), else Vietnamese. */
export function pageLanguage(req: Request, _res: Response, next: NextFunction): void {
  const cookie = (req.cookies as Record<string, unknown> | undefined)?.[LANG_COOKIE];
  setLang(req, isLang(cookie) ? cookie : DEFAULT_LANG);
  next();
}

/** API: Accept-Language, Vietnamese by default (API.md). */
export function apiLanguage(req: Request, _res: Response, next: NextFunction): void {
  setLang(req, langFromAcceptLanguage(req.headers['accept-language']));
  next();
}

export function setLang(req: Request, lang: Lang): void {
  req.lang = lang;
  req.t = translator(lang);
}

export interface ShellInfo {
  version: string;
  dbKind: string;
}

/** What every view can use: t(), formatters, the current user, the CSRF token, the shell's facts. */
export function viewLocals(shell: ShellInfo, csrfToken: (req: Request, res: Response) => string) {
  return async function setViewLocals(req: Request, res: Response, next: NextFunction): Promise<void> {
    const lang = req.lang ?? DEFAULT_LANG;
    res.locals.t = req.t ?? translator(lang);
    res.locals.lang = lang;
    res.locals.formatDate = formatDate;
    res.locals.formatDateTime = formatDateTime;
    res.locals.formatNumber = (n: number | null | undefined) => formatNumber(n, lang);
    res.locals.currentUser = req.actor ?? null;
    res.locals.currentPath = req.path;
    res.locals.appVersion = shell.version;
    res.locals.dbKind = shell.dbKind;
    res.locals.breadcrumbs = [];
    res.locals.values = {};
    res.locals.errors = {};
    if (req.session && !req.session.userId && !req.session.anon && (req.method === 'GET' || req.method === 'HEAD')) {
      // An anonymous page may carry a form (login, reset); the session must persist for its CSRF token to verify,
      // and be stored before the page reaches the browser, or a quick submit would race the save.
      req.session.anon = true;
      await new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));
    }
    const token = req.session ? csrfToken(req, res) : '';
    res.locals.csrfToken = token;
    // The form field every POST form carries, written once per page (not an include per form or row).
    res.locals.csrfField = `<input type="hidden" name="_csrf" value="${ejs.escapeXML(token)}">`;
    next();
  };
}

/**
 * express-session stores a changed session while the response is being
 * written, so a browser can follow a redirect before a flash message or a
 * login is saved. Saving first makes POST/redirect/GET dependable.
 */
export function saveSessionBeforeRedirect(req: Request, res: Response, next: NextFunction): void {
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = ((...args: unknown[]) => {
    if (!req.session) return redirect(...args);
    req.session.save(() => redirect(...args));
  }) as Response['redirect'];
  next();
}
