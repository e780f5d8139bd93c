import { expect } from 'chai';
import request from 'supertest';
import { AuditEventModel } from '../../src/audit/audit.model.js';
import { UserModel } from '../../src/users/user.model.js';
import { resetDatabase } from '../support/hooks.js';
import { anonymous, csrfFromHtml, givenAgencies, givenUser, loginAs, makeApp, type Session } from '../factories/index.js';

function sid(res: request.Response): string | undefined {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return cookies.find((c) => c.startsWith('rasoat.sid='))?.split(';')[0];
}

/** The token is read first: supertest takes the agent's cookies when the request is created. */
async function postLogin(s: Session, body: Record<string, string>): Promise<request.Response> {
  const token = await s.csrf();
  return s.agent.post('/login').type('form').send({ ...body, _csrf: token });
}

describe('login, logout and sessions', () => {
  beforeEach(async () => {
    await resetDatabase();
    await givenAgencies();
  });

  it('when the e-mail and password are right, then the user lands on the dashboard and the login is audited', async () => {
    const app = makeApp();
    const user = await givenUser({ role: 'reviewer' });
    const s = await loginAs(app, user);
    const home = await s.agent.get('/');
    expect(home.status).to.equal(200);
    expect(home.text).to.contain(user.name);
    const events = await AuditEventModel.find({ action: 'auth.login', 'actor.id': user._id }).lean();
    expect(events).to.have.length(1);
    const stored = await UserModel.findById(user._id).lean();
    expect(stored?.lastLoginAt).to.be.instanceOf(Date);
  });

  it('when the password is wrong, then the same generic message is shown as for an unknown e-mail, 401, and both are audited', async () => {
    const app = makeApp();
    const user = await givenUser();
    const s = anonymous(app);
    const wrong = await postLogin(s, { email: user.email, password: 'not-the-password'});
    const unknown = await postLogin(s, { email: 'nobody@example.gov.vn', password: 'x'});
    expect(wrong.status).to.equal(401);
    expect(unknown.status).to.equal(401);
    expect(wrong.text).to.contain('Đăng nhập không thành công');
    expect(unknown.text).to.contain('Đăng nhập không thành công');
    expect(wrong.text).to.contain(`value="${user.email}"`);
    expect(await AuditEventModel.countDocuments({ action: 'auth.login_failed' })).to.equal(2);
    expect((await s.agent.get('/')).status).to.equal(302);
  });

  it('when the limit of failures is reached, then the account is locked (even for the right password) until the lock expires', async () => {
    const app = makeApp({ login: { maxFailures: 3, lockMinutes: 15 } });
    const user = await givenUser();
    const s = anonymous(app);
    for (let i = 0; i < 3; i++) {
      await postLogin(s, { email: user.email, password: 'wrong-password'});
    }
    const locked = await UserModel.findById(user._id).lean();
    expect(locked?.lockedUntil?.getTime()).to.be.greaterThan(Date.now() + 14 * 60_000);
    const right = await postLogin(s, { email: user.email, password: user.password});
    expect(right.status).to.equal(401);
    expect(await AuditEventModel.countDocuments({ action: 'auth.locked', 'object.id': String(user._id) })).to.equal(1);

    await UserModel.updateOne({ _id: user._id }, { $set: { lockedUntil: new Date(Date.now() - 1000) } });
    const after = await postLogin(s, { email: user.email, password: user.password});
    expect(after.status).to.equal(302);
  });

  it('when one address tries too many logins, then it gets 429 whatever the accounts', async () => {
    const app = makeApp({ login: { ipLimit: 3 } });
    const s = anonymous(app);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await postLogin(s, { email: `x${i}@example.gov.vn`, password: 'p'});
      statuses.push(res.status);
    }
    expect(statuses).to.deep.equal([401, 401, 401, 429]);
  });

  it('when a user logs in, then the session id changes and the id from before login is not logged in', async () => {
    const app = makeApp();
    const user = await givenUser();
    const page = await request(app).get('/login');
    const before = sid(page)!;
    const res = await request(app)
      .post('/login')
      .set('Cookie', [before, ...([] as string[]).concat(page.headers['set-cookie'] ?? []).filter((c) => c.startsWith('rasoat.csrf')).map((c) => c.split(';')[0]!)])
      .type('form')
      .send({ email: user.email, password: user.password, _csrf: csrfFromHtml(page.text) });
    expect(res.status).to.equal(302);
    const after = sid(res)!;
    expect(after).to.be.a('string').and.not.equal(before);
    expect((await request(app).get('/').set('Cookie', before)).status).to.equal(302);
    expect((await request(app).get('/').set('Cookie', after)).status).to.equal(200);
  });

  it('when the user logs out, then the session ends and the logout is audited', async () => {
    const app = makeApp();
    const user = await givenUser({ role: 'admin' });
    const s = await loginAs(app, user);
    const token = await s.csrf('/');
    const out = await s.agent.post('/logout').type('form').send({ _csrf: token });
    expect(out.status).to.equal(302);
    expect(out.headers.location).to.equal('/login');
    expect((await s.agent.get('/')).status).to.equal(302);
    expect(await AuditEventModel.countDocuments({ action: 'auth.logout', 'actor.id': user._id })).to.equal(1);
  });

  it('when a form is posted without its CSRF token, then 403 and nothing happens', async () => {
    const app = makeApp();
    const user = await givenUser();
    const s = anonymous(app);
    await s.agent.get('/login');
    const res = await s.agent.post('/login').type('form').send({ email: user.email, password: user.password });
    expect(res.status).to.equal(403);
    expect(res.text).to.contain('tải lại trang');
    expect(res.headers['content-type'], 'a page in the user language, not plain text').to.match(/text\/html/);
    const logged = await loginAs(app, user);
    const logout = await logged.agent.post('/logout').type('form').send({});
    expect(logout.status).to.equal(403);
    expect((await logged.agent.get('/')).status).to.equal(200);
    expect(await AuditEventModel.countDocuments({ action: 'auth.logout' })).to.equal(0);
  });

  it('when any page is served, then a strict Content-Security-Policy without inline scripts is set', async () => {
    const res = await request(makeApp()).get('/login');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).to.contain("script-src 'self'");
    expect(csp).to.contain("default-src 'self'");
    expect(csp).to.contain("frame-ancestors 'none'");
    expect(csp).not.to.contain('unsafe-inline');
    expect(res.text).not.to.match(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('when the login e-mail is a query operator ({"$gt": ""}), then 400 and nobody is logged in', async () => {
    const app = makeApp();
    await givenUser({ role: 'admin' });
    const s = anonymous(app);
    const token = await s.csrf();
    const res = await s.agent.post('/login').set('x-csrf-token', token).send({ email: { $gt: '' }, password: { $gt: '' } });
    expect(res.status).to.equal(400);
    const form = await s.agent.post('/login').type('form').send(`email[$gt]=&password=x&_csrf=${token}`);
    expect(form.status).to.equal(400);
    expect((await s.agent.get('/')).status).to.equal(302);
    expect(await AuditEventModel.countDocuments({ action: 'auth.login' })).to.equal(0);
  });

  it('when an admin deactivates a user, then that user’s open session ends at the next request', async () => {
    const app = makeApp();
    const user = await givenUser();
    const s = await loginAs(app, user);
    expect((await s.agent.get('/')).status).to.equal(200);
    await UserModel.updateOne({ _id: user._id }, { $set: { active: false } });
    expect((await s.agent.get('/')).status).to.equal(302);
  });

  it('when the next parameter points to another site, then login still lands on the dashboard', async () => {
    const app = makeApp();
    const user = await givenUser();
    const s = anonymous(app);
    const res = await postLogin(s, { email: user.email, password: user.password, next: '//evil.example' });
    expect(res.headers.location).to.equal('/');
  });
});
