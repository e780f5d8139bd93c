import type { NextFunction, Request, Response } from 'express';
import type { z } from 'zod';
import { BadRequest, Invalid, type FieldError } from './errors.js';

const KEY_LIKE = /^[a-z][\w-]*(\.[\w-]+)+$/;

/**
 * zod issues → field errors carrying i18n keys. A schema may give its own key
 * (`z.string().min(1, 'users.errors.name_required')`); otherwise the issue code
 * picks a generic message.
 */
export function zodDetails(error: z.ZodError): FieldError[] {
  return error.issues.map((issue): FieldError => {
    const field = issue.path.map(String).join('.') || '_';
    if (KEY_LIKE.test(issue.message)) return { field, message: issue.message };
    switch (issue.code) {
      case 'invalid_type':
        return { field, message: issue.input === undefined ? 'validation.required' : 'validation.invalid' };
      case 'too_small':
        if (issue.origin === 'string' && Number(issue.minimum) <= 1) return { field, message: 'validation.required' };
        return {
          field,
          message: issue.origin === 'string' ? 'validation.too_short' : 'validation.too_small',
          params: { min: Number(issue.minimum) },
        };
      case 'too_big':
        return {
          field,
          message: issue.origin === 'string' ? 'validation.too_long' : 'validation.too_big',
          params: { max: Number(issue.maximum) },
        };
      case 'invalid_format':
        return { field, message: issue.format === 'email' ? 'validation.email' : 'validation.invalid' };
      case 'invalid_value':
        return { field, message: 'validation.choice' };
      case 'unrecognized_keys':
        return { field: issue.keys.join(',') || field, message: 'validation.unknown_field' };
      default:
        return { field, message: 'validation.invalid' };
    }
  });
}

/** Parses or throws Invalid (422) with one message per field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new Invalid(zodDetails(result.error));
  return result.data;
}

/** Query strings: a bad value is a 400 `bad_request` (API.md), with the fields named. */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown): z.infer<S> {
  const result = schema.safeParse(query);
  if (!result.success) throw new BadRequest('errors.bad_query', { details: zodDetails(result.error) });
  return result.data;
}

/** JSON bodies under /api: the validated value replaces req.body. */
export function validateBody(schema: z.ZodType) {
  return function bodyValidator(req: Request, _res: Response, next: NextFunction): void {
    req.body = parse(schema, req.body ?? {});
    next();
  };
}

export interface FormContext {
  view: string;
  /** the route's params, kept because the error handler runs outside the router, where req.params is empty */
  params?: Request['params'];
  /** extra locals the form needs when re-rendered (select options, the object being edited) */
  locals?: (req: Request, res: Response) => Promise<Record<string, unknown>> | Record<string, unknown>;
}

/**
 * Marks the route as a form post. When its handler throws Invalid (from
 * parse() or a service) or Conflict with field details, the error handler
 * re-renders `view` with status 422/409, the user's values in `values` and
 * one translated message per field in `errors`.
 */
export function form(view: string, locals?: FormContext['locals']) {
  return function formContext(req: Request, res: Response, next: NextFunction): void {
    res.locals.formContext = { view, locals, params: { ...req.params } } satisfies FormContext;
    next();
  };
}
