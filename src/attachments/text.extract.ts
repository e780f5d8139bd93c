import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import mammoth from 'mammoth';
import { UnsupportedType } from '../http/errors.js';
import { sofficePath } from '../reports/report.pdf.js';

/**
 * The running text of an uploaded file, for finding what it cites: Word through mammoth,
 * PDF through unpdf (its text layer; a scanned PDF without one gives nothing), an old binary
 * .doc through LibreOffice when it is installed. NFC, one paragraph per line.
 */

const run = promisify(execFile);
const CONVERT_TIMEOUT_MS = 60_000;

export type TextSource = 'docx' | 'pdf' | 'doc';

export async function extractText(buffer: Buffer, type: TextSource): Promise<string> {
  if (type === 'doc') return extractText(await convertDocToDocx(buffer), 'docx');
  if (type === 'docx') {
    try {
      const res = await mammoth.extractRawText({ buffer });
      return tidy(res.value);
    } catch {
      throw new UnsupportedType('attachments.errors.corrupt_zip');
    }
  }
  // unpdf bundles its own pdf.js build; loaded on first use like exceljs.
  const { extractText: pdfText, getDocumentProxy } = await import('unpdf');
  try {
    const pdf = await getDocumentProxy(new Uint8Array(buffer));
    const { text } = await pdfText(pdf, { mergePages: false });
    return tidy(text.join('\n'));
  } catch {
    throw new UnsupportedType('attachments.errors.corrupt_pdf');
  }
}

const PDF_CHILD = fileURLToPath(new URL('./pdf-text.child.mjs', import.meta.url));

/**
 * A PDF's text, read from a stream in a process of its own (see pdf-text.child.mjs):
 * the file is never held whole here, and a PDF that takes long to parse holds up no
 * request. Throws UnsupportedType when it cannot be read, like extractText.
 */
export function extractPdfTextFrom(source: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    // Nothing of the server's environment (database address, secrets) goes to the parser.
    const child = spawn(process.execPath, [PDF_CHILD], { stdio: ['pipe', 'pipe', 'ignore'], timeout: CONVERT_TIMEOUT_MS, env: {} });
    const out: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    // The child stops reading when it fails; the rest of the file has nowhere to go.
    child.stdin.on('error', () => undefined);
    source.once('error', (err) => {
      child.kill();
      reject(err);
    });
    source.pipe(child.stdin);
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) return reject(new UnsupportedType('attachments.errors.corrupt_pdf'));
      try {
        resolve(tidy((JSON.parse(Buffer.concat(out).toString('utf8')) as string[]).join('\n')));
      } catch {
        reject(new UnsupportedType('attachments.errors.corrupt_pdf'));
      }
    });
  });
}

function tidy(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Whether LibreOffice can be called here: the same `soffice` (or `SOFFICE`) the PDF reports use. */
export async function canConvertDoc(): Promise<boolean> {
  return (await sofficePath()) !== null;
}

/** .doc → .docx with LibreOffice in a private temporary folder; refused (415) where it is not installed. */
export async function convertDocToDocx(buffer: Buffer): Promise<Buffer> {
  const soffice = await sofficePath();
  if (!soffice) throw new UnsupportedType('attachments.errors.legacy_doc');
  const dir = await mkdtemp(path.join(tmpdir(), 'rasoat-doc-'));
  try {
    await writeFile(path.join(dir, 'in.doc'), buffer);
    // A profile of its own, so a LibreOffice already running for someone else does not swallow the call.
    await run(
      soffice,
      [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--norestore', '--convert-to', 'docx', '--outdir', dir, path.join(dir, 'in.doc')],
      { timeout: CONVERT_TIMEOUT_MS },
    );
    return await readFile(path.join(dir, 'in.docx'));
  } catch (err) {
    if (err instanceof UnsupportedType) throw err;
    throw new UnsupportedType('attachments.errors.legacy_doc');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
