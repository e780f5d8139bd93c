import { expect } from 'chai';
import type { Express } from 'express';
import { givenAgencies, givenUser, loginAs, makeApp } from '../factories/index.js';
import { resetDatabase } from '../support/hooks.js';

describe('edit forms that fail validation', () => {
  let app: Express;
  before(() => {
    app = makeApp();
  });
  beforeEach(async () => {
    await resetDatabase();
    await givenAgencies();
  });

  it('when an admin saves a user with an empty name, then the edit form comes back (422) with the message by the field', async () => {
    const admin = await givenUser({ role: 'admin' });
    const target = await givenUser({ role: 'agency', name: 'Trần Thị Cũ' });
    const s = await loginAs(app, admin);
    const token = await s.csrf(`/admin/users/${target._id.toString()}`);
    const res = await s.agent.post(`/admin/users/${target._id.toString()}`).type('form').send({ _csrf: token, name: '', role: 'agency' });
    expect(res.status).to.equal(422);
    expect(res.text).to.contain('id="f-name-error"');
    expect(res.text).to.contain(target.email);
  });

  it('when a form carries an operator key or is too large, then the error is a page in Vietnamese, not bare text', async () => {
    const admin = await givenUser({ role: 'admin' });
    const target = await givenUser({ role: 'agency' });
    const s = await loginAs(app, admin);
    const token = await s.csrf(`/admin/users/${target._id.toString()}`);
    const unsafe = await s.agent.post(`/admin/users/${target._id.toString()}`).type('form').send(`_csrf=${encodeURIComponent(token)}&name[$gt]=x`);
    expect(unsafe.status).to.equal(400);
    expect(unsafe.headers['content-type']).to.match(/text\/html/);
    expect(unsafe.text).to.contain('<html');
    const big = await s.agent.post(`/admin/users/${target._id.toString()}`).type('form').send(`_csrf=${encodeURIComponent(token)}&name=${'x'.repeat(300_000)}`);
    expect(big.status).to.equal(413);
    expect(big.headers['content-type']).to.match(/text\/html/);
  });
});
