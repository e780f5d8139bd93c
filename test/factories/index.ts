import type { Express } from 'express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { createApp, type AppOptions } from '../../src/app.js';
import { AgencyModel, type Agency } from '../../src/agencies/agency.model.js';
import { seedAgencies } from '../../src/agencies/agency.service.js';
import { hashPassword } from '../../src/auth/password.js';
import { newSecretToken } from '../../src/auth/secret-token.js';
import { ApiTokenModel } from '../../src/tokens/token.model.js';
import { TOKEN_PREFIX } from '../../src/tokens/token.service.js';
import { UserModel, type User } from '../../src/users/user.model.js';
import type { Role } from '../../src/users/roles.js';
import { Types } from 'mongoose';
import type { SubmissionItem } from '../../src/submissions/item.model.js';
import { listItems } from '../../src/submissions/item.service.js';
import { checkCounts, type Drift } from '../../src/submissions/item.counts.js';
import { testDatabase } from '../support/hooks.js';

export const TEST_SECRET = 'test-session-secret-that-is-long-enough-0123456789';
export const DEFAULT_PASSWORD = 'Mat-khau-thu-nghiem-1';

export function makeApp(overrides: Partial<AppOptions> = {}): Express {
  return createApp({ dbKind: testDatabase().kind, sessionSecret: TEST_SECRET, version: 'test', ...overrides });
}

export async function givenAgencies(): Promise<void> {
  await seedAgencies();
}

export async function agencyByCode(code: string): Promise<Agency> {
  const agency = await AgencyModel.findOne({ code }).lean<Agency>();
  if (!agency) throw new Error(`no agency ${code}; call givenAgencies() first`);
  return agency;
}

// argon2 is deliberately slow; one hash per distinct password is enough for tests.
const hashes = new Map<string, Promise<string>>();
function cachedHash(password: string): Promise<string> {
  if (!hashes.has(password)) hashes.set(password, hashPassword(password));
  return hashes.get(password)!;
}

let seq = 0;
export interface UserOverrides {
  role?: Role;
  agencyCode?: string;
  email?: string;
  name?: string;
  password?: string;
  active?: boolean;
}

/** A valid user; MoJ for admins and reviewers, a ministry for agency users, unless told otherwise. */
export async function givenUser(o: UserOverrides = {}): Promise<User & { password: string }> {
  const role = o.role ?? 'agency';
  const agency = await agencyByCode(o.agencyCode ?? (role === 'agency' ? 'bo-cong-an' : 'bo-tu-phap'));
  const password = o.password ?? DEFAULT_PASSWORD;
  seq += 1;
  const doc = await UserModel.create({
    email: o.email ?? `${role}${seq}@example.gov.vn`,
    name: o.name ?? `Nguyễn Văn ${role} ${seq}`,
    role,
    agency: agency._id,
    passwordHash: await cachedHash(password),
    active: o.active ?? true,
  });
  return { ...doc.toObject(), password };
}

export async function givenToken(user: Pick<User, '_id'>, name = 'script'): Promise<string> {
  const { token, hash } = newSecretToken(TOKEN_PREFIX);
  await ApiTokenModel.create({ user: user._id, name, tokenHash: hash, prefix: token.slice(0, 10) });
  return token;
}

export function csrfFromHtml(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF token in page');
  return m[1]!;
}

export interface Session {
  agent: TestAgent;
  /** a fresh CSRF token for this session, read from a page */
  csrf(path?: string): Promise<string>;
}

export function anonymous(app: Express): Session {
  const agent = request.agent(app);
  return {
    agent,
    async csrf(path = '/login') {
      return csrfFromHtml((await agent.get(path)).text);
    },
  };
}

export async function loginAs(app: Express, user: { email: string; password: string }): Promise<Session> {
  const session = anonymous(app);
  const token = await session.csrf('/login');
  const res = await session.agent.post('/login').type('form').send({ email: user.email, password: user.password, _csrf: token });
  if (res.status !== 302) throw new Error(`login as ${user.email} failed: ${res.status}`);
  return { agent: session.agent, csrf: (path = '/profile') => session.csrf(path) };
}

/** A submission's rows in order, as stored. */
export async function rowsOf(submissionId: string | Types.ObjectId): Promise<SubmissionItem[]> {
  return listItems(new Types.ObjectId(submissionId.toString()));
}

/** The counts kept on write agree with the rows and comments (what `npm run check:counts` checks). */
export async function countDrift(): Promise<Drift[]> {
  return checkCounts();
}
