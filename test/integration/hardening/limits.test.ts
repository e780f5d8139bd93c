import { expect } from 'chai';
import mongoose from 'mongoose';
import request from 'supertest';
import { AttachmentModel } from '../../../src/attachments/attachment.model.js';
import { anonymous, csrfFromHtml, givenAgencies, givenToken, givenUser, loginAs, makeApp } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { givenOpenCampaign } from '../submissions/world.js';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('hardening: the limits API.md promises', function () {
  this.timeout(120_000);
  beforeEach(resetDatabase);

  it('login: an address that logs in successfully many times is not locked out; failed attempts are', async () => {
    await givenAgencies();
    const user = await givenUser();
    const app = makeApp({ login: { ipLimit: 3 } });
    for (let i = 0; i < 6; i++) {
      const s = anonymous(app);
      const token = await s.csrf('/login');
      const ok = await s.agent.post('/login').type('form').send({ email: user.email, password: user.password, _csrf: token });
      expect(ok.status, `login ${i + 1}`).to.equal(302);
    }
    const s = anonymous(app);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const token = await s.csrf('/login');
      statuses.push((await s.agent.post('/login').type('form').send({ email: `x${i}@example.gov.vn`, password: 'sai', _csrf: token })).status);
    }
    expect(statuses).to.deep.equal([401, 401, 401, 429]);
  });

  it('API: repeated bad tokens from one address → 429 in API.md\'s shape, even with a good token afterwards; other addresses unaffected', async () => {
    await givenAgencies();
    const user = await givenUser();
    const good = await givenToken(user);
    const app = makeApp({ trustProxy: true, rateLimits: { tokenFailures: 3 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await request(app).get('/api/v1/me').set('X-Forwarded-For', '203.0.113.7').set('Authorization', `Bearer rs_guess${i}`)).status);
    }
    expect(statuses).to.deep.equal([401, 401, 401, 429]);
    const blocked = await request(app).get('/api/v1/me').set('X-Forwarded-For', '203.0.113.7').set('Authorization', `Bearer ${good}`);
    expect(blocked.status).to.equal(429);
    expect(blocked.body.error).to.include({ code: 'rate_limited' });
    expect(blocked.body.error.message).to.match(/mã truy cập/);
    const elsewhere = await request(app).get('/api/v1/me').set('X-Forwarded-For', '198.51.100.2').set('Authorization', `Bearer ${good}`);
    expect(elsewhere.status).to.equal(200);
    // Requests with no token at all are plain 401s and count for nothing.
    const fresh = makeApp({ trustProxy: true, rateLimits: { tokenFailures: 1 } });
    for (let i = 0; i < 3; i++) expect((await request(fresh).get('/api/v1/me').set('X-Forwarded-For', '203.0.113.9')).status).to.equal(401);
    expect((await request(fresh).get('/api/v1/me').set('X-Forwarded-For', '203.0.113.9').set('Authorization', `Bearer ${good}`)).status).to.equal(200);
  });

  it('uploads beyond the per-user rate → 429 (API and page), nothing stored from the refused ones; another user can still upload', async () => {
    const w = await givenOpenCampaign({ app: makeApp({ rateLimits: { uploads: 2 } }) });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/attachments`).set('Authorization', w.bca).attach('file', PDF, `bao-cao-${i}.pdf`)).status);
    }
    expect(statuses).to.deep.equal([201, 201, 429]);
    const refused = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/items/import`).set('Authorization', w.bca).field('version', '1').attach('file', PDF, 'rows.xlsx');
    expect(refused.status).to.equal(429);
    expect(refused.body.error.code).to.equal('rate_limited');
    expect(await AttachmentModel.countDocuments()).to.equal(2);
    expect(await mongoose.connection.db!.collection('attachments.files').countDocuments()).to.equal(2);

    const s = await loginAs(w.app, w.users.bca);
    const token = await s.csrf(`/submissions/${w.bcaSub}?step=files`);
    const page = await s.agent.post(`/submissions/${w.bcaSub}/attachments?_csrf=${encodeURIComponent(token)}`).attach('file', PDF, 'mot-nua.pdf');
    expect(page.status).to.equal(429);
    expect(page.text).to.include('Bạn đã tải lên quá nhiều tệp');
    expect(await AttachmentModel.countDocuments()).to.equal(2);

    const other = await request(w.app).post(`/api/v1/submissions/${w.hanoiSub}/attachments`).set('Authorization', w.hanoi).attach('file', PDF, 'ha-noi.pdf');
    expect(other.status).to.equal(201);
  });

  it('Cache-Control: no-store on authenticated pages, API answers and their errors', async () => {
    await givenAgencies();
    const user = await givenUser({ role: 'admin' });
    const token = await givenToken(user);
    const app = makeApp();
    const s = await loginAs(app, user);
    for (const path of ['/', '/campaigns', '/admin/users', '/profile', '/no-such-page']) {
      const res = await s.agent.get(path);
      expect(res.headers['cache-control'], path).to.equal('no-store');
    }
    for (const path of ['/api/v1/me', '/api/v1/campaigns', '/api/v1/campaigns/000000000000000000000000']) {
      const res = await request(app).get(path).set('Authorization', `Bearer ${token}`);
      expect(res.headers['cache-control'], path).to.equal('no-store');
    }
    const login = await request(app).get('/login');
    expect(csrfFromHtml(login.text)).to.be.a('string');
    expect(login.headers['cache-control']).to.equal('no-store');
  });
});
