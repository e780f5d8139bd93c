import { expect } from 'chai';
import fs from 'node:fs';
import mongoose from 'mongoose';
import request from 'supertest';
import { AttachmentModel } from '../../../src/attachments/attachment.model.js';
import { canConvertDoc } from '../../../src/attachments/text.extract.js';
import { resetDatabase } from '../../support/hooks.js';
import { givenOpenCampaign } from '../submissions/world.js';

const LEGACY = fs.readFileSync('../shared/samples/negative/legacy-word-97.doc');

async function storedFiles(): Promise<number> {
  return mongoose.connection.db!.collection('attachments.files').countDocuments();
}

describe('attachments: a Word 97–2003 file at upload', function () {
  this.timeout(120_000);
  beforeEach(resetDatabase);

  it('when LibreOffice is installed, then the .doc is kept as the .docx it converts to: readable, commentable, and the old bytes are gone', async function () {
    if (!(await canConvertDoc())) {
      console.log('      (skipped: LibreOffice `soffice` is not installed; apt-get install -y libreoffice-writer-nogui)');
      this.skip();
    }
    const w = await givenOpenCampaign();
    const up = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/attachments`).set('Authorization', w.bca).attach('file', LEGACY, 'Quyết định cũ.doc');
    expect(up.status, JSON.stringify(up.body)).to.equal(201);
    expect(up.body.type).to.equal('docx');
    expect(up.body.name).to.equal('Quyết định cũ.docx');
    const html = await request(w.app).get(`/api/v1/attachments/${up.body.id}/html`).set('Authorization', w.bca);
    expect(html.status).to.equal(200);
    expect((html.body.paragraphs as string[]).join(' ').length).to.be.greaterThan(20);
    const download = await request(w.app).get(`/api/v1/attachments/${up.body.id}`).set('Authorization', w.bca).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect((download.body as Buffer).subarray(0, 2).toString('latin1')).to.equal('PK');
    const saved = await AttachmentModel.findById(up.body.id).lean();
    expect(saved!.size).to.equal((download.body as Buffer).length);
    // Only the converted file is stored: the uploaded .doc was removed.
    expect(await storedFiles()).to.equal(1);
  });

  it('when LibreOffice is not available, then the .doc is refused with the Vietnamese reason and nothing is stored', async () => {
    const before = process.env.SOFFICE;
    process.env.SOFFICE = '';
    try {
      const w = await givenOpenCampaign();
      const up = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/attachments`).set('Authorization', w.bca).attach('file', LEGACY, 'Quyết định cũ.doc');
      expect(up.status).to.equal(415);
      expect(up.body.error.message).to.include('97–2003').and.include('Lưu thành');
      expect(await AttachmentModel.countDocuments()).to.equal(0);
      expect(await storedFiles()).to.equal(0);
    } finally {
      if (before === undefined) delete process.env.SOFFICE;
      else process.env.SOFFICE = before;
    }
  });
});
