import { expect } from 'chai';
import { callAs } from '../matrix-call.js';
import fs from 'node:fs';
import { Types } from 'mongoose';
import request from 'supertest';
import { SubmissionModel } from '../../../src/submissions/submission.model.js';
import { agencyByCode, anonymous, givenToken, givenUser, loginAs, type Session } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { givenOpenCampaign, type World } from './world.js';

/** Bộ Công an's submission in a second open campaign, which nobody coordinates. */
async function otherCampaignSubmission(w: World): Promise<string> {
  const first = await request(w.app).get(`/api/v1/campaigns/${w.campaignId}`).set('Authorization', w.admin);
  const bca = await agencyByCode('bo-cong-an');
  const created = await request(w.app).post('/api/v1/campaigns').set('Authorization', w.admin).send({ title: 'Đợt không phối hợp', template: first.body.template.id, agencies: [bca._id.toString()], deadline: '31/12/2030' });
  expect((await request(w.app).post(`/api/v1/campaigns/${created.body.id}/open`).set('Authorization', w.admin)).status).to.equal(200);
  return (await SubmissionModel.findOne({ campaign: created.body.id }).lean())!._id.toString();
}

/**
 * Issue 5's routes × every role → the expected status. The agency user is
 * Hà Nội's; "foreign" objects belong to Bộ Công an in the same campaign. The
 * coordinator is a user of Văn phòng Chính phủ, which coordinates that campaign
 * (it reads and comments, never edits or decides) and no other.
 */
type Role = 'anonymous' | 'agency' | 'coordinator' | 'reviewer' | 'admin';
/** `elsewhere`: a submission of a campaign the coordinating agency does not coordinate. */
interface Ctx { own: string; foreign: string; foreignFile: string; campaign: string; missing: string; elsewhere: string }
interface Row { method: 'GET' | 'POST' | 'PUT'; path: (c: Ctx) => string; body?: Record<string, string>; expect: Record<Role, number> }

const ROLES: Role[] = ['anonymous', 'agency', 'coordinator', 'reviewer', 'admin'];
const all = (s: number, anon = 302) => ({ anonymous: anon, agency: s, coordinator: s, reviewer: s, admin: s });
/** Another agency's object: the MoJ and the coordinating agency read it, the agency gets 404. */
const staffOnly = (s: number, agency = 404, anon = 302) => ({ anonymous: anon, agency, coordinator: s, reviewer: s, admin: s });
const notCoordinated = (s: number, anon = 302) => ({ anonymous: anon, agency: 404, coordinator: 404, reviewer: s, admin: s });

