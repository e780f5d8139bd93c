import { Binary, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import { isPlainObject, type Doc } from '../query/values.js';

/**
 * An order-preserving byte encoding of BSON values: comparing two encodings
 * byte by byte gives MongoDB's comparison order (type order first; numbers
 * compared across int, long and double; strings by their UTF-8 bytes). Every
 * encoding is prefix-free, so compound keys are plain concatenations and a
 * descending field is its encoding with every byte inverted.
 */
const T = {
  minKey: 0x01,
  nullish: 0x0a,
  number: 0x14,
  string: 0x1e,
  object: 0x28,
  array: 0x32,
  binary: 0x3c,
  objectId: 0x46,
  boolean: 0x50,
  date: 0x5a,
  timestamp: 0x64,
  regex: 0x6e,
  maxKey: 0xf0,
} as const;

/** Keys longer than this are cut; LMDB refuses keys near 2 KB, and a cut key is only ever a candidate. */
export const MAX_KEY_BYTES = 1024;

class Writer {
  buf = Buffer.allocUnsafe(64);
  len = 0;

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.len++] = b;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** Bytes with 0x00 escaped as 0x00 0xFF and ended by 0x00 0x01, so shorter sorts first and nothing is a prefix. */
  escaped(b: Uint8Array): void {
    this.room(b.length * 2 + 2);
    for (const x of b) {
      this.buf[this.len++] = x;
      if (x === 0) this.buf[this.len++] = 0xff;
    }
    this.buf[this.len++] = 0;
    this.buf[this.len++] = 1;
  }

  double(n: number): void {
    this.room(8);
    if (Number.isNaN(n)) {
      this.buf.fill(0, this.len, this.len + 8);
    } else {
      this.buf.writeDoubleBE(n === 0 ? 0 : n, this.len);
      if (this.buf[this.len]! & 0x80) for (let i = 0; i < 8; i++) this.buf[this.len + i] = ~this.buf[this.len + i]! & 0xff;
      else this.buf[this.len] = this.buf[this.len]! | 0x80;
    }
    this.len += 8;
  }

  u64(n: bigint): void {
    this.room(8);
    this.buf.writeBigUInt64BE(BigInt.asUintN(64, n), this.len);
    this.len += 8;
  }

  done(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.len));
  }
}

function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Int32 || v instanceof Double || v instanceof Long) return Number(v.valueOf());
  if (v instanceof Decimal128) return Number(v.toString());
  return undefined;
}

function value(w: Writer, v: unknown): void {
  if (v === undefined || v === null) return w.byte(T.nullish);
  // A Timestamp is a Long to the bson package, but its own type to MongoDB.
  if (v instanceof Timestamp) {
    w.byte(T.timestamp);
    return w.u64((BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0));
  }
  const n = numberOf(v);
  if (n !== undefined) {
    w.byte(T.number);
    return w.double(n);
  }
  if (typeof v === 'string') {
    w.byte(T.string);
    return w.escaped(Buffer.from(v, 'utf8'));
  }
  if (typeof v === 'boolean') {
    w.byte(T.boolean);
    return w.byte(v ? 1 : 0);
  }
  if (v instanceof ObjectId) {
    w.byte(T.objectId);
    return w.bytes(v.id);
  }
  if (v instanceof Date) {
    w.byte(T.date);
    const t = v.getTime();
    return w.u64(BigInt(Number.isNaN(t) ? 0 : t) + (1n << 63n));
  }
  if (v instanceof Binary) {
    w.byte(T.binary);
    const data = v.buffer.subarray(0, v.position);
    w.u64(BigInt(data.length));
    w.byte(v.sub_type);
    return w.escaped(data);
  }
  if (v instanceof RegExp) {
    w.byte(T.regex);
    w.escaped(Buffer.from(v.source));
    return w.escaped(Buffer.from(v.flags));
  }
  if (v instanceof MinKey) return w.byte(T.minKey);
  if (v instanceof MaxKey) return w.byte(T.maxKey);
  if (Array.isArray(v)) {
    w.byte(T.array);
    for (const e of v) value(w, e);
    return w.byte(0);
  }
  if (isPlainObject(v)) {
    w.byte(T.object);
    // MongoDB compares embedded documents field by field: the value's type, then the name, then the value.
    for (const [k, x] of Object.entries(v as Doc)) {
      const inner = new Writer();
      value(inner, x);
      const enc = inner.done();
      w.byte(enc[0]!);
      w.escaped(Buffer.from(k, 'utf8'));
      w.bytes(enc);
    }
    return w.byte(0);
  }
  w.byte(T.nullish);
}

/** The encoding of one value. */
export function encodeValue(v: unknown): Buffer {
  const w = new Writer();
  value(w, v);
  return w.done();
}

/** A compound key: each part's encoding, inverted where the field is descending. */
export function encodeCompound(values: unknown[], descending: boolean[]): Buffer {
  const parts = values.map((v, i) => {
    const enc = encodeValue(v);
    if (descending[i]) for (let j = 0; j < enc.length; j++) enc[j] = ~enc[j]! & 0xff;
    return enc;
  });
  return Buffer.concat(parts);
}

/** The first byte of a type's range and the byte after it, for a range bound that stays within one type. */
export function typeBounds(v: unknown): { low: number; high: number } {
  const first = encodeValue(v)[0]!;
  return { low: first, high: first + 1 };
}

export function u32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(n);
  return b;
}

/** The smallest key greater than every key that starts with `prefix`. */
export function prefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i] = end[i]! + 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.concat([prefix, Buffer.alloc(MAX_KEY_BYTES, 0xff)]);
}
