import { mongo, Types } from 'mongoose';
import { Elements, nameIndex } from '../db/bson-elements.js';

// A row from its BSON bytes: `_id`, `submission` and the `values` a page or report reads,
// each decoded where it lies; every other field is stepped over by its length, undecoded.
// Nested values go through the driver's own BSON library, so they read exactly as it reads them.

const { deserialize } = mongo.BSON;

const OBJECT_ID = 0x07;
const DOCUMENT = 0x03;
const STRING = 0x02;
const DOUBLE = 0x01;
const INT32 = 0x10;
const NULL = 0x0a;
const BOOLEAN = 0x08;

// Field names are ASCII keys (the app's own, and template keys by KEY_RE).
const nameOf = (b: Buffer, from: number, to: number): string => b.toString('latin1', from, to);

const objectId = (b: Buffer, at: number): Types.ObjectId => new Types.ObjectId(Buffer.from(b.subarray(at, at + 12)));

const UNREAD = Symbol('unread');

const DOCREF_NAMES = ['input', 'text', 'key', 'typeCode', 'number', 'year', 'symbol', 'issuer', 'normative', 'rank'];
const DOCREF_NAME_BYTES = DOCREF_NAMES.map((n) => Buffer.from(n, 'latin1'));

/** Whether the `length` bytes at `a` and at `c` are the same (short strings: a loop beats a call). */
function sameBytes(b: Buffer, a: number, c: number, length: number): boolean {
  if (b.readInt32LE(a) + 4 !== length) return false;
  for (let i = 4; i < length; i++) if (b[a + i] !== b[c + i]) return false;
  return true;
}

/** The common types of a row's values read in place; UNREAD for the others. */
function readValue(b: Buffer, type: number, at: number, end: number): unknown {
  switch (type) {
    case STRING:
      return b.toString('utf8', at + 4, end - 1);
    case DOUBLE:
      return b.readDoubleLE(at);
    case INT32:
      return b.readInt32LE(at);
    case BOOLEAN:
      return b[at] === 1;
    case NULL:
      return null;
    case DOCUMENT: {
      // A document reference: { input, text, key, typeCode, number, year, … }. Its names are
      // the same in every row, and its text and key most often repeat its input's bytes.
      const doc: Record<string, unknown> = {};
      let last = '';
      let lastAt = -1;
      for (const e = new Elements(b, at); e.next(); ) {
        let v: unknown;
        if (e.type === STRING && lastAt >= 0 && sameBytes(b, lastAt, e.at, e.end - e.at)) v = last;
        else {
          v = readValue(b, e.type, e.at, e.end);
          if (v === UNREAD) return deserialize(b.subarray(at, end));
          if (e.type === STRING) [last, lastAt] = [v as string, e.at];
        }
        const k = nameIndex(b, e.nameStart, e.nameEnd, DOCREF_NAME_BYTES);
        doc[k < 0 ? nameOf(b, e.nameStart, e.nameEnd) : DOCREF_NAMES[k]!] = v;
      }
      return doc;
    }
    default:
      return UNREAD;
  }
}

/** The values of `keys`, read in place where their type allows, else by the BSON library. */
function pickValues(b: Buffer, start: number, keys: readonly string[], keyBytes: readonly Buffer[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  let other = false;
  for (const e = new Elements(b, start); e.next(); ) {
    const k = nameIndex(b, e.nameStart, e.nameEnd, keyBytes);
    if (k < 0) continue;
    const v = readValue(b, e.type, e.at, e.end);
    if (v === UNREAD) other = true;
    else values[keys[k]!] = v;
  }
  if (!other) return values;
  const all = deserialize(b.subarray(start, start + b.readInt32LE(start)));
  for (const key of keys) if (key in all) values[key] = all[key];
  return values;
}

export interface ItemRow {
  _id: Types.ObjectId;
  submission: Types.ObjectId;
  values: Record<string, unknown>;
}

const TOP = ['_id', 'submission', 'values'].map((n) => Buffer.from(n, 'latin1'));

const SUBMISSION = [TOP[1]!];

/** The hex id of a stored row's submission, read before anything else of the row. */
export function rowSubmissionHex(b: Buffer): string | undefined {
  for (const e = new Elements(b, 0); e.next(); ) {
    if (e.type === OBJECT_ID && nameIndex(b, e.nameStart, e.nameEnd, SUBMISSION) === 0) return b.toString('hex', e.at, e.at + 12);
  }
  return undefined;
}

/** Reads stored rows with only the values of `keys`, as the driver would decode them. */
export function itemRowReader(keys: Iterable<string>): (bytes: Buffer) => ItemRow {
  const names = [...new Set(keys)];
  const nameBytes = names.map((n) => Buffer.from(n, 'latin1'));
  return (b) => {
    let id: Types.ObjectId | undefined;
    let submission: Types.ObjectId | undefined;
    let values: Record<string, unknown> = {};
    for (const e = new Elements(b, 0); e.next(); ) {
      const which = nameIndex(b, e.nameStart, e.nameEnd, TOP);
      if (which === 0 && e.type === OBJECT_ID) id = objectId(b, e.at);
      else if (which === 1 && e.type === OBJECT_ID) submission = objectId(b, e.at);
      else if (which === 2 && e.type === DOCUMENT) values = pickValues(b, e.at, names, nameBytes);
    }
    if (!id || !submission) throw new Error('a submission row without _id or submission');
    return { _id: id, submission, values };
  };
}
