import { badValue } from '../errors.js';
import { isPlainObject, type Doc } from '../query/values.js';
import type { Ctx } from './index.js';

/** The collection a command names, checked. */
export function collectionName(ctx: Ctx, field: string): string {
  const v = ctx.cmd[field];
  if (typeof v !== 'string' || v.length === 0 || v.includes('\0')) {
    throw badValue(`collection name must be a non-empty string, got ${JSON.stringify(v)}`);
  }
  return v;
}

export function optDoc(ctx: Ctx, field: string): Doc {
  const v = ctx.cmd[field];
  if (v === undefined || v === null) return {};
  if (!isPlainObject(v)) throw badValue(`'${field}' must be an object`);
  return v;
}

export function optNumber(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  const n = Number(typeof v === 'object' ? (v as { valueOf(): unknown }).valueOf() : v);
  if (!Number.isFinite(n)) throw badValue(`'${field}' must be a number`);
  return n;
}

export function docArray(v: unknown, field: string): Doc[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every(isPlainObject)) throw badValue(`'${field}' must be an array of objects`);
  return v;
}

export function ns(ctx: Ctx, coll: string): string {
  return `${ctx.db}.${coll}`;
}

/** The command's `let` variables, for `$$name` in `$expr` and pipelines. */
export function letVariables(ctx: Ctx): Doc | undefined {
  const v = ctx.cmd.let;
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) throw badValue("'let' must be an object");
  return v;
}
