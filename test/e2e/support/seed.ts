import { spawn } from 'node:child_process';
import path from 'node:path';

export interface DemoAccount {
  email: string;
  password: string;
  role: 'admin' | 'reviewer' | 'agency';
  agency: string;
  token: string;
}

/**
 * `npm run seed:demo -- --json` against a running app's embedded engine (its
 * login read from the app's data folder): demo users with fresh passwords and API tokens.
 */
export function seedDemo(dbPort: number, dataDir: string): Promise<DemoAccount[]> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/seed-demo.ts', '--json'], {
      cwd: path.resolve(import.meta.dirname, '../../..'),
      env: { ...process.env, MONGODB_URI: '', EMBEDDED_DB_PORT: String(dbPort), DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.slice(out.indexOf('['))) as DemoAccount[]) : reject(new Error(`seed:demo exited ${code}: ${err}`)),
    );
  });
}

export function account(accounts: DemoAccount[], pick: (a: DemoAccount) => boolean): DemoAccount {
  const found = accounts.find(pick);
  if (!found) throw new Error('seed:demo did not create the expected account');
  return found;
}
