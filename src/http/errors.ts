/**
 * Errors that services throw. They carry an i18n message key, never an HTTP
 * detail beyond the status the error handler maps them to.
 */
export interface FieldError {
  field: string;
  /** i18n key (or already translated text) */
  message: string;
  params?: Record<string, string | number>;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly messageKey: string;
  readonly params: Record<string, string | number>;
  readonly details: FieldError[];

  constructor(messageKey: string, opts: { params?: Record<string, string | number>; details?: FieldError[] } = {}) {
    super(messageKey);
    this.name = new.target.name;
    this.messageKey = messageKey;
    this.params = opts.params ?? {};
    this.details = opts.details ?? [];
  }
}

export class BadRequest extends AppError {
  readonly status = 400;
  readonly code = 'bad_request';
  constructor(messageKey = 'errors.bad_request', opts?: ConstructorParameters<typeof AppError>[1]) {
    super(messageKey, opts);
  }
}

export class Unauthenticated extends AppError {
  readonly status = 401;
  readonly code = 'unauthenticated';
  constructor(messageKey = 'errors.unauthenticated') {
    super(messageKey);
  }
}

export class Forbidden extends AppError {
  readonly status = 403;
  readonly code = 'forbidden';
  constructor(messageKey = 'errors.forbidden') {
    super(messageKey);
  }
}

export class NotFound extends AppError {
  readonly status = 404;
  readonly code = 'not_found';
  constructor(messageKey = 'errors.not_found') {
    super(messageKey);
  }
}

export class Conflict extends AppError {
  readonly status = 409;
  readonly code = 'conflict';
  constructor(messageKey = 'errors.conflict', opts?: ConstructorParameters<typeof AppError>[1]) {
    super(messageKey, opts);
  }
}

export class TooLarge extends AppError {
  readonly status = 413;
  readonly code = 'too_large';
  constructor(messageKey = 'errors.too_large', opts?: ConstructorParameters<typeof AppError>[1]) {
    super(messageKey, opts);
  }
}

export class UnsupportedType extends AppError {
  readonly status = 415;
  readonly code = 'unsupported_type';
  constructor(messageKey = 'errors.unsupported_type', opts?: ConstructorParameters<typeof AppError>[1]) {
    super(messageKey, opts);
  }
}

/** Validation failure; `details` says which field and why. */
export class Invalid extends AppError {
  readonly status = 422;
  readonly code = 'invalid';
  constructor(details: FieldError[], messageKey = 'errors.invalid') {
    super(messageKey, { details });
  }
}

export class RateLimited extends AppError {
  readonly status = 429;
  readonly code = 'rate_limited';
  constructor(messageKey = 'errors.rate_limited') {
    super(messageKey);
  }
}

/** A feature this installation cannot provide (e.g. a converter that is not installed). */
export class NotImplemented extends AppError {
  readonly status = 501;
  readonly code = 'not_implemented';
  constructor(messageKey = 'errors.not_implemented') {
    super(messageKey);
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
