import { Decimal128 } from 'bson';
import { badValue } from '../errors.js';
import type { Collation } from './collation.js';
import { query } from './mingo.js';
import { checkFilter } from './unsupported.js';
import { keyOf, valuesAt, isPlainObject, type Doc } from './values.js';

export interface FilterOptions {
  /** `let` variables, read as `$$name` inside `$expr`. */
  variables?: Doc;
  collation?: Collation;
}

/** A compiled filter; `raw` lets a document without Decimal128 skip the conversion walk. */
export type DocTest = (doc: Doc, raw?: Buffer) => boolean;

export function compileFilter(filter: Doc, opts: FilterOptions = {}): DocTest {
  if (Object.keys(filter).length === 0) return () => true;
  checkFilter(filter);
  const normal = normalizeFilter(filter);
  let q: ReturnType<typeof query>;
  try {
    q = query(normal, opts);
  } catch (err) {
    throw badValue((err as Error).message);
  }
  const ordered = documentEqualities(filter, []);
  const test = (doc: Doc) => matches(q, doc) && ordered.every(([path, key]) => valuesAt(doc, path).some((v) => keyOf(v) === key));
  if (!comparesNumbers(normal)) return (doc) => test(doc);
  return (doc, raw) => test(mayHoldDecimal(raw) ? withDecimalsAsNumbers(doc) : doc);
}

/** Whether a filter has a number to compare with, the only case where a stored Decimal128 must act as one. */
function comparesNumbers(v: unknown): boolean {
  if (typeof v === 'number') return true;
  if (Array.isArray(v)) return v.some(comparesNumbers);
  if (isPlainObject(v)) return Object.entries(v).some(([k, x]) => k === '$expr' || k === '$where' || comparesNumbers(x));
  return false;
}

/** A query that fails on a document (an operator given the wrong kind of operand) is the user's error. */
function matches(q: ReturnType<typeof query>, doc: Doc): boolean {
  try {
    return q.test(doc);
  } catch (err) {
    throw badValue((err as Error).message);
  }
}

/**
 * Rewrites what the matcher would answer differently from MongoDB:
 * `$all` also matches a scalar field (it is an `$and` of equalities), and
 * Decimal128 operands compare as numbers.
 */
export function normalizeFilter(filter: Doc): Doc {
  const clauses: Doc[] = [];
  const out: Doc = {};
  for (const [key, cond] of Object.entries(filter)) {
    if ((key === '$and' || key === '$or' || key === '$nor') && Array.isArray(cond)) {
      out[key] = cond.map((c) => (isPlainObject(c) ? normalizeFilter(c) : c));
    } else if (!key.startsWith('$') && isPlainObject(cond) && Array.isArray(cond.$all)) {
      const { $all, ...others } = cond;
      if (Object.keys(others).length) clauses.push({ [key]: normalizeValue(others) });
      const all = $all as unknown[];
      if (all.length === 0) clauses.push({ [key]: { $in: [] } });
      for (const v of all) clauses.push({ [key]: isPlainObject(v) && v.$elemMatch ? normalizeValue(v) : { $eq: normalizeValue(v) } });
    } else {
      out[key] = key === '$expr' || key === '$where' ? cond : normalizeValue(cond);
    }
  }
  if (clauses.length === 0) return out;
  return Object.keys(out).length ? { $and: [out, ...clauses] } : { $and: clauses };
}

function normalizeValue(v: unknown): unknown {
  if (v instanceof Decimal128) return Number(v.toString());
  if (Array.isArray(v)) return v.map(normalizeValue);
  if (isPlainObject(v)) {
    const keys = Object.keys(v);
    if (keys.length && keys.every((k) => !k.startsWith('$'))) return v;
    if (isPlainObject(v.$elemMatch)) return { ...v, $elemMatch: normalizeFilter(v.$elemMatch) };
    return Object.fromEntries(keys.map((k) => [k, normalizeValue(v[k])]));
  }
  return v;
}

/** 0x13 is the BSON type byte of Decimal128; a document whose bytes lack it holds none. */
function mayHoldDecimal(raw: Buffer | undefined): boolean {
  return raw === undefined || raw.includes(0x13);
}

const converted = new WeakMap<Doc, Doc>();

/** The document with every Decimal128 as a number, for matching only (the stored value keeps its type). */
export function withDecimalsAsNumbers(doc: Doc): Doc {
  let out = converted.get(doc);
  if (!out) converted.set(doc, (out = convert(doc) as Doc));
  return out;
}

function convert(v: unknown): unknown {
  if (v instanceof Decimal128) return Number(v.toString());
  if (Array.isArray(v)) {
    const mapped = v.map(convert);
    return mapped.some((x, i) => x !== v[i]) ? mapped : v;
  }
  if (isPlainObject(v)) {
    let changed = false;
    const entries = Object.entries(v).map(([k, x]) => {
      const c = convert(x);
      if (c !== x) changed = true;
      return [k, c] as const;
    });
    return changed ? Object.fromEntries(entries) : v;
  }
  return v;
}

/**
 * Equalities against whole embedded documents. MongoDB compares them field
 * order included, mingo ignores the order, so they are checked again here
 * (at the top level and under $and, where every one must hold).
 */
function documentEqualities(filter: Doc, out: Array<[string, string]>): Array<[string, string]> {
  for (const [path, cond] of Object.entries(filter)) {
    if (path === '$and' && Array.isArray(cond)) cond.forEach((c) => isPlainObject(c) && documentEqualities(c, out));
    if (path.startsWith('$') || !isPlainObject(cond)) continue;
    const keys = Object.keys(cond);
    if (keys.length > 0 && keys.every((k) => !k.startsWith('$'))) out.push([path, keyOf(cond)]);
    else if (keys.length === 1 && isPlainObject(cond.$eq)) out.push([path, keyOf(cond.$eq)]);
  }
  return out;
}
