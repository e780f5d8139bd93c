import { deserialize, type Document } from 'bson';
import { encode } from './query/values.js';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/**
 * What the journal records. Documents travel as their exact BSON bytes;
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
function frame(payload: Buffer): Buffer {
  const h = Buffer.allocUnsafe(8);
  h.writeUInt32LE(payload.length, 0);
  h.writeUInt32LE(zlib.crc32(payload), 4);
  return Buffer.concat([h, payload]);
}

/** Reads every whole record; returns the offset after the last good one, so a torn tail can be cut off. */
export function readRecords(file: string, apply: (op: JournalOp) => void): { good: number; size: number } {
  if (!fs.existsSync(file)) return { good: 0, size: 0 };
  const buf = fs.readFileSync(file);
  let pos = 0;
  while (pos + 8 <= buf.length) {
    const len = buf.readUInt32LE(pos);
    const crc = buf.readUInt32LE(pos + 4);
    if (pos + 8 + len > buf.length) break;
    const payload = buf.subarray(pos + 8, pos + 8 + len);
    if (zlib.crc32(payload) !== crc) break;
    apply(decodeOp(payload));
    pos += 8 + len;
  }
  return { good: pos, size: buf.length };
}

interface Pending {
  buf: Buffer;
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * The append-only journal. A write is acknowledged once its record is on disk
 * (fdatasync); writes arriving while a sync runs share the next one.
 */
export class Journal {
  private fd: number;
  private pending: Pending[] = [];
  private flushing = false;
  private closed = false;
  bytes: number;

  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'a');
    this.bytes = fs.fstatSync(this.fd).size;
  }

  append(op: JournalOp): Promise<void> {
    if (this.closed) return Promise.reject(new Error('journal closed'));
    const buf = frame(encodeOp(op));
    this.bytes += buf.length;
    return new Promise((resolve, reject) => {
      this.pending.push({ buf, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      try {
        await writeAll(this.fd, Buffer.concat(batch.map((p) => p.buf)));
        await new Promise<void>((res, rej) => fs.fdatasync(this.fd, (e) => (e ? rej(e) : res())));
        for (const p of batch) p.resolve();
      } catch (err) {
        for (const p of batch) p.reject(err as Error);
      }
    }
    this.flushing = false;
  }

  async drain(): Promise<void> {
    while (this.flushing || this.pending.length) await new Promise((r) => setImmediate(r));
  }

  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
    fs.closeSync(this.fd);
  }
}

function writeAll(fd: number, buf: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (offset: number) => {
      fs.write(fd, buf, offset, buf.length - offset, null, (err, written) => {
        if (err) return reject(err);
        if (offset + written < buf.length) step(offset + written);
        else resolve();
      });
    };
    step(0);
  });
}

/** Writes a snapshot atomically: temp file, fsync, rename, fsync of the folder. */
export function writeSnapshot(dir: string, gen: number, ops: Iterable<JournalOp>): void {
  const tmp = path.join(dir, 'snapshot.tmp');
  const fd = fs.openSync(tmp, 'w');
  try {
    const chunks: Buffer[] = [frame(encodeOp({ t: 'meta', gen }))];
    let size = 0;
    for (const op of ops) {
      const f = frame(encodeOp(op));
      chunks.push(f);
      size += f.length;
      if (size > 8 * 1024 * 1024) {
        fs.writeSync(fd, Buffer.concat(chunks.splice(0)));
        size = 0;
      }
    }
    fs.writeSync(fd, Buffer.concat(chunks));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, path.join(dir, 'snapshot.bin'));
  syncDir(dir);
}

export function syncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** One engine per data folder: a second one is refused while the first one's process lives. */
export function acquireLock(dir: string): () => void {
  const file = path.join(dir, 'LOCK');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return () => fs.rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (pid && isAlive(pid)) {
        throw new Error(
          `The data folder ${dir} is already in use by another rasoat database engine (process ${pid}). ` +
            'Stop that process, or point DATA_DIR to another folder.',
        );
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock the data folder ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