const ROWS: Row[] = [
  { method: 'GET', path: () => '/submissions', expect: { anonymous: 302, agency: 200, reviewer: 302, admin: 302, coordinator: 200 } },
  { method: 'GET', path: (c) => `/submissions/${c.own}`, expect: { anonymous: 302, agency: 200, reviewer: 302, admin: 302, coordinator: 302 } },
  { method: 'GET', path: (c) => `/submissions/${c.foreign}`, expect: { anonymous: 302, agency: 404, reviewer: 302, admin: 302, coordinator: 302 } },
  { method: 'GET', path: (c) => `/submissions/${c.missing}`, expect: { anonymous: 302, agency: 404, reviewer: 302, admin: 302, coordinator: 404 } },
  { method: 'GET', path: () => '/submissions/not-an-id/review', expect: all(404) },
  { method: 'GET', path: (c) => `/submissions/${c.own}/review`, expect: all(200) },
  { method: 'GET', path: (c) => `/submissions/${c.foreign}/review`, expect: staffOnly(200) },
  { method: 'GET', path: (c) => `/submissions/${c.missing}/review`, expect: all(404) },
  { method: 'GET', path: (c) => `/submissions/${c.own}/review?tab=rows`, expect: all(200) },
  { method: 'GET', path: (c) => `/submissions/${c.own}/review?tab=report`, expect: all(200) },
  { method: 'GET', path: (c) => `/submissions/${c.own}/review?tab=comments`, expect: all(200) },
  { method: 'GET', path: (c) => `/submissions/${c.own}?step=report`, expect: { anonymous: 302, agency: 200, reviewer: 302, admin: 302, coordinator: 302 } },
  { method: 'GET', path: (c) => `/submissions/${c.own}?step=files`, expect: { anonymous: 302, agency: 200, reviewer: 302, admin: 302, coordinator: 302 } },
  { method: 'GET', path: (c) => `/submissions/${c.own}?step=send`, expect: { anonymous: 302, agency: 200, reviewer: 302, admin: 302, coordinator: 302 } },
  { method: 'GET', path: (c) => `/submissions/${c.own}/versions`, expect: all(200) },
  { method: 'GET', path: (c) => `/submissions/${c.foreign}/versions`, expect: staffOnly(200) },
  { method: 'GET', path: (c) => `/submissions/${c.own}/diff`, expect: all(200) },
  { method: 'GET', path: (c) => `/submissions/${c.own}/versions/1/receipt`, expect: all(404) },
  { method: 'GET', path: (c) => `/submissions/${c.own}/items/template.xlsx`, expect: all(200) },
  { method: 'GET', path: () => '/reviews', expect: { anonymous: 302, agency: 403, reviewer: 200, admin: 200, coordinator: 403 } },
  { method: 'GET', path: () => '/reviews?status=submitted&overdue=1&mine=1', expect: { anonymous: 302, agency: 403, reviewer: 200, admin: 200, coordinator: 403 } },
  { method: 'GET', path: () => '/notifications', expect: all(200) },
  { method: 'GET', path: (c) => `/campaigns/${c.campaign}/search?q=ho+khau`, expect: all(200) },
  { method: 'GET', path: (c) => `/attachments/${c.foreignFile}`, expect: staffOnly(200) },
  { method: 'GET', path: (c) => `/attachments/${c.missing}`, expect: all(404) },
  { method: 'POST', path: (c) => `/submissions/${c.own}/items`, body: { version: '1', 'values[ten_loai]': 'luat' }, expect: { anonymous: 401, agency: 422, reviewer: 403, admin: 403, coordinator: 403 } },
  { method: 'POST', path: (c) => `/submissions/${c.foreign}/items`, body: { version: '1', 'values[ten_loai]': 'luat' }, expect: { anonymous: 401, agency: 404, reviewer: 403, admin: 403, coordinator: 403 } },
  { method: 'POST', path: (c) => `/submissions/${c.own}/items/${c.missing}/move`, body: { version: '1', direction: 'up' }, expect: { anonymous: 401, agency: 404, reviewer: 403, admin: 403, coordinator: 403 } },
  { method: 'POST', path: (c) => `/submissions/${c.foreign}/items/${c.missing}/move`, body: { version: '1', direction: 'up' }, expect: { anonymous: 401, agency: 404, reviewer: 403, admin: 403, coordinator: 403 } },
  { method: 'POST', path: (c) => `/submissions/${c.own}/report`, body: { version: '1', 'report[danh_gia]': 'x' }, expect: { anonymous: 401, agency: 302, reviewer: 403, admin: 403, coordinator: 403 } },
  { method: 'POST', path: (c) => `/submissions/${c.own}/transitions`, body: { action: 'accept' }, expect: { anonymous: 401, agency: 403, reviewer: 409, admin: 409, coordinator: 403 } },
  { method: 'POST', path: (c) => `/submissions/${c.own}/transitions`, body: { action: 'submit' }, expect: { anonymous: 401, agency: 422, reviewer: 403, admin: 403, coordinator: 403 } },
  { method: 'POST', path: (c) => `/submissions/${c.own}/comments`, body: { text: 'Ý kiến' }, expect: all(302, 401) },
  { method: 'POST', path: (c) => `/submissions/${c.foreign}/comments`, body: { text: 'Ý kiến' }, expect: { anonymous: 401, agency: 404, reviewer: 302, admin: 302, coordinator: 302 } },
  { method: 'POST', path: (c) => `/submissions/${c.own}/items/${c.missing}/disposition`, body: { decision: 'accepted' }, expect: { anonymous: 401, agency: 403, reviewer: 404, admin: 404, coordinator: 403 } },
  { method: 'POST', path: (c) => `/attachments/${c.foreignFile}/delete`, expect: { anonymous: 401, agency: 404, reviewer: 403, admin: 403, coordinator: 403 } },
  { method: 'POST', path: () => '/notifications/read-all', expect: all(302, 401) },
  { method: 'POST', path: (c) => `/notifications/${c.missing}/read`, expect: all(404, 401) },
  { method: 'GET', path: (c) => `/api/v1/submissions/${c.own}`, expect: all(200, 401) },
  { method: 'GET', path: (c) => `/api/v1/submissions/${c.foreign}`, expect: staffOnly(200, 404, 401) },
  { method: 'GET', path: (c) => `/api/v1/submissions/${c.own}/comments`, expect: all(200, 401) },
  { method: 'GET', path: (c) => `/api/v1/attachments/${c.foreignFile}/html`, expect: staffOnly(200, 404, 401) },
  { method: 'GET', path: () => '/api/v1/notifications', expect: all(200, 401) },
  { method: 'GET', path: () => '/api/v1/submissions/not-an-id', expect: all(400, 401) },
  { method: 'GET', path: (c) => `/submissions/${c.elsewhere}/review`, expect: notCoordinated(200) },
  { method: 'GET', path: (c) => `/submissions/${c.elsewhere}/versions`, expect: notCoordinated(200) },
  // The reviewer is not on that campaign: it reads, but does not comment.
  { method: 'POST', path: (c) => `/submissions/${c.elsewhere}/comments`, body: { text: 'Ý kiến' }, expect: { anonymous: 401, agency: 404, coordinator: 404, reviewer: 403, admin: 302 } },
  { method: 'GET', path: (c) => `/api/v1/submissions/${c.elsewhere}`, expect: notCoordinated(200, 401) },
  { method: 'GET', path: (c) => `/api/v1/submissions/${c.elsewhere}/comments`, expect: notCoordinated(200, 401) },
  { method: 'GET', path: (c) => `/api/v1/campaigns/${c.campaign}/submissions`, expect: all(200, 401) },
  { method: 'POST', path: (c) => `/api/v1/submissions/${c.foreign}/comments`, body: { text: 'Ý kiến' }, expect: { anonymous: 401, agency: 404, coordinator: 201, reviewer: 201, admin: 201 } },
  { method: 'PUT', path: (c) => `/api/v1/submissions/${c.foreign}/items/${c.missing}/disposition`, body: { decision: 'accepted' }, expect: { anonymous: 401, agency: 403, coordinator: 403, reviewer: 404, admin: 404 } },
  { method: 'POST', path: (c) => `/api/v1/submissions/${c.own}/transitions`, body: { action: 'submit' }, expect: { anonymous: 401, agency: 422, reviewer: 403, admin: 403, coordinator: 403 } },
];

