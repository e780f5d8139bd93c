import { expect } from 'chai';
import { callAs } from './matrix-call.js';
import { Types } from 'mongoose';
import { toActor } from '../../src/auth/actor.factory.js';
import { createCampaign, openCampaign } from '../../src/campaigns/campaign.service.js';
import { installBuiltinTemplates } from '../../src/review-templates/template.builtin.js';
import { ReviewTemplateModel } from '../../src/review-templates/template.model.js';
import { createTemplate } from '../../src/review-templates/template.service.js';
import { ApiTokenModel } from '../../src/tokens/token.model.js';
import { resetDatabase } from '../support/hooks.js';
import { agencyByCode, anonymous, givenAgencies, givenToken, givenUser, loginAs, makeApp, type Session } from '../factories/index.js';
import { ROUTES, type MatrixContext, type MatrixRole } from './routes.matrix.js';

const ROLES: MatrixRole[] = ['anonymous', 'agency', 'reviewer', 'admin'];

/** Templates and campaigns for the template and campaign rows: built through the services, as an admin would. */
async function campaignFixtures() {
  await installBuiltinTemplates();
  const builtin = (await ReviewTemplateModel.findOne({ builtinCode: 'de-an-06' }).lean())!;
  const admin = await givenUser({ role: 'admin' });
  const actor = toActor(admin, 'bo-tu-phap', '127.0.0.1', 'session');
  const spec = { title: 'Nháp', fields: builtin.fields, appendix: builtin.appendix, outline: builtin.outline };
  const draft = await createTemplate(actor, spec);
  const mk = async (title: string, codes: string[], open: boolean) => {
    const agencies = await Promise.all(codes.map(async (c) => String((await agencyByCode(c))._id)));
    const c = await createCampaign(actor, { title, instructions: '', template: String(builtin._id), agencies, agencyKinds: [], reviewers: [], deadline: new Date('2099-12-31T16:59:59Z') });
    if (open) await openCampaign(actor, String(c._id));
    return String(c._id);
  };
  return {
    templateId: String(builtin._id),
    draftTemplateId: String(draft._id),
    campaignId: await mk('Có Hà Nội', ['ha-noi', 'bo-cong-an'], true),
    otherCampaignId: await mk('Không có Hà Nội', ['bo-y-te'], true),
    draftCampaignId: await mk('Nháp có Hà Nội', ['ha-noi'], false),
  };
}

describe('role matrix: every route × every role', function () {
  this.timeout(120_000);

  it('when each role calls each route, then it gets the expected status', async () => {
    await resetDatabase();
    await givenAgencies();
    const app = makeApp();
    const users = {
      agency: await givenUser({ role: 'agency', agencyCode: 'ha-noi' }),
      reviewer: await givenUser({ role: 'reviewer' }),
      admin: await givenUser({ role: 'admin' }),
    };
    const target = await givenUser({ role: 'agency', agencyCode: 'bo-y-te' });
    const bearer: Record<MatrixRole, string | undefined> = {
      anonymous: undefined,
      agency: await givenToken(users.agency),
      reviewer: await givenToken(users.reviewer),
      admin: await givenToken(users.admin),
    };
    // A second token per user for the revoke row, so the API rows keep a working one.
    const ownToken = async (u: { _id: Types.ObjectId }) => {
      await givenToken(u, 'spare');
      return String((await ApiTokenModel.findOne({ user: u._id, name: 'spare' }).lean())!._id);
    };
    const ctx: MatrixContext = {
      agencyUserId: String(users.agency._id),
      targetUserId: String(target._id),
      provinceId: String((await agencyByCode('can-tho'))._id),
      ownTokenIdOf: {
        anonymous: '',
        agency: await ownToken(users.agency),
        reviewer: await ownToken(users.reviewer),
        admin: await ownToken(users.admin),
      },
      missingId: new Types.ObjectId().toHexString(),
      ...(await campaignFixtures()),
    };
    const sessions: Record<MatrixRole, Session> = {
      anonymous: anonymous(app),
      agency: await loginAs(app, users.agency),
      reviewer: await loginAs(app, users.reviewer),
      admin: await loginAs(app, users.admin),
    };

    const mismatches: string[] = [];
    for (const row of ROUTES) {
      for (const role of ROLES) {
        const path = typeof row.path === 'function' ? row.path(ctx, role) : row.path;
        const res = await callAs(app, row, path, sessions[role], bearer[role] ? `Bearer ${bearer[role]}` : undefined, role === 'anonymous');
        if (res.status !== row.expect[role]) mismatches.push(`${row.method} ${path} as ${role}: ${res.status}, expected ${row.expect[role]}`);
      }
    }
    expect(mismatches).to.deep.equal([]);
  });
});
