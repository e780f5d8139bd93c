import { Binary, Decimal128, Double, Int32, Long, ObjectId, Timestamp } from 'bson';
import { badValue, CommandError } from '../errors.js';
import type { Index, Stored } from '../indexes.js';
import { effectiveCollation, type Collation } from './collation.js';
import { compileFilter, type DocTest } from './filter.js';
import { parseTextSearch, scoreText, textOfDoc } from './text.js';
import { isPlainObject, keyOf, valuesAt, type Doc } from './values.js';
import type { View } from '../view.js';
import { decodeFields, filterFields, requiredBytes, sortFields } from './fields.js';

export interface FindOptions {
  sort?: Doc;
  skip?: number;
  limit?: number;
  /** `let` variables of the command. */
  variables?: Doc;
  /** The command's collation; without one the collection's default applies. */
  collation?: unknown;
  /** An index name or key pattern the command asks for; refused when the collection has no such index. */
  hint?: unknown;
  /**
   * The caller reads only the matches' stored bytes (or decodes what it needs itself): the
   * filter and the sort then decode only the fields they look at.
   */
  bytesOnly?: boolean;
}

export interface Match {
  stored: Stored;
  score?: number;
}

const textCache = new WeakMap<Stored, Array<{ text: string; weight: number }>>();

/**
 * How many documents match: from the index alone when the planner can count
 * them (binary key order, so only without a collation or variables), else by matching.
 */
export function countMatches(view: View, filter: Doc, opts: FindOptions = {}): number {
  const skip = opts.skip ?? 0;
  const limit = opts.limit ? Math.abs(opts.limit) : 0;
  checkHint(view, opts.hint);
  const plain = filter.$text === undefined && !opts.variables && !effectiveCollation(opts.collation, view.coll?.options);
  const c = plain ? view.candidates(filter) : undefined;
  if (c?.count && c.extra.length === 0) {
    const n = Math.max(0, c.count() - skip);
    return limit ? Math.min(n, limit) : n;
  }
  return findMatches(view, filter, { ...opts, skip, limit: limit || undefined, bytesOnly: true }).length;
}

/** Documents of a view matching `filter` (with `$text` at the top level), sorted and cut. */
export function findMatches(view: View, filter: Doc, opts: FindOptions = {}): Match[] {
  const { $text, ...rest } = filter;
  checkHint(view, opts.hint);
  const collation = effectiveCollation(opts.collation, view.coll?.options);
  const docOf = opts.bytesOnly && $text === undefined ? partialReader(rest, opts.sort) : wholeDoc;
  let scores: ((s: Stored) => number) | undefined;
  if ($text !== undefined) scores = textScorer(view, $text);
  const out: Match[] = [];
  const hasSort = opts.sort !== undefined && Object.keys(opts.sort).length > 0;
  // Index order is binary key order: it gives the sort only when no collation applies.
  const { docs, exact, extra, sorted, answered } = view.candidates(rest, hasSort && !collation ? opts.sort : undefined);
  // Conditions the index ranges answered wholly are not tested again on the documents they gave.
  const residual = !exact && answered?.length && !collation && !opts.variables ? without(rest, answered) : rest;
  const needles = collation ? [] : requiredBytes(rest);
  const testAll = lazyTest(rest, opts.variables, collation, docOf, needles);
  const testFromRanges = residual === rest ? testAll : lazyTest(residual, opts.variables, collation, docOf, needles);
  // When the index range already gives the order, the first skip + limit matches are the answer.
  const inOrder = !hasSort || (sorted && !collation);
  const limitEarly = inOrder && opts.limit ? (opts.skip ?? 0) + opts.limit : Infinity;
  const visit = (s: Stored, test: ((s: Stored) => boolean) | undefined): boolean => {
    let score: number | undefined;
    if (scores) {
      score = scores(s);
      if (!score) return true;
    }
    if (test && !test(s)) return true;
    out.push({ stored: s, score });
    return out.length < limitEarly;
  };
  let more = true;
  for (const s of docs) if (!(more = visit(s, exact ? undefined : testFromRanges))) break;
  if (more) for (const s of extra) if (!visit(s, testAll)) break;
  if (hasSort && !inOrder) sortMatches(out, opts.sort!, collation, docOf);
  const skip = opts.skip ?? 0;
  return out.slice(skip, opts.limit ? skip + opts.limit : undefined);
}

const wholeDoc = (s: Stored): Doc => s.doc;

function lazyTest(filter: Doc, variables: Doc | undefined, collation: Collation | undefined, docOf: (s: Stored) => Doc, needles: Buffer[]): (s: Stored) => boolean {
  let compiled: DocTest | undefined;
  return (s) => {
    for (const n of needles) if (!s.raw.includes(n)) return false;
    return (compiled ??= compileFilter(filter, { variables, collation }))(docOf(s), s.raw);
  };
}

function without(filter: Doc, fields: readonly string[]): Doc {
  const out = { ...filter };
  for (const f of fields) delete out[f];
  return out;
}

/** Reads each document's filter and sort fields once, leaving the others undecoded. */
function partialReader(filter: Doc, sort: Doc | undefined): (s: Stored) => Doc {
  const fields = filterFields(filter);
  if (!fields || !sortFields(sort, fields)) return wholeDoc;
  const seen = new WeakMap<Stored, Doc>();
  return (s) => {
    let doc = seen.get(s);
    if (!doc) seen.set(s, (doc = s.decoded ?? decodeFields(s.raw, { keep: fields })));
    return doc;
  };
}