describe('submission role matrix: every route × every role', function () {
  this.timeout(120_000);
  beforeEach(resetDatabase);

  it('when each role calls each submission, review and notification route, then it gets the expected status', async () => {
    const w = await givenOpenCampaign();
    const file = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/attachments`).set('Authorization', w.bca).attach('file', fs.readFileSync('../shared/samples/docx/nd30-2020-Phuluc2.docx'), 'bao-cao.docx');
    const vpcp = await agencyByCode('van-phong-chinh-phu');
    expect((await request(w.app).put(`/api/v1/campaigns/${w.campaignId}/coordinators`).set('Authorization', w.admin).send({ coordinators: [vpcp._id.toString()] })).status).to.equal(200);
    const coordinator = await givenUser({ role: 'agency', agencyCode: 'van-phong-chinh-phu' });
    const ctx: Ctx = { own: w.hanoiSub, foreign: w.bcaSub, foreignFile: file.body.id as string, campaign: w.campaignId, missing: new Types.ObjectId().toHexString(), elsewhere: await otherCampaignSubmission(w) };
    const sessions: Record<Role, Session> = {
      anonymous: anonymous(w.app),
      agency: await loginAs(w.app, w.users.hanoi),
      coordinator: await loginAs(w.app, coordinator),
      reviewer: await loginAs(w.app, w.users.reviewer),
      admin: await loginAs(w.app, w.users.admin),
    };
    const bearer: Record<Role, string | undefined> = { anonymous: undefined, agency: w.hanoi, coordinator: `Bearer ${await givenToken(coordinator)}`, reviewer: w.rev, admin: w.admin };
    const mismatches: string[] = [];
    for (const row of ROWS) {
      for (const role of ROLES) {
        const path = row.path(ctx);
        const res = await callAs(w.app, row, path, sessions[role], bearer[role], role === 'anonymous');
        if (res.status !== row.expect[role]) mismatches.push(`${row.method} ${path} as ${role}: ${res.status}, expected ${row.expect[role]}`);
      }
    }
    expect(mismatches).to.deep.equal([]);
  });
});
