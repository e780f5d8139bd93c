import { Long } from 'bson';
import { cursorNotFound } from './errors.js';
import { MAX_BSON_SIZE } from './wire.js';

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

/** `{cursor: {<batch>: [...], id, ns}, ok: 1}` built around the stored BSON without decoding it. */
export function cursorReply(batchName: string, docs: Buffer[], id: bigint, ns: string): Buffer {
  const arrayParts: Buffer[] = [];
  docs.forEach((d, i) => arrayParts.push(Buffer.from([0x03]), cstring(String(i)), d));
  const array = docBytes(arrayParts);
  const idBytes = Buffer.allocUnsafe(8);
  idBytes.writeBigInt64LE(BigInt.asIntN(64, id));
  const nsBytes = Buffer.from(ns, 'utf8');
  const nsLen = Buffer.allocUnsafe(4);
  nsLen.writeInt32LE(nsBytes.length + 1);
  const cursor = docBytes([
    Buffer.from([0x04]), cstring(batchName), array,
    Buffer.from([0x12]), cstring('id'), idBytes,
    Buffer.from([0x02]), cstring('ns'), nsLen, nsBytes, Buffer.from([0]),
  ]);
  const ok = Buffer.allocUnsafe(8);
  ok.writeDoubleLE(1);
  return docBytes([Buffer.from([0x03]), cstring('cursor'), cursor, Buffer.from([0x01]), cstring('ok'), ok]);
}

function cstring(s: string): Buffer {
  return Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]);
}

function docBytes(parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const len = Buffer.allocUnsafe(4);
  len.writeInt32LE(body.length + 5);
  return Buffer.concat([len, body, Buffer.from([0])]);
}

export const toLong = (id: bigint) => Long.fromBigInt(id);
