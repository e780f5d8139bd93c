import { expect } from 'chai';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { embeddedEngineUri } from '../../src/db/connect.js';
import { startSmtp, type LocalSmtp } from '../support/smtp.js';
import { freePort, startApp, type AppProcess } from './support/app-process.js';
import { api, CookieClient } from './support/http-client.js';

const SAMPLE = path.resolve(import.meta.dirname, '../../../shared/samples/docx/nd30-2020-Phuluc1.docx');

interface DemoAccount {
  email: string;
  password: string;
  role: string;
  agency: string;
  token: string;
}

function seedDemo(dbPort: number, dataDir: string): Promise<DemoAccount[]> {
  return new Promise((resolve, reject) => {
    let out = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/seed-demo.ts', '--json'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...process.env, MONGODB_URI: '', EMBEDDED_DB_PORT: String(dbPort), DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.slice(out.indexOf('['))) as DemoAccount[]) : reject(new Error(`seed:demo exited ${code}`))));
  });
}

/**
 * Scaling out: two app instances share one database (here one embedded
 * engine on a shared port). Sessions and files live in the database, so a
 * login on one instance and an upload on the other work together; both
 * send the outbox's e-mail, each message once.
 */
describe('two app instances on one database', function () {
  this.timeout(120_000);
  let a: AppProcess | undefined;
  let b: AppProcess | undefined;
  let smtp: LocalSmtp | undefined;
  let accounts: DemoAccount[];
  before(async function () {
    if (process.env.MONGODB_URI) this.skip();
    const dbPort = await freePort();
    smtp = await startSmtp();
    const shared = { SESSION_SECRET: crypto.randomBytes(32).toString('hex'), SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_SEND_SECONDS: '1' };
    a = await startApp({ ...shared, EMBEDDED_DB_PORT: String(dbPort) });
    b = await startApp({ ...shared, MONGODB_URI: embeddedEngineUri(a.dataDir, dbPort) });
    accounts = await seedDemo(a.dbPort, a.dataDir);
  });
  after(async () => {
    await b?.stop();
    await a?.stop();
    await smtp?.close();
  });

  /** A campaign for the Ministry of Public Security, made on B and opened on A. */
  async function openCampaign(title: string): Promise<{ campaignId: string; submissionId: string }> {
    const admin = accounts.find((x) => x.role === 'admin')!;
    const officer = accounts.find((x) => x.agency === 'bo-cong-an')!;
    const templates = await api<{ items: Array<{ id: string; status: string }> }>(a!.baseUrl, admin.token, '/templates');
    const template = templates.items.find((t) => t.status === 'published')!;
    const agencies = await api<{ items: Array<{ id: string; code: string }> }>(b!.baseUrl, admin.token, '/agencies?limit=100');
    const agency = agencies.items.find((x) => x.code === 'bo-cong-an')!;
    const campaign = await api<{ id: string }>(b!.baseUrl, admin.token, '/campaigns', {
      method: 'POST',
      body: JSON.stringify({ title, template: template.id, agencies: [agency.id], deadline: '2030-12-31' }),
    });
    await api(a!.baseUrl, admin.token, `/campaigns/${campaign.id}/open`, { method: 'POST' });
    const subs = await api<{ items: Array<{ id: string }> }>(b!.baseUrl, officer.token, `/campaigns/${campaign.id}/submissions`);
    return { campaignId: campaign.id, submissionId: subs.items[0]!.id };
  }

  it('when an officer logs in on one instance, then an upload on the other is accepted and both serve the file', async () => {
    const officer = accounts.find((x) => x.agency === 'bo-cong-an')!;
    const { submissionId } = await openCampaign('Rà soát thử nghiệm hai máy chủ');

    const onA = new CookieClient(a!.baseUrl);
    const login = await onA.postForm('/login', { email: officer.email, password: officer.password }, '/login');
    expect(login.status).to.equal(302);
    expect(login.headers.get('location')).not.to.match(/login/);

    const onB = onA.sharedWith(b!.baseUrl);
    const page = await onB.request(`/submissions/${submissionId}?step=files`);
    expect(page.status, 'the session from A is valid on B').to.equal(200);
    const token = await onB.csrf(`/submissions/${submissionId}?step=files`);
    const bytes = fs.readFileSync(SAMPLE);
    const form = new FormData();
    form.append('file', new Blob([bytes]), 'Phụ lục I.docx');
    const upload = await onB.request(`/submissions/${submissionId}/attachments?_csrf=${encodeURIComponent(token)}`, {
      method: 'POST',
      body: form,
      headers: { accept: 'application/json' },
    });
    expect(upload.status, await upload.clone().text()).to.equal(201);
    const uploaded = (await upload.json()) as { id: string; sha256: string };
    expect(uploaded.sha256).to.equal(crypto.createHash('sha256').update(bytes).digest('hex'));

    const fromA = await fetch(`${a!.baseUrl}/api/v1/attachments/${uploaded.id}`, { headers: { authorization: `Bearer ${officer.token}` } });
    expect(fromA.status).to.equal(200);
    const downloaded = Buffer.from(await fromA.arrayBuffer());
    expect(crypto.createHash('sha256').update(downloaded).digest('hex')).to.equal(uploaded.sha256);
  });

  it('when a campaign opens with both instances sending the outbox, then each notified officer gets its e-mail exactly once', async () => {
    const { campaignId } = await openCampaign('Rà soát thử nghiệm thư điện tử');
    const officers = accounts.filter((x) => x.agency === 'bo-cong-an' && x.role === 'agency').map((x) => x.email);
    expect(officers).to.not.be.empty;
    // The message links to the campaign; quoted-printable soft breaks are undone before looking.
    const about = () => smtp!.received.filter((m) => m.raw.replace(/=\r?\n/g, '').includes(`/campaigns/${campaignId}`));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && officers.some((e) => !about().some((m) => m.to.includes(e)))) await new Promise((r) => setTimeout(r, 250));
    // Several more sending rounds of both instances: nothing is sent a second time.
    await new Promise((r) => setTimeout(r, 3_000));
    for (const email of officers) expect(about().filter((m) => m.to.includes(email)), email).to.have.length(1);
  });
});
