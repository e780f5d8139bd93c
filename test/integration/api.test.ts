import { expect } from 'chai';
import request from 'supertest';
import { AuditEventModel } from '../../src/audit/audit.model.js';
import { sha256 } from '../../src/auth/secret-token.js';
import { ApiTokenModel } from '../../src/tokens/token.model.js';
import { resetDatabase } from '../support/hooks.js';
import { givenAgencies, givenToken, givenUser, loginAs, makeApp } from '../factories/index.js';

describe('API tokens and /api/v1', () => {
  beforeEach(async () => {
    await resetDatabase();
    await givenAgencies();
  });

  it('when a user creates a token on the profile page, then it is shown once, stored hashed, works on /api/v1/me, and after revoking it answers 401', async () => {
    const app = makeApp();
    const user = await givenUser({ role: 'agency', agencyCode: 'da-nang' });
    const s = await loginAs(app, user);
    let csrf = await s.csrf();
    const created = await s.agent.post('/profile/tokens').type('form').send({ name: 'Hệ thống văn bản', _csrf: csrf });
    expect(created.status).to.equal(201);
    const token = /id="new-token" value="(rst_[^"]+)"/.exec(created.text)?.[1];
    expect(token).to.be.a('string');

    const stored = await ApiTokenModel.findOne({ user: user._id }).lean();
    expect(stored?.tokenHash).to.equal(sha256(token!));
    expect(JSON.stringify(stored)).not.to.contain(token!);
    expect((await s.agent.get('/profile')).text).not.to.contain(token!);

    const me = await request(app).get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    expect(me.status).to.equal(200);
    expect(me.body).to.deep.include({ email: user.email, role: 'agency' });
    expect(me.body.agency.code).to.equal('da-nang');

    csrf = await s.csrf();
    const revoked = await s.agent.post(`/profile/tokens/${stored!._id}/revoke`).type('form').send({ _csrf: csrf });
    expect(revoked.status).to.equal(302);
    const after = await request(app).get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    expect(after.status).to.equal(401);
    expect(after.body.error.code).to.equal('unauthenticated');
    expect((await ApiTokenModel.findById(stored!._id).lean())?.revokedAt).to.be.instanceOf(Date);
    expect(await AuditEventModel.countDocuments({ action: { $in: ['token.create', 'token.revoke'] }, 'actor.id': user._id })).to.equal(2);
  });

  it('when no token, a made-up token or only the session cookie is sent, then 401 in API.md’s error shape', async () => {
    const app = makeApp();
    const user = await givenUser();
    const s = await loginAs(app, user);
    expect((await request(app).get('/api/v1/me')).status).to.equal(401);
    expect((await request(app).get('/api/v1/me').set('Authorization', 'Bearer rst_made-up')).status).to.equal(401);
    const withCookie = await s.agent.get('/api/v1/me');
    expect(withCookie.status).to.equal(401);
    expect(withCookie.body).to.have.nested.property('error.code', 'unauthenticated');
    expect(withCookie.body.error.message).to.be.a('string');
    expect(withCookie.body.error.details).to.deep.equal([]);
  });

  it('when the error message is asked in English, then it comes in English; Vietnamese by default', async () => {
    const app = makeApp();
    const vi = await request(app).get('/api/v1/me');
    const en = await request(app).get('/api/v1/me').set('Accept-Language', 'en-US,en;q=0.9');
    expect(vi.body.error.message).to.contain('đăng nhập');
    expect(en.body.error.message).to.contain('log in');
  });

  it('when agencies are listed with a limit, then pages of {items, next} cover all 56 once', async () => {
    const app = makeApp();
    const token = await givenToken(await givenUser());
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const res: request.Response = await request(app)
        .get(`/api/v1/agencies?limit=20${cursor ? `&cursor=${cursor}` : ''}`)
        .set('Authorization', `Bearer ${token}`);
      expect(res.status).to.equal(200);
      seen.push(...res.body.items.map((a: { code: string }) => a.code));
      cursor = res.body.next;
      pages += 1;
    }
    expect(pages).to.equal(3);
    expect(seen).to.have.length(56);
    expect(new Set(seen).size).to.equal(56);
    expect(seen).to.include('bo-tu-phap');
  });

  it('when limit or cursor is malformed, or the JSON body is broken, then 400 bad_request', async () => {
    const app = makeApp();
    const token = await givenToken(await givenUser());
    for (const q of ['limit=0', 'limit=501', 'limit=abc', 'cursor=%%%', 'cursor=bm90LWFuLWlk']) {
      const res = await request(app).get(`/api/v1/agencies?${q}`).set('Authorization', `Bearer ${token}`);
      expect(res.status, q).to.equal(400);
      expect(res.body.error.code, q).to.equal('bad_request');
    }
    const broken = await request(app).post('/api/v1/me').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send('{"a":');
    expect(broken.status).to.equal(400);
    const operator = await request(app).post('/api/v1/me').set('Authorization', `Bearer ${token}`).send({ filter: { $where: '1' } });
    expect(operator.status).to.equal(400);
  });

  it('when an admin reads /api/v1/audit filtered by actor, then only that actor’s events come back, newest first', async () => {
    const app = makeApp();
    const admin = await givenUser({ role: 'admin' });
    const other = await givenUser();
    await loginAs(app, other);
    await loginAs(app, admin);
    const token = await givenToken(admin);
    const res = await request(app).get(`/api/v1/audit?actor=${other.email}`).set('Authorization', `Bearer ${token}`);
    expect(res.status).to.equal(200);
    expect(res.body.items.map((e: { action: string }) => e.action)).to.deep.equal(['auth.login']);
    expect(res.body.next).to.equal(null);
  });

  it('when the OpenAPI description is fetched, then it is OpenAPI 3.1 with the core paths', async () => {
    const res = await request(makeApp()).get('/api/v1/openapi.json');
    expect(res.body.openapi).to.equal('3.1.0');
    expect(res.body.paths).to.include.keys('/me', '/agencies', '/audit');
  });
});
