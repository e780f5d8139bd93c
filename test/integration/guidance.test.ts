import { expect } from 'chai';
import request from 'supertest';
import { CampaignModel } from '../../src/campaigns/campaign.model.js';
import { CommentModel } from '../../src/reviews/comment.model.js';
import { loginAs } from '../factories/index.js';
import { resetDatabase } from '../support/hooks.js';
import { givenFilledSubmission, givenOpenCampaign, GOOD_ROW, type World } from './submissions/world.js';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('guidance where people work, navigation and errors', function () {
  this.timeout(120_000);
  let w: World;
  beforeEach(async () => {
    await resetDatabase();
    w = await givenOpenCampaign();
    await CampaignModel.updateOne({ _id: w.campaignId }, { $set: { instructions: 'Gửi kèm **Kế hoạch rà soát** của bộ.' } });
  });

  it('the rows step shows each field\'s help under it and the campaign guidance panel (scope, method, instructions, deadline)', async () => {
    const s = await loginAs(w.app, w.users.bca);
    const res = await s.agent.get(`/submissions/${w.bcaSub}?step=rows`);
    expect(res.text).to.match(/id="n-so_ky_hieu"[^>]*aria-describedby="n-so_ky_hieu-help"/);
    expect(res.text).to.match(/<div class="form-text field-help" id="n-so_ky_hieu-help">Ví dụ: 137\/2015\/NĐ-CP/);
    expect(res.text).to.include('id="campaign-guide" open');
    expect(res.text).to.include('Hướng dẫn của đợt');
    expect(res.text).to.include('<strong>Kế hoạch rà soát</strong>');
    expect(res.text).to.include('Phạm vi rà soát');
    expect(res.text).to.include('Cách thức rà soát');
    expect(res.text).to.include('31/12/2030');
    expect(res.text).to.include('Xem ý kiến góp ý');
    expect(res.text).not.to.include('Trang xem xét');
  });

  it('the report step offers the figures of section II from the rows, has a next action, and is marked done once every section is written', async () => {
    await givenFilledSubmission(w);
    const s = await loginAs(w.app, w.users.bca);
    const res = await s.agent.get(`/submissions/${w.bcaSub}?step=report`);
    expect(res.text).to.include('id="report-counts"');
    expect(res.text).to.include('Đã đề xuất xử lý 1 văn bản với 1 quy định cần xử lý. Trong đó: sửa đổi, bổ sung: 1.');
    expect(res.text).to.match(/<a class="btn btn-outline-primary" href="\/submissions\/[0-9a-f]+\?step=files" id="report-next">Tài liệu →<\/a>/);
    expect(res.text).to.match(/<li class="done" data-step="rows" data-done>/);
    expect(res.text).to.match(/<li class="current done" data-step="report" data-done>/);
    expect(res.text).to.match(/<li class="" data-step="files">/);
  });

  it('a row form re-rendered after a 422 keeps every navigation entry and shows the error banner once', async () => {
    const s = await loginAs(w.app, w.users.bca);
    const token = await s.csrf(`/submissions/${w.bcaSub}?step=rows`);
    const res = await s.agent.post(`/submissions/${w.bcaSub}/items`).type('form').send({ _csrf: token, version: '1', _step: 'rows', values: { ...GOOD_ROW, so_ky_hieu: '06/QĐ-TTg', ngay_ban_hanh: '31/13/2022' } });
    expect(res.status).to.equal(422);
    for (const href of ['href="/"', 'href="/campaigns"', 'href="/submissions"', 'href="/notifications"']) expect(res.text, href).to.include(`class="nav-link${href === 'href="/submissions"' ? ' active' : ''}" ${href}`.replace(' active" href', ' active" href'));
    expect(res.text.match(/role="alert"[^>]*>Dữ liệu chưa hợp lệ/g) ?? [], 'error banners').to.have.length(1);
  });

  it('replying to a reply explains that replies are one level deep; the reply box is multi-line', async () => {
    const root = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', w.rev).send({ text: 'Đề nghị làm rõ.' });
    expect(root.status, JSON.stringify(root.body)).to.equal(201);
    const reply = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', w.bca).send({ text: 'Đã làm rõ.', parentId: root.body.id });
    expect(reply.status).to.equal(201);
    const deeper = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', w.rev).send({ text: 'Cảm ơn.', parentId: reply.body.id });
    expect(deeper.status).to.equal(422);
    expect(deeper.body.error.details[0].message).to.include('trả lời chỉ có một cấp');
    expect(await CommentModel.countDocuments()).to.equal(2);
    const s = await loginAs(w.app, w.users.reviewer);
    const page = await s.agent.get(`/submissions/${w.bcaSub}/review?tab=comments`);
    expect(page.text).to.match(/<textarea class="form-control form-control-sm" id="reply-/);
    expect(page.text).to.include('trả lời chỉ có một cấp');
  });

  it('an upload by the page script is followed by a success message; the officer\'s file list has no hashes', async () => {
    const s = await loginAs(w.app, w.users.bca);
    const token = await s.csrf(`/submissions/${w.bcaSub}?step=files`);
    const res = await s.agent.post(`/submissions/${w.bcaSub}/attachments?_csrf=${encodeURIComponent(token)}`).set('Accept', 'application/json').attach('file', PDF, 'ke-hoach.pdf');
    expect(res.status).to.equal(201);
    const page = await s.agent.get(`/submissions/${w.bcaSub}?step=files`);
    expect(page.text).to.include('ke-hoach.pdf');
    expect(page.text).to.match(/alert-success[\s\S]*ke-hoach\.pdf/);
    expect(page.text).not.to.include(res.body.sha256.slice(0, 16));
    expect(page.text).to.include('data-msg-network="Không gửi được tệp');
  });
});
