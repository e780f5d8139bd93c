import { Decimal128 } from 'bson';
import { Query, update as mingoUpdate } from 'mingo';
import { CommandError } from '../errors.js';
import { decimalAdd, decimalMul, isDecimal } from './decimal.js';
import { normalizeFilter, withDecimalsAsNumbers } from './filter.js';
import { mongoUpdateError } from './update-checks.js';
import { getPath, isPlainObject, keyOf, type Doc } from './values.js';

const LOGICAL = new Set(['$and', '$or', '$nor', '$expr']);

/**
 * Applies an operator update to `doc` in place; true when something changed.
 * What mingo answers differently from MongoDB is done here first: `$pull`
 * with a query on the elements, `$inc`/`$mul` on Decimal128, and several
 * fields under one `$[]`/`$[id]` (mingo sees a conflict on the array itself).
 */
export function applyOperators(doc: Doc, modifier: Doc, arrayFilters: Doc[] | undefined): boolean {
  checkConflicts(modifier);
  const rest = rewriteOwnOperators(doc, modifier);
  const run = (m: Doc, filters: Doc[] | undefined) => {
    try {
      return mingoUpdate(doc, m, filters).length > 0;
    } catch (err) {
      throw mongoUpdateError(err);
    }
  };
  const fields = Object.entries(rest).flatMap(([op, f]) => (isPlainObject(f) ? Object.entries(f).map(([p, v]) => [op, p, v] as const) : []));
  if (!fields.some(([, p]) => p.includes('$['))) return Object.keys(rest).length > 0 && run(rest, arrayFilters);
  let changed = false;
  for (const [op, path, v] of fields) {
    if (run({ [op]: { [path]: v } }, filtersFor(path, arrayFilters))) changed = true;
  }
  return changed;
}

function filtersFor(path: string, arrayFilters: Doc[] | undefined): Doc[] | undefined {
  if (!arrayFilters) return undefined;
  const ids = new Set([...path.matchAll(/\$\[([a-z][A-Za-z0-9]*)\]/g)].map((m) => m[1]));
  const used = arrayFilters.filter((f) => ids.has(Object.keys(f)[0]?.split('.')[0]));
  return used.length ? used : undefined;
}

/** MongoDB refuses two operators on one path, or on a path and a path inside it. */
function checkConflicts(modifier: Doc): void {
  const paths: string[] = [];
  for (const [op, fields] of Object.entries(modifier)) {
    if (!isPlainObject(fields)) continue;
    for (const [p, v] of Object.entries(fields)) {
      paths.push(p);
      if (op === '$rename' && typeof v === 'string') paths.push(v);
    }
  }
  const sorted = [...paths].sort();
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (a === b || b.startsWith(a + '.')) {
      throw new CommandError(40, 'ConflictingUpdateOperators', `Updating the path '${b}' would create a conflict at '${a}'`);
    }
  }
}

/** `$pull` and Decimal128 `$inc`/`$mul` on plain paths become `$set`s of their results. */
function rewriteOwnOperators(doc: Doc, modifier: Doc): Doc {
  const out: Doc = {};
  const set: Doc = isPlainObject(modifier.$set) ? { ...modifier.$set } : {};
  for (const [op, fields] of Object.entries(modifier)) {
    if (op === '$set' || !isPlainObject(fields)) {
      if (op !== '$set') out[op] = fields;
      continue;
    }
    const kept: Doc = {};
    for (const [path, arg] of Object.entries(fields)) {
      const plain = !path.includes('$');
      const current = plain ? getPath(doc, path) : undefined;
      if (plain && op === '$pull') {
        if (Array.isArray(current)) {
          const test = pullTest(arg);
          const left = current.filter((el) => !test(el));
          if (left.length !== current.length) set[path] = left;
        }
      } else if (plain && (op === '$inc' || op === '$mul') && (isDecimal(arg) || isDecimal(current))) {
        const base = current === undefined || current === null ? 0 : current;
        const result = op === '$inc' ? decimalAdd(base, arg) : current === undefined ? Decimal128.fromString('0') : decimalMul(base, arg);
        if (result) set[path] = result;
      } else kept[path] = arg;
    }
    if (Object.keys(kept).length) out[op] = kept;
  }
  if (Object.keys(set).length) out.$set = set;
  return out;
}

/**
 * Which elements a `$pull` removes: a condition made only of value
 * operators (`{$gte: 6}`) applies to each element; a document of fields or
 * logical operators is a query run on each element; anything else is equality.
 */
function pullTest(cond: unknown): (el: unknown) => boolean {
  if (isPlainObject(cond)) {
    const keys = Object.keys(cond);
    if (keys.length && keys.every((k) => k.startsWith('$') && !LOGICAL.has(k))) {
      const q = new Query(normalizeFilter({ v: cond }));
      return (el) => q.test(withDecimalsAsNumbers({ v: el }));
    }
    const q = new Query(normalizeFilter(cond));
    return (el) => isPlainObject(el) && q.test(withDecimalsAsNumbers(el));
  }
  if (cond instanceof RegExp) return (el) => typeof el === 'string' && cond.test(el);
  const key = keyOf(cond);
  return (el) => keyOf(el) === key;
}
