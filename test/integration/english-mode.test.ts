import { expect } from 'chai';
import request from 'supertest';
import { CampaignModel } from '../../src/campaigns/campaign.model.js';
import { translator } from '../../src/i18n/index.js';
import { appendixPreview } from '../../src/review-templates/template.render.js';
import { validateItemValues } from '../../src/review-templates/item-values.js';
import type { TemplateField } from '../../src/review-templates/template.schema.js';
import { loginAs } from '../factories/index.js';
import { resetDatabase } from '../support/hooks.js';
import { givenFilledSubmission, givenOpenCampaign } from './submissions/world.js';

describe('English mode and readable details', function () {
  this.timeout(120_000);
  beforeEach(resetDatabase);

  it('English has singular forms (“1 day left”); Vietnamese does not change', () => {
    const en = translator('en');
    expect(en('submissions.days_left', { days: 1 })).to.equal('1 day left');
    expect(en('submissions.days_left', { days: 3 })).to.equal('3 days left');
    expect(en('campaigns.days_left', { n: 1 })).to.equal('1 day left');
    expect(en('submissions.rows.count', { count: 1 })).to.equal('1 row');
    expect(translator('vi')('submissions.days_left', { days: 1 })).to.equal('còn 1 ngày');
  });

  it('the progress chart legend is in English, and the audit details read as lines, not JSON', async () => {
    const w = await givenOpenCampaign();
    await givenFilledSubmission(w);
    await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', w.bca).send({ action: 'submit' });
    const admin = await loginAs(w.app, w.users.admin);
    await admin.agent.get('/lang/en');
    const progress = await admin.agent.get(`/campaigns/${w.campaignId}/progress`);
    expect(progress.status).to.equal(200);
    const legend = /<ul class="list-inline small mb-0 mt-2 chart-legend-text">[\s\S]*?<\/ul>\s*<\/div><\/section><\/div>\s*<\/div>/.exec(progress.text)![0];
    expect(legend).to.include('Amend');
    expect(legend).not.to.include('Sửa đổi');
    const audit = await admin.agent.get('/admin/audit');
    expect(audit.text).to.include('<dl class="audit-details small mb-0">');
    expect(audit.text).not.to.match(/<code class="audit-details">\{/);
    // The end of tomorrow in Vietnam: one calendar day left.
    const vnNow = new Date(Date.now() + 7 * 3600_000);
    const tomorrow = new Date(Date.UTC(vnNow.getUTCFullYear(), vnNow.getUTCMonth(), vnNow.getUTCDate() + 1, 16, 59, 59));
    await CampaignModel.updateOne({ _id: w.campaignId }, { $set: { deadline: tomorrow } });
    const bca = await loginAs(w.app, w.users.bca);
    await bca.agent.get('/lang/en');
    expect((await bca.agent.get(`/submissions/${w.bcaSub}`)).text).to.include('1 day left');
  });

  it('the template preview\'s sample rows cite documents whose type, number and date agree', () => {
    const fields: TemplateField[] = [
      { key: 'loai', label_vi: 'Loại văn bản', label_en: '', type: 'enum', required: true, help: '', options: [{ value: 'luat', label_vi: 'Luật', label_en: '' }, { value: 'nghi-dinh', label_vi: 'Nghị định', label_en: '' }, { value: 'quyet-dinh', label_vi: 'Quyết định', label_en: '' }] },
      { key: 'so', label_vi: 'Số, ký hiệu', label_en: '', type: 'docref', required: true, help: '', options: [], docref: { typeField: 'loai', dateField: 'ngay' } },
      { key: 'ngay', label_vi: 'Ngày ban hành', label_en: '', type: 'date', required: true, help: '', options: [] },
    ];
    const preview = appendixPreview({ fields, appendix: { title: 'Danh mục', orientation: 'landscape', sttWidth: 4, columns: fields.map((f) => ({ fieldKey: f.key, width: 10, label_vi: '', label_en: '' })) } });
    for (const row of preview.rows) {
      const [, loai, so, ngay] = row;
      const code = fields[0]!.options.find((o) => o.label_vi === loai)!.value;
      const res = validateItemValues(fields, { loai: code, so, ngay }, { today: new Date('2026-11-30') });
      expect(res.errors, JSON.stringify(row)).to.deep.equal([]);
    }
  });
});
