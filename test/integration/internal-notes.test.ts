import { expect } from 'chai';
import request from 'supertest';
import { AgencyModel } from '../../src/agencies/agency.model.js';
import { seedAgencies } from '../../src/agencies/agency.service.js';
import { AuditEventModel } from '../../src/audit/audit.model.js';
import { CampaignModel } from '../../src/campaigns/campaign.model.js';
import { installBuiltinTemplates } from '../../src/review-templates/template.builtin.js';
import { ReviewTemplateModel } from '../../src/review-templates/template.model.js';
import { loginAs } from '../factories/index.js';
import { resetDatabase } from '../support/hooks.js';
import { givenOpenCampaign, type World } from './submissions/world.js';

const INTERNAL = ['[ND34]', '[ĐỀ XUẤT]', 'như được nhớ lại', 'CHƯA được đối chiếu', '(English name unverified)', 'Cơ sở dữ liệu: nhúng', 'dùng thử'];

function expectNoInternalNotes(text: string, where: string): void {
  for (const note of INTERNAL) expect(text, `${where} shows “${note}”`).not.to.include(note);
}

describe('no internal notes in what agencies and reviewers read', function () {
  this.timeout(120_000);
  let w: World;
  before(async () => {
    await resetDatabase();
    w = await givenOpenCampaign();
  });

  it('agency and reviewer pages (rows form, campaign, template) carry no working notes; the footer does not describe the database', async () => {
    const template = await ReviewTemplateModel.findOne({ builtinCode: 'de-an-06' }).lean();
    const pages: [typeof w.users.bca, string][] = [
      [w.users.bca, `/submissions/${w.bcaSub}?step=rows`],
      [w.users.bca, `/campaigns/${w.campaignId}`],
      [w.users.bca, '/'],
      [w.users.reviewer, `/campaigns/${w.campaignId}`],
      [w.users.reviewer, `/submissions/${w.bcaSub}/review`],
    ];
    for (const [user, path] of pages) {
      const s = await loginAs(w.app, user);
      const res = await s.agent.get(path);
      expect(res.status, path).to.equal(200);
      expectNoInternalNotes(res.text, `${user.role} ${path}`);
      expect(res.text, path).not.to.include('id="legal-note"');
    }
    // Template pages are the admin's: a reviewer is refused them, so no note can reach one there.
    const reviewer = await loginAs(w.app, w.users.reviewer);
    expect((await reviewer.agent.get(`/admin/templates/${template!._id.toString()}?tab=scope`)).status).to.equal(403);
    const en = await loginAs(w.app, w.users.reviewer);
    await en.agent.get('/lang/en');
    expectNoInternalNotes((await en.agent.get(`/campaigns/${w.campaignId}`)).text, 'reviewer in English');
  });

  it('the admin sees the legal-basis note: Decree 79/2025/NĐ-CP, and that the columns must be checked before a campaign opens', async () => {
    const template = await ReviewTemplateModel.findOne({ builtinCode: 'de-an-06' }).lean();
    const s = await loginAs(w.app, w.users.admin);
    const res = await s.agent.get(`/admin/templates/${template!._id.toString()}?tab=scope`);
    expect(res.text).to.include('id="legal-note"');
    expect(res.text).to.include('Nghị định số 79/2025/NĐ-CP');
    expect(res.text).to.include('05 biểu mẫu');
    expect(res.text).to.match(/Trước khi mở đợt rà soát<\/strong>, quản trị phải đối chiếu các cột/);
    const api = await request(w.app).get(`/api/v1/templates/${template!._id.toString()}`).set('Authorization', w.admin);
    expect(api.body.legalNote).to.include('79/2025/NĐ-CP');
    for (const auth of [w.rev, w.bca]) {
      const other = await request(w.app).get(`/api/v1/templates/${template!._id.toString()}`).set('Authorization', auth);
      expect(other.status).to.equal(200);
      expect(other.body).not.to.have.property('legalNote');
      expectNoInternalNotes(JSON.stringify(other.body), 'template API');
    }
  });

  it('an installation made with the old wording gets the corrected text once at start; columns, keys and the pinned campaign are unchanged', async () => {
    const before = await ReviewTemplateModel.findOne({ builtinCode: 'de-an-06', version: 1 }).lean();
    const oldFields = before!.fields.map((f) => ({ ...f, help: `[ND34] ${f.help ?? ''}` }));
    await ReviewTemplateModel.collection.updateOne(
      { _id: before!._id },
      { $set: { fields: oldFields, description: 'Các cột đánh dấu **[ND34]** như được nhớ lại, CHƯA được đối chiếu' }, $unset: { legalNote: 1, builtinTextRev: 1 } },
    );
    await AgencyModel.updateOne({ code: 'bo-dan-toc-va-ton-giao' }, { $set: { nameEn: 'Ministry of Ethnic and Religious Affairs (English name unverified)' } });

    const logged: string[] = [];
    await installBuiltinTemplates({ log: (l) => logged.push(l) });
    await installBuiltinTemplates({ log: (l) => logged.push(l) });
    await seedAgencies();
    expect(logged.filter((l) => l.includes('Corrected the wording'))).to.have.length(1);
    expect(await AuditEventModel.countDocuments({ action: 'template.builtin_wording' })).to.equal(1);

    const after = await ReviewTemplateModel.findOne({ builtinCode: 'de-an-06', version: 1 }).lean();
    expect(after!._id.toString()).to.equal(before!._id.toString());
    expect(after!.fields.map((f) => [f.key, f.type, f.required])).to.deep.equal(before!.fields.map((f) => [f.key, f.type, f.required]));
    expect(after!.appendix).to.deep.equal(before!.appendix);
    expectNoInternalNotes(JSON.stringify({ d: after!.description, f: after!.fields }), 'stored template');
    expect(after!.legalNote).to.include('79/2025/NĐ-CP');
    const campaign = await CampaignModel.findById(w.campaignId).lean();
    expect(campaign!.template.toString()).to.equal(before!._id.toString());
    const agency = await AgencyModel.findOne({ code: 'bo-dan-toc-va-ton-giao' }).lean();
    expect(agency!.nameEn).to.equal('Ministry of Ethnic and Religious Affairs');
  });
});
