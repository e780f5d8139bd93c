import { expect } from 'chai';
import request from 'supertest';
import { AuditEventModel } from '../../../src/audit/audit.model.js';
import { agencyByCode } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { givenOpenCampaign } from '../submissions/world.js';

describe('opening a campaign for agencies that have no users', function () {
  this.timeout(30_000);
  beforeEach(resetDatabase);

  it('when some agencies have no users, then opening names them to the admin (API and audit) instead of a silent success', async () => {
    const w = await givenOpenCampaign();
    const danang = await agencyByCode('da-nang');
    const c = (await request(w.app).get(`/api/v1/campaigns/${w.campaignId}`).set('Authorization', w.admin)).body;
    const draft = await request(w.app).post('/api/v1/campaigns').set('Authorization', w.admin).send({
      title: 'Đợt 2', template: c.template.id, agencies: [...c.agencies, danang._id.toString()], deadline: '31/12/2030',
    });
    expect(draft.status).to.equal(201);
    const opened = await request(w.app).post(`/api/v1/campaigns/${draft.body.id}/open`).set('Authorization', w.admin);
    expect(opened.status).to.equal(200);
    expect(opened.body.agenciesWithoutUsers).to.deep.equal([danang.nameVi]);
    const ev = await AuditEventModel.findOne({ action: 'submission.create_drafts', 'object.id': draft.body.id }).lean();
    expect(ev!.details).to.include({ withoutUsers: danang.nameVi, notified: 2 });
  });
});
