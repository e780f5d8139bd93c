import { expect } from 'chai';
import request from 'supertest';
import { DispositionModel } from '../../src/reviews/disposition.model.js';
import { loginAs, rowsOf } from '../factories/index.js';
import { resetDatabase } from '../support/hooks.js';
import { givenFilledSubmission, givenOpenCampaign, GOOD_ROW, type World } from './submissions/world.js';

describe('forms people fill every day', function () {
  this.timeout(120_000);
  let w: World;
  let itemId: string;
  before(async () => {
    await resetDatabase();
    w = await givenOpenCampaign();
    ({ itemId } = await givenFilledSubmission(w));
    const sent = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', w.bca).send({ action: 'submit', message: 'Kèm theo Công văn số 12/BCA-V03.' });
    expect(sent.status, JSON.stringify(sent.body)).to.equal(200);
    // Rows are decided only while the submission is in review.
    const started = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', w.rev).send({ action: 'start_review' });
    expect(started.status, JSON.stringify(started.body)).to.equal(200);
  });

  it('the disposition select starts at “— Chọn —” (the row is not yet decided), the explanation and row comments are multi-line; an empty choice is a 422 and nothing is stored', async () => {
    const s = await loginAs(w.app, w.users.reviewer);
    const page = await s.agent.get(`/submissions/${w.bcaSub}/review?tab=rows`);
    expect(page.text).to.match(new RegExp(`<select[^>]*id="dec-${itemId}"[^>]*>\\s*<option value="" selected>— Chọn —</option>`));
    expect(page.text).to.match(new RegExp(`<textarea[^>]*id="exp-${itemId}"`));
    expect(page.text).to.match(new RegExp(`<textarea[^>]*id="rc-${itemId}"`));
    const token = await s.csrf(`/submissions/${w.bcaSub}/review?tab=rows`);
    const res = await s.agent.post(`/submissions/${w.bcaSub}/items/${itemId}/disposition`).type('form').send({ _csrf: token, _tab: 'rows', _item: itemId, decision: '', explanation: 'Chưa chọn' });
    expect(res.status).to.equal(422);
    expect(res.text).to.include('Chưa chọn');
    expect(await DispositionModel.countDocuments()).to.equal(0);
  });

  it('the row form gives text fields (the document title) a wrapping box; dates are typed dd/mm/yyyy', async () => {
    const s = await loginAs(w.app, w.users.hanoi);
    const page = await s.agent.get(`/submissions/${w.hanoiSub}?step=rows`);
    expect(page.text).to.match(/<textarea class="form-control single-line" id="n-trich_yeu" name="values\[trich_yeu\]" rows="2" data-single-line/);
    expect(page.text).to.match(/id="n-ngay_ban_hanh" name="values\[ngay_ban_hanh\]" type="text" value="" placeholder="dd\/mm\/yyyy"/);
  });

  it('the campaign schedule step shows and reads the deadline as dd/mm/yyyy, not a browser date picker', async () => {
    const s = await loginAs(w.app, w.users.admin);
    const token = await s.csrf('/campaigns/new');
    const template = (await request(w.app).get('/api/v1/templates').set('Authorization', w.admin)).body.items[0].id as string;
    const start = await s.agent.post('/campaigns/new').type('form').send({ _csrf: token, title: 'Đợt lịch', template, instructions: '' });
    const id = /\/campaigns\/([0-9a-f]{24})\//.exec(start.headers.location!)![1]!;
    const t2 = await s.csrf(`/campaigns/${id}/setup/schedule`);
    const saved = await s.agent.post(`/campaigns/${id}/setup/schedule`).type('form').send({ _csrf: t2, deadline: '05/03/2031', startDate: '' });
    expect(saved.status, saved.text.slice(0, 300)).to.equal(302);
    const page = await s.agent.get(`/campaigns/${id}/setup/schedule`);
    expect(page.text).to.match(/id="f-deadline" name="deadline" type="text"[\s\S]*?value="05\/03\/2031"/);
    expect(page.text).not.to.include('type="date"');
  });

  it('the printed receipt has the issuer block, a receipt number, on time or late, the covering note, and hides its buttons and links in print', async () => {
    const s = await loginAs(w.app, w.users.bca);
    const res = await s.agent.get(`/submissions/${w.bcaSub}/versions/1/receipt`);
    expect(res.status).to.equal(200);
    expect(res.text).to.match(/<p class="mb-0 fw-bold text-uppercase">Bộ Tư pháp<\/p>\s*<p class="mb-0">Hệ thống rà soát văn bản quy phạm pháp luật<\/p>/);
    expect(res.text).to.match(new RegExp(`id="receipt-number">BN-\\d{4}-${w.bcaSub.slice(-6).toUpperCase()}-1<`));
    expect(res.text).to.include('id="receipt-timeliness">Đúng hạn (hạn gửi 31/12/2030)');
    expect(res.text).to.include('id="receipt-note">Kèm theo Công văn số 12/BCA-V03.');
    const css = await request(w.app).get('/static/css/submission.css');
    expect(css.text).to.match(/@media print \{[^}]*\.receipt-actions, \.btn \{ display: none !important; \}/);
  });

  it('rows can be moved up and down; the order is saved, a stale version is a 409, and another agency cannot move them', async () => {
    let version = 1;
    const ids: string[] = [];
    for (const so of ['137/2015/NĐ-CP', '55/2021/TT-BCA']) {
      const values = so === '137/2015/NĐ-CP' ? { ...GOOD_ROW, co_quan_chu_tri: 'UBND thành phố Hà Nội' } : { ...GOOD_ROW, ten_loai: 'thong-tu', so_ky_hieu: so, ngay_ban_hanh: '15/05/2021', co_quan_chu_tri: 'UBND thành phố Hà Nội' };
      const res = await request(w.app).post(`/api/v1/submissions/${w.hanoiSub}/items`).set('Authorization', w.hanoi).send({ version, values });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      version = res.body.version;
      ids.push(res.body.item.id);
    }
    const s = await loginAs(w.app, w.users.hanoi);
    const page = await s.agent.get(`/submissions/${w.hanoiSub}?step=rows`);
    expect(page.text).to.include(`action="/submissions/${w.hanoiSub}/items/${ids[1]}/move"`);
    expect(page.text).to.include('aria-label="Chuyển dòng 2 lên trên"');
    const token = await s.csrf(`/submissions/${w.hanoiSub}?step=rows`);
    const moved = await s.agent.post(`/submissions/${w.hanoiSub}/items/${ids[1]}/move`).type('form').send({ _csrf: token, version: String(version), direction: 'up' });
    expect(moved.status).to.equal(302);
    expect((await rowsOf(w.hanoiSub)).map((r) => r._id.toString())).to.deep.equal([ids[1], ids[0]]);
    const stale = await s.agent.post(`/submissions/${w.hanoiSub}/items/${ids[1]}/move`).type('form').send({ _csrf: token, version: String(version), direction: 'down' });
    expect(stale.status).to.equal(409);
    expect((await rowsOf(w.hanoiSub)).map((r) => r._id.toString())).to.deep.equal([ids[1], ids[0]]);
    const other = await loginAs(w.app, w.users.bca);
    const t2 = await other.csrf(`/submissions/${w.bcaSub}?step=rows`);
    const foreign = await other.agent.post(`/submissions/${w.hanoiSub}/items/${ids[1]}/move`).type('form').send({ _csrf: t2, version: String(version + 1), direction: 'down' });
    expect(foreign.status).to.equal(404);
    const bad = await s.agent.post(`/submissions/${w.hanoiSub}/items/${ids[1]}/move`).type('form').send({ _csrf: token, version: String(version + 1), direction: 'sideways' });
    expect(bad.status).to.equal(422);
  });
});
