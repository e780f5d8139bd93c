import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import { givenAgencies, givenUser, loginAs, makeApp } from '../factories/index.js';
import { resetDatabase } from '../support/hooks.js';

describe('getting started page', () => {
  let app: Express;
  before(() => {
    app = makeApp();
  });
  beforeEach(async () => {
    await resetDatabase();
    await givenAgencies();
  });

  it('when an admin opens it from the dashboard, then the three ideas and the admin steps are shown in Vietnamese', async () => {
    const { agent } = await loginAs(app, await givenUser({ role: 'admin' }));
    const home = await agent.get('/');
    expect(home.text).to.include('href="/getting-started"');
    const res = await agent.get('/getting-started');
    expect(res.status).to.equal(200);
    for (const words of ['Mẫu rà soát', 'Đợt rà soát', 'Báo cáo của cơ quan', 'Tạo đợt rà soát']) expect(res.text).to.include(words);
    expect(res.text).to.include('href="/admin/users"');
  });

  it('when an agency officer opens it, then the steps are the agency ones', async () => {
    const { agent } = await loginAs(app, await givenUser({ role: 'agency' }));
    const res = await agent.get('/getting-started');
    expect(res.status).to.equal(200);
    expect(res.text).to.include('Gửi báo cáo, lưu giấy biên nhận');
    expect(res.text).not.to.include('href="/admin/users"');
  });

  it('when nobody is logged in, then it leads to the login page', async () => {
    const res = await request(app).get('/getting-started');
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.match(/\/login/);
  });
});
