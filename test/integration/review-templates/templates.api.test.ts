import { expect } from 'chai';
import request from 'supertest';
import { AuditEventModel } from '../../../src/audit/audit.model.js';
import { installBuiltinTemplates } from '../../../src/review-templates/template.builtin.js';
import { ReviewTemplateModel } from '../../../src/review-templates/template.model.js';
import { givenAgencies, givenToken, givenUser, loginAs, makeApp } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';

function spec(title = 'Mẫu rà soát thử') {
  return {
    title,
    scope: 'Văn bản **còn hiệu lực**',
    outline: [{ heading: 'I. Tình hình' }],
    fields: [
      { key: 'so_ky_hieu', label_vi: 'Số, ký hiệu', label_en: 'Number', type: 'docref', required: true },
      { key: 'kien_nghi', label_vi: 'Kiến nghị', type: 'enum', options: [{ value: 'bai-bo', label_vi: 'Bãi bỏ' }] },
    ],
    appendix: { title: 'Danh mục', columns: [{ fieldKey: 'so_ky_hieu', width: 30 }, { fieldKey: 'kien_nghi', width: 20 }] },
  };
}

async function tokens() {
  await givenAgencies();
  const admin = await givenUser({ role: 'admin' });
  const reviewer = await givenUser({ role: 'reviewer' });
  const agency = await givenUser({ role: 'agency', agencyCode: 'bo-cong-an' });
  return {
    admin: `Bearer ${await givenToken(admin)}`,
    reviewer: `Bearer ${await givenToken(reviewer)}`,
    agency: `Bearer ${await givenToken(agency)}`,
    adminUser: admin,
  };
}

