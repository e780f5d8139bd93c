import { recountCampaign } from '../../../src/submissions/item.counts.js';
import { migrateSubmissionItems } from '../../../src/submissions/item.migrate.js';
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import mongoose, { Types } from 'mongoose';
import { AgencyModel } from '../../../src/agencies/agency.model.js';
import { AuditEventModel } from '../../../src/audit/audit.model.js';
import { CampaignModel } from '../../../src/campaigns/campaign.model.js';
import { installBuiltinTemplates } from '../../../src/review-templates/template.builtin.js';
import { ReviewTemplateModel } from '../../../src/review-templates/template.model.js';
import { SubmissionModel } from '../../../src/submissions/submission.model.js';
import { agencyByCode, givenAgencies, givenUser, loginAs, makeApp, type Session } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';

async function post(s: Session, path: string, body: Record<string, string | string[]>) {
  // The token first: the agent attaches its cookies when the request is created.
  const token = await s.csrf('/campaigns');
  return s.agent.post(path).type('form').send({ ...body, _csrf: token });
}

async function world() {
  await givenAgencies();
  await installBuiltinTemplates();
  const template = (await ReviewTemplateModel.findOne({ builtinCode: 'de-an-06' }).lean())!;
  const app = makeApp();
  const reviewer = await givenUser({ role: 'reviewer', name: 'Trần Văn Rà Soát' });
  return {
    app, template, reviewer,
    admin: await loginAs(app, await givenUser({ role: 'admin' })),
    rev: await loginAs(app, reviewer),
    bca: await loginAs(app, await givenUser({ role: 'agency', agencyCode: 'bo-cong-an' })),
    hanoi: await loginAs(app, await givenUser({ role: 'agency', agencyCode: 'ha-noi' })),
  };
}

/** A campaign opened straight through the service path the wizard ends in. */
async function openedCampaign(w: Awaited<ReturnType<typeof world>>, codes: string[], deadline: string, title = 'Đợt thử') {
  const start = await post(w.admin, '/campaigns/new', { title, template: w.template._id.toString(), instructions: '' });
  const id = /\/campaigns\/([0-9a-f]{24})\//.exec(start.headers.location!)![1]!;
  const ids = await Promise.all(codes.map(async (c) => (await agencyByCode(c))._id.toString()));
  await post(w.admin, `/campaigns/${id}/setup/agencies`, { agencies: ids, shown: ids, action: 'next' });
  await post(w.admin, `/campaigns/${id}/setup/schedule`, { deadline, startDate: '' });
  expect((await post(w.admin, `/campaigns/${id}/open`, {})).status).to.equal(302);
  return id;
}

