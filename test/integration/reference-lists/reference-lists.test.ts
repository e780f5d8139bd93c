import { expect } from 'chai';
import request from 'supertest';
import { AuditEventModel } from '../../../src/audit/audit.model.js';
import { ReferenceAnswerModel, ReferenceRowModel } from '../../../src/reference-lists/reference.model.js';
import { SubmissionModel } from '../../../src/submissions/submission.model.js';
import { resetDatabase } from '../../support/hooks.js';
import { REPORT, answerAll, answerFor, given, givenTaskCampaign, importTasks, taskList, taskWorkbook } from './world.js';

describe('reference list: tasks given to agencies', function () {
  this.timeout(120_000);
  beforeEach(resetDatabase);

  it('when the admin imports 200 tasks for 10 agencies from Excel, then each agency sees only its own, lead or coordinating', async () => {
    const w = await givenTaskCampaign();
    const tasks = taskList(10, 20);
    const res = await importTasks(w, await taskWorkbook(tasks, w.agencies));
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body.added).to.equal(200);
    expect(await ReferenceRowModel.countDocuments({ campaign: w.campaignId })).to.equal(200);

    for (let k = 0; k < 10; k++) {
      const rows = await given(w, k);
      const expected = tasks.filter((t) => t.lead === k || t.coordinating.includes(k)).map((t) => t.code);
      expect(rows.map((r) => r.values.ma_dau_viec)).to.deep.equal(expected);
      expect(rows.filter((r) => r.role === 'lead')).to.have.length(20);
    }
    // A row led by agency 0 whose coordinating agency is 1: stored with both names as people read them.
    const first = await ReferenceRowModel.findOne({ campaign: w.campaignId, position: 1 }).lean();
    expect(first!.values).to.include({ co_quan_chu_tri: w.agencies[0]!.nameVi, co_quan_phoi_hop: w.agencies[1]!.nameVi, thoi_han_giao: '2024-06-30', nhom: 'tthc-dvc' });
    expect(await AuditEventModel.countDocuments({ action: 'reference.import' })).to.equal(1);
  });

  it('when another agency reads or answers a row it was not given, then it is not found and nothing is stored', async () => {
    const w = await givenTaskCampaign(3);
    await importTasks(w, await taskWorkbook(taskList(3, 2), w.agencies));
    const mine = await given(w, 0);
    const foreign = (await given(w, 2)).find((r) => r.role === 'lead')!;
    expect((await request(w.app).get(`/api/v1/submissions/${w.subs[2]}/reference-rows`).set('Authorization', w.tokens[0]!)).status).to.equal(404);
    // Through its own submission, a row given only to another agency does not exist either.
    const own = await request(w.app).put(`/api/v1/submissions/${w.subs[0]}/reference-rows/${foreign.id}`).set('Authorization', w.tokens[0]!).send({ rev: 0, values: { ket_qua: 'da-co' } });
    expect(own.status).to.equal(404);
    const other = await request(w.app).put(`/api/v1/submissions/${w.subs[2]}/reference-rows/${foreign.id}`).set('Authorization', w.tokens[0]!).send({ rev: 0, values: { ket_qua: 'da-co' } });
    expect(other.status).to.equal(404);
    expect(await ReferenceAnswerModel.countDocuments({})).to.equal(0);
    expect(mine.some((r) => r.id === foreign.id)).to.equal(false);
    const page = await request(w.app).get(`/campaigns/${w.campaignId}/reference`).set('Authorization', w.tokens[0]!);
    expect(page.status).to.not.equal(200);
  });

  it('when a cell is wrong or an agency unknown, then the import names each cell and stores no row', async () => {
    const w = await givenTaskCampaign(3);
    const file = await taskWorkbook(taskList(3, 2), w.agencies, [
      ['DV-X1', 'Đầu việc của cơ quan không tham gia', 'Nhiệm vụ khác', 'Bộ Không Có', '', '31/12/2030', ''],
      ['DV-X2', 'Đầu việc có ngày sai', 'Nhiệm vụ khác', w.agencies[0]!.code, '', '31/02/2030', ''],
      ['DV-X3', '', 'Nhóm không có', w.agencies[1]!.code, '', '', ''],
    ]);
    const res = await importTasks(w, file);
    expect(res.status).to.equal(422);
    const messages = (res.body.error.details as { field: string; message: string }[]).map((d) => d.message).join('\n');
    expect(messages).to.contain('Dòng 8').and.contain('Bộ Không Có');
    expect(messages).to.contain('Dòng 9').and.contain('Thời hạn được giao');
    expect(messages).to.contain('Dòng 10').and.contain('Nội dung đầu việc').and.contain('Nhóm tiện ích, nhiệm vụ');
    expect(await ReferenceRowModel.countDocuments({})).to.equal(0);
  });

  it('when an agency has not answered every task, then it cannot submit; once all are answered and it adds a missing task, it can', async () => {
    const w = await givenTaskCampaign(2);
    await importTasks(w, await taskWorkbook(taskList(2, 5), w.agencies));
    const put = await request(w.app).put(`/api/v1/submissions/${w.subs[0]}`).set('Authorization', w.tokens[0]!).send({ version: 1, items: [], report: REPORT });
    expect(put.status).to.equal(200);

    const rows = await given(w, 0);
    const firstTwo = rows.slice(0, 2);
    for (const r of firstTwo) {
      await request(w.app).put(`/api/v1/submissions/${w.subs[0]}/reference-rows/${r.id}`).set('Authorization', w.tokens[0]!).send({ rev: 0, values: answerFor(r.position) });
    }
    const early = await request(w.app).post(`/api/v1/submissions/${w.subs[0]}/transitions`).set('Authorization', w.tokens[0]!).send({ action: 'submit' });
    expect(early.status).to.equal(422);
    const unanswered = (early.body.error.details as { field: string; message: string }[]).filter((d) => d.field.startsWith('reference.'));
    expect(unanswered.map((d) => d.message)).to.deep.equal(rows.slice(2).map((r) => `Chưa trả lời đầu việc ${r.values.ma_dau_viec as string}.`));
    expect((await SubmissionModel.findById(w.subs[0]).lean())!.status).to.equal('draft');

    await answerAll(w, 0);
    const added = await request(w.app).post(`/api/v1/submissions/${w.subs[0]}/items`).set('Authorization', w.tokens[0]!).send({
      version: put.body.version,
      values: { noi_dung: 'Sửa đổi quy chế cấp phiếu lý lịch tư pháp trực tuyến', nhom: 'the-che', ket_qua: 'con-thieu', van_ban_du_kien: 'Thông tư sửa đổi', thoi_han_du_kien: '30/06/2027' },
    });
    expect(added.status, JSON.stringify(added.body)).to.equal(201);
    const sent = await request(w.app).post(`/api/v1/submissions/${w.subs[0]}/transitions`).set('Authorization', w.tokens[0]!).send({ action: 'submit' });
    expect(sent.status, JSON.stringify(sent.body)).to.equal(200);
    expect((await SubmissionModel.findById(w.subs[0]).lean())!.status).to.equal('submitted');
    expect(await ReferenceAnswerModel.countDocuments({ agency: w.agencies[0]!._id })).to.equal(rows.length);
  });

  it('when an answer is saved on an old revision or without its answer, then 409 or 422 and the stored answer stays', async () => {
    const w = await givenTaskCampaign(2);
    await importTasks(w, await taskWorkbook(taskList(2, 1), w.agencies));
    const [row] = await given(w, 0);
    const url = `/api/v1/submissions/${w.subs[0]}/reference-rows/${row!.id}`;
    const first = await request(w.app).put(url).set('Authorization', w.tokens[0]!).send({ rev: 0, values: { ket_qua: 'da-co' } });
    expect(first.status).to.equal(200);
    expect(first.body.rev).to.equal(1);
    const stale = await request(w.app).put(url).set('Authorization', w.tokens[0]!).send({ rev: 0, values: { ket_qua: 'con-thieu' } });
    expect(stale.status).to.equal(409);
    const empty = await request(w.app).put(url).set('Authorization', w.tokens[0]!).send({ rev: 1, values: { ket_qua: '' } });
    expect(empty.status).to.equal(422);
    expect(empty.body.error.details[0]).to.include({ field: 'ket_qua' });
    // The central fields are the MoJ's: an agency cannot send them with its answer.
    const central = await request(w.app).put(url).set('Authorization', w.tokens[0]!).send({ rev: 1, values: { ket_qua: 'da-co', noi_dung: 'Sửa nội dung' } });
    expect(central.status).to.equal(422);
    const stored = await ReferenceAnswerModel.findOne({ row: row!.id }).lean();
    expect(stored).to.include({ rev: 1 });
    expect(stored!.values.ket_qua).to.equal('da-co');
  });

  it('when the admin types a row, then it is given to the named agencies; deleting it removes the answers; a reviewer may do neither', async () => {
    const w = await givenTaskCampaign(3);
    const url = `/api/v1/campaigns/${w.campaignId}/reference-rows`;
    const values = { ma_dau_viec: 'DV-T1', noi_dung: 'Đầu việc nhập tay', nhom: 'khac', co_quan_chu_tri: w.agencies[2]!.code, co_quan_phoi_hop: `${w.agencies[0]!.nameVi}; ${w.agencies[2]!.code}` };
    expect((await request(w.app).post(url).set('Authorization', w.reviewer).send({ values })).status).to.equal(403);
    const bad = await request(w.app).post(url).set('Authorization', w.admin).send({ values: { ...values, co_quan_chu_tri: 'Bộ Không Có' } });
    expect(bad.status).to.equal(422);
    expect(bad.body.error.details[0]).to.include({ field: 'co_quan_chu_tri' });
    const created = await request(w.app).post(url).set('Authorization', w.admin).send({ values });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    // The lead named again among the coordinating agencies counts once.
    expect(created.body.coordinating).to.deep.equal([w.agencies[0]!._id.toString()]);
    expect(created.body.values).to.include({ co_quan_chu_tri: w.agencies[2]!.nameVi, co_quan_phoi_hop: w.agencies[0]!.nameVi });
    expect((await given(w, 1)).length).to.equal(0);
    const [row] = await given(w, 0);
    await request(w.app).put(`/api/v1/submissions/${w.subs[0]}/reference-rows/${row!.id}`).set('Authorization', w.tokens[0]!).send({ rev: 0, values: { ket_qua: 'da-co' } });
    expect((await request(w.app).delete(`${url}/${row!.id}`).set('Authorization', w.reviewer)).status).to.equal(403);
    expect((await request(w.app).delete(`${url}/${row!.id}`).set('Authorization', w.admin)).status).to.equal(204);
    expect(await ReferenceRowModel.countDocuments({})).to.equal(0);
    expect(await ReferenceAnswerModel.countDocuments({})).to.equal(0);
  });
});
