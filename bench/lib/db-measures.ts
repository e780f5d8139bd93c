import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import mongoose from 'mongoose';

/** A process's private memory (RssAnon; this one by default): the engine's thread included, the store's mapped pages not. */
export function privateMb(pid: number | 'self' = 'self'): number {
  const m = /RssAnon:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

/** Bytes the data folder's files take on disk. */
export function storeBytes(dir: string): number {
  return fs.readdirSync(dir).reduce((n, f) => {
    const st = fs.statSync(path.join(dir, f));
    return st.isFile() ? n + st.blocks * 512 : n;
  }, 0);
}

/** Time to read every data file once (`cat` to /dev/null): the floor a restart is compared against. */
export function readFloorMs(dir: string): number {
  const files = fs.readdirSync(dir).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());
  const t = performance.now();
  spawnSync('sh', ['-c', 'cat "$@" > /dev/null', 'cat', ...files]);
  return performance.now() - t;
}

/** Sequential ping round trips; with `while_`, as many as run while it holds (at least `n` when it never holds). */
export async function pingLatencies(db: mongoose.mongo.Db, n: number, while_?: () => boolean): Promise<{ p99: number; count: number }> {
  const times: number[] = [];
  while (while_ ? while_() || times.length === 0 : times.length < n) {
    const t = performance.now();
    await db.command({ ping: 1 });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p99: times[Math.min(times.length - 1, Math.floor(times.length * 0.99))]!, count: times.length };
}

const block = (mb: number, seed: number) => {
  const b = Buffer.allocUnsafe(mb * 2 ** 20);
  for (let i = 0; i < b.length; i += 4) b.writeUInt32LE((i * 2654435761 + seed) >>> 0, i);
  return b;
};
const blocks = new Map<number, Buffer>();

/** Uploads `mb` megabytes as one GridFS file. */
export async function uploadOnce(db: mongoose.mongo.Db, name: string, mb: number): Promise<void> {
  let data = blocks.get(mb);
  if (!data) blocks.set(mb, (data = block(mb, mb)));
  const bucket = new mongoose.mongo.GridFSBucket(db);
  await new Promise<void>((resolve, reject) => {
    const up = bucket.openUploadStream(name);
    up.once('finish', () => resolve());
    up.once('error', reject);
    up.end(data);
  });
}

/** The same bytes copied through a loopback TCP connection: the floor for an upload. */
export async function loopbackCopyMs(mb: number): Promise<number> {
  const data = block(mb, 7);
  const server = net.createServer((s) => s.resume());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await new Promise<void>((resolve, reject) => {
      const c = net.connect(port, '127.0.0.1', () => c.end(data));
      c.on('close', () => resolve());
      c.on('error', reject);
    });
    best = Math.min(best, performance.now() - t);
  }
  server.close();
  return best;
}

/**
 * The same bytes written to a new file in `dir` and synced to disk (best of three): what a
 * durable store of them costs on this disk at the least, whatever the database.
 */
export async function diskSyncMs(dir: string, mb: number): Promise<number> {
  const data = block(mb, 9);
  const file = path.join(dir, `disk-floor-${process.pid}.bin`);
  let best = Infinity;
  try {
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const fh = await fs.promises.open(file, 'w');
      try {
        await fh.write(data);
        await fh.datasync();
      } finally {
        await fh.close();
      }
      best = Math.min(best, performance.now() - t);
    }
  } finally {
    await fs.promises.rm(file, { force: true });
  }
  return best;
}

/** Stores `totalMb` of files (24 MB each), reads one back whole, and reports private memory growth and a restart's time. */
export async function filesCase(db: mongoose.mongo.Db, totalMb: number, restart: () => Promise<number>): Promise<{ growthMb: number; restartMs: number }> {
  const before = privateMb();
  for (let done = 0, i = 0; done < totalMb; done += 24, i++) await uploadOnce(db, `file-${i}.bin`, Math.min(24, totalMb - done));
  const bucket = new mongoose.mongo.GridFSBucket(db);
  let bytes = 0;
  for await (const chunk of bucket.openDownloadStreamByName('file-0.bin')) bytes += (chunk as Buffer).length;
  if (bytes === 0) throw new Error('the first file read back empty');
  const growthMb = privateMb() - before;
  return { growthMb, restartMs: await restart() };
}
