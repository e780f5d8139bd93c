import { expect } from 'chai';
import mongoose from 'mongoose';
import { CHUNK_BYTES, GridFsWriter } from '../../../src/attachments/gridfs.writer.js';
import { resetDatabase } from '../../support/hooks.js';

const MB = 1024 * 1024;
const BUCKET = 'writertest';

function bytes(n: number, seed: number): Buffer {
  const b = Buffer.allocUnsafe(n);
  for (let i = 0; i + 4 <= n; i += 4) b.writeUInt32LE((i * 2654435761 + seed) >>> 0, i);
  for (let i = n - (n % 4); i < n; i++) b[i] = seed & 0xff;
  return b;
}

/** Feeds the writer in pieces of the sizes a socket hands over, waiting when it asks to. */
async function feed(writer: GridFsWriter, data: Buffer, piece: number): Promise<void> {
  for (let at = 0; at < data.length; at += piece) {
    if (!writer.write(data.subarray(at, at + piece))) await writer.room();
  }
}

async function readBack(id: mongoose.Types.ObjectId): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of new mongoose.mongo.GridFSBucket(mongoose.connection.db!, { bucketName: BUCKET }).openDownloadStream(id)) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

describe('attachments: the GridFS writer', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when two files of several inserts each are written at once, then each reads back byte for byte with every chunk numbered in order', async () => {
    const db = mongoose.connection.db!;
    const a = bytes(21 * MB + 12_345, 1);
    const b = bytes(9 * MB + 7, 2);
    const wa = new GridFsWriter(db, BUCKET, 'a.pdf', { owner: 'a' });
    const wb = new GridFsWriter(db, BUCKET, 'b.pdf', { owner: 'b' });
    await Promise.all([feed(wa, a, 65_536), feed(wb, b, 16_384)]);
    const [ida, idb] = await Promise.all([wa.end(), wb.end()]);

    expect(Buffer.compare(await readBack(ida), a)).to.equal(0);
    expect(Buffer.compare(await readBack(idb), b)).to.equal(0);
    const chunks = db.collection(`${BUCKET}.chunks`);
    const ns = (await chunks.find({ files_id: ida }, { projection: { n: 1 } }).sort({ n: 1 }).toArray()).map((c) => c.n);
    expect(ns).to.deep.equal(Array.from({ length: Math.ceil(a.length / CHUNK_BYTES) }, (_, i) => i));
    const file = await db.collection(`${BUCKET}.files`).findOne({ _id: ida });
    expect(file).to.include({ length: a.length, chunkSize: CHUNK_BYTES, filename: 'a.pdf' });
    expect(file!.metadata).to.deep.equal({ owner: 'a' });
  });

  it('when the database refuses one chunk of an insert, then the file fails with that error, no file document is written and its chunks are deleted', async () => {
    const db = mongoose.connection.db!;
    const writer = new GridFsWriter(db, BUCKET, 'c.pdf', {});
    // The unique (files_id, n) index refuses the file's third chunk: a write error inside the insert, not a failed command.
    await db.collection(`${BUCKET}.chunks`).createIndex({ files_id: 1, n: 1 }, { unique: true });
    await db.collection(`${BUCKET}.chunks`).insertOne({ files_id: writer.id, n: 2, data: Buffer.alloc(1) });
    await feed(writer, bytes(3 * MB, 3), 65_536);
    const err = await writer.end().then(
      () => undefined,
      (e: unknown) => e as { code?: number },
    );
    expect(err, 'the write error is reported').to.not.equal(undefined);
    expect(err!.code).to.equal(11000);
    await writer.abort();
    expect(await db.collection(`${BUCKET}.files`).countDocuments()).to.equal(0);
    expect(await db.collection(`${BUCKET}.chunks`).countDocuments({ files_id: writer.id })).to.equal(0);
  });
});
