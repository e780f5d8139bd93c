import { deserialize } from 'bson';
import { find as mingoFind } from 'mingo';
import { badValue, CommandError } from '../errors.js';
import type { Match } from './find.js';
import { decodeFields, pickBytes, pickPaths, type FieldSelection, type PathTree } from './fields.js';
import { compileFilter } from './filter.js';
import { encode, isPlainObject, type Doc } from './values.js';

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
 * A projection that keeps or drops whole top-level fields, or keeps nested paths through
 * embedded documents, applied to the stored bytes: nothing is decoded or encoded again.
 * Undefined for any other projection (and where an array lies on a kept path).
 */
export function projectBytes(raw: Buffer, projection: Doc): Buffer | undefined {
  let select = selections.get(projection);
  if (select === undefined) selections.set(projection, (select = rawSelection(projection)));
  if (!select) return undefined;
  return 'tree' in select ? pickPaths(raw, select.tree) : pickBytes(raw, select);
}

const selections = new WeakMap<Doc, FieldSelection | { tree: PathTree } | null>();

function rawSelection(projection: Doc): FieldSelection | { tree: PathTree } | null {
  const entries = Object.entries(projection);
  if (!entries.every(([k, v]) => !k.includes('$') && [0, 1, true, false].includes(v as number | boolean))) return null;
  const fields = entries.filter(([k]) => k !== '_id');
  const idOff = entries.some(([k, v]) => k === '_id' && !v);
  const inclusion = fields.length ? Boolean(fields[0]![1]) : !idOff;
  // Mixed inclusion and exclusion is refused by project(), which has the error to give.
  if (fields.some(([, v]) => Boolean(v) !== inclusion)) return null;
  const names = fields.map(([k]) => k);
  if (names.some((k) => k.includes('.'))) {
    // Nested exclusions, and an _id cut to some of its fields, are left to project().
    if (!inclusion || names.some((k) => k.startsWith('_id.'))) return null;
    const tree = pathTree(idOff ? names : ['_id', ...names]) as PathTree;
    return { tree };
  }
  if (inclusion) return { keep: new Set(idOff ? names : ['_id', ...names]) };
  return { drop: new Set(idOff ? ['_id', ...names] : names) };
}

/**
 * Applies a find projection. Plain inclusion/exclusion works on the typed
 * document so stored BSON types survive; operators fall back to mingo.
 */
export function project(m: Match, projection: Doc, filter: Doc): Doc {
  const entries = Object.entries(projection);
  const metas = entries.filter(([, v]) => isPlainObject(v) && v.$meta === 'textScore');
  const slices = entries.filter(([, v]) => isSlice(v)) as Array<[string, { $slice: unknown }]>;
  const elemMatches = entries.filter(([, v]) => isElemMatch(v)) as Array<[string, { $elemMatch: unknown }]>;
  const plain = entries.filter(([, v]) => !(isPlainObject(v) && v.$meta === 'textScore') && !isSlice(v) && !isElemMatch(v));
  const simple = plain.every(([k, v]) => !k.includes('$') && [0, 1, true, false].includes(v as number | boolean));
  if (!simple && slices.length) plain.push(...slices);
  if (!simple && elemMatches.length) plain.push(...elemMatches);
  let out: Doc;
  if (!simple) {
    const { $text: _t, ...rest } = filter;
    try {
      out = mingoFind([deserialize(m.stored.raw)], rest, Object.fromEntries(plain)).all()[0] ?? {};
    } catch (err) {
      throw badValue((err as Error).message);
    }
  } else {
    const idOff = plain.some(([k, v]) => k === '_id' && !v);
    const idOnly = plain.some(([k, v]) => k === '_id' && v);
    const fields = plain.filter(([k]) => k !== '_id');
    // `{_id: 1}` alone, and `$elemMatch`, are inclusions too.
    const inclusion = fields.some(([, v]) => v) || elemMatches.length > 0 || (idOnly && fields.length === 0 && slices.length === 0);
    const paths = [...fields, ...(inclusion ? [...slices, ...elemMatches] : [])].map(([k]) => k);
    // Only the projected fields are decoded (all but the dropped ones for an exclusion).
    const select = inclusion ? { keep: new Set(['_id', ...paths.map((p) => p.split('.')[0]!)]) } : { drop: new Set(paths.filter((p) => !p.includes('.'))) };
    const typed = decodeFields(m.stored.raw, select, { promoteValues: false });
    if (inclusion) {
      if (fields.some(([, v]) => !v)) throw new CommandError(31254, 'Location31254', 'Cannot do exclusion in inclusion projection');
      out = include(typed, pathTree(paths)) as Doc;
      if (!idOff && typed._id !== undefined) out = { _id: typed._id, ...out };
    } else {
      out = exclude(typed, pathTree(fields.map(([k]) => k).concat(idOff ? ['_id'] : []))) as Doc;
    }
    for (const [path, { $slice }] of slices) applySlice(out, path.split('.'), $slice);
    for (const [path, { $elemMatch }] of elemMatches) applyElemMatch(out, path, $elemMatch);
  }
  for (const [k] of metas) out[k] = m.score ?? 0;
  return out;
}

function isElemMatch(v: unknown): v is { $elemMatch: unknown } {
  return isPlainObject(v) && Object.keys(v).length === 1 && v.$elemMatch !== undefined;
}

/** Keeps the first element matching the condition (scalars too), or drops the field when none does. */
function applyElemMatch(out: Doc, path: string, cond: unknown): void {
  if (path.includes('.')) throw badValue(`Cannot use $elemMatch projection on a nested field: ${path}`);
  if (!isPlainObject(cond)) throw badValue('$elemMatch needs an object');
  const arr = out[path];
  if (!Array.isArray(arr)) {
    delete out[path];
    return;
  }
  const test = compileFilter({ v: { $elemMatch: cond } });
  // The projected document keeps stored number types; the matcher wants plain numbers.
  const hit = arr.find((el) => test(deserialize(encode({ v: [el] }))));
  if (hit === undefined) delete out[path];
  else out[path] = [hit];
}

/** `{$slice: n}` or `{$slice: [skip, n]}`; mingo refuses it beside exclusions, MongoDB (4.4+) does not. */
function isSlice(v: unknown): v is { $slice: unknown } {
  return isPlainObject(v) && Object.keys(v).length === 1 && v.$slice !== undefined;
}

function applySlice(node: unknown, parts: string[], spec: unknown): void {
  if (Array.isArray(node)) {
    node.forEach((e) => applySlice(e, parts, spec));
    return;
  }
  if (!isPlainObject(node)) return;
  const [head, ...rest] = parts;
  if (rest.length) return applySlice(node[head!], rest, spec);
  const arr = node[head!];
  if (!Array.isArray(arr)) return;
  const [skip, count] = Array.isArray(spec) ? [Number(spec[0]), Number(spec[1])] : [Number(spec) < 0 ? Number(spec) : 0, Math.abs(Number(spec))];
  if (!Number.isFinite(skip) || !Number.isFinite(count) || count < 0) throw badValue('$slice takes a number or [skip, limit] with a positive limit');
  const start = skip < 0 ? Math.max(arr.length + skip, 0) : Math.min(skip, arr.length);
  node[head!] = arr.slice(start, start + count);
}