describe('review templates API', () => {
  beforeEach(resetDatabase);

  it('when an admin creates a valid template, then it is stored as draft v1 NFC-normalised and audited', async () => {
    const t = await tokens();
    const app = makeApp();
    const body = spec('Mẫu rà soát thử'.normalize('NFD'));
    const res = await request(app).post('/api/v1/templates').set('Authorization', t.admin).send(body);
    expect(res.status).to.equal(201);
    expect(res.body).to.include({ status: 'draft', version: 1, title: 'Mẫu rà soát thử' });
    const stored = await ReviewTemplateModel.findById(res.body.id).lean();
    expect(stored?.title).to.equal('Mẫu rà soát thử'.normalize('NFC'));
    expect(stored?.fields.map((f) => f.key)).to.deep.equal(['so_ky_hieu', 'kien_nghi']);
    expect(stored?.family.toString()).to.equal(res.body.id);
    expect(await AuditEventModel.countDocuments({ action: 'template.create', 'object.id': res.body.id })).to.equal(1);
  });

  it('when the spec has duplicate keys, an orphan column and an enum without options, then 422 lists each in Vietnamese and nothing is stored', async () => {
    const t = await tokens();
    const bad = spec();
    bad.fields.push({ key: 'so_ky_hieu', label_vi: 'Lặp', type: 'text' } as never);
    bad.fields[1].options = [];
    bad.appendix.columns.push({ fieldKey: 'ma', width: 5 });
    const res = await request(makeApp()).post('/api/v1/templates').set('Authorization', t.admin).send(bad);
    expect(res.status).to.equal(422);
    expect(res.body.error.code).to.equal('invalid');
    const byField = Object.fromEntries(res.body.error.details.map((d: { field: string; message: string }) => [d.field, d.message]));
    expect(byField['fields.2.key']).to.equal('Mã trường “so_ky_hieu” bị trùng (trường thứ 1 và thứ 3).');
    expect(byField['fields.1.options']).to.equal('Trường kiểu danh sách chọn “Kiến nghị” cần ít nhất một lựa chọn.');
    expect(byField['appendix.columns.2.fieldKey']).to.equal('Cột thứ 3 của phụ lục tham chiếu trường “ma” không có trong biểu mẫu.');
    expect(await ReviewTemplateModel.countDocuments()).to.equal(0);
    const en = await request(makeApp()).post('/api/v1/templates').set('Authorization', t.admin).set('Accept-Language', 'en').send(bad);
    expect(en.body.error.details.map((d: { message: string }) => d.message)).to.include('Choice field “Kiến nghị” needs at least one option.');
  });

  it('when an appendix column gets a short header and a note under the table, then both are stored; a long header or note is a 422 by the field, and a reviewer may not', async () => {
    const t = await tokens();
    const app = makeApp();
    const columns = (label: string, note: string) => [{ fieldKey: 'so_ky_hieu', width: 30 }, { fieldKey: 'kien_nghi', width: 20, label_vi: label, note_vi: note }];
    const note = 'Cột “Kiến nghị xử lý”: kiến nghị đình chỉ việc thi hành, ngưng hiệu lực, sửa đổi, bổ sung, thay thế, bãi bỏ hoặc ban hành mới.';
    const long = 'Kiến nghị (đình chỉ việc thi hành, ngưng hiệu lực, sửa đổi, bổ sung, thay thế, bãi bỏ hoặc ban hành mới)';
    const bad = await request(app).post('/api/v1/templates').set('Authorization', t.admin).send({ ...spec(), appendix: { title: 'Danh mục', columns: columns(long, 'x'.repeat(501)) } });
    expect(bad.status).to.equal(422);
    const byField = Object.fromEntries(bad.body.error.details.map((d: { field: string; message: string }) => [d.field, d.message]));
    expect(byField['appendix.columns.1.label_vi']).to.include('Tiêu đề cột tối đa 80 ký tự').and.include('Ghi chú dưới bảng');
    expect(byField['appendix.columns.1.note_vi']).to.equal('Ghi chú dưới bảng tối đa 500 ký tự.');
    expect(await ReviewTemplateModel.countDocuments()).to.equal(0);
    const refused = await request(app).post('/api/v1/templates').set('Authorization', t.reviewer).send({ ...spec(), appendix: { title: 'Danh mục', columns: columns('Kiến nghị xử lý', note) } });
    expect(refused.status).to.equal(403);
    const ok = await request(app).post('/api/v1/templates').set('Authorization', t.admin).send({ ...spec(), appendix: { title: 'Danh mục', columns: columns('Kiến nghị xử lý', note) } });
    expect(ok.status, JSON.stringify(ok.body)).to.equal(201);
    const stored = (await ReviewTemplateModel.findById(ok.body.id).lean())!;
    expect(stored.appendix.columns[1]).to.deep.include({ label_vi: 'Kiến nghị xử lý', note_vi: note });
  });

  it('when a draft is published, then it is frozen: a PUT creates version 2 as a new draft and v1 is unchanged', async () => {
    const t = await tokens();
    const app = makeApp();
    const created = await request(app).post('/api/v1/templates').set('Authorization', t.admin).send(spec());
    const id = created.body.id as string;
    const edited = await request(app).put(`/api/v1/templates/${id}`).set('Authorization', t.admin).send({ ...spec('Mẫu sửa lần 1'), rev: 1 });
    expect(edited.status).to.equal(200);
    expect(edited.body).to.include({ id, version: 1, rev: 2, title: 'Mẫu sửa lần 1' });
    const stale = await request(app).put(`/api/v1/templates/${id}`).set('Authorization', t.admin).send({ ...spec('Cũ'), rev: 1 });
    expect(stale.status).to.equal(409);

    const pub = await request(app).post(`/api/v1/templates/${id}/publish`).set('Authorization', t.admin);
    expect(pub.status).to.equal(200);
    expect(pub.body.status).to.equal('published');
    expect((await request(app).post(`/api/v1/templates/${id}/publish`).set('Authorization', t.admin)).status).to.equal(409);

    const v2 = await request(app).put(`/api/v1/templates/${id}`).set('Authorization', t.admin).send(spec('Mẫu phiên bản 2'));
    expect(v2.status).to.equal(201);
    expect(v2.body).to.include({ version: 2, status: 'draft', family: id, title: 'Mẫu phiên bản 2' });
    expect(v2.body.id).to.not.equal(id);
    const v1 = await ReviewTemplateModel.findById(id).lean();
    expect(v1).to.include({ status: 'published', title: 'Mẫu sửa lần 1', version: 1 });
    const again = await request(app).put(`/api/v1/templates/${id}`).set('Authorization', t.admin).send(spec('Mẫu phiên bản 3'));
    expect(again.status).to.equal(409);
    expect(await ReviewTemplateModel.countDocuments({ family: id })).to.equal(2);
    const actions = (await AuditEventModel.find({ action: /^template\./ }).lean()).map((e) => e.action);
    expect(actions).to.include.members(['template.create', 'template.update', 'template.publish', 'template.new_version']);
  });

  it('when an agency or reviewer lists templates, then agencies see only published ones and neither may write', async () => {
    const t = await tokens();
    const app = makeApp();
    const draft = await request(app).post('/api/v1/templates').set('Authorization', t.admin).send(spec('Nháp'));
    const published = await request(app).post('/api/v1/templates').set('Authorization', t.admin).send(spec('Đã công bố'));
    await request(app).post(`/api/v1/templates/${published.body.id}/publish`).set('Authorization', t.admin);

    const forAgency = await request(app).get('/api/v1/templates').set('Authorization', t.agency);
    expect(forAgency.body.items.map((x: { title: string }) => x.title)).to.deep.equal(['Đã công bố']);
    expect((await request(app).get(`/api/v1/templates/${draft.body.id}`).set('Authorization', t.agency)).status).to.equal(404);
    const forReviewer = await request(app).get('/api/v1/templates').set('Authorization', t.reviewer);
    expect(forReviewer.body.items).to.have.length(2);
    expect((await request(app).post('/api/v1/templates').set('Authorization', t.reviewer).send(spec())).status).to.equal(403);
    expect((await request(app).put(`/api/v1/templates/${draft.body.id}`).set('Authorization', t.agency).send(spec())).status).to.equal(403);
    expect((await request(app).get('/api/v1/templates/not-an-id').set('Authorization', t.admin)).status).to.equal(400);
    expect((await request(app).get('/api/v1/templates')).status).to.equal(401);
  });

  it('when the built-in templates are installed twice, then the Đề án 06 template exists once, published, with its columns', async () => {
    await givenAgencies();
    const first = await installBuiltinTemplates();
    const second = await installBuiltinTemplates();
    expect(first).to.deep.equal(['de-an-06', 'doi-chieu-dau-viec-06']);
    expect(second).to.deep.equal([]);
    const all = await ReviewTemplateModel.find({ builtinCode: 'de-an-06' }).lean();
    expect(all).to.have.length(1);
    expect(all[0]).to.include({ status: 'published', version: 1, title: 'Rà soát văn bản quy phạm pháp luật phục vụ Đề án 06' });
    expect(all[0]!.appendix.columns.map((c) => c.fieldKey)).to.include.members(['so_ky_hieu', 'hinh_thuc_kien_nghi', 'dieu_khoan', 'quy_dinh_hien_hanh']);
    expect(await AuditEventModel.countDocuments({ action: 'template.install' })).to.equal(2);
  });

  it('when the built-in templates are installed, then the Decision 06 task template carries its reference list settings and no task list', async () => {
    await installBuiltinTemplates();
    const t = (await ReviewTemplateModel.findOne({ builtinCode: 'doi-chieu-dau-viec-06' }).lean())!;
    expect(t).to.include({ status: 'published', title: 'Rà soát, đối chiếu đầu việc theo Quyết định 06/QĐ-TTg', groupField: 'nhom' });
    expect(t.reference?.fields).to.include.members(['ma_dau_viec', 'noi_dung', 'nhom', 'co_quan_chu_tri', 'co_quan_phoi_hop', 'thoi_han_giao', 'san_pham']);
    expect(t.reference?.answerField).to.equal('ket_qua');
    expect(t.fields.find((f) => f.key === 'van_ban_da_ban_hanh')?.type).to.equal('docref');
    expect(t.documentField).to.equal(undefined);
    // The admin is told, in the admin-only legal note, to import the official list; what agencies read does not carry it.
    expect(t.legalNote).to.contain('nhập danh mục đầu việc chính thức');
    expect(t.description + t.method + t.scope).not.to.contain('quản trị');
  });

  it('when the built-in template was archived by an admin, then a restart does not bring it back', async () => {
    await installBuiltinTemplates();
    await ReviewTemplateModel.updateOne({ builtinCode: 'de-an-06' }, { $set: { status: 'archived' } });
    await installBuiltinTemplates();
    const all = await ReviewTemplateModel.find({ builtinCode: 'de-an-06' }).lean();
    expect(all.map((x) => x.status)).to.deep.equal(['archived']);
  });

  it('when two instances install at the same time, then there is still one built-in template', async () => {
    await Promise.all([installBuiltinTemplates(), installBuiltinTemplates(), installBuiltinTemplates()]);
    expect(await ReviewTemplateModel.countDocuments({ builtinCode: 'de-an-06' })).to.equal(1);
  });
});

