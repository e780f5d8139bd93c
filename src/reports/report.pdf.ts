import { spawn } from 'node:child_process';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NotImplemented } from '../http/errors.js';

// PDF copies of the Word reports, converted by LibreOffice (`soffice`), which lays the pages
// out as Word does closely enough for a printed report. Each conversion runs in its own
// temporary directory with its own LibreOffice profile, so two at once do not share a lock.

/** A large campaign's appendix takes LibreOffice tens of seconds; past this it is stuck. */
const TIMEOUT_MS = Number(process.env.PDF_TIMEOUT_MS ?? 180_000);

let found: Promise<string | null> | undefined;

async function onPath(name: string): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, name);
    try {
      await access(file, constants.X_OK);
      return file;
    } catch {
      // not in this directory
    }
  }
  return null;
}

/** The `soffice` program, looked up once; `SOFFICE` may name it, or "" to switch PDF off. */
export function sofficePath(): Promise<string | null> {
  const configured = process.env.SOFFICE;
  if (configured !== undefined) return Promise.resolve(configured === '' ? null : configured);
  return (found ??= onPath('soffice'));
}

/** Throws the 501 "PDF not available" when LibreOffice is not installed. */
export async function requirePdf(): Promise<string> {
  const soffice = await sofficePath();
  if (!soffice) throw new NotImplemented('reports.errors.pdf_unavailable');
  return soffice;
}

function run(program: string, args: readonly string[], cwd: string, files: number): Promise<void> {
  const limit = TIMEOUT_MS * Math.max(1, Math.ceil(files / 10));
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-2000)));
    const timer = setTimeout(() => {
      // LibreOffice starts helper processes: end the whole group it leads.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      reject(new Error(`soffice did not finish within ${limit} ms`));
    }, limit);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`soffice exited with ${code}: ${stderr.trim()}`));
    });
  });
}

/**
 * PDFs of several .docx in one LibreOffice run (starting it costs seconds, converting a small
 * file a fraction of one), in the order given.
 */
export async function docxToPdfs(docs: readonly Buffer[]): Promise<Buffer[]> {
  const soffice = await requirePdf();
  if (docs.length === 0) return [];
  const dir = await mkdtemp(join(tmpdir(), 'rasoat-pdf-'));
  try {
    const names = docs.map((_, i) => `report-${i}`);
    await Promise.all(docs.map((doc, i) => writeFile(join(dir, `${names[i]}.docx`), doc)));
    const profile = `-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`;
    await run(soffice, [profile, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, ...names.map((n) => join(dir, `${n}.docx`))], dir, docs.length);
    return await Promise.all(names.map((n) => readFile(join(dir, `${n}.pdf`))));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The PDF of a .docx, converted by LibreOffice. */
export async function docxToPdf(docx: Buffer): Promise<Buffer> {
  return (await docxToPdfs([docx]))[0]!;
}
