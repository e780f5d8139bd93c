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
});
