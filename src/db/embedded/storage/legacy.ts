import { deserialize, type Document } from 'bson';
import { encode } from '../query/values.js';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/**
 * The journal + snapshot format of earlier versions, kept to import an
 * existing data folder at first start (see migrate.ts). What the journal records. Documents travel as their exact BSON bytes;
 * a transaction is one record, so it is replayed whole or not at all.
 */
export type JournalOp =
  | { t: 'cc'; db: string; c: string; options: Document; uuid: string }
  | { t: 'dc'; db: string; c: string }
  | { t: 'dd'; db: string }
  | { t: 'ci'; db: string; c: string; spec: Document }
  | { t: 'di'; db: string; c: string; name: string }
  | { t: 'put'; db: string; c: string; docs: Buffer[] }
  | { t: 'del'; db: string; c: string; ids: unknown[] }
  | { t: 'tx'; ops: JournalOp[] }
  | { t: 'meta'; gen: number };

export function encodeOp(op: JournalOp): Buffer {
  if (op.t === 'put') {
    const head = encode({ t: 'put', db: op.db, c: op.c, n: op.docs.length });
    return Buffer.concat([head, ...op.docs]);
  }
  if (op.t === 'tx') {
    const head = encode({ t: 'tx', n: op.ops.length });
    const parts: Buffer[] = [head];
    for (const sub of op.ops) {
      const body = encodeOp(sub);
      const len = Buffer.allocUnsafe(4);
      len.writeUInt32LE(body.length);
      parts.push(len, body);
    }
    return Buffer.concat(parts);
  }
  return encode(op as unknown as Record<string, unknown>);
}

export function decodeOp(buf: Buffer): JournalOp {
  const headLen = buf.readInt32LE(0);
  const head = deserialize(buf.subarray(0, headLen));
  if (head.t === 'put') {
    const docs: Buffer[] = [];
    for (let p = headLen; p < buf.length; ) {
      const len = buf.readInt32LE(p);
      docs.push(buf.subarray(p, p + len));
      p += len;
    }
    return { t: 'put', db: head.db, c: head.c, docs };
  }
  if (head.t === 'tx') {
    const ops: JournalOp[] = [];
    for (let p = headLen; p < buf.length; ) {
      const len = buf.readUInt32LE(p);
      ops.push(decodeOp(buf.subarray(p + 4, p + 4 + len)));
      p += 4 + len;
    }
    return { t: 'tx', ops };
  }
  return head as JournalOp;
}

/** Frame: [u32 length][u32 crc32 of payload][payload]. */
export function frame(payload: Buffer): Buffer {
  const h = Buffer.allocUnsafe(8);
  h.writeUInt32LE(payload.length, 0);
  h.writeUInt32LE(zlib.crc32(payload), 4);
  return Buffer.concat([h, payload]);
}

/**
 * The whole records of a file, read a piece at a time (never the whole file
 * in one buffer); stops at a torn or corrupt tail.
 */
export function* readRecords(file: string): Generator<JournalOp> {
  if (!fs.existsSync(file)) return;
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(8);
    for (let pos = 0; pos + 8 <= size; ) {
      fs.readSync(fd, head, 0, 8, pos);
      const len = head.readUInt32LE(0);
      const crc = head.readUInt32LE(4);
      if (pos + 8 + len > size) return;
      const payload = Buffer.alloc(len);
      fs.readSync(fd, payload, 0, len, pos + 8);
      if (zlib.crc32(payload) !== crc) return;
      yield decodeOp(payload);
      pos += 8 + len;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The legacy files of a folder, in replay order: the snapshot, then the journal of its generation. */
export function legacyFiles(dir: string): { snapshot?: string; journals: string[] } {
  const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const snapshot = names.includes('snapshot.bin') ? path.join(dir, 'snapshot.bin') : undefined;
  const journals = names.filter((f) => /^journal-\d+\.bin$/.test(f)).map((f) => path.join(dir, f));
  return { snapshot, journals };
}