describe('campaign pages', () => {
  beforeEach(resetDatabase);

  it('when an admin goes through the wizard without JavaScript, then each step is saved in the draft and opening creates one submission per agency', async () => {
    const w = await world();
    const list = await w.admin.agent.get('/campaigns');
    expect(list.text).to.contain('Chưa có đợt rà soát nào. <a href="/campaigns/new">Tạo đợt rà soát đầu tiên</a>');

    const bad = await post(w.admin, '/campaigns/new', { title: 'Đợt   rà soát 2026', template: '', instructions: 'Gửi **đúng hạn**' });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.contain('Gửi **đúng hạn**');
    expect(bad.text).to.match(/id="f-template-error"[^>]*>Cần chọn mẫu rà soát đã công bố/);
    expect(await CampaignModel.countDocuments()).to.equal(0);

    const start = await post(w.admin, '/campaigns/new', { title: 'Đợt   rà soát 2026', template: w.template._id.toString(), instructions: 'Gửi **đúng hạn**' });
    expect(start.status).to.equal(302);
    const draft = (await CampaignModel.findOne().lean())!;
    expect(draft).to.deep.include({ title: 'Đợt rà soát 2026', status: 'draft', templateVersion: 1 });
    expect(start.headers.location).to.equal(`/campaigns/${draft._id.toString()}/setup/agencies`);
    const base = `/campaigns/${draft._id.toString()}/setup`;

    // "all provinces" is a button; then a search that shows only Bộ Công an, whose box is ticked
    expect((await post(w.admin, `${base}/agencies`, { action: 'add_kind:province' })).status).to.equal(302);
    expect((await CampaignModel.findById(draft._id).lean())!.agencies).to.have.length(34);
    const search = await w.admin.agent.get(`${base}/agencies?q=cong an`);
    expect(search.status).to.equal(200);
    expect(search.text).to.contain('Bộ Công an');
    expect(search.text).to.not.contain('Bộ Y tế');
    const bca = await agencyByCode('bo-cong-an');
    // only the shown boxes change: the 34 provinces, not shown, stay chosen
    await post(w.admin, `${base}/agencies`, { agencies: bca._id.toString(), shown: bca._id.toString(), action: 'next', q: 'cong an' });
    const picked = (await CampaignModel.findById(draft._id).lean())!.agencies.map(String);
    expect(picked).to.have.length(35);
    expect(picked).to.include(bca._id.toString());

    const badDate = await post(w.admin, `${base}/schedule`, { deadline: '2026-02-30', startDate: '', reviewers: w.reviewer._id.toString() });
    expect(badDate.status).to.equal(422);
    expect(badDate.text).to.match(/id="f-deadline-error"[^>]*>Hạn gửi báo cáo phải là ngày có thật/);
    expect(badDate.text).to.match(/id="rv-[0-9a-f]+" checked/);
    const sched = await post(w.admin, `${base}/schedule`, { deadline: '2026-12-31', startDate: '', reviewers: w.reviewer._id.toString() });
    expect(sched.headers.location).to.equal(`${base}/review`);
    const review = await w.admin.agent.get(`${base}/review`);
    expect(review.text).to.contain('data-confirm="Mở đợt rà soát “Đợt rà soát 2026” cho 35 cơ quan?');
    expect(review.text).to.contain('Trần Văn Rà Soát');

    const opened = await post(w.admin, `/campaigns/${draft._id.toString()}/open`, {});
    expect(opened.status).to.equal(302);
    const after = (await CampaignModel.findById(draft._id).lean())!;
    expect(after).to.deep.include({ status: 'open' });
    expect(after.deadline.toISOString()).to.equal('2026-12-31T16:59:59.000Z');
    expect(await SubmissionModel.countDocuments({ campaign: draft._id })).to.equal(35);
    const actions = (await AuditEventModel.find({ 'object.id': draft._id.toString() }).sort({ _id: 1 }).lean()).map((e) => e.action);
    expect(actions).to.include.members(['campaign.create', 'campaign.update', 'campaign.open']);
    // the wizard is for drafts only
    expect((await w.admin.agent.get(`${base}/agencies`)).status).to.equal(409);
  });

  it('when an agency opens its campaign, then it reads scope, method and outline rendered and sanitised, the countdown, and a link to its own submission; another agency gets 404', async () => {
    const w = await world();
    const id = await openedCampaign(w, ['bo-cong-an'], '2099-12-31');
    const bcaSub = (await SubmissionModel.findOne({ campaign: id }).lean())!;
    const page = await w.bca.agent.get(`/campaigns/${id}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.contain('<strong>các văn bản quy phạm pháp luật còn hiệu lực</strong>');
    expect(page.text).to.contain('I. TÌNH HÌNH TRIỂN KHAI RÀ SOÁT');
    expect(page.text).to.match(/\(còn [\d.]+ ngày\)/);
    expect(page.text).to.contain(`href="/submissions/${bcaSub._id.toString()}"`);
    expect((await w.hanoi.agent.get(`/campaigns/${id}`)).status).to.equal(404);
    const hanoiList = await w.hanoi.agent.get('/campaigns');
    expect(hanoiList.text).to.not.contain('Đợt thử');
    const bcaList = await w.bca.agent.get('/campaigns');
    expect(bcaList.text).to.contain('Đợt thử');
    expect(bcaList.text).to.contain(`/submissions/${bcaSub._id.toString()}`);

    // past the deadline the countdown turns into "quá hạn" in the red badge
    await CampaignModel.updateOne({ _id: id }, { $set: { deadline: new Date(Date.now() - 3 * 86_400_000) } });
    const late = await w.bca.agent.get(`/campaigns/${id}`);
    expect(late.text).to.match(/class="badge badge-deadline ms-1">quá hạn \d ngày/);
  });

  it('when staff list campaigns, then each shows template, deadline, a progress bar and a status badge; closing asks for confirmation and makes it closed', async () => {
    const w = await world();
    const id = await openedCampaign(w, ['bo-cong-an', 'ha-noi'], '2099-12-31');
    await SubmissionModel.updateOne({ campaign: id, agency: (await agencyByCode('ha-noi'))._id }, { $set: { status: 'submitted' } });
    // Set straight in the database, so the campaign's per-status counts are recounted as check:counts --fix would.
    await recountCampaign(new Types.ObjectId(id));
    const list = await w.rev.agent.get('/campaigns');
    expect(list.text).to.contain('1/2 cơ quan đã gửi');
    expect(list.text).to.contain('data-width="50"');
    expect(list.text).to.contain('<span class="badge status-badge campaign-open">Đang mở</span>');
    const show = await w.admin.agent.get(`/campaigns/${id}`);
    expect(show.text).to.contain('data-confirm="Đóng đợt rà soát “Đợt thử”?');
    expect((await post(w.admin, `/campaigns/${id}/close`, {})).status).to.equal(302);
    expect((await CampaignModel.findById(id).lean())!.status).to.equal('closed');
    expect((await post(w.rev, `/campaigns/${id}/open`, {})).status).to.equal(403);
  });

  it('when the dashboard is filtered and sorted by query string, then the table follows; the .xlsx holds the same rows', async () => {
    const w = await world();
    const codes = ['bo-cong-an', 'bo-y-te', 'ha-noi', 'da-nang', 'hue'];
    const id = await openedCampaign(w, codes, '2020-01-01', 'Đợt quá hạn');
    const plan: Record<string, [string, number]> = { 'bo-cong-an': ['submitted', 3], 'bo-y-te': ['draft', 1], 'ha-noi': ['accepted', 5], 'da-nang': ['changes_requested', 0], hue: ['in_review', 2] };
    for (const [code, [status, n]] of Object.entries(plan)) {
      const agency = await agencyByCode(code);
      const items = Array.from({ length: n }, () => ({ _id: new Types.ObjectId(), values: { hinh_thuc_kien_nghi: 'sua-doi' }, createdAt: new Date(), updatedAt: new Date() }));
      const submitted = status === 'draft' || status === 'changes_requested' ? {} : { submittedAt: new Date('2019-12-20T03:00:00Z') };
      await SubmissionModel.collection.updateOne({ campaign: new Types.ObjectId(id), agency: agency._id }, { $set: { status, items, ...submitted } });
    }
    const sub = (await SubmissionModel.findOne({ campaign: id, agency: (await agencyByCode('bo-cong-an'))._id }).lean())!;
    await mongoose.connection.collection('comments').insertMany([{ submission: sub._id, status: 'open' }, { submission: sub._id, status: 'resolved' }]);
    // Written in the shape data had before rows had their own collection: start-up moves and counts it.
    await migrateSubmissionItems();

    const page = await w.rev.agent.get(`/campaigns/${id}/progress?sort=items&dir=desc`);
    expect(page.status).to.equal(200);
    const order = [...page.text.matchAll(/<td class="agency-name">(?:<a [^>]*>)?([^<]+)</g)].map((m) => m[1]);
    expect(order).to.deep.equal(['Thành phố Hà Nội', 'Bộ Công an', 'Thành phố Huế', 'Bộ Y tế', 'Thành phố Đà Nẵng']);
    expect(page.text).to.contain('src="/static/vendor/chart.js/chart.umd.min.js"');
    expect(page.text).to.match(/data-chart="\{&#34;labels&#34;:\[&#34;Chưa mở&#34;/);
    const overdue = await w.rev.agent.get(`/campaigns/${id}/progress?status=overdue`);
    const overdueNames = [...overdue.text.matchAll(/<td class="agency-name">(?:<a [^>]*>)?([^<]+)</g)].map((m) => m[1]);
    expect(overdueNames).to.have.members(['Bộ Y tế', 'Thành phố Đà Nẵng']);
    expect(overdue.text).to.match(/<td class="small text-deadline">quá hạn \d+ ngày<\/td>/);
    expect((await w.rev.agent.get(`/campaigns/${id}/progress?sort=bogus`)).status).to.equal(400);
    expect((await w.bca.agent.get(`/campaigns/${id}/progress`)).status).to.equal(403);

    const xlsx = await w.rev.agent.get(`/campaigns/${id}/progress.xlsx?sort=items&dir=desc`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(xlsx.status).to.equal(200);
    expect(xlsx.headers['content-type']).to.contain('spreadsheetml');
    expect(xlsx.headers['content-disposition']).to.contain('tien-do-dot-qua-han.xlsx');
    const wb = new ExcelJS.Workbook();
    // exceljs's typings want an ArrayBuffer; it reads a Node Buffer as well.
    await wb.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Tiến độ')!;
    expect(ws.getCell('A1').value).to.equal('TIẾN ĐỘ BÁO CÁO — Đợt quá hạn');
    expect(ws.getRow(3).values).to.deep.equal([undefined, 'STT', 'Cơ quan', 'Loại cơ quan', 'Trạng thái', 'Số dòng', 'Ý kiến chưa giải quyết', 'Hoạt động gần nhất', 'Hạn gửi báo cáo']);
    const body = [4, 5, 6, 7, 8].map((r) => ws.getRow(r));
    expect(body.map((r) => r.getCell(2).value)).to.deep.equal(order);
    expect(body.map((r) => r.getCell(5).value)).to.deep.equal([5, 3, 2, 1, 0]);
    expect(body[1]!.getCell(4).value).to.equal('Đã gửi');
    expect(body[1]!.getCell(6).value).to.equal(1);
    expect(body[1]!.getCell(8).value).to.equal('đã gửi 20/12/2019 10:00');
    expect(String(body[3]!.getCell(8).value)).to.match(/^quá hạn \d+ ngày$/);
    expect(body[3]!.getCell(8).font?.color?.argb).to.equal('FFC8102E');
    expect(await AgencyModel.countDocuments()).to.equal(56);
  });

  it('when the OpenAPI document is read, then it describes the templates, campaigns and progress endpoints', async () => {
    const res = await (await import('supertest')).default(makeApp()).get('/api/v1/openapi.json');
    expect(res.status).to.equal(200);
    for (const p of ['/templates', '/templates/{id}', '/templates/{id}/publish', '/campaigns', '/campaigns/{id}', '/campaigns/{id}/open', '/campaigns/{id}/close', '/campaigns/{id}/progress']) {
      expect(res.body.paths, p).to.have.property(p);
    }
    expect(res.body.paths['/templates'].post.responses).to.have.property('422');
    expect(res.body.components.schemas).to.include.keys('Template', 'TemplateSpec', 'Campaign', 'CampaignInput', 'CampaignProgress');
  });
});

describe('reviewer queue paging', () => {
  beforeEach(resetDatabase);

  it('when the queue holds more submissions than a page, then a page shows 50, the total counts them all, and the next page shows the rest', async () => {
    const w = await world();
    const codes = (await AgencyModel.find({ code: { $ne: 'bo-tu-phap' } }, { code: 1 }).sort({ order: 1 }).lean()).map((a) => a.code);
    expect(codes.length).to.be.greaterThan(50);
    await openedCampaign(w, codes, '2099-12-31', 'Đợt đông');
    const first = await w.rev.agent.get('/reviews?status=draft');
    expect(first.status).to.equal(200);
    expect([...first.text.matchAll(/\/review">/g)]).to.have.length(50);
    expect(/text-body-secondary">([^<]*)</.exec(first.text)?.[1]).to.equal(`Tổng số: ${codes.length}`);
    expect(first.text).to.contain('Trang 1/2');
    const next = /href="([^"]*page=2[^"]*)" rel="next"/.exec(first.text)![1]!.replace(/&amp;/g, '&');
    const second = await w.rev.agent.get(next);
    expect([...second.text.matchAll(/\/review">/g)]).to.have.length(codes.length - 50);
    expect(second.text).to.contain('rel="prev"').and.not.contain('rel="next"');
  });
});
