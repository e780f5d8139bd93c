import { expect } from 'chai';
import { callAs } from '../matrix-call.js';
import fs from 'node:fs';
import { Types } from 'mongoose';
import request from 'supertest';
import { anonymous, loginAs, type Session } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { givenOpenCampaign } from './world.js';

/**
 * Issue 5's routes × every role → the expected status. The agency user is
 * Hà Nội's; "foreign" objects belong to Bộ Công an in the same campaign.
 */
type Role = 'anonymous' | 'agency' | 'reviewer' | 'admin';
interface Ctx { own: string; foreign: string; foreignFile: string; campaign: string; missing: string }
interface Row { method: 'GET' | 'POST'; path: (c: Ctx) => string; body?: Record<string, string>; expect: Record<Role, number> }

const ROLES: Role[] = ['anonymous', 'agency', 'reviewer', 'admin'];
const all = (s: number, anon = 302) => ({ anonymous: anon, agency: s, reviewer: s, admin: s });
const staffOnly = (s: number, agency = 404, anon = 302) => ({ anonymous: anon, agency, reviewer: s, admin: s });

const ROWS: Row[] = [
  { method: 'GET', path: () => '/submissions', expect: { anonymous: 302, agency: 200, reviewer: 302, admin: 302 } },
  { method: 'GET', path: (c) => `/submissions/${c.own}`, expect: { anonymous: 302, agency: 200, reviewer: 302, admin: 302 } },
  { method: 'GET', path: (c) => `/submissions/${c.foreign}`, expect: { anonymous: 302, agency: 404, reviewer: 302, admin: 302 } },
  { method: 'GET', path: (c) => `/submissions/${c.missing}`, expect: { anonymous: 302, agency: 404, reviewer: 302, admin: 302 } },
  { method: 'GET', path: () => '/submissions/not-an-id/review', expect: all(404) },
  { method: 'GET', path: (c) => `/submissions/${c.own}/review`, expect: all(200) },
  { method: 'GET', path: (c) => `/submissions/${c.foreign}/review`, expect: staffOnly(200) },
  { method: 'GET', path: (c) => `/submissions/${c.missing}/review`, expect: all(404) },
  { method: 'GET', path: (c) => `/submissions/${c.own}/review?tab=rows`, expect: all(200) },
  { method: 'GET', path: (c) => `/submissions/${c.own}/review?tab=report`, expect: all(200) },
  { method: 'GET', path: (c) => `/submissions/${c.own}/review?tab=comments`, expect: all(200) },
  { method: 'GET', path: (c) => `/submissions/${c.own}?step=report`, expect: { anonymous: 302, agency: 200, reviewer: 302, admin: 302 } },
  { method: 'GET', path: (c) => `/submissions/${c.own}?step=files`, expect: { anonymous: 302, agency: 200, reviewer: 302, admin: 302 } },
  { method: 'GET', path: (c) => `/submissions/${c.own}?step=send`, expect: { anonymous: 302, agency: 200, reviewer: 302, admin: 302 } },
  { method: 'GET', path: (c) => `/submissions/${c.own}/versions`, expect: all(200) },
  { method: 'GET', path: (c) => `/submissions/${c.foreign}/versions`, expect: staffOnly(200) },
  { method: 'GET', path: (c) => `/submissions/${c.own}/diff`, expect: all(200) },
  { method: 'GET', path: (c) => `/submissions/${c.own}/versions/1/receipt`, expect: all(404) },
  { method: 'GET', path: (c) => `/submissions/${c.own}/items/template.xlsx`, expect: all(200) },
  { method: 'GET', path: () => '/reviews', expect: { anonymous: 302, agency: 403, reviewer: 200, admin: 200 } },
  { method: 'GET', path: () => '/reviews?status=submitted&overdue=1&mine=1', expect: { anonymous: 302, agency: 403, reviewer: 200, admin: 200 } },
  { method: 'GET', path: () => '/notifications', expect: all(200) },
  { method: 'GET', path: (c) => `/campaigns/${c.campaign}/search?q=ho+khau`, expect: all(200) },
  { method: 'GET', path: (c) => `/attachments/${c.foreignFile}`, expect: staffOnly(200) },
  { method: 'GET', path: (c) => `/attachments/${c.missing}`, expect: all(404) },
  { method: 'POST', path: (c) => `/submissions/${c.own}/items`, body: { version: '1', 'values[ten_loai]': 'luat' }, expect: { anonymous: 401, agency: 422, reviewer: 403, admin: 403 } },
  { method: 'POST', path: (c) => `/submissions/${c.foreign}/items`, body: { version: '1', 'values[ten_loai]': 'luat' }, expect: { anonymous: 401, agency: 404, reviewer: 403, admin: 403 } },
  { method: 'POST', path: (c) => `/submissions/${c.own}/items/${c.missing}/move`, body: { version: '1', direction: 'up' }, expect: { anonymous: 401, agency: 404, reviewer: 403, admin: 403 } },
  { method: 'POST', path: (c) => `/submissions/${c.foreign}/items/${c.missing}/move`, body: { version: '1', direction: 'up' }, expect: { anonymous: 401, agency: 404, reviewer: 403, admin: 403 } },
  { method: 'POST', path: (c) => `/submissions/${c.own}/report`, body: { version: '1', 'report[danh_gia]': 'x' }, expect: { anonymous: 401, agency: 302, reviewer: 403, admin: 403 } },
  { method: 'POST', path: (c) => `/submissions/${c.own}/transitions`, body: { action: 'accept' }, expect: { anonymous: 401, agency: 403, reviewer: 409, admin: 409 } },
  { method: 'POST', path: (c) => `/submissions/${c.own}/transitions`, body: { action: 'submit' }, expect: { anonymous: 401, agency: 422, reviewer: 403, admin: 403 } },
  { method: 'POST', path: (c) => `/submissions/${c.own}/comments`, body: { text: 'Ý kiến' }, expect: all(302, 401) },
  { method: 'POST', path: (c) => `/submissions/${c.foreign}/comments`, body: { text: 'Ý kiến' }, expect: { anonymous: 401, agency: 404, reviewer: 302, admin: 302 } },
  { method: 'POST', path: (c) => `/submissions/${c.own}/items/${c.missing}/disposition`, body: { decision: 'accepted' }, expect: { anonymous: 401, agency: 403, reviewer: 404, admin: 404 } },
  { method: 'POST', path: (c) => `/attachments/${c.foreignFile}/delete`, expect: { anonymous: 401, agency: 404, reviewer: 403, admin: 403 } },
  { method: 'POST', path: () => '/notifications/read-all', expect: all(302, 401) },
  { method: 'POST', path: (c) => `/notifications/${c.missing}/read`, expect: all(404, 401) },
  { method: 'GET', path: (c) => `/api/v1/submissions/${c.own}`, expect: all(200, 401) },
  { method: 'GET', path: (c) => `/api/v1/submissions/${c.foreign}`, expect: staffOnly(200, 404, 401) },
  { method: 'GET', path: (c) => `/api/v1/submissions/${c.own}/comments`, expect: all(200, 401) },
  { method: 'GET', path: (c) => `/api/v1/attachments/${c.foreignFile}/html`, expect: staffOnly(200, 404, 401) },
  { method: 'GET', path: () => '/api/v1/notifications', expect: all(200, 401) },
  { method: 'GET', path: () => '/api/v1/submissions/not-an-id', expect: all(400, 401) },
  { method: 'POST', path: (c) => `/api/v1/submissions/${c.own}/transitions`, body: { action: 'submit' }, expect: { anonymous: 401, agency: 422, reviewer: 403, admin: 403 } },
];

describe('issue 5 role matrix: every route × every role', function () {
  this.timeout(120_000);
  beforeEach(resetDatabase);

  it('when each role calls each submission, review and notification route, then it gets the expected status', async () => {
    const w = await givenOpenCampaign();
    const file = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/attachments`).set('Authorization', w.bca).attach('file', fs.readFileSync('../shared/samples/docx/nd30-2020-Phuluc2.docx'), 'bao-cao.docx');
    const ctx: Ctx = { own: w.hanoiSub, foreign: w.bcaSub, foreignFile: file.body.id as string, campaign: w.campaignId, missing: new Types.ObjectId().toHexString() };
    const sessions: Record<Role, Session> = {
      anonymous: anonymous(w.app),
      agency: await loginAs(w.app, w.users.hanoi),
      reviewer: await loginAs(w.app, w.users.reviewer),
      admin: await loginAs(w.app, w.users.admin),
    };
    const bearer: Record<Role, string | undefined> = { anonymous: undefined, agency: w.hanoi, reviewer: w.rev, admin: w.admin };
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
