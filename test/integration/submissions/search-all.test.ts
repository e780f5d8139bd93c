import { expect } from 'chai';
import request from 'supertest';
import { ReviewTemplateModel } from '../../../src/review-templates/template.model.js';
import { SubmissionModel } from '../../../src/submissions/submission.model.js';
import { agencyByCode, loginAs } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { GOOD_ROW, REPORT, givenOpenCampaign, type World } from './world.js';

/** A second open campaign for the same two agencies; its Bộ Công an and Hà Nội submissions. */
async function givenSecondCampaign(w: World): Promise<{ campaignId: string; bcaSub: string; hanoiSub: string }> {
  const template = await ReviewTemplateModel.findOne({ builtinCode: 'de-an-06' }).lean();
  const [bca, hn] = [await agencyByCode('bo-cong-an'), await agencyByCode('ha-noi')];
  const created = await request(w.app).post('/api/v1/campaigns').set('Authorization', w.admin).send({
    title: 'Rà soát thủ tục cư trú — đợt 2', template: template!._id.toString(), agencies: [bca._id.toString(), hn._id.toString()], deadline: '31/12/2030', reviewers: [w.users.reviewer._id.toString()],
  });
  expect(created.status).to.equal(201);
  expect((await request(w.app).post(`/api/v1/campaigns/${created.body.id}/open`).set('Authorization', w.admin)).status).to.equal(200);
  const subs = await SubmissionModel.find({ campaign: created.body.id }).lean();
  const sub = (a: typeof hn) => subs.find((s) => s.agency.equals(a._id))!._id.toString();
  return { campaignId: created.body.id as string, bcaSub: sub(bca), hanoiSub: sub(hn) };
}

const row = (so: string, batCap: string) => ({ values: { ...GOOD_ROW, so_ky_hieu: so, bat_cap: batCap, noi_dung_kien_nghi: 'Khai thác dữ liệu điện tử' } });

async function put(w: World, sub: string, auth: string, items: object[], report = REPORT): Promise<void> {
  const res = await request(w.app).put(`/api/v1/submissions/${sub}`).set('Authorization', auth).send({ version: 1, items, report });
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
}

type Hit = { item: string; campaign: string; submission: string; values: { so_ky_hieu: { key: string } } };

