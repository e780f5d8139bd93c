import { Double, Int32, Long, ObjectId, Timestamp, deserialize } from 'bson';
import { toStored } from '../collection.js';
import { resolvePositional } from './positional.js';
import { badValue, CommandError } from '../errors.js';
import type { Stored } from '../indexes.js';
import { aggregator } from './mingo.js';
import { applyOperators } from './operators.js';
import { checkOperands, withoutUnchangedId } from './update-checks.js';
import { MAX_BSON_SIZE } from '../wire/protocol.js';
import { encode, isPlainObject, keyOf, type Doc } from './values.js';

export function isOperatorUpdate(u: unknown): u is Doc {
  return isPlainObject(u) && Object.keys(u).some((k) => k.startsWith('$'));
}

/** Encodes a document with _id first, as MongoDB stores it. */
export function storeDoc(doc: Doc): Stored {
  if (doc._id === undefined) doc = { _id: new ObjectId(), ...doc };
  else if (Object.keys(doc)[0] !== '_id') {
    const { _id, ...rest } = doc;
    doc = { _id, ...rest };
  }
  const raw = encode(doc, { checkKeys: false, ignoreUndefined: true });
  if (raw.length > MAX_BSON_SIZE) throw new CommandError(10334, 'BSONObjectTooLarge', 'object to insert too large');
  return toStored(raw);
}

/**
 * The document after `u` (operators, replacement or pipeline); undefined when
 * nothing changed. Numbers in fields that already held a Double or Long keep that type.
 */
export function applyUpdate(
  prev: Stored,
  u: unknown,
  arrayFilters: Doc[] | undefined,
  filter: Doc,
  inserting: boolean,
  variables?: Doc,
): Stored | undefined {
  let next: Doc;
  if (Array.isArray(u)) {
    next = aggregator(u, variables ? { variables } : {}).run([deserialize(prev.raw)])[0] as Doc;
  } else if (isOperatorUpdate(u)) {
    next = deserialize(prev.raw) as Doc;
    const { $setOnInsert, $currentDate, ...rest } = u;
    const ops = $currentDate === undefined ? rest : { ...rest, $set: { ...(rest.$set as Doc), ...currentDates($currentDate) } };
    for (const op of Object.keys(ops)) if (!SUPPORTED.has(op)) throw new CommandError(9, 'FailedToParse', `Unknown modifier: ${op}`);
    let modifier = inserting && isPlainObject($setOnInsert) ? { ...ops, $set: { ...(ops.$set as Doc), ...$setOnInsert } } : ops;
    // An upsert may choose the new document's _id through $set or $setOnInsert.
    if (inserting && isPlainObject(modifier.$set) && modifier.$set._id !== undefined) {
      const { _id, ...fields } = modifier.$set;
      next._id = _id;
      modifier.$set = fields;
    }
    if (Object.keys(modifier).length === 0) return undefined;
    // The positional `$` is resolved against the query here; an upsert's seed need not match it (a `$gt` cannot).
    if (!inserting && usesPositional(modifier)) modifier = resolvePositional(next, modifier, withoutText(filter));
    checkOperands(next, modifier);
    const changed = applyOperators(next, withoutUnchangedId(modifier, prev.id), arrayFilters);
    if (!changed && !inserting) return undefined;
  } else if (isPlainObject(u)) {
    if (Object.keys(u).some((k) => k.includes('.'))) throw badValue('replacement document must not contain dotted field names');
    next = { _id: prev.doc._id, ...u };
  } else {
    throw new CommandError(14, 'TypeMismatch', 'update must be an object or a pipeline');
  }
  if (keyOf(next._id) !== prev.id && !inserting) {
    throw new CommandError(66, 'ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
  }
  restoreNumberTypes(next, deserialize(prev.raw, { promoteValues: false }) as Doc);
  const stored = storeDoc(next);
  if (!inserting && stored.raw.equals(prev.raw)) return undefined;
  return stored;
}

let lastTimestamp = { t: 0, i: 0 };

/** `$currentDate` as `$set` values: mingo writes a timestamp as a plain number, MongoDB a Timestamp unique per write. */
function currentDates(spec: unknown): Doc {
  if (!isPlainObject(spec)) throw badValue('$currentDate needs an object');
  const out: Doc = {};
  const now = Date.now();
  for (const [path, kind] of Object.entries(spec)) {
    if (isPlainObject(kind) && kind.$type === 'timestamp') {
      const t = Math.floor(now / 1000);
      lastTimestamp = t === lastTimestamp.t ? { t, i: lastTimestamp.i + 1 } : { t, i: 1 };
      out[path] = new Timestamp(lastTimestamp);
    } else if (kind === true || (isPlainObject(kind) && kind.$type === 'date')) out[path] = new Date(now);
    else throw badValue(`$currentDate: ${path} must be true or {$type: 'date' | 'timestamp'}`);
  }
  return out;
}

function usesPositional(modifier: Doc): boolean {
  return Object.values(modifier).some((fields) => isPlainObject(fields) && Object.keys(fields).some((k) => /\.\$(\.|$)/.test(k)));
}

function withoutText(filter: Doc): Doc {
  if (!('$text' in filter)) return filter;
  const { $text: _t, ...rest } = filter;
  return rest;
}

const SUPPORTED = new Set(['$set', '$unset', '$inc', '$mul', '$min', '$max', '$push', '$pull', '$pullAll', '$addToSet', '$pop', '$rename', '$currentDate', '$bit']);

export function restoreNumberTypes(next: Doc, typed: Doc): void {
  for (const [k, v] of Object.entries(next)) {
    const old = typed[k];
    if (typeof v === 'number') {
      if (old instanceof Double) next[k] = new Double(v);
      else if (old instanceof Long && Number.isInteger(v)) next[k] = Long.fromNumber(v);
      else if (old instanceof Int32 && Number.isInteger(v) && Math.abs(v) < 2 ** 31) next[k] = new Int32(v);
    } else if (isPlainObject(v) && isPlainObject(old)) restoreNumberTypes(v, old);
    else if (Array.isArray(v) && Array.isArray(old)) restoreNumberTypes(v as unknown as Doc, old as unknown as Doc);
  }
}

/** The new document of an upsert: the query's equality fields, then the update. */
export function upsertSeed(filter: Doc): Doc {
  const seed: Doc = {};
  const visit = (f: Doc) => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) v.forEach((x) => isPlainObject(x) && visit(x));
      if (k.startsWith('$')) continue;
      let value: unknown = v;
      if (isPlainObject(v)) {
        const keys = Object.keys(v);
        if (keys.length === 1 && keys[0] === '$eq') value = v.$eq;
        else if (keys.some((x) => x.startsWith('$'))) continue;
      }
      setPath(seed, k, value);
    }
  };
  visit(filter);
  return seed;
}

function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = doc;
  for (const p of parts.slice(0, -1)) {
    if (!isPlainObject(node[p])) node[p] = {};
    node = node[p] as Doc;
  }
  node[parts[parts.length - 1]!] = value;
}
