import { expect } from 'chai';
import mongoose from 'mongoose';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import request from 'supertest';
import { AttachmentModel } from '../../../src/attachments/attachment.model.js';
import { makeApp } from '../../factories/index.js';
import { zipBombDocx } from '../../fixtures/zip-builder.js';
import { resetDatabase } from '../../support/hooks.js';
import { givenOpenCampaign, type World } from './world.js';

const DOCX = fs.readFileSync('../shared/samples/docx/nd30-2020-Phuluc2.docx');

async function gridfsCounts(): Promise<{ files: number; chunks: number }> {
  const db = mongoose.connection.db!;
  return { files: await db.collection('attachments.files').countDocuments(), chunks: await db.collection('attachments.chunks').countDocuments() };
}

function upload(w: World, auth: string, buf: Buffer, name: string, sub = w.bcaSub) {
  return request(w.app).post(`/api/v1/submissions/${sub}/attachments`).set('Authorization', auth).attach('file', buf, name);
}

describe('attachments: uploads into GridFS (API)', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when a real Word file is uploaded, then its bytes, type and sha256 are stored and it renders with anchored Vietnamese paragraphs', async () => {
    const w = await givenOpenCampaign();
    const res = await upload(w, w.bca, DOCX, '../../Phụ lục II <viết hoa>.docx');
    expect(res.status).to.equal(201);
    expect(res.body).to.include({ type: 'docx', size: DOCX.length, sha256: createHash('sha256').update(DOCX).digest('hex') });
    expect(res.body.name).to.equal('Phụ lục II viết hoa.docx');
    const stored = await AttachmentModel.findById(res.body.id).lean();
    expect(stored!.agency.toString()).to.equal((await mongoose.connection.db!.collection('submissions').findOne({ _id: new mongoose.Types.ObjectId(w.bcaSub) }))!.agency.toString());
    expect(await gridfsCounts()).to.deep.include({ files: 1 });

    const download = await request(w.app).get(`/api/v1/attachments/${res.body.id}`).set('Authorization', w.rev).buffer(true).parse((r, cb) => {
      const parts: Buffer[] = [];
      r.on('data', (c: Buffer) => parts.push(c));
      r.on('end', () => cb(null, Buffer.concat(parts)));
    });
    expect(download.status).to.equal(200);
    expect(Buffer.compare(download.body as Buffer, DOCX)).to.equal(0);

    const html = await request(w.app).get(`/api/v1/attachments/${res.body.id}/html`).set('Authorization', w.rev);
    expect(html.status).to.equal(200);
    expect(html.body.paragraphs).to.include('VIẾT HOA TRONG VĂN BẢN HÀNH CHÍNH');
    expect(html.body.html).to.include('data-p="1" id="p-1"');
  });

  it('when an .exe is renamed .docx, then 415 and nothing is left in GridFS', async () => {
    const w = await givenOpenCampaign();
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(20_000, 7)]);
    exe.writeUInt32LE(64, 0x3c);
    const res = await upload(w, w.bca, exe, 'bao-cao.docx');
    expect(res.status).to.equal(415);
    expect(res.body.error.code).to.equal('unsupported_type');
    expect(await gridfsCounts()).to.deep.equal({ files: 0, chunks: 0 });
    expect(await AttachmentModel.countDocuments()).to.equal(0);
  });

  it('when a file is over the limit, then 413 and no chunk is left behind', async () => {
    const w = await givenOpenCampaign({ app: makeApp({ uploadMaxMb: 1 }) });
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2 * 1024 * 1024, 0x41)]);
    const res = await upload(w, w.bca, big, 'lon.pdf');
    expect(res.status).to.equal(413);
    expect(await gridfsCounts()).to.deep.equal({ files: 0, chunks: 0 });
  });

  it('when a file is empty, then 422', async () => {
    const w = await givenOpenCampaign();
    const res = await upload(w, w.bca, Buffer.alloc(0), 'rong.pdf');
    expect(res.status).to.equal(422);
    expect(await gridfsCounts()).to.deep.equal({ files: 0, chunks: 0 });
  });

  it('when a 42 KB zip bomb named .docx is uploaded, then it is refused without inflating it, and nothing is stored', async () => {
    const w = await givenOpenCampaign();
    const before = process.memoryUsage().rss;
    const res = await upload(w, w.bca, zipBombDocx(), 'bom.docx');
    expect(res.status).to.equal(413);
    expect(process.memoryUsage().rss - before).to.be.lessThan(200 * 1024 * 1024);
    expect(await gridfsCounts()).to.deep.equal({ files: 0, chunks: 0 });
  });

  it('when the submission already has the maximum number of files, then the next is refused and not stored', async () => {
    process.env.ATTACHMENT_MAX_FILES = '2';
    try {
      const w = await givenOpenCampaign();
      const pdf = (n: number) => Buffer.from(`%PDF-1.4\n% tai lieu ${n}\n%%EOF\n`);
      expect((await upload(w, w.bca, pdf(1), 'a.pdf')).status).to.equal(201);
      expect((await upload(w, w.bca, pdf(2), 'b.pdf')).status).to.equal(201);
      const third = await upload(w, w.bca, pdf(3), 'c.pdf');
      expect(third.status).to.equal(422);
      expect(await gridfsCounts()).to.deep.include({ files: 2 });
    } finally {
      delete process.env.ATTACHMENT_MAX_FILES;
    }
  });

  it('when another agency asks for a file, uploads to, or reads a submission that is not its own, then 404 everywhere', async () => {
    const w = await givenOpenCampaign();
    const up = await upload(w, w.bca, DOCX, 'phu-luc.docx');
    const id = up.body.id as string;
    for (const path of [`/api/v1/attachments/${id}`, `/api/v1/attachments/${id}/html`, `/api/v1/submissions/${w.bcaSub}`, `/api/v1/submissions/${w.bcaSub}/comments`, `/api/v1/submissions/${w.bcaSub}/versions`]) {
      const res = await request(w.app).get(path).set('Authorization', w.hanoi);
      expect(res.status, path).to.equal(404);
    }
    expect((await upload(w, w.hanoi, DOCX, 'x.docx', w.bcaSub)).status).to.equal(404);
    const comment = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', w.hanoi).send({ text: 'Xin chào' });
    expect(comment.status).to.equal(404);
    const theirs = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', w.bca).send({ text: 'Ý kiến của Bộ Công an' });
    expect(theirs.status).to.equal(201);
    expect((await request(w.app).put(`/api/v1/comments/${theirs.body.id}`).set('Authorization', w.hanoi).send({ text: 'sửa trộm' })).status).to.equal(404);
    expect((await request(w.app).post(`/api/v1/comments/${theirs.body.id}/resolve`).set('Authorization', w.hanoi)).status).to.equal(404);
    expect((await request(w.app).post(`/api/v1/submissions/${w.hanoiSub}/comments`).set('Authorization', w.hanoi).send({ text: 'trả lời lạc', parentId: theirs.body.id })).status).to.equal(422);
    expect(await gridfsCounts()).to.deep.include({ files: 1 });
  });
});

describe('attachments: GridFS bookkeeping', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when a file is kept, then its GridFS entry is confirmed (not pending) and points at the attachment', async () => {
    const w = await givenOpenCampaign();
    const res = await upload(w, w.bca, DOCX, 'phu-luc.docx');
    const file = await mongoose.connection.db!.collection('attachments.files').findOne({});
    expect(file!.metadata).to.deep.include({ pending: false });
    expect(String(file!.metadata.attachment)).to.equal(res.body.id);
  });
});
