import type { NextFunction, Request, Response } from 'express';
import mongoose from 'mongoose';
import { translator, DEFAULT_LANG, type Translate } from '../i18n/index.js';
import {
  AppError,
  BadRequest,
  Conflict,
  Forbidden,
  Invalid,
  NotFound,
  TooLarge,
  type FieldError,
} from './errors.js';
import type { Logger } from './logger.js';
import type { FormContext } from './validate.js';

interface HttpLikeError {
  status?: number;
  statusCode?: number;
  type?: string;
  code?: string | number;
  expose?: boolean;
}

/** Maps what libraries throw (body-parser, csrf-csrf, mongoose, the driver) to our errors. */
export function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (err instanceof mongoose.Error.CastError) return new NotFound();
  if (err instanceof mongoose.Error.ValidationError) {
    return new Invalid(
      Object.entries(err.errors).map(([field, e]) => ({
        field,
        message: e.kind === 'required' ? 'validation.required' : 'validation.invalid',
      })),
    );
  }
  const e = err as HttpLikeError | null;
  if (!e || typeof e !== 'object') return undefined;
  if (e.code === 11000) return new Conflict('errors.duplicate');
  if (e.code === 'EBADCSRFTOKEN') return new Forbidden('errors.csrf');
  if (e.type === 'entity.too.large') return new TooLarge();
  if (e.type === 'entity.parse.failed') return new BadRequest('errors.malformed_body');
  const status = e.status ?? e.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 404) return new NotFound();
    if (status === 403) return new Forbidden();
    if (status === 413) return new TooLarge();
    return new BadRequest();
  }
  return undefined;
}

function translateDetails(t: Translate, details: FieldError[]): { field: string; message: string }[] {
  return details.map((d) => ({ field: d.field, message: t(d.message, d.params) }));
}

const HIDDEN_FIELDS = /password|_csrf|token/i;

function keptValues(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object') return {};
  return Object.fromEntries(Object.entries(body).filter(([k]) => !HIDDEN_FIELDS.test(k)));
}

/** Unknown routes: the same 404 as a missing object. */
export function notFoundHandler(_req: Request, _res: Response, next: NextFunction): void {
  next(new NotFound());
}

/**
 * The one error middleware. Under /api: API.md's JSON shape. Elsewhere: a form
 * re-rendered with its messages (when the route used form()), or an error page
 * in the user's language. Never a stack trace.
 */
export function errorHandler(logger: Logger) {
  // Express recognises error middleware by its four parameters.
  return async function handleError(err: unknown, req: Request, res: Response, next: NextFunction): Promise<void> {
    const appErr = toAppError(err);
    if (!appErr) logger.error({ err, method: req.method, path: req.path }, 'unhandled error');
    if (res.headersSent) return next(err);
    const t = req.t ?? translator(DEFAULT_LANG);
    const status = appErr?.status ?? 500;
    const code = appErr?.code ?? 'internal';
    const message = t(appErr?.messageKey ?? 'errors.internal', appErr?.params);
    const details = appErr ? translateDetails(t, appErr.details) : [];

    if (req.originalUrl.startsWith('/api/') || req.originalUrl === '/healthz') {
      res.status(status).json({ error: { code, message, details } });
      return;
    }

    const formContext = res.locals.formContext as FormContext | undefined;
    if (formContext && (appErr instanceof Invalid || (appErr instanceof Conflict && details.length > 0))) {
      try {
        if (formContext.params) req.params = { ...formContext.params, ...req.params };
        const extra = formContext.locals ? await formContext.locals(req, res) : {};
        const errors = Object.fromEntries(details.map((d) => [d.field, d.message]));
        const html = await renderToString(res, formContext.view, { ...extra, values: keptValues(req.body), errors, formError: message });
        res.status(status).send(html);
        return;
      } catch (renderErr) {
        logger.error({ err: renderErr }, 'form re-render failed');
      }
    }

    try {
      const html = await renderToString(res, 'errors/error', { status, message, title: t(`errors.title_${status}`), details });
      res.status(status).send(html);
    } catch (renderErr) {
      logger.error({ err: renderErr }, 'error page failed');
      res.status(status).type('text/plain').send(message);
    }
  };
}

function renderToString(res: Response, view: string, locals: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) => {
    res.render(view, locals, (err: Error | null, html?: string) => (err ? reject(err) : resolve(html ?? '')));
  });
}
