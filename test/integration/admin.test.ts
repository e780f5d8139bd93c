import { expect } from 'chai';
import request from 'supertest';
import { AgencyModel } from '../../src/agencies/agency.model.js';
import { seedAgencies } from '../../src/agencies/agency.service.js';
import { AuditEventModel } from '../../src/audit/audit.model.js';
import { ApiTokenModel } from '../../src/tokens/token.model.js';
import { UserModel } from '../../src/users/user.model.js';
import { resetDatabase } from '../support/hooks.js';
import { agencyByCode, anonymous, givenAgencies, givenToken, givenUser, loginAs, makeApp, type Session } from '../factories/index.js';

async function post(s: Session, path: string, body: Record<string, string>): Promise<request.Response> {
  const token = await s.csrf();
  return s.agent.post(path).type('form').send({ ...body, _csrf: token });
}

describe('administration of agencies and users', () => {
  beforeEach(async () => {
    await resetDatabase();
    await givenAgencies();
  });

  it('when the agencies are seeded, then there are 56 and the MoJ is the reviewing agency; seeding again adds none', async () => {
    expect(await AgencyModel.countDocuments()).to.equal(56);
    expect((await agencyByCode('bo-tu-phap')).kind).to.equal('moj');
    expect(await AgencyModel.countDocuments({ kind: 'province' })).to.equal(34);
    expect(await seedAgencies()).to.equal(0);
  });

  it('when an admin adds, renames and deactivates an agency, then the database and the audit log say so', async () => {
    const app = makeApp();
    const admin = await givenUser({ role: 'admin' });
    const s = await loginAs(app, admin);
    expect((await post(s, '/admin/agencies', { code: 'kiem-toan-nha-nuoc', nameVi: 'Kiểm toán Nhà nước', nameEn: 'State Audit', kind: 'gov-agency' })).status).to.equal(302);
    const created = await agencyByCode('kiem-toan-nha-nuoc');
    expect((await post(s, `/admin/agencies/${created._id}`, { nameVi: 'Kiểm toán nhà nước', nameEn: 'State Audit Office' })).status).to.equal(302);
    expect((await post(s, `/admin/agencies/${created._id}/deactivate`, {})).status).to.equal(302);
    const stored = await AgencyModel.findById(created._id).lean();
    expect(stored).to.deep.include({ nameVi: 'Kiểm toán nhà nước', nameEn: 'State Audit Office', active: false });
    const actions = (await AuditEventModel.find({ 'object.id': String(created._id) }).sort({ _id: 1 }).lean()).map((e) => e.action);
    expect(actions).to.deep.equal(['agency.create', 'agency.rename', 'agency.deactivate']);
  });

  it('when the agency form is invalid, then it comes back with 422, the typed values and a message by each field', async () => {
    const app = makeApp();
    const s = await loginAs(app, await givenUser({ role: 'admin' }));
    const res = await post(s, '/admin/agencies', { code: 'Có Dấu', nameVi: 'Cơ quan thử', nameEn: '', kind: 'ministry' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('value="Cơ quan thử"');
    expect(res.text).to.match(/id="f-code-error"[^>]*>Chỉ dùng chữ thường/);
    expect(res.text).to.match(/id="f-nameEn-error"/);
    expect(await AgencyModel.countDocuments()).to.equal(56);
  });

  it('when an admin creates a user, then a one-time link is shown that sets the password once; the user can then log in', async () => {
    const app = makeApp();
    const s = await loginAs(app, await givenUser({ role: 'admin' }));
    const hue = await agencyByCode('hue');
    const res = await post(s, '/admin/users', { email: 'Can.Bo@Hue.gov.vn', name: 'Trần Thị Bình', role: 'agency', agency: String(hue._id) });
    expect(res.status).to.equal(201);
    const link = /\/reset\/([A-Za-z0-9_-]+)/.exec(res.text)?.[1];
    expect(link).to.be.a('string');
    const stored = await UserModel.findOne({ email: 'can.bo@hue.gov.vn' }).lean();
    expect(stored?.agency.toString()).to.equal(String(hue._id));

    const visitor = anonymous(app);
    const csrf = await visitor.csrf(`/reset/${link}`);
    const set = await visitor.agent.post(`/reset/${link}`).type('form').send({ password: 'Mot-mat-khau-moi', confirm: 'Mot-mat-khau-moi', _csrf: csrf });
    expect(set.status).to.equal(302);
    expect((await visitor.agent.get(`/reset/${link}`)).status).to.equal(404);
    await loginAs(app, { email: 'can.bo@hue.gov.vn', password: 'Mot-mat-khau-moi' });
    const actions = (await AuditEventModel.find({ 'object.id': String(stored!._id) }).sort({ _id: 1 }).lean()).map((e) => e.action);
    expect(actions).to.deep.equal(['user.create', 'user.reset_link', 'user.password_reset', 'auth.login']);
  });

  it('when an admin makes a reviewer outside the MoJ, then 422; changing role and deactivating are saved and audited', async () => {
    const app = makeApp();
    const s = await loginAs(app, await givenUser({ role: 'admin' }));
    const user = await givenUser({ role: 'agency', agencyCode: 'bo-y-te' });
    const yte = await agencyByCode('bo-y-te');
    const moj = await agencyByCode('bo-tu-phap');
    expect((await post(s, `/admin/users/${user._id}`, { name: user.name, role: 'reviewer', agency: String(yte._id) })).status).to.equal(422);
    expect((await post(s, `/admin/users/${user._id}`, { name: user.name, role: 'reviewer', agency: String(moj._id) })).status).to.equal(302);
    expect((await post(s, `/admin/users/${user._id}/deactivate`, {})).status).to.equal(302);
    const stored = await UserModel.findById(user._id).lean();
    expect(stored).to.deep.include({ role: 'reviewer', active: false });
    const update = await AuditEventModel.findOne({ action: 'user.update', 'object.id': String(user._id) }).lean();
    expect(update?.details).to.deep.include({ role: { from: 'agency', to: 'reviewer' } });
    expect(await AuditEventModel.countDocuments({ action: 'user.deactivate', 'object.id': String(user._id) })).to.equal(1);
  });

  it('when users change their own password, then the old one stops working and the change is audited', async () => {
    const app = makeApp();
    const user = await givenUser();
    const s = await loginAs(app, user);
    const wrong = await post(s, '/profile/password', { current: 'not-it', password: 'Mat-khau-moi-123', confirm: 'Mat-khau-moi-123' });
    expect(wrong.status).to.equal(422);
    const ok = await post(s, '/profile/password', { current: user.password, password: 'Mat-khau-moi-123', confirm: 'Mat-khau-moi-123' });
    expect(ok.status).to.equal(302);
    expect((await s.agent.get('/profile')).status).to.equal(200);
    await loginAs(app, { email: user.email, password: 'Mat-khau-moi-123' });
    let failed = false;
    await loginAs(app, user).catch(() => (failed = true));
    expect(failed).to.equal(true);
    expect(await AuditEventModel.countDocuments({ action: 'user.password_change', 'actor.id': user._id })).to.equal(1);
  });

  it('when an agency user asks for another agency user’s object (an API token) by id, then 404 and it is untouched', async () => {
    const app = makeApp();
    const mine = await givenUser({ role: 'agency', agencyCode: 'ha-noi' });
    const theirs = await givenUser({ role: 'agency', agencyCode: 'hai-phong' });
    await givenToken(theirs, 'theirs');
    const foreign = await ApiTokenModel.findOne({ user: theirs._id }).lean();
    const s = await loginAs(app, mine);
    expect((await post(s, `/profile/tokens/${foreign!._id}/revoke`, {})).status).to.equal(404);
    expect((await ApiTokenModel.findById(foreign!._id).lean())?.revokedAt).to.equal(undefined);
    expect((await post(s, '/profile/tokens/zzz/revoke', {})).status).to.equal(404);
  });

  it('when the language is switched to English, then the page is in English', async () => {
    const app = makeApp();
    const s = anonymous(app);
    const res = await s.agent.get('/lang/en?back=/login');
    expect(res.headers.location).to.equal('/login');
    const page = await s.agent.get('/login');
    expect(page.text).to.contain('<html lang="en">');
    expect(page.text).to.contain('Log in');
  });
});
