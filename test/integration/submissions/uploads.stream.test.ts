import { expect } from 'chai';
import mongoose from 'mongoose';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { AttachmentModel } from '../../../src/attachments/attachment.model.js';
import { pendingTextsSettled } from '../../../src/attachments/attachment.text.js';
import { retryPendingTexts } from '../../../src/attachments/upload.sweep.js';
import { makeApp } from '../../factories/index.js';
import { buildPdf } from '../../fixtures/pdf-builder.js';
import { resetDatabase } from '../../support/hooks.js';
import { givenOpenCampaign, type World } from './world.js';

const MB = 1024 * 1024;
const LINES = ['BO TU PHAP', 'Can cu Nghi dinh so 104/2022/ND-CP ngay 21/12/2022 cua Chinh phu.'];

async function gridfs(): Promise<{ files: mongoose.mongo.Document[]; chunks: number }> {
  const db = mongoose.connection.db!;
  return { files: await db.collection('attachments.files').find().toArray(), chunks: await db.collection('attachments.chunks').countDocuments() };
}

function upload(w: World, buf: Buffer, name: string) {
  return request(w.app).post(`/api/v1/submissions/${w.bcaSub}/attachments`).set('Authorization', w.bca).attach('file', buf, name);
}

function download(w: World, id: string) {
  return request(w.app)
    .get(`/api/v1/attachments/${id}`)
    .set('Authorization', w.rev)
    .buffer(true)
    .parse((r, cb) => {
      const parts: Buffer[] = [];
      r.on('data', (c: Buffer) => parts.push(c));
      r.on('end', () => cb(null, Buffer.concat(parts)));
    });
}

describe('attachments: large files stream into GridFS', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when a 6 MB PDF is uploaded, then it is stored in GridFS chunks byte for byte, and its text is read from the stored file after the answer', async () => {
    const w = await givenOpenCampaign();
    const pdf = buildPdf(LINES, 6 * MB);
    const res = await upload(w, pdf, 'bao-cao-lon.pdf');
    expect(res.status).to.equal(201);
    expect(res.body).to.include({ type: 'pdf', size: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') });

    const { files, chunks } = await gridfs();
    expect(files).to.have.length(1);
    expect(files[0]).to.include({ length: pdf.length, chunkSize: 255 * 1024 });
    expect(files[0]!.metadata).to.deep.include({ pending: false });
    expect(chunks).to.equal(Math.ceil(pdf.length / (255 * 1024)));
    const got = await download(w, res.body.id as string);
    expect(got.status).to.equal(200);
    expect(Buffer.compare(got.body as Buffer, pdf)).to.equal(0);

    await pendingTextsSettled();
    const stored = await AttachmentModel.findById(res.body.id).select('+text +searchText').lean();
    expect(stored!.textPending).to.equal(undefined);
    expect(stored!.text).to.include('104/2022/ND-CP');
    expect(stored!.searchText).to.include('nghi dinh so 104/2022/nd-cp');
  });

  it('when a 4 MB PNG is named .pdf, then 415 from its first bytes and no file or chunk is left in GridFS', async () => {
    const w = await givenOpenCampaign();
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), Buffer.alloc(4 * MB, 3)]);
    const res = await upload(w, png, 'bao-cao.pdf');
    expect(res.status).to.equal(415);
    expect(res.body.error.code).to.equal('unsupported_type');
    expect(await gridfs()).to.deep.equal({ files: [], chunks: 0 });
    expect(await AttachmentModel.countDocuments()).to.equal(0);
  });

  it('when a PDF passes the size limit after several megabytes were stored, then 413 and every chunk already written is deleted', async () => {
    const w = await givenOpenCampaign({ app: makeApp({ uploadMaxMb: 5 }) });
    const res = await upload(w, buildPdf(LINES, 9 * MB), 'qua-lon.pdf');
    expect(res.status).to.equal(413);
    expect(await gridfs()).to.deep.equal({ files: [], chunks: 0 });
    expect(await AttachmentModel.countDocuments()).to.equal(0);
  });

  it('when a restart cut off the reading of a PDF’s text, then the upload sweep reads it from the stored file', async () => {
    const w = await givenOpenCampaign();
    const res = await upload(w, buildPdf(LINES), 'bao-cao.pdf');
    expect(res.status).to.equal(201);
    await pendingTextsSettled();
    await AttachmentModel.updateOne({ _id: res.body.id }, { $set: { textPending: true, text: '', searchText: '' } });

    expect(await retryPendingTexts(new Date())).to.equal(0);
    expect(await retryPendingTexts(new Date(Date.now() + 3600_000))).to.equal(1);
    const stored = await AttachmentModel.findById(res.body.id).select('+text').lean();
    expect(stored!.textPending).to.equal(undefined);
    expect(stored!.text).to.include('104/2022/ND-CP');
  });
});
