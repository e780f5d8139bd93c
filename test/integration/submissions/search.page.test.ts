import { expect } from 'chai';
import { loginAs } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { givenFilledSubmission, givenOpenCampaign } from './world.js';

describe('search page', () => {
  beforeEach(() => resetDatabase());

  it('when staff search without diacritics and pick an agency, then the rows are found and the page speaks the chosen language', async () => {
    const w = await givenOpenCampaign();
    await givenFilledSubmission(w);
    const s = await loginAs(w.app, w.users.reviewer);
    const vi = await s.agent.get(`/campaigns/${w.campaignId}/search?q=so+ho+khau`);
    expect(vi.status).to.equal(200);
    expect(vi.text).to.include('137/2015/NĐ-CP');
    expect(vi.text).to.match(/<select class="form-select" id="s-agency" name="agency">/);
    const hanoi = /<option value="([0-9a-f]{24})">Thành phố Hà Nội<\/option>/.exec(vi.text)?.[1];
    expect(hanoi, 'Hà Nội in the agency filter').to.be.a('string');
    const none = await s.agent.get(`/campaigns/${w.campaignId}/search?q=so+ho+khau&agency=${hanoi}`);
    expect(none.text).not.to.include('137/2015/NĐ-CP');
    await s.agent.get('/lang/en?back=/');
    const en = await s.agent.get(`/campaigns/${w.campaignId}/search?q=so+ho+khau`);
    expect(en.text).to.include('Number/symbol');
    expect(en.text).not.to.include('>Số, ký hiệu<');
  });
});
