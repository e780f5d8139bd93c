import { toStored, type Collection } from '../collection.js';
import type { Index, Stored } from '../indexes.js';
import type { ReadTxn } from '../storage/store.js';
import { prefixEnd } from '../storage/keys.js';
import { isIndexableScalar, isPlainObject, keyOf, type Doc } from '../query/values.js';
import { boundsOf, type Bounds } from './bounds.js';

/**
 * What the planner hands the query layer: documents that may match (all of
 * them when `exact`, which then needs no further test), in the `sort` order
 * when `sorted`, and a way to count them from the index alone when it can.
 */
export interface Candidates {
  docs: Iterable<Stored>;
  exact: boolean;
  sorted: boolean;
  count?: () => number;
  /** Filter fields whose conditions the ranges answer wholly: documents from them need no test of those. */
  answered?: string[];
}

/** An ordered access path: a secondary index, or the documents themselves (keyed by `_id`). */
interface Path {
  index?: Index;
  prefix: Buffer;
  fields: string[];
  descending: boolean[];
  multikey: boolean;
}

interface Choice {
  path: Path;
  bounds: Bounds;
  /** Filter fields fully answered by the bounds. */
  used: string[];
  reverse: boolean;
  sorted: boolean;
  score: number;
  /** Every field of the path has an equality: each range is one key. */
  pointsOnly: boolean;
}

const MAX_POINTS = 1000;

/** Picks the access path for a filter and sort, and returns its candidates. */
export function plan(coll: Collection, filter: Doc, sort: Doc | undefined, txn?: ReadTxn): Candidates {
  const sortKeys = sort ? Object.entries(sort) : [];
  const choice = choose(coll, filter, sortKeys);
  const fields = Object.keys(filter);
  if (!choice) {
    const empty = fields.length === 0;
    // The kept count is the latest; a snapshot counts its own documents.
    const all = () => (txn ? coll.store.docs.getCount({ start: coll.prefix, end: prefixEnd(coll.prefix), transaction: txn }) : coll.count);
    return { docs: coll.scan(txn), exact: empty, sorted: sortKeys.length === 0, count: empty ? all : undefined };
  }
  const exact = choice.used.length === fields.length && !choice.bounds.cut;
  const ranges = choice.reverse ? [...choice.bounds.ranges].reverse() : choice.bounds.ranges;
  const docs = iterate(coll, choice.path, ranges, choice.reverse, txn);
  const countable = exact && !choice.path.multikey;
  // One key per range on a counted index: its kept count, one read however many entries it holds.
  const counted = choice.pointsOnly && choice.path.index?.counted;
  const count = countable
    ? () =>
        ranges.reduce(
          (n, r) =>
            n +
            (counted
              ? coll.counts.read(r.start, txn)
              : (choice.path.index ? coll.store.entries : coll.store.docs).getCount({ start: r.start, end: r.end, transaction: txn })),
          0,
        )
    : undefined;
  return { docs, exact, sorted: choice.sorted || sortKeys.length === 0, count, answered: choice.bounds.cut ? [] : choice.used };
}

function paths(coll: Collection): Path[] {
  const out: Path[] = [{ prefix: coll.prefix, fields: ['_id'], descending: [false], multikey: false }];
  for (const index of coll.indexes.values()) {
    // A collated index holds collation keys, not the values' own order: the query's own rules decide.
    if (index.incomplete || index.spec.collation) continue;
    out.push({ index, prefix: index.prefix, fields: index.fields, descending: index.descending, multikey: index.multikey });
  }
  return out;
}

function choose(coll: Collection, filter: Doc, sortKeys: Array<[string, unknown]>): Choice | undefined {
  let best: Choice | undefined;
  for (const path of paths(coll)) {
    const c = evaluate(path, filter, sortKeys);
    if (c && (!best || c.score > best.score)) best = c;
  }
  return best;
}

