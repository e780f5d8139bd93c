import { expect } from 'chai';
import request from 'supertest';
import { ReferenceAnswerModel, ReferenceRowModel } from '../../../src/reference-lists/reference.model.js';
import { givenUser, loginAs } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { given, givenTaskCampaign, importTasks, taskList, taskWorkbook } from './world.js';

describe('reference list pages', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when an agency opens its submission, then it lands on its tasks, answers one in the form, and a bad answer keeps its input with a message', async () => {
    const w = await givenTaskCampaign(2);
    await importTasks(w, await taskWorkbook(taskList(2, 3), w.agencies));
    const s = await loginAs(w.app, w.users[0]!);
    const landing = await s.agent.get(`/submissions/${w.subs[0]}`);
    expect(landing.status).to.equal(302);
    expect(landing.headers.location).to.equal(`/submissions/${w.subs[0]}/tasks`);

    const page = await s.agent.get(`/submissions/${w.subs[0]}/tasks`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Đầu việc được giao').and.contain('Đã trả lời 0/4 đầu việc').and.contain('DV-001').and.not.contain('DV-002');
    const row = (await ReferenceRowModel.findOne({ position: 1 }).lean())!;
    const form = await s.agent.get(`/submissions/${w.subs[0]}/tasks?edit=${row._id.toString()}`);
    expect(form.text).to.contain('Câu trả lời của cơ quan').and.contain('name="values[ket_qua]"').and.not.contain('name="values[noi_dung]"');

    const csrf = await s.csrf(`/submissions/${w.subs[0]}/tasks`);
    const bad = await s.agent.post(`/submissions/${w.subs[0]}/tasks/${row._id.toString()}`).type('form').send({ _csrf: csrf, rev: '0', _row: row._id.toString(), 'values[ket_qua]': '', 'values[van_ban_du_kien]': 'Thông tư mới' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('Thông tư mới').and.contain('is-invalid');
    expect(await ReferenceAnswerModel.countDocuments({})).to.equal(0);

    const ok = await s.agent.post(`/submissions/${w.subs[0]}/tasks/${row._id.toString()}`).type('form').send({ _csrf: csrf, rev: '0', _row: row._id.toString(), 'values[ket_qua]': 'con-thieu', 'values[van_ban_du_kien]': 'Thông tư mới' });
    expect(ok.status).to.equal(302);
    const after = await s.agent.get(`/submissions/${w.subs[0]}/tasks?show=open`);
    expect(after.text).to.contain('Đã trả lời 1/4 đầu việc').and.not.contain('>DV-001<');
    expect((await ReferenceAnswerModel.findOne({ row: row._id }).lean())!.values).to.include({ ket_qua: 'con-thieu', van_ban_du_kien: 'Thông tư mới' });

    const other = await s.agent.get(`/submissions/${w.subs[1]}/tasks`);
    expect(other.status).to.equal(404);
  });

  it('when the admin opens the list page, then rows show with their agencies; a reviewer sees it without the import form', async () => {
    const w = await givenTaskCampaign(2);
    await importTasks(w, await taskWorkbook(taskList(2, 2), w.agencies));
    const admin = await loginAs(w.app, await givenUser({ role: 'admin' }));
    const page = await admin.agent.get(`/campaigns/${w.campaignId}/reference`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('Danh mục giao cho cơ quan').and.contain('4 dòng').and.contain(w.agencies[1]!.nameVi).and.contain('Nhập danh mục từ Excel');
    const campaign = await admin.agent.get(`/campaigns/${w.campaignId}`);
    expect(campaign.text).to.contain(`/campaigns/${w.campaignId}/reference`);
    const reviewer = await loginAs(w.app, await givenUser({ role: 'reviewer' }));
    const rp = await reviewer.agent.get(`/campaigns/${w.campaignId}/reference`);
    expect(rp.status).to.equal(200);
    expect(rp.text).to.not.contain('Nhập danh mục từ Excel');
  });
});

describe('campaign progress with a reference list', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when agencies answer part of their tasks, then progress shows answered / given and missing found per agency, on the page and in the API', async () => {
    const w = await givenTaskCampaign(2);
    await importTasks(w, await taskWorkbook(taskList(2, 3), w.agencies));
    const rows = await given(w, 0);
    for (const [i, r] of rows.slice(0, 2).entries()) {
      const res = await request(w.app).put(`/api/v1/submissions/${w.subs[0]}/reference-rows/${r.id}`).set('Authorization', w.tokens[0]!).send({ rev: 0, values: { ket_qua: i === 0 ? 'con-thieu' : 'da-co' } });
      expect(res.status).to.equal(200);
    }
    const api = await request(w.app).get(`/api/v1/campaigns/${w.campaignId}/progress`).set('Authorization', w.admin);
    expect(api.status).to.equal(200);
    expect(api.body.items.map((i: { given: unknown }) => i.given)).to.deep.equal([{ total: 4, answered: 2, missing: 1 }, { total: 4, answered: 0, missing: 0 }]);
    expect(api.body.given).to.deep.equal({ total: 8, answered: 2, missing: 1 });
    const s = await loginAs(w.app, await givenUser({ role: 'reviewer' }));
    const page = await s.agent.get(`/campaigns/${w.campaignId}/progress`);
    expect(page.text).to.contain('Đầu việc đã trả lời').and.contain('2/4').and.contain('0/4').and.contain('đã trả lời 2/8, phát hiện 1 đầu việc còn thiếu');
    expect(page.text).to.contain('reconciliation.docx');
  });
});