describe('review template pages', () => {
  beforeEach(resetDatabase);

  it('when an admin opens the built-in template preview, then the appendix table shows STT, its columns and two sample rows', async () => {
    await givenAgencies();
    await installBuiltinTemplates();
    const t = await ReviewTemplateModel.findOne({ builtinCode: 'de-an-06' }).lean();
    const app = makeApp();
    const admin = await givenUser({ role: 'admin' });
    const s = await loginAs(app, admin);
    const list = await s.agent.get('/admin/templates');
    expect(list.status).to.equal(200);
    expect(list.text).to.contain('Rà soát văn bản quy phạm pháp luật phục vụ Đề án 06');
    const page = await s.agent.get(`/admin/templates/${t!._id.toString()}?tab=preview`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('<th scope="col" class="text-center align-middle"');
    expect(page.text).to.contain('STT');
    expect(page.text).to.contain('137/2015/NĐ-CP');
    expect(page.text).to.contain('55/2021/TT-BCA');
    expect(page.text.match(/<tr>/g)?.length).to.equal(3);
    const scope = await s.agent.get(`/admin/templates/${t!._id.toString()}`);
    expect(scope.text).to.contain('<strong>các văn bản quy phạm pháp luật còn hiệu lực</strong>');
    const agencyUser = await givenUser({ role: 'agency' });
    expect((await (await loginAs(app, agencyUser)).agent.get('/admin/templates')).status).to.equal(403);
  });
  it('when a number field sets min, max and whole numbers, then they are stored; a minimum above the maximum is a 422 by the field', async () => {
    const t = await tokens();
    const app = makeApp();
    const body = spec();
    body.fields.push({ key: 'so_van_ban', label_vi: 'Số văn bản', label_en: 'Documents', type: 'number', required: false, number: { min: 0, max: 500, integer: true } } as never);
    const res = await request(app).post('/api/v1/templates').set('Authorization', t.admin).send(body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const stored = await ReviewTemplateModel.findById(res.body.id).lean();
    expect(stored!.fields.find((f) => f.key === 'so_van_ban')!.number).to.deep.equal({ min: 0, max: 500, integer: true });
    const bad = spec();
    bad.fields.push({ key: 'so_van_ban', label_vi: 'Số văn bản', type: 'number', number: { min: 10, max: 5 } } as never);
    const refused = await request(app).post('/api/v1/templates').set('Authorization', t.admin).send(bad);
    expect(refused.status).to.equal(422);
    expect(refused.body.error.details).to.deep.include({ field: 'fields.2.number.max', message: 'Giá trị nhỏ nhất không được lớn hơn giá trị lớn nhất.' });
  });
});
