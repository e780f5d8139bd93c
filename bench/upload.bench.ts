/**
 * A 24 MB file uploaded through the app as a user sends it: the app started
 * as `npm start` runs it (embedded engine on a fresh folder), an agency's
 * API token, a multipart POST to the submission's attachments. Timed against
 * a loopback TCP copy of the same number of bytes (and, for reference, against
 * writing and syncing them to a file on the store's disk), and the app process's
 * private memory (RssAnon, the engine's thread included) before and after a
 * series of uploads. BENCH_UPLOADS (default 6) uploads after one warm-up,
 * each after the app has read the text of the one before (it does so after
 * answering; the time until a file's text is searchable is printed too);
 * the last line printed is one JSON object of the figures.
 */
import fs from 'node:fs';
import http from 'node:http';
import mongoose from 'mongoose';
import { embeddedEngineUri } from '../src/db/connect.js';
import { AttachmentModel } from '../src/attachments/attachment.model.js';
import { SubmissionModel } from '../src/submissions/submission.model.js';
import { createToken } from '../src/tokens/token.service.js';
import { startApp } from '../test/e2e/support/app-process.js';
import { diskSyncMs, loopbackCopyMs, privateMb } from './lib/db-measures.js';
import { buildCampaign, seedPeople } from './lib/http-seed.js';

const MB = 24;
const UPLOADS = Number(process.env.BENCH_UPLOADS ?? 6);

/** A valid one-page PDF carrying `mb` megabytes in a stream no page draws: the type check and text extraction stay cheap. */
function pdfOf(mb: number): Buffer {
  const filler = Buffer.allocUnsafe(mb * 2 ** 20 - 1024);
  for (let i = 0; i + 4 <= filler.length; i += 4) filler.writeUInt32LE((i * 2654435761) >>> 0, i);
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  const at = () => parts.reduce((n, p) => n + p.length, 0);
  const obj = (body: string | Buffer[]) => {
    offsets.push(at());
    if (typeof body === 'string') parts.push(Buffer.from(`${offsets.length} 0 obj\n${body}\nendobj\n`));
    else parts.push(Buffer.from(`${offsets.length} 0 obj\n`), ...body, Buffer.from('\nendobj\n'));
  };
  obj('<< /Type /Catalog /Pages 2 0 R >>');
  obj('<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  obj('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>');
  obj('<< /Length 5 >>\nstream\nBT ET\nendstream');
  obj([Buffer.from(`<< /Length ${filler.length} >>\nstream\n`), filler, Buffer.from('\nendstream')]);
  const xref = at();
  const rows = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  parts.push(Buffer.from(`xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n${rows}trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/** The server process started with this environment entry: the app the launcher started. */
function pidWithEnv(entry: string): number {
  for (const p of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const server = fs.readFileSync(`/proc/${p}/cmdline`, 'latin1').includes('src/server.ts');
      if (server && fs.readFileSync(`/proc/${p}/environ`, 'latin1').split('\0').includes(entry)) return Number(p);
    } catch {
      // gone, or not ours
    }
  }
  throw new Error(`no process with ${entry}`);
}

/** One multipart POST of the file; resolves with the milliseconds to the app's answer. */
function upload(base: string, path: string, token: string, file: Buffer, name: string): Promise<number> {
  const boundary = `----rasoat${Date.now()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, base), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + file.length + tail.length },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => (res.statusCode === 201 ? resolve(performance.now() - t) : reject(new Error(`upload: ${res.statusCode} ${body}`))));
    });
    req.on('error', reject);
    req.write(head);
    req.write(file);
    req.end(tail);
  });
}

/** Waits until the app has read the text of every PDF uploaded so far; resolves with the milliseconds waited. */
async function textsRead(): Promise<number> {
  const t = performance.now();
  while (await AttachmentModel.exists({ textPending: true })) {
    if (performance.now() - t > 120_000) throw new Error('PDF texts still pending after 2 minutes');
    await new Promise((r) => setTimeout(r, 10));
  }
  return performance.now() - t;
}

const app = await startApp({ LOG_LEVEL: 'warn' });
try {
  await mongoose.connect(embeddedEngineUri(app.dataDir, app.dbPort));
  const people = await seedPeople(1);
  const spec = { title: 'Tải tệp', seed: 1, rowsMin: 1, rowsMax: 1, comments: 0, dispositions: 0, accepted: 0, changesRequested: 0, drafts: 1 };
  const { campaignId } = await buildCampaign(people, spec, () => {});
  const agency = people.agencies[0]!;
  const sub = (await SubmissionModel.findOne({ campaign: campaignId, agency: agency.agency._id }).lean())!;
  const { token } = await createToken(agency.actor, 'bench');
  const file = pdfOf(MB);
  const route = `/api/v1/submissions/${sub._id}/attachments`;
  await upload(app.baseUrl, route, token, file, 'warm-up.pdf');
  await textsRead();
  // With the app idle: its PDF text reading after an answer would slow the copy otherwise.
  const loopbackMs = await loopbackCopyMs(MB);
  // The other floor: the bytes written and synced on the disk that holds the store.
  const diskMs = await diskSyncMs(app.dataDir, MB);
  const appPid = pidWithEnv(`DATA_DIR=${app.dataDir}`);
  const before = privateMb(appPid);
  const times: number[] = [];
  const searchable: number[] = [];
  for (let i = 0; i < UPLOADS; i++) {
    const ms = await upload(app.baseUrl, route, token, file, `tai-lieu-${i}.pdf`);
    times.push(ms);
    searchable.push(ms + (await textsRead()));
  }
  const after = privateMb(appPid);
  await mongoose.disconnect();
  times.sort((a, b) => a - b);
  searchable.sort((a, b) => a - b);
  const figures = {
    uploads: UPLOADS,
    appUpload24MbMs: Math.round(times[0]!),
    appUpload24MbMedianMs: Math.round(times[Math.floor(times.length / 2)]!),
    loopback24MbMs: +loopbackMs.toFixed(1),
    appUploadToLoopback: +(times[0]! / loopbackMs).toFixed(2),
    diskSync24MbMs: +diskMs.toFixed(1),
    appUploadToDiskSync: +(times[0]! / diskMs).toFixed(2),
    textSearchableMedianMs: Math.round(searchable[Math.floor(searchable.length / 2)]!),
    appPrivateMbBefore: Math.round(before),
    appPrivateMbAfter: Math.round(after),
    appPrivateGrowthMb: Math.round(after - before),
  };
  console.log(`24 MB upload through the app: ${figures.appUpload24MbMs} ms best, ${figures.appUpload24MbMedianMs} ms median of ${UPLOADS}`);
  console.log(`loopback copy of 24 MB:       ${figures.loopback24MbMs} ms (${figures.appUploadToLoopback} ×)`);
  console.log(`24 MB written and synced:     ${figures.diskSync24MbMs} ms on the store's disk (${figures.appUploadToDiskSync} ×)`);
  console.log(`text searchable after:         ${figures.textSearchableMedianMs} ms median (read after the answer)`);
  console.log(`app private memory:           ${figures.appPrivateMbBefore} MB before, ${figures.appPrivateMbAfter} MB after (${figures.appPrivateGrowthMb >= 0 ? '+' : ''}${figures.appPrivateGrowthMb} MB)`);
  console.log(JSON.stringify(figures));
} finally {
  await app.stop();
  fs.rmSync(app.dataDir, { recursive: true, force: true });
}