describe('search across every campaign the caller may see', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when rows of two campaigns match, then staff find both, an agency only its own, page by page without a row twice', async () => {
    const w = await givenOpenCampaign();
    const two = await givenSecondCampaign(w);
    // Bộ Công an: 3 rows about "sổ hộ khẩu" in each campaign, and one that has the words apart.
    await put(w, w.bcaSub, w.bca, [row('1/2015/NĐ-CP', 'Yêu cầu nộp sổ hộ khẩu'), row('2/2015/NĐ-CP', 'Yêu cầu nộp sổ hộ khẩu'), row('3/2015/NĐ-CP', 'Hộ dân nộp khẩu phần giấy'), row('4/2015/NĐ-CP', 'Sổ hộ khẩu giấy')]);
    await put(w, two.bcaSub, w.bca, [row('5/2015/NĐ-CP', 'Còn đòi sổ hộ khẩu'), row('6/2015/NĐ-CP', 'Không liên quan')]);
    // Hà Nội: one row in the second campaign, which Bộ Công an must never see.
    await put(w, two.hanoiSub, w.hanoi, [row('77/2015/NĐ-CP', 'Yêu cầu sổ hộ khẩu khi đăng ký')]);
    const search = (auth: string, qs: string) => request(w.app).get(`/api/v1/items/search?${qs}`).set('Authorization', auth);

    const all = await search(w.rev, `q=${encodeURIComponent('"SỔ HO KHẨU"')}&limit=50`);
    expect(all.status).to.equal(200);
    expect(all.body.items.map((h: Hit) => h.values.so_ky_hieu.key).sort()).to.deep.equal(['1/2015/NĐ-CP', '2/2015/NĐ-CP', '4/2015/NĐ-CP', '5/2015/NĐ-CP', '77/2015/NĐ-CP']);
    expect(new Set(all.body.items.map((h: Hit) => h.campaign))).to.deep.equal(new Set([w.campaignId, two.campaignId]));
    expect(all.body.next).to.equal(null);

    // A quoted phrase: "hộ khẩu" as written, so "hộ dân … khẩu phần" does not match.
    const phrase = await search(w.rev, `q=${encodeURIComponent('"ho khau"')}&limit=50`);
    expect(phrase.body.items.map((h: Hit) => h.values.so_ky_hieu.key)).not.to.include('3/2015/NĐ-CP');
    const loose = await search(w.rev, `q=${encodeURIComponent('ho khau')}&limit=50`);
    expect(loose.body.items.map((h: Hit) => h.values.so_ky_hieu.key)).to.include('3/2015/NĐ-CP');

    // Pages of two: every hit once, in the same order as one long page.
    const seen: string[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const res = await search(w.rev, `q=${encodeURIComponent('"so ho khau"')}&limit=2${next ? `&cursor=${next}` : ''}`);
      expect(res.status).to.equal(200);
      seen.push(...res.body.items.map((h: Hit) => h.item));
      next = res.body.next;
      pages++;
    } while (next);
    expect(pages).to.equal(3);
    expect(seen).to.deep.equal(all.body.items.map((h: Hit) => h.item));

    // Bộ Công an: its rows of both campaigns, never Hà Nội's.
    const own = await search(w.bca, `q=${encodeURIComponent('"so ho khau"')}`);
    expect(own.body.items.map((h: Hit) => h.values.so_ky_hieu.key).sort()).to.deep.equal(['1/2015/NĐ-CP', '2/2015/NĐ-CP', '4/2015/NĐ-CP', '5/2015/NĐ-CP']);
    expect(own.body.items.every((h: Hit) => h.submission === w.bcaSub || h.submission === two.bcaSub)).to.equal(true);
    // Asking for Hà Nội's rows by agency changes nothing for an agency.
    const hn = (await agencyByCode('ha-noi'))._id.toString();
    expect((await search(w.bca, `q=dang+ky&agency=${hn}`)).body.items).to.deep.equal([]);
    expect((await search(w.rev, 'cursor=not-a-cursor')).status).to.equal(400);
    expect((await request(w.app).get('/api/v1/items/search?q=ho')).status).to.equal(401);
  });

  it('when reports and files match, then they come in pages with `next`, across campaigns, and an agency sees only its own', async () => {
    const w = await givenOpenCampaign();
    const two = await givenSecondCampaign(w);
    const report = (text: string) => ({ ...REPORT, danh_gia: text });
    await put(w, w.bcaSub, w.bca, [], report('Còn vướng mắc khi đồng bộ VNeID với dữ liệu cư trú.'));
    await put(w, two.bcaSub, w.bca, [], report('Đã đồng bộ VNeID cho toàn bộ công an cấp xã.'));
    await put(w, w.hanoiSub, w.hanoi, [], report('Hà Nội đề nghị đồng bộ VNeID trong năm 2026.'));
    await put(w, two.hanoiSub, w.hanoi, [], report('Không có kiến nghị.'));
    const search = (auth: string, qs: string) => request(w.app).get(`/api/v1/documents/search?${qs}`).set('Authorization', auth);

    const seen: string[] = [];
    let next: string | null = null;
    do {
      const res = await search(w.rev, `q=${encodeURIComponent('dong bo vneid')}&limit=1${next ? `&cursor=${next}` : ''}`);
      expect(res.status).to.equal(200);
      expect(res.body.items.length).to.be.at.most(1);
      seen.push(...res.body.items.map((h: { kind: string; submission: string }) => `${h.kind}:${h.submission}`));
      next = res.body.next;
    } while (next);
    expect(seen.sort()).to.deep.equal([`report:${w.bcaSub}`, `report:${two.bcaSub}`, `report:${w.hanoiSub}`].sort());

    const own = await search(w.bca, `q=${encodeURIComponent('dong bo vneid')}`);
    expect(own.body.items.map((h: { submission: string }) => h.submission).sort()).to.deep.equal([w.bcaSub, two.bcaSub].sort());
    // One campaign's documents only, when asked through it.
    const one = await request(w.app).get(`/api/v1/campaigns/${two.campaignId}/documents/search?q=vneid`).set('Authorization', w.rev);
    expect(one.body.items.map((h: { submission: string }) => h.submission)).to.deep.equal([two.bcaSub]);
    expect((await search(w.rev, 'q=vneid&cursor=bad')).status).to.equal(400);
  });

  it('when an agency officer opens the search page, then rows of both its campaigns show with their campaign, and the next page continues', async () => {
    const w = await givenOpenCampaign();
    const two = await givenSecondCampaign(w);
    await put(w, w.bcaSub, w.bca, Array.from({ length: 55 }, (_, i) => row(`${i + 1}/2015/NĐ-CP`, 'Yêu cầu nộp sổ hộ khẩu')));
    await put(w, two.bcaSub, w.bca, [row('99/2015/NĐ-CP', 'Còn đòi sổ hộ khẩu')]);
    await put(w, two.hanoiSub, w.hanoi, [row('77/2015/NĐ-CP', 'Yêu cầu sổ hộ khẩu')]);
    const s = await loginAs(w.app, w.users.bca);
    const first = await s.agent.get('/search?q=ho+khau');
    expect(first.status).to.equal(200);
    expect(first.text).to.include('Rà soát VBQPPL phục vụ Đề án 06 — đợt 1');
    expect(first.text).not.to.include('77/2015/NĐ-CP');
    const nextLink = /href="(\?[^"]*cursor=[^"]+)"/.exec(first.text)?.[1];
    expect(nextLink, 'a link to the next rows').to.be.a('string');
    const second = await s.agent.get(`/search${nextLink!.replace(/&amp;/g, '&')}`);
    expect(second.status).to.equal(200);
    expect(second.text).to.include('99/2015/NĐ-CP');
    expect(second.text).to.include('Rà soát thủ tục cư trú — đợt 2');
    expect(second.text).not.to.include('77/2015/NĐ-CP');
    expect(first.text).not.to.include('99/2015/NĐ-CP');
  });
});
