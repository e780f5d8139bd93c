import { expect } from 'chai';
import request from 'supertest';
import { givenAgencies, givenUser, loginAs, makeApp } from '../factories/index.js';
import { resetDatabase } from '../support/hooks.js';
import { givenFilledSubmission, givenOpenCampaign, GOOD_ROW } from './submissions/world.js';

describe('dashboards say what to do next', function () {
  this.timeout(120_000);
  beforeEach(resetDatabase);

  it('an admin with no campaign gets a “Tạo đợt rà soát” button', async () => {
    await givenAgencies();
    const s = await loginAs(makeApp(), await givenUser({ role: 'admin' }));
    const home = await s.agent.get('/');
    expect(home.text).to.match(/<a class="btn btn-primary" href="\/campaigns\/new" id="create-campaign">Tạo đợt rà soát<\/a>/);
  });

  it('the agency sees the next step for its state: fill and send, then after changes are requested, read and resend', async () => {
    const w = await givenOpenCampaign();
    const s = await loginAs(w.app, w.users.bca);
    expect((await s.agent.get('/')).text).to.include('data-next="draft">Việc cần làm: điền danh mục văn bản và báo cáo');
    await givenFilledSubmission(w);
    for (const [auth, action] of [[w.bca, 'submit'], [w.rev, 'start_review'], [w.rev, 'request_changes']] as const) {
      const res = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', auth).send({ action, message: 'Đề nghị bổ sung căn cứ.' });
      expect(res.status, `${action}: ${JSON.stringify(res.body)}`).to.equal(200);
    }
    const home = (await s.agent.get('/')).text;
    expect(home).to.include('data-next="changes_requested">Bộ Tư pháp yêu cầu bổ sung, chỉnh sửa: đọc các ý kiến');
    expect(home).to.include(`href="/submissions/${w.bcaSub}/review">Xem yêu cầu và sửa báo cáo</a>`);
    const rev = await loginAs(w.app, w.users.reviewer);
    expect((await rev.agent.get('/')).text).to.include('Không có báo cáo nào đang chờ');
  });

  it('report downloads are primary buttons', async () => {
    const w = await givenOpenCampaign();
    const s = await loginAs(w.app, w.users.bca);
    const page = await s.agent.get(`/submissions/${w.bcaSub}`);
    expect(page.text).to.match(/<a class="btn btn-primary btn-sm" href="\/submissions\/[0-9a-f]+\/reports\/appendix\.docx"/);
    expect(page.text).not.to.match(/btn-outline-secondary btn-sm" href="\/submissions\/[0-9a-f]+\/reports\//);
  });

  it('the progress page counts the rows of sent reports only, as it says', async () => {
    const w = await givenOpenCampaign();
    await givenFilledSubmission(w);
    await request(w.app).post(`/api/v1/submissions/${w.hanoiSub}/items`).set('Authorization', w.hanoi).send({ version: 1, values: { ...GOOD_ROW, co_quan_chu_tri: 'UBND thành phố Hà Nội' } });
    const admin = await loginAs(w.app, w.users.admin);
    const before = await admin.agent.get(`/campaigns/${w.campaignId}/progress`);
    expect(before.text).to.match(/<p class="stat-value mb-0">0<\/p>\s*<p class="mb-0 small">dòng kiến nghị \(báo cáo đã gửi\)<\/p>/);
    await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', w.bca).send({ action: 'submit' });
    const after = await admin.agent.get(`/campaigns/${w.campaignId}/progress`);
    expect(after.text).to.match(/<p class="stat-value mb-0">1<\/p>\s*<p class="mb-0 small">dòng kiến nghị \(báo cáo đã gửi\)<\/p>/);
  });
});
