import { Binary, Decimal128, Double, Int32, Long, ObjectId, Timestamp, deserialize } from 'bson';
import { find as mingoFind } from 'mingo';
import { compileFilter } from './collection.js';
import { badValue, CommandError } from './errors.js';
import type { Index, Stored } from './indexes.js';
import { parseTextSearch, scoreText, textOfDoc } from './text.js';
import { isPlainObject, valuesAt, type Doc } from './values.js';
import type { View } from './view.js';

export interface FindOptions {
  sort?: Doc;
  skip?: number;
  limit?: number;
}

export interface Match {
  stored: Stored;
  score?: number;
}

const textCache = new WeakMap<Stored, Array<{ text: string; weight: number }>>();

/** Documents of a view matching `filter` (with `$text` at the top level), sorted and cut. */
export function findMatches(view: View, filter: Doc, opts: FindOptions = {}): Match[] {
  const { $text, ...rest } = filter;
  let compiled: ((doc: Doc) => boolean) | undefined;
  const test = (doc: Doc) => (compiled ??= compileFilter(rest))(doc);
  let scores: ((s: Stored) => number) | undefined;
  if ($text !== undefined) scores = textScorer(view, $text);
  const out: Match[] = [];
  const limitEarly = !opts.sort && opts.limit ? (opts.skip ?? 0) + opts.limit : Infinity;
  const { docs, exact, extra } = view.candidates(rest);
  const visit = (s: Stored, tested: boolean): boolean => {
    let score: number | undefined;
    if (scores) {
      score = scores(s);
      if (!score) return true;
    }
    if (tested && !test(s.doc)) return true;
    out.push({ stored: s, score });
    return out.length < limitEarly;
  };
  let more = true;
  for (const s of docs) if (!(more = visit(s, !exact))) break;
  if (more) for (const s of extra) if (!visit(s, true)) break;
  if (opts.sort && Object.keys(opts.sort).length) out.sort(comparator(opts.sort));
  const skip = opts.skip ?? 0;
  return out.slice(skip, opts.limit ? skip + opts.limit : undefined);
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
export function compareValues(a: unknown, b: unknown): number {
  const ta = TYPE_ORDER(a);
  const tb = TYPE_ORDER(b);
  if (ta !== tb) return ta - tb;
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
        const c = compareValues(x[i], y[i]);
        if (c) return c;
      }
      return x.length - y.length;
    }
    case 5: {
      const x = Object.entries(a as Doc);
      const y = Object.entries(b as Doc);
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = x[i]![0] < y[i]![0] ? -1 : x[i]![0] > y[i]![0] ? 1 : compareValues(x[i]![1], y[i]![1]);
        if (c) return c;
      }
      return x.length - y.length;
    }
    default:
      return String(a).localeCompare(String(b));
  }
}

export function comparator(sort: Doc): (a: Match, b: Match) => number {
  const keys = Object.entries(sort);
  return (a, b) => {
    for (const [path, dir] of keys) {
      if (isPlainObject(dir) && dir.$meta === 'textScore') {
        const c = (b.score ?? 0) - (a.score ?? 0);
        if (c) return c;
        continue;
      }
      const desc = Number(dir) < 0;
      const c = compareValues(sortValue(a.stored.doc, path, desc), sortValue(b.stored.doc, path, desc));
      if (c) return desc ? -c : c;
    }
    return 0;
  };
}

/** An array sorts by its smallest element ascending and its largest descending. */
function sortValue(doc: Doc, path: string, desc: boolean): unknown {
  const vals = valuesAt(doc, path);
  if (vals.length <= 1) return vals[0];
  return vals.reduce((m, v) => {
    const c = compareValues(v, m);
    return (desc ? c > 0 : c < 0) ? v : m;
  });
}

type Tree = { [k: string]: Tree | true };

function pathTree(paths: string[]): Tree {
  const tree: Tree = {};
  for (const p of paths) {
    let node = tree;
    const parts = p.split('.');
    parts.forEach((part, i) => {
      if (i === parts.length - 1) node[part] = true;
      else {
        const next = node[part];
        if (next === true) return;
        node = (node[part] = next ?? {}) as Tree;
      }
    });
  }
  return tree;
}

function include(v: unknown, tree: Tree | true): unknown {
  if (tree === true) return v;
  if (Array.isArray(v)) return v.filter((e) => isPlainObject(e)).map((e) => include(e, tree));
  if (!isPlainObject(v)) return undefined;
  const out: Doc = {};
  for (const [k, x] of Object.entries(v)) {
    if (!(k in tree)) continue;
    const r = include(x, tree[k]!);
    if (r !== undefined) out[k] = r;
  }
  return out;
}

function exclude(v: unknown, tree: Tree): unknown {
  if (Array.isArray(v)) return v.map((e) => exclude(e, tree));
  if (!isPlainObject(v)) return v;
  const out: Doc = {};
  for (const [k, x] of Object.entries(v)) {
    const t = tree[k];
    if (t === true) continue;
    out[k] = t ? exclude(x, t) : x;
  }
  return out;
}

/**
 * Applies a find projection. Plain inclusion/exclusion works on the typed
 * document so stored BSON types survive; operators fall back to mingo.
 */
export function project(m: Match, projection: Doc, filter: Doc): Doc {
  const entries = Object.entries(projection);
  const metas = entries.filter(([, v]) => isPlainObject(v) && v.$meta === 'textScore');
  const plain = entries.filter(([, v]) => !(isPlainObject(v) && v.$meta === 'textScore'));
  const simple = plain.every(([k, v]) => !k.includes('$') && [0, 1, true, false].includes(v as number | boolean));
  let out: Doc;
  if (!simple) {
    const { $text: _t, ...rest } = filter;
    out = mingoFind([deserialize(m.stored.raw)], rest, Object.fromEntries(plain)).all()[0] ?? {};
  } else {
    const typed = deserialize(m.stored.raw, { promoteValues: false }) as Doc;
    const idOff = plain.some(([k, v]) => k === '_id' && !v);
    const fields = plain.filter(([k]) => k !== '_id');
    const inclusion = fields.some(([, v]) => v);
    if (inclusion) {
      if (fields.some(([, v]) => !v)) throw new CommandError(31254, 'Location31254', 'Cannot do exclusion in inclusion projection');
      out = include(typed, pathTree(fields.map(([k]) => k))) as Doc;
      if (!idOff && typed._id !== undefined) out = { _id: typed._id, ...out };
    } else {
      out = exclude(typed, pathTree(fields.map(([k]) => k).concat(idOff ? ['_id'] : []))) as Doc;
    }
  }
  for (const [k] of metas) out[k] = m.score ?? 0;
  return out;
}
