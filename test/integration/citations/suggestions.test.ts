import { expect } from 'chai';
import request from 'supertest';
import { SubmissionItemModel } from '../../../src/submissions/item.model.js';
import { SubmissionModel } from '../../../src/submissions/submission.model.js';
import { csrfFromHtml, loginAs } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { GOOD_ROW, givenOpenCampaign, type World } from '../submissions/world.js';
import { reportDocx, reportPdf } from './report-docs.js';

interface Doc {
  key: string;
  type: string;
  number: string | null;
  name: string | null;
  date: string | null;
  issuer: string | null;
  title: string | null;
  sentence: string;
  mentions: number;
  rowExists: boolean;
  prefill: Record<string, string>;
}

async function upload(w: World, buf: Buffer, name: string): Promise<string> {
  const res = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/attachments`).set('Authorization', w.bca).attach('file', buf, name);
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body.id as string;
}

const cited = (w: World, auth: string, id: string) => request(w.app).get(`/api/v1/attachments/${id}/citations`).set('Authorization', auth);

describe('documents cited by an uploaded file', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when a Word report is uploaded, then its cited documents come with their details and whether a row exists; one becomes a row', async () => {
    const w = await givenOpenCampaign();
    const add = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/items`).set('Authorization', w.bca).send({ version: 1, values: GOOD_ROW });
    expect(add.status).to.equal(201);
    const id = await upload(w, await reportDocx(), 'bao-cao.docx');

    const res = await cited(w, w.bca, id);
    expect(res.status).to.equal(200);
    const docs = res.body.documents as Doc[];
    expect(docs.map((d) => d.number ?? d.name)).to.deep.equal(['137/2015/NĐ-CP', '55/2021/TT-BCA', 'Cư trú']);
    const [nd, tt, law] = docs;
    expect(nd.rowExists).to.equal(true);
    expect(tt).to.include({ type: 'Thông tư', date: '2021-05-15', issuer: 'Bộ trưởng Bộ Công an', mentions: 2, rowExists: false });
    expect(tt.title).to.equal('quy định chi tiết một số điều của Luật Cư trú');
    expect(tt.sentence).to.match(/^Bộ Công an đã rà soát Thông tư số 55\/2021\/TT-BCA/);
    expect(tt.prefill).to.deep.equal({
      so_ky_hieu: '55/2021/TT-BCA', ten_loai: 'thong-tu', ngay_ban_hanh: '15/05/2021',
      co_quan_ban_hanh: 'Bộ trưởng Bộ Công an', trich_yeu: 'quy định chi tiết một số điều của Luật Cư trú',
    });
    // The report's own number is not a cited document; a law cited by name and year is.
    expect(docs.some((d) => d.number === '15/BC-BCA')).to.equal(false);
    expect(law.prefill).to.include({ so_ky_hieu: 'Luật Cư trú năm 2020', ten_loai: 'luat' });

    const values = { ...GOOD_ROW, ...tt.prefill };
    const created = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/items`).set('Authorization', w.bca).send({ version: add.body.version, values });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const stored = await SubmissionItemModel.find({ submission: w.bcaSub }).sort({ position: 1 }).lean();
    expect(stored.map((i) => i.docKey)).to.deep.equal(['137/2015/NĐ-CP', '55/2021/TT-BCA']);
    expect(((await cited(w, w.bca, id)).body.documents as Doc[])[1].rowExists).to.equal(true);
  });

  it('when a PDF typed without diacritics is uploaded, then its citations are read from the text layer', async () => {
    const w = await givenOpenCampaign();
    const id = await upload(w, reportPdf(), 'bao-cao.pdf');
    const res = await cited(w, w.bca, id);
    expect(res.status).to.equal(200);
    const docs = res.body.documents as Doc[];
    expect(docs.map((d) => [d.number, d.date])).to.deep.equal([
      ['104/2022/NĐ-CP', '2022-12-21'],
      ['06/QĐ-TTg', '2022-01-06'],
    ]);
    expect(docs[0].prefill).to.include({ so_ky_hieu: '104/2022/NĐ-CP', ten_loai: 'nghi-dinh', ngay_ban_hanh: '21/12/2022' });
  });

  it('when another agency asks for a file’s citations, then it is not found; the reviewer sees them', async () => {
    const w = await givenOpenCampaign();
    const id = await upload(w, reportPdf(), 'bao-cao.pdf');
    expect((await cited(w, w.hanoi, id)).status).to.equal(404);
    expect((await cited(w, w.rev, id)).body.documents).to.have.length(2);
    expect((await request(w.app).get('/api/v1/attachments/0123456789abcdef01234567/citations').set('Authorization', w.rev)).status).to.equal(404);
  });

  it('when the agency opens a cited document as a row, then the rows step shows the form filled in and saving it adds the row', async () => {
    const w = await givenOpenCampaign();
    const id = await upload(w, await reportDocx(), 'bao-cao.docx');
    const s = await loginAs(w.app, w.users.bca);
    const files = await s.agent.get(`/submissions/${w.bcaSub}?step=files&cite=${id}`);
    expect(files.status).to.equal(200);
    expect(files.text).to.include('Văn bản được viện dẫn').and.include('55/2021/TT-BCA').and.include('Tạo dòng');
    const link = /href="([^"]*step=rows&(?:amp;)?from=[^"]*TT-BCA[^"]*)"/.exec(files.text)?.[1].replace(/&amp;/g, '&');
    expect(link).to.be.a('string');
    const rows = await s.agent.get(link!);
    expect(rows.text).to.include('value="55/2021/TT-BCA"').and.include('value="15/05/2021"').and.include('điền sẵn');
    expect(rows.text).to.match(/<option value="thong-tu" selected>/);

    const csrf = csrfFromHtml(rows.text);
    const form = Object.fromEntries(Object.entries({ ...GOOD_ROW, so_ky_hieu: '55/2021/TT-BCA', ten_loai: 'thong-tu', ngay_ban_hanh: '15/05/2021' }).map(([k, v]) => [`values[${k}]`, v]));
    const saved = await s.agent.post(`/submissions/${w.bcaSub}/items`).type('form').send({ _csrf: csrf, version: String((await SubmissionModel.findById(w.bcaSub).lean())!.version), _step: 'rows', ...form });
    expect(saved.status).to.equal(302);
    expect(await SubmissionItemModel.countDocuments({ submission: w.bcaSub })).to.equal(1);
  });
});
