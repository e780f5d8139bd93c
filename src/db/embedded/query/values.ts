import { Binary, Decimal128, Double, Int32, Long, ObjectId, Timestamp, serialize } from 'bson';

export type Doc = Record<string, unknown>;

/**
 * A canonical string for a value, equal for values MongoDB treats as equal
 * (1, 1.0 and Long(1) alike). Used as the key of every in-memory index.
 */
export function keyOf(v: unknown): string {
  if (v === undefined || v === null) return 'z';
  switch (typeof v) {
    case 'string':
      return 's' + v;
    case 'number':
      return 'n' + (Object.is(v, -0) ? 0 : v);
    case 'bigint':
      return 'n' + v.toString();
    case 'boolean':
      return v ? 'T' : 'F';
  }
  if (v instanceof ObjectId) return 'o' + v.toHexString();
  if (v instanceof Date) return 'd' + v.getTime();
  if (v instanceof Long || v instanceof Int32 || v instanceof Double) return 'n' + Number(v.valueOf());
  if (v instanceof Decimal128) return 'n' + Number(v.toString());
  if (v instanceof Binary) return 'b' + v.sub_type + ':' + Buffer.from(v.buffer).toString('base64');
  if (v instanceof Timestamp) return 't' + v.toString();
  if (v instanceof RegExp) return 'r' + v.toString();
  if (Array.isArray(v)) return 'a[' + v.map(keyOf).join(',') + ']';
  if (typeof v === 'object') {
    return 'x{' + Object.entries(v as Doc).map(([k, x]) => JSON.stringify(k) + ':' + keyOf(x)).join(',') + '}';
  }
  return 'u' + String(v);
}

/** Values at a dotted path; arrays on the way are expanded as MongoDB does for indexes and queries. */
export function valuesAt(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  // A top-level field, the common case, without splitting the path.
  if (!path.includes('.') && doc !== null && typeof doc === 'object' && !Array.isArray(doc) && !isBsonValue(doc)) {
    const v = (doc as Doc)[path];
    if (Array.isArray(v)) {
      if (v.length === 0) out.push(undefined);
      else for (const e of v) out.push(e);
    } else out.push(v);
    return out;
  }
  walkPath(doc, path.split('.'), 0, out);
  return out;
}

// Module-level rather than a closure per call: valuesAt runs for every document a query reads.
function walkPath(v: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    if (Array.isArray(v)) {
      if (v.length === 0) out.push(undefined);
      else for (const e of v) out.push(e);
    } else out.push(v);
    return;
  }
  if (Array.isArray(v)) {
    const idx = /^\d+$/.test(parts[i]!) ? Number(parts[i]) : -1;
    if (idx >= 0) return walkPath(v[idx], parts, i + 1, out);
    if (v.length === 0) out.push(undefined);
    for (const e of v) walkPath(e, parts, i, out);
    return;
  }
  if (v !== null && typeof v === 'object' && !isBsonValue(v)) return walkPath((v as Doc)[parts[i]!], parts, i + 1, out);
  out.push(undefined);
}

export function getPath(doc: unknown, path: string): unknown {
  let v: unknown = doc;
  for (const p of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Doc)[p];
  }
  return v;
}

export function isBsonValue(v: object): boolean {
  return (
    v instanceof ObjectId ||
    v instanceof Date ||
    v instanceof Binary ||
    v instanceof Decimal128 ||
    v instanceof Long ||
    v instanceof Timestamp ||
    v instanceof RegExp ||
    '_bsontype' in v
  );
}

/** A scalar that an equality lookup on an index can serve exactly. */
export function isIndexableScalar(v: unknown): boolean {
  return (
    typeof v === 'string' ||
    typeof v === 'number' ||
    typeof v === 'boolean' ||
    v instanceof ObjectId ||
    v instanceof Date
  );
}

export function isPlainObject(v: unknown): v is Doc {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !isBsonValue(v as object);
}

/** BSON bytes as a Buffer (the bson package types its result as Uint8Array; on Node it is a Buffer). */
export function encode(doc: Doc, opts?: { checkKeys?: boolean; ignoreUndefined?: boolean }): Buffer {
  const bytes = serialize(doc, opts);
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
