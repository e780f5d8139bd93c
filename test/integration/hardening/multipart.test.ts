import { expect } from 'chai';
import mongoose from 'mongoose';
import { AttachmentModel } from '../../../src/attachments/attachment.model.js';
import { loginAs, rowsOf } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { givenOpenCampaign, type World } from '../submissions/world.js';
import request from 'supertest';

const B = 'rasoatBoundary7MA4YWxkTrZu0gW';

function part(name: string, value: string): string {
  return `--${B}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
}
function filePart(filename: string, body = '%PDF-1.7\nhello\n'): string {
  return `--${B}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n${body}\r\n`;
}

/** Bodies that a broken client or an attacker sends; none may store anything or answer 500. */
const UNREADABLE = /Tệp gửi lên không đọc được/;
const BAD_NAME = /Tên tệp chứa ký tự không hợp lệ/;
const MALFORMED: { what: string; contentType: string; says: RegExp; body: (fields: string) => Buffer }[] = [
  {
    what: 'a body cut off in the middle of the file',
    says: UNREADABLE,
    contentType: `multipart/form-data; boundary=${B}`,
    body: (fields) => Buffer.from(fields + filePart('bao-cao.pdf').slice(0, 90)),
  },
  {
    what: 'a boundary that does not match the header',
    says: UNREADABLE,
    contentType: `multipart/form-data; boundary=${B}`,
    body: (fields) => Buffer.from((fields + filePart('bao-cao.pdf') + `--${B}--\r\n`).replaceAll(B, 'someOtherBoundary123')),
  },
  {
    what: 'CR/LF in the file name',
    says: UNREADABLE,
    contentType: `multipart/form-data; boundary=${B}`,
    body: (fields) => Buffer.from(fields + filePart('bao\r\ncao.pdf') + `--${B}--\r\n`),
  },
  {
    what: 'CR/LF in the file name, escaped as browsers do',
    says: BAD_NAME,
    contentType: `multipart/form-data; boundary=${B}`,
    body: (fields) => Buffer.from(fields + filePart('bao%0D%0Acao.pdf') + `--${B}--\r\n`),
  },
  {
    what: 'NUL in the file name',
    says: UNREADABLE,
    contentType: `multipart/form-data; boundary=${B}`,
    body: (fields) => Buffer.from(fields + filePart('bao\u0000cao.pdf') + `--${B}--\r\n`),
  },
  {
    what: 'a multipart type with no boundary',
    says: UNREADABLE,
    contentType: 'multipart/form-data',
    body: (fields) => Buffer.from(fields + filePart('bao-cao.pdf') + `--${B}--\r\n`),
  },
];

async function nothingStored(w: World): Promise<void> {
  const db = mongoose.connection.db!;
  expect(await db.collection('attachments.files').countDocuments()).to.equal(0);
  expect(await db.collection('attachments.chunks').countDocuments()).to.equal(0);
  expect(await AttachmentModel.countDocuments()).to.equal(0);
  expect(await rowsOf(w.bcaSub)).to.have.length(0);
}

describe('hardening: malformed multipart on the four upload routes', function () {
  this.timeout(120_000);
  let w: World;
  before(async () => {
    await resetDatabase();
    w = await givenOpenCampaign();
  });

  for (const path of ['attachments', 'items/import']) {
    for (const m of MALFORMED) {
      it(`API ${path}: ${m.what} → 400 in API.md's shape, nothing stored`, async () => {
        const res = await request(w.app)
          .post(`/api/v1/submissions/${w.bcaSub}/${path}`)
          .set('Authorization', w.bca)
          .set('Content-Type', m.contentType)
          .send(m.body(part('version', '1')));
        expect(res.status, res.text).to.equal(400);
        expect(res.body.error.code).to.equal('bad_request');
        expect(res.body.error.message).to.match(m.says);
        expect(res.body.error.details).to.be.an('array');
        await nothingStored(w);
      });

      it(`page ${path}: ${m.what} → 400 on the submission page with the reason, nothing stored`, async () => {
        const s = await loginAs(w.app, { email: w.users.bca.email, password: w.users.bca.password });
        const token = await s.csrf(`/submissions/${w.bcaSub}?step=files`);
        const res = await s.agent
          .post(`/submissions/${w.bcaSub}/${path}?_csrf=${encodeURIComponent(token)}`)
          .set('Content-Type', m.contentType)
          .send(m.body(part('_csrf', token) + part('version', '1')));
        expect(res.status, res.text.slice(0, 300)).to.equal(400);
        expect(res.text).to.match(m.says);
        await nothingStored(w);
      });
    }
  }
});
