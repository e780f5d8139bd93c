import { Long } from 'bson';
import { cursorNotFound } from './errors.js';
import { MAX_BSON_SIZE } from './wire/protocol.js';

interface Cursor {
  ns: string;
  docs: Buffer[];
  pos: number;
  touched: number;
}

const IDLE_MS = 10 * 60_000;
const BATCH_BYTES = MAX_BSON_SIZE - 64 * 1024;

/** Open cursors: the remaining documents of a result, already encoded, handed out batch by batch. */
export class Cursors {
  private readonly open = new Map<bigint, Cursor>();

  /** The first batch reply of a result; the rest stays open under a cursor id. */
  first(ns: string, docs: Buffer[], batchSize: number | undefined, single: boolean): Buffer {
    const n = takeCount(docs, 0, batchSize);
    let id = 0n;
    if (n < docs.length && !single) {
      id = BigInt(1 + Math.floor(Math.random() * 2 ** 52));
      this.open.set(id, { ns, docs, pos: n, touched: Date.now() });
    }
    return cursorReply('firstBatch', docs.slice(0, n), id, ns);
  }

  more(id: bigint, batchSize: number | undefined): Buffer {
    const c = this.open.get(id);
    if (!c) throw cursorNotFound(id);
    const n = takeCount(c.docs, c.pos, batchSize);
    const batch = c.docs.slice(c.pos, c.pos + n);
    c.pos += n;
    c.touched = Date.now();
    const done = c.pos >= c.docs.length;
    if (done) this.open.delete(id);
    return cursorReply('nextBatch', batch, done ? 0n : id, c.ns);
  }

  kill(ids: bigint[]): { killed: bigint[]; notFound: bigint[] } {
    const killed: bigint[] = [];
    const notFound: bigint[] = [];
    for (const id of ids) (this.open.delete(id) ? killed : notFound).push(id);
    return { killed, notFound };
  }

  sweep(now = Date.now()): void {
    for (const [id, c] of this.open) if (now - c.touched > IDLE_MS) this.open.delete(id);
  }

  get size(): number {
    return this.open.size;
  }
}

function takeCount(docs: Buffer[], from: number, batchSize: number | undefined): number {
  const max = batchSize && batchSize > 0 ? batchSize : from === 0 ? 101 : Infinity;
  let bytes = 0;
  let n = 0;
  while (from + n < docs.length && n < max) {
    bytes += docs[from + n]!.length + 16;
    if (n > 0 && bytes > BATCH_BYTES) break;
    n++;
  }
  return n;
}

/** `{cursor: {<batch>: [...], id, ns}, ok: 1}` built around the stored BSON without decoding it, in one allocation. */
export function cursorReply(batchName: string, docs: Buffer[], id: bigint, ns: string): Buffer {
  const nsBytes = Buffer.byteLength(ns);
  let arrayLen = 5;
  docs.forEach((d, i) => (arrayLen += 1 + String(i).length + 1 + d.length));
  const cursorLen = 4 + (1 + batchName.length + 1 + arrayLen) + (1 + 3 + 8) + (1 + 3 + 4 + nsBytes + 1) + 1;
  const total = 4 + (1 + 7 + cursorLen) + (1 + 3 + 8) + 1;
  const b = Buffer.allocUnsafe(total);
  let p = 0;
  const int32 = (v: number) => (p = b.writeInt32LE(v, p));
  const name = (type: number, key: string) => {
    b[p++] = type;
    p += b.write(key, p, 'latin1');
    b[p++] = 0;
  };
  int32(total);
  name(0x03, 'cursor');
  int32(cursorLen);
  name(0x04, batchName);
  int32(arrayLen);
  docs.forEach((d, i) => {
    name(0x03, String(i));
    p += d.copy(b, p);
  });
  b[p++] = 0;
  name(0x12, 'id');
  p = b.writeBigInt64LE(BigInt.asIntN(64, id), p);
  name(0x02, 'ns');
  int32(nsBytes + 1);
  p += b.write(ns, p, 'utf8');
  b[p++] = 0;
  b[p++] = 0;
  name(0x01, 'ok');
  p = b.writeDoubleLE(1, p);
  b[p++] = 0;
  return b;
}

export const toLong = (id: bigint) => Long.fromBigInt(id);