/** How far a path's fields are bounded by the filter, and whether it yields the sort order. */
function evaluate(path: Path, filter: Doc, sortKeys: Array<[string, unknown]>): Choice | undefined {
  const points: unknown[][] = [];
  const used: string[] = [];
  let range: Doc | undefined;
  for (const field of path.fields) {
    const eq = equalityValues(filter[field]);
    // On a multikey path an empty array is keyed as null too, but `null` does not match it.
    if (eq && !(path.multikey && eq.includes(null))) {
      points.push(eq);
      used.push(field);
      continue;
    }
    range = rangeOf(filter[field]);
    break;
  }
  const eqCount = points.length;
  const rangeField = range ? path.fields[eqCount] : undefined;
  const combos = points.reduce((n, p) => n * p.length, 1);
  if (combos > MAX_POINTS) return undefined;
  const order = sortOrder(path, eqCount, sortKeys, combos);
  if (eqCount === 0 && !range && order === undefined) return undefined;
  const bounds = boundsOf(path, points, range, path.multikey);
  const pointsOnly = !range && eqCount === path.fields.length;
  // Equalities on every field of a path: each range is one key, counted from the kept counts.
  const score = eqCount * 4 + (range ? 2 : 0) + (order !== undefined ? 1 : 0) + (path.index?.unique || !path.index ? 0.5 : 0) + (pointsOnly ? 0.25 : 0);
  return {
    path,
    bounds,
    used: range && bounds.rangeExact && rangeField ? [...used, rangeField] : used,
    reverse: order === 'reverse',
    sorted: order !== undefined && sortKeys.length > 0,
    score,
    pointsOnly,
  };
}

/** Whether the path, after its equality prefix, gives the sort's order: forward, in reverse, or not at all. */
function sortOrder(path: Path, eqCount: number, sortKeys: Array<[string, unknown]>, combos: number): 'forward' | 'reverse' | undefined {
  if (sortKeys.length === 0 || path.multikey || combos > 1) return undefined;
  if (eqCount + sortKeys.length > path.fields.length) return undefined;
  let dir: 'forward' | 'reverse' | undefined;
  for (let i = 0; i < sortKeys.length; i++) {
    const [field, want] = sortKeys[i]!;
    if (typeof want !== 'number' && !(want !== null && typeof want === 'object' && 'valueOf' in want && typeof want.valueOf() === 'number')) return undefined;
    if (path.fields[eqCount + i] !== field) return undefined;
    const same = Number(want) < 0 === path.descending[eqCount + i];
    const d = same ? 'forward' : 'reverse';
    if (dir && d !== dir) return undefined;
    dir = d;
  }
  return dir;
}

/**
 * The values an equality condition admits, when it is a plain equality or $in on scalars.
 * `null` is one too: a missing field is keyed as null, and `{f: null}` matches both.
 */
export function equalityValues(cond: unknown): unknown[] | undefined {
  if (cond === undefined) return undefined;
  if (isPoint(cond)) return [cond];
  if (isPlainObject(cond)) {
    const keys = Object.keys(cond);
    if (keys.length !== 1) return undefined;
    if (keys[0] === '$eq' && isPoint(cond.$eq)) return [cond.$eq];
    if (keys[0] === '$in' && Array.isArray(cond.$in) && cond.$in.every(isPoint)) {
      const seen = new Map(cond.$in.map((v) => [keyOf(v), v]));
      return [...seen.values()];
    }
  }
  return undefined;
}

const isPoint = (v: unknown): boolean => v === null || isIndexableScalar(v);

const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte']);

/** A condition made only of $gt/$gte/$lt/$lte on scalars. */
function rangeOf(cond: unknown): Doc | undefined {
  if (!isPlainObject(cond)) return undefined;
  const keys = Object.keys(cond);
  if (keys.length === 0 || !keys.every((k) => RANGE_OPS.has(k))) return undefined;
  if (!keys.every((k) => isIndexableScalar(cond[k]))) return undefined;
  return cond;
}

/** Documents from the ranges, each once, fetched as they are reached. */
function* iterate(coll: Collection, path: Path, ranges: Bounds['ranges'], reverse: boolean, txn?: ReadTxn): Generator<Stored> {
  const seen = path.multikey ? new Set<string>() : undefined;
  for (const r of ranges) {
    const opts = reverse
      ? { start: r.end, end: r.start, reverse: true, exclusiveStart: true, inclusiveEnd: true, transaction: txn }
      : { start: r.start, end: r.end, transaction: txn };
    if (!path.index) {
      for (const { value } of coll.store.docs.getRange(opts)) yield toStored(value);
      continue;
    }
    for (const { value } of coll.store.entries.getRange(opts)) {
      if (seen) {
        const k = value.toString('latin1');
        if (seen.has(k)) continue;
        seen.add(k);
      }
      const s = coll.fetch(value, txn);
      if (s) yield s;
    }
  }
}
