import { expect } from 'chai';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { SubmissionModel } from '../../../src/submissions/submission.model.js';
import { csrfFromHtml, loginAs } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { GOOD_ROW, REPORT, givenOpenCampaign, type World } from './world.js';

async function writeReportOnly(w: World): Promise<number> {
  const res = await request(w.app).put(`/api/v1/submissions/${w.bcaSub}`).set('Authorization', w.bca).send({ version: 1, items: [], report: REPORT });
  expect(res.status).to.equal(200);
  return res.body.version as number;
}

describe('"Không có văn bản cần xử lý": a report with no rows, declared', function () {
  this.timeout(30_000);
  beforeEach(resetDatabase);

  it('when an agency with nothing to amend declares so, then it can send without rows; progress and its spreadsheet show the declaration', async () => {
    const w = await givenOpenCampaign();
    await writeReportOnly(w);
    const tr = (body: object) => request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', w.bca).send(body);
    const refused = await tr({ action: 'submit' });
    expect(refused.status).to.equal(422);
    expect(refused.body.error.details.map((d: { field: string }) => d.field)).to.include('items');

    const sent = await tr({ action: 'submit', noDocuments: true });
    expect(sent.status).to.equal(200);
    expect(sent.body.receipt.items).to.equal(0);
    const stored = await SubmissionModel.findById(w.bcaSub).lean();
    expect(stored!.status).to.equal('submitted');
    expect(stored!.noDocuments).to.equal(true);

    const progress = await request(w.app).get(`/api/v1/campaigns/${w.campaignId}/progress`).set('Authorization', w.rev);
    const row = progress.body.items.find((r: { submission: string }) => r.submission === w.bcaSub);
    expect(row).to.include({ noDocuments: true, items: 0 });
    const s = await loginAs(w.app, w.users.reviewer);
    const page = await s.agent.get(`/campaigns/${w.campaignId}/progress`);
    expect(page.text).to.include('Không có văn bản cần xử lý');
    const xlsx = await s.agent.get(`/campaigns/${w.campaignId}/progress.xlsx`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.worksheets[0]!.eachRow((r) => r.eachCell((c) => cells.push(String(c.value))));
    expect(cells).to.include('Không có văn bản cần xử lý');
  });

  it('when the declaration comes with rows, then it is a 422 on the declaration and nothing is sent', async () => {
    const w = await givenOpenCampaign();
    const version = await writeReportOnly(w);
    expect((await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/items`).set('Authorization', w.bca).send({ version, values: GOOD_ROW })).status).to.equal(201);
    const res = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', w.bca).send({ action: 'submit', noDocuments: true });
    expect(res.status).to.equal(422);
    expect(res.body.error.details.map((d: { field: string }) => d.field)).to.include('noDocuments');
    expect((await SubmissionModel.findById(w.bcaSub).lean())!.status).to.equal('draft');
  });

  it('when the agency opens its send step, then it offers the declaration and lists the comments it has not answered', async () => {
    const w = await givenOpenCampaign();
    await writeReportOnly(w);
    const s = await loginAs(w.app, w.users.bca);
    let page = await s.agent.get(`/submissions/${w.bcaSub}?step=send`);
    expect(page.text).to.include('name="noDocuments"');
    const sent = await s.agent.post(`/submissions/${w.bcaSub}/transitions`).type('form').send({ _csrf: csrfFromHtml(page.text), action: 'submit', _step: 'send', noDocuments: 'on' });
    expect(sent.status).to.equal(302);
    const tr = (auth: string, action: string, message?: string) => request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', auth).send({ action, message });
    expect((await tr(w.rev, 'start_review')).status).to.equal(200);
    const answered = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', w.rev).send({ text: 'Đề nghị nêu rõ phạm vi đã rà soát.' });
    await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', w.bca).send({ text: 'Đã rà soát 120 văn bản.', parentId: answered.body.id });
    await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', w.rev).send({ text: 'Bổ sung số liệu về thông tư liên tịch.' });
    expect((await tr(w.rev, 'request_changes', 'Trả lời các ý kiến.')).status).to.equal(200);
    page = await s.agent.get(`/submissions/${w.bcaSub}?step=send`);
    expect(page.text).to.include('Ý kiến chưa trả lời: 1');
    expect(page.text).to.include('Bổ sung số liệu về thông tư liên tịch.');
    const checklist = page.text.slice(page.text.indexOf('unanswered-threads'), page.text.indexOf('send-message'));
    expect(checklist).to.include('Bổ sung số liệu về thông tư liên tịch.');
    expect(checklist, 'an answered thread is not listed').to.not.include('Đề nghị nêu rõ phạm vi đã rà soát');
  });
});
