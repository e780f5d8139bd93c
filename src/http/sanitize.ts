import type { NextFunction, Request, Response } from 'express';
import { BadRequest } from './errors.js';

const MAX_DEPTH = 20;

/** The first key that could turn user input into a MongoDB operator or a path, if any. */
export function findUnsafeKey(value: unknown, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return '(too deep)';
  if (Array.isArray(value)) {
    for (const v of value) {
      const bad = findUnsafeKey(v, depth + 1);
      if (bad) return bad;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('$') || k.includes('.') || k.includes('\0') || k === '__proto__' || k === 'constructor' || k === 'prototype') return k;
      const bad = findUnsafeKey(v, depth + 1);
      if (bad) return bad;
    }
  }
  return undefined;
}

/**
 * Rejects `$`-operators and dotted keys in bodies and query strings with a
 * 400 before any handler, so no query can be built from them.
 */
export function rejectUnsafeKeys(req: Request, _res: Response, next: NextFunction): void {
  const bad = findUnsafeKey(req.body) ?? findUnsafeKey(req.query);
  if (bad) return next(new BadRequest('errors.unsafe_key', { params: { key: bad.slice(0, 40) } }));
  next();
}
