import { expect } from 'chai';
import request from 'supertest';
import { bootstrap } from '../../src/auth/bootstrap.js';
import { UserModel } from '../../src/users/user.model.js';
import { agencyByCode, anonymous, givenAgencies, givenUser, loginAs, makeApp } from '../factories/index.js';
import { resetDatabase } from '../support/hooks.js';

async function firstStart(): Promise<{ link: string; plain: string[]; json: string[] }> {
  const plain: string[] = [];
  const json: string[] = [];
  await bootstrap({ baseUrl: 'http://localhost:3000', log: (l) => json.push(l), announce: (lines) => plain.push(...lines) });
  const line = plain.find((l) => l.includes('/setup/'));
  if (!line) throw new Error('no setup link announced');
  return { link: new URL(line.trim()).pathname, plain, json };
}

describe('the first hour: first start, setup link, welcome', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('with no administrator, /login says so and where the link is; the log prints the link on a line of its own', async () => {
    const { link, plain } = await firstStart();
    expect(plain.some((l) => l.trim() === `http://localhost:3000${link}`), 'the link alone on a line').to.equal(true);
    expect(plain.join('\n')).to.include('Chưa có tài khoản quản trị');
    const app = makeApp();
    const page = await request(app).get('/login');
    expect(page.text).to.include('id="setup-pending"');
    expect(page.text).to.include('Hệ thống chưa có tài khoản quản trị');
    expect(page.text).to.include('nhật ký');
    const en = await request(app).get('/login').set('Cookie', 'rasoat.lang=en');
    expect(en.text).to.include('No administrator yet');
  });

  it('after setting the password the admin is logged in; the used link then says to log in', async () => {
    const { link } = await firstStart();
    const app = makeApp();
    const s = anonymous(app);
    const token = await s.csrf(link);
    const res = await s.agent.post(link).type('form').send({ name: 'Nguyễn Quản Trị', email: 'qt@moj.gov.vn', password: 'Mat-khau-dau-tien', confirm: 'Mat-khau-dau-tien', _csrf: token });
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal('/');
    const home = await s.agent.get('/');
    expect(home.status).to.equal(200);
    expect(home.text).to.include('Nguyễn Quản Trị');
    expect(home.text).to.include('Đã tạo tài khoản quản trị và đăng nhập');
    expect(await UserModel.countDocuments({ role: 'admin' })).to.equal(1);

    const again = await anonymous(app).agent.get(link);
    expect(again.status).to.equal(404);
    expect(again.text).to.include('hệ thống đã có tài khoản quản trị. Hãy đăng nhập');
    expect(again.text).to.include('href="/login"');
    expect((await request(app).get('/login')).text).not.to.include('id="setup-pending"');
  });

  it('an expired or unknown setup link, while there is still no admin, says to restart for a new link', async () => {
    await givenAgencies();
    const res = await request(makeApp()).get('/setup/khong-ton-tai');
    expect(res.status).to.equal(404);
    expect(res.text).to.include('khởi động lại máy chủ');
  });

  it('a new user\'s one-time link page welcomes them with their role and agency; a reset for an existing user does not', async () => {
    await givenAgencies();
    const app = makeApp();
    const admin = await loginAs(app, await givenUser({ role: 'admin' }));
    const hue = await agencyByCode('hue');
    const token = await admin.csrf('/admin/users/new');
    const created = await admin.agent.post('/admin/users').type('form').send({ email: 'can.bo@hue.gov.vn', name: 'Trần Thị Bình', role: 'agency', agency: String(hue._id), _csrf: token });
    const link = /\/reset\/[A-Za-z0-9_-]+/.exec(created.text)![0];
    const page = await request(app).get(link);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('id="welcome">Chào Trần Thị Bình! Bạn được cấp tài khoản Cán bộ cơ quan của Thành phố Huế.');

    const old = await givenUser({ role: 'reviewer' });
    await UserModel.updateOne({ _id: old._id }, { $set: { lastLoginAt: new Date() } });
    const t2 = await admin.csrf(`/admin/users/${String(old._id)}`);
    const reset = await admin.agent.post(`/admin/users/${String(old._id)}/reset-link`).type('form').send({ _csrf: t2 });
    const resetLink = /\/reset\/[A-Za-z0-9_-]+/.exec(reset.text)![0];
    const p2 = await request(app).get(resetLink);
    expect(p2.text).not.to.include('id="welcome"');
    expect(p2.text).to.include('Đặt mật khẩu mới');
  });
});
