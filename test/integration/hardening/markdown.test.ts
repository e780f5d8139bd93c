import { expect } from 'chai';
import request from 'supertest';
import { CampaignModel } from '../../../src/campaigns/campaign.model.js';
import { renderMarkdown } from '../../../src/review-templates/template.render.js';
import { loginAs } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { givenOpenCampaign, type World } from '../submissions/world.js';

const DEEP_QUOTE = `${'> '.repeat(5000)}Hướng dẫn lồng sâu`;
const DEEP_LIST = `${'- '.repeat(5000)}mục lồng sâu`;
const DEEP_INDENT = Array.from({ length: 400 }, (_, i) => `${' '.repeat(i * 2)}- cấp ${i}`).join('\n');

describe('hardening: Markdown nested thousands deep', function () {
  this.timeout(120_000);
  let w: World;
  before(async () => {
    await resetDatabase();
    w = await givenOpenCampaign();
  });

  it('renders deep quotes, lists and indentation as escaped text, and ordinary Markdown as before', () => {
    for (const md of [DEEP_QUOTE, DEEP_LIST, DEEP_INDENT]) {
      const html = renderMarkdown(md);
      expect(html).to.not.include('<blockquote>');
      expect(html).to.not.include('<ul>');
    }
    expect(renderMarkdown(DEEP_QUOTE)).to.include('&#62; &#62; Hướng dẫn lồng sâu');
    expect(renderMarkdown(`${DEEP_LIST}<script>alert(1)</script>`)).to.include('&#60;script&#62;');
    expect(renderMarkdown('> trích dẫn\n\n- a\n  - b\n\n**đậm**')).to.match(/<blockquote>[\s\S]*<ul>[\s\S]*<strong>đậm<\/strong>/);
  });

  it('campaign instructions of "> " × 5000: the campaign page opens for admin, reviewer and agency', async () => {
    await CampaignModel.updateOne({ _id: w.campaignId }, { $set: { instructions: DEEP_QUOTE } });
    for (const user of [w.users.admin, w.users.reviewer, w.users.bca]) {
      const s = await loginAs(w.app, user);
      const res = await s.agent.get(`/campaigns/${w.campaignId}`);
      expect(res.status, `${user.role}: ${res.text.slice(0, 200)}`).to.equal(200);
      expect(res.text).to.include('Hướng dẫn lồng sâu');
    }
  });

  it('the editor preview answers 200 with escaped text', async () => {
    const s = await loginAs(w.app, w.users.admin);
    const token = await s.csrf('/admin/templates');
    const res = await s.agent.post('/admin/templates/markdown-preview').set('X-CSRF-Token', token).send({ text: DEEP_QUOTE, _csrf: token });
    expect(res.status, res.text.slice(0, 200)).to.equal(200);
    expect(res.body.html).to.include('Hướng dẫn lồng sâu').and.not.include('<blockquote>');
  });

  it('template scope, method, guidance and field help nested deep: the template page opens', async () => {
    const body = {
      title: 'Mẫu lồng sâu',
      scope: DEEP_QUOTE,
      method: DEEP_LIST,
      outline: [{ heading: 'I. Tình hình', guidance: DEEP_INDENT.split('\n').slice(0, 90).join('\n') }],
      fields: [{ key: 'so_ky_hieu', label_vi: 'Số, ký hiệu', type: 'docref', required: true, help: `${'> '.repeat(900)}trợ giúp` }],
      appendix: { title: 'Danh mục', columns: [{ fieldKey: 'so_ky_hieu', width: 30 }] },
    };
    const created = await request(w.app).post('/api/v1/templates').set('Authorization', w.admin).send(body);
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const s = await loginAs(w.app, w.users.admin);
    for (const tab of ['scope', 'outline', 'fields']) {
      const res = await s.agent.get(`/admin/templates/${created.body.id as string}?tab=${tab}`);
      expect(res.status, `${tab}: ${res.text.slice(0, 200)}`).to.equal(200);
    }
    const page = await s.agent.get(`/admin/templates/${created.body.id as string}?tab=scope`);
    expect(page.text).to.include('Hướng dẫn lồng sâu');
  });
});
