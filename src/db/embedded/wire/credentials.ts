import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makeVerifier, type ScramVerifier } from './auth.js';

export const CREDENTIALS_FILE = 'db-credentials.json';
export const DEFAULT_USER = 'rasoat';

export interface EngineCredentials {
  user: string;
  /** Kept so the app (and seed:demo, a second instance, mongosh) can log in; the file is readable by its owner only. */
  password: string;
  scram: ScramVerifier;
}

/** The engine's login, generated into the data folder at first start and read back afterwards. */
export function loadOrCreateCredentials(dataDir: string): EngineCredentials {
  const file = path.join(dataDir, CREDENTIALS_FILE);
  const existing = readCredentials(dataDir);
  if (existing) return existing;
  const password = crypto.randomBytes(24).toString('base64url');
  const creds: EngineCredentials = { user: DEFAULT_USER, password, scram: makeVerifier(DEFAULT_USER, password) };
  fs.writeFileSync(file, JSON.stringify(creds, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  return creds;
}

export function readCredentials(dataDir: string): EngineCredentials | undefined {
  const file = path.join(dataDir, CREDENTIALS_FILE);
  if (!fs.existsSync(file)) return undefined;
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<EngineCredentials>;
  if (typeof parsed.user !== 'string' || typeof parsed.password !== 'string') throw new Error(`${file} is not a credentials file`);
  // A file written by hand with only user and password gets its verifier computed here.
  const scram = parsed.scram?.user === parsed.user ? parsed.scram : makeVerifier(parsed.user, parsed.password);
  return { user: parsed.user, password: parsed.password, scram };
}

/** The connection string for the engine on `port`, credentials included. */
export function engineUri(creds: EngineCredentials | undefined, host: string, port: number, dbName: string): string {
  const auth = creds ? `${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.password)}@` : '';
  const params = creds ? 'authSource=admin&directConnection=true' : 'directConnection=true';
  return `mongodb://${auth}${host}:${port}/${dbName}?${params}`;
}
