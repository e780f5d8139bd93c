/**
 * Demo accounts: one admin, two reviewers, one agency officer in each of five
 * agencies (two ministries, three provinces), each with a fresh password and
 * API token. Running it again creates no duplicates; it gives the same
 * accounts new passwords and tokens (the old demo tokens are revoked).
 *
 *   EMBEDDED_DB_PORT=27018 npm run seed:demo        (a running app's embedded engine)
 *   MONGODB_URI=mongodb://… npm run seed:demo -- --json
 */
import crypto from 'node:crypto';
import { AgencyModel } from '../src/agencies/agency.model.js';
import { seedAgencies } from '../src/agencies/agency.service.js';
import { audit } from '../src/audit/audit.service.js';
import { toActor } from '../src/auth/actor.factory.js';
import { hashPassword } from '../src/auth/password.js';
import { connectForScript } from './lib/connect.js';
import type { SystemActor } from '../src/http/actor.js';
import { ApiTokenModel } from '../src/tokens/token.model.js';
import { createToken } from '../src/tokens/token.service.js';
import type { Role } from '../src/users/roles.js';
import { UserModel } from '../src/users/user.model.js';
import { createUser } from '../src/users/user.service.js';

const DEMO: { email: string; name: string; role: Role; agency: string }[] = [
  { email: 'admin@demo.rasoat.vn', name: 'Nguyễn Thị Quản Trị', role: 'admin', agency: 'bo-tu-phap' },
  { email: 'reviewer1@demo.rasoat.vn', name: 'Trần Văn Rà Soát', role: 'reviewer', agency: 'bo-tu-phap' },
  { email: 'reviewer2@demo.rasoat.vn', name: 'Lê Thị Thẩm Định', role: 'reviewer', agency: 'bo-tu-phap' },
  { email: 'bo-cong-an@demo.rasoat.vn', name: 'Phạm Văn An', role: 'agency', agency: 'bo-cong-an' },
  { email: 'bo-y-te@demo.rasoat.vn', name: 'Hoàng Thị Y', role: 'agency', agency: 'bo-y-te' },
  { email: 'ha-noi@demo.rasoat.vn', name: 'Vũ Văn Hà', role: 'agency', agency: 'ha-noi' },
  { email: 'da-nang@demo.rasoat.vn', name: 'Đặng Thị Đà', role: 'agency', agency: 'da-nang' },
  { email: 'ho-chi-minh@demo.rasoat.vn', name: 'Bùi Văn Minh', role: 'agency', agency: 'ho-chi-minh' },
];

const TOKEN_NAME = 'seed-demo';

function newPassword(): string {
  return `Demo-${crypto.randomBytes(9).toString('base64url')}`;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const db = await connectForScript();
  const system: SystemActor = { system: true, label: 'seed-demo' };
  const out: { email: string; password: string; role: Role; agency: string; token: string }[] = [];
  try {
    await seedAgencies();
    for (const d of DEMO) {
      const agency = await AgencyModel.findOne({ code: d.agency }).lean();
      if (!agency) throw new Error(`agency ${d.agency} is missing`);
      const password = newPassword();
      let user = await UserModel.findOne({ email: d.email }).lean();
      if (!user) {
        await createUser(system, { email: d.email, name: d.name, role: d.role, agency: agency._id.toString() }, password);
        user = await UserModel.findOne({ email: d.email }).lean();
      } else {
        await UserModel.updateOne(
          { _id: user._id },
          { $set: { passwordHash: await hashPassword(password), active: true, failedLogins: 0, passwordChangedAt: new Date() }, $unset: { lockedUntil: 1 } },
        );
        await audit(system, 'user.password_reset', { type: 'user', id: user._id, label: user.email });
      }
      const actor = toActor(user!, agency.code, 'seed-demo', 'session');
      await ApiTokenModel.updateMany({ user: user!._id, name: TOKEN_NAME, revokedAt: { $exists: false } }, { $set: { revokedAt: new Date() } });
      const { token } = await createToken(actor, TOKEN_NAME);
      out.push({ email: d.email, password, role: d.role, agency: d.agency, token });
    }
  } finally {
    await db.close();
  }
  if (json) {
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    return;
  }
  process.stdout.write('Demo accounts (passwords and tokens are shown only now):\n\n');
  for (const a of out) {
    process.stdout.write(`  ${a.role.padEnd(8)} ${a.agency.padEnd(12)} ${a.email.padEnd(30)} ${a.password}\n               token ${a.token}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`seed:demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