/** MongoDB refuses a hint that names no index of an existing collection. */
export function checkHint(view: View, hint: unknown): void {
  const coll = view.coll;
  if (hint === undefined || hint === null || !coll) return;
  const indexes = coll.specs();
  let ok: boolean;
  if (typeof hint === 'string') ok = hint === '' || indexes.some((i) => i.name === hint);
  else if (isPlainObject(hint)) {
    const keys = Object.keys(hint);
    ok = keys.length === 0 || (keys.length === 1 && keys[0] === '$natural') || indexes.some((i) => keyOf(i.key) === keyOf(hint));
  } else ok = false;
  if (!ok) {
    throw badValue(`error processing query: ns=${view.ns} planner returned error :: caused by :: hint provided does not correspond to an existing index`);
  }
}

function textScorer(view: View, $text: unknown): (s: Stored) => number {
  if (!isPlainObject($text) || typeof $text.$search !== 'string') throw badValue('$text needs a $search string');
  const index: Index | undefined = [...(view.coll?.indexes.values() ?? [])].find((i) => i.text);
  if (!index) throw new CommandError(27, 'IndexNotFound', 'text index required for $text query');
  const q = parseTextSearch($text.$search);
  return (s) => {
    let fields = textCache.get(s);
    if (!fields) textCache.set(s, (fields = textOfDoc(s.doc, index.text!)));
    return scoreText(fields, q);
  };
}

const TYPE_ORDER = (v: unknown): number => {
  if (v === undefined || v === null) return 2;
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof Long || v instanceof Decimal128 || v instanceof Int32 || v instanceof Double) return 3;
  if (typeof v === 'string') return 4;
  if (Array.isArray(v)) return 6;
  if (v instanceof Binary) return 7;
  if (v instanceof ObjectId) return 8;
  if (typeof v === 'boolean') return 9;
  if (v instanceof Date) return 10;
  if (v instanceof Timestamp) return 11;
  if (v instanceof RegExp) return 12;
  return 5;
};

/** MongoDB's order across types, then within a type. */
export function compareValues(a: unknown, b: unknown, collation?: Collation): number {
  const ta = TYPE_ORDER(a);
  const tb = TYPE_ORDER(b);
  if (ta !== tb) return ta - tb;
  if (ta === 4 && collation) return collation.compare(a as string, b as string);
  switch (ta) {
    case 2:
      return 0;
    case 3: {
      const x = Number(a instanceof Decimal128 ? a.toString() : (a as number).valueOf());
      const y = Number(b instanceof Decimal128 ? b.toString() : (b as number).valueOf());
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 4:
      return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
    case 8:
      return (a as ObjectId).toHexString().localeCompare((b as ObjectId).toHexString());
    case 9:
      return Number(a) - Number(b);
    case 10:
      return (a as Date).getTime() - (b as Date).getTime();
    case 6: {
      const x = a as unknown[];
      const y = b as unknown[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compareValues(x[i], y[i], collation);
        if (c) return c;
      }
      return x.length - y.length;
    }
    case 5: {
      const x = Object.entries(a as Doc);
      const y = Object.entries(b as Doc);
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = x[i]![0] < y[i]![0] ? -1 : x[i]![0] > y[i]![0] ? 1 : compareValues(x[i]![1], y[i]![1], collation);
        if (c) return c;
      }
      return x.length - y.length;
    }
    default:
      return String(a).localeCompare(String(b));
  }
}

/** Sorts matches, reading each one's sort values once rather than at every comparison. */
function sortMatches(out: Match[], sort: Doc, collation: Collation | undefined, docOf: (s: Stored) => Doc): void {
  const keys = Object.entries(sort);
  if (keys.some(([, dir]) => isPlainObject(dir))) {
    out.sort(comparator(sort, collation, docOf));
    return;
  }
  const dirs = keys.map(([, dir]) => (Number(dir) < 0 ? -1 : 1));
  const decorated = out.map((m) => ({ m, values: keys.map(([path], i) => sortValue(docOf(m.stored), path, dirs[i]! < 0, collation)) }));
  decorated.sort((a, b) => {
    for (let i = 0; i < dirs.length; i++) {
      const c = compareValues(a.values[i], b.values[i], collation);
      if (c) return c * dirs[i]!;
    }
    return 0;
  });
  for (let i = 0; i < out.length; i++) out[i] = decorated[i]!.m;
}

export function comparator(sort: Doc, collation?: Collation, docOf: (s: Stored) => Doc = wholeDoc): (a: Match, b: Match) => number {
  const keys = Object.entries(sort);
  return (a, b) => {
    for (const [path, dir] of keys) {
      if (isPlainObject(dir) && dir.$meta === 'textScore') {
        const c = (b.score ?? 0) - (a.score ?? 0);
        if (c) return c;
        continue;
      }
      const desc = Number(dir) < 0;
      const c = compareValues(sortValue(docOf(a.stored), path, desc, collation), sortValue(docOf(b.stored), path, desc, collation), collation);
      if (c) return desc ? -c : c;
    }
    return 0;
  };
}

/** An array sorts by its smallest element ascending and its largest descending. */
function sortValue(doc: Doc, path: string, desc: boolean, collation: Collation | undefined): unknown {
  const vals = valuesAt(doc, path);
  if (vals.length <= 1) return vals[0];
  return vals.reduce((m, v) => {
    const c = compareValues(v, m, collation);
    return (desc ? c > 0 : c < 0) ? v : m;
  });
}
