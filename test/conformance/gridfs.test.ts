import { expect } from 'chai';
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mongoose from 'mongoose';
import { db } from './helpers.js';

const SIZE = 5 * 1024 * 1024;
const CHUNK = 255 * 1024;

function sha256(buf: Buffer): string {
  return crypto.createHash('sha256').update(buf).digest('hex');
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts);
}

describe('conformance: GridFS', () => {
  let bucket: mongoose.mongo.GridFSBucket;
  const data = crypto.randomBytes(SIZE);

  beforeEach(async () => {
    bucket = new mongoose.mongo.GridFSBucket(db(), { bucketName: 'conf_fs' });
    await db().collection('conf_fs.files').deleteMany({});
    await db().collection('conf_fs.chunks').deleteMany({});
  });

  async function upload(name: string, bytes: Buffer, metadata?: mongoose.mongo.Document): Promise<mongoose.mongo.ObjectId> {
    const up = bucket.openUploadStream(name, { metadata });
    await pipeline(Readable.from([bytes.subarray(0, 1_000_000), bytes.subarray(1_000_000)]), up);
    return up.id as mongoose.mongo.ObjectId;
  }

  it('when a 5 MB file is uploaded and downloaded, then the bytes are identical', async () => {
    const id = await upload('bao-cao.docx', data, { agency: 'BTP' });
    const back = await readAll(bucket.openDownloadStream(id));
    expect(back.length).to.equal(SIZE);
    expect(sha256(back)).to.equal(sha256(data));
  });

  it('when a file is stored, then its files document and chunks describe it', async () => {
    const id = await upload('bao-cao.docx', data, { agency: 'BTP' });
    const [file] = await bucket.find({ _id: id }).toArray();
    expect(file!.length).to.equal(SIZE);
    expect(file!.chunkSize).to.equal(CHUNK);
    expect(file!.filename).to.equal('bao-cao.docx');
    expect(file!.metadata).to.deep.equal({ agency: 'BTP' });
    expect(file!.uploadDate).to.be.instanceOf(Date);
    const chunks = await db().collection('conf_fs.chunks').find({ files_id: id }, { projection: { n: 1, data: 1 } }).sort({ n: 1 }).toArray();
    expect(chunks).to.have.length(Math.ceil(SIZE / CHUNK));
    expect(chunks.map((c) => c.n)).to.deep.equal(chunks.map((_, i) => i));
    expect(chunks[0]!.data.buffer.length).to.equal(CHUNK);
    expect(chunks.at(-1)!.data.buffer.length).to.equal(SIZE % CHUNK);
  });

  it('when a byte range is downloaded by name, then exactly that range comes back', async () => {
    await upload('range.bin', data);
    const start = CHUNK - 10;
    const end = 3 * CHUNK + 17;
    const part = await readAll(bucket.openDownloadStreamByName('range.bin', { start, end }));
    expect(part.equals(data.subarray(start, end))).to.equal(true);
  });

  it('when a file is deleted, then its chunks are gone and downloading it fails', async () => {
    const id = await upload('xoa.bin', data);
    await bucket.delete(id);
    expect(await db().collection('conf_fs.files').countDocuments({ _id: id })).to.equal(0);
    expect(await db().collection('conf_fs.chunks').countDocuments({ files_id: id })).to.equal(0);
    let err: unknown;
    try {
      await readAll(bucket.openDownloadStream(id));
    } catch (e) {
      err = e;
    }
    expect((err as { code?: string }).code).to.equal('ENOENT');
  });

  it('when an empty file is uploaded, then it has a files document, no chunks and downloads as empty', async () => {
    const id = await upload('empty.txt', Buffer.alloc(0));
    expect((await bucket.find({ _id: id }).toArray())[0]!.length).to.equal(0);
    expect(await db().collection('conf_fs.chunks').countDocuments({ files_id: id })).to.equal(0);
    expect((await readAll(bucket.openDownloadStream(id))).length).to.equal(0);
  });
});
