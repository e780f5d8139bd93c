import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { docxBuffer } from '../../../src/reports/report.package.js';
import { docxToPdfs, sofficePath } from '../../../src/reports/report.pdf.js';
import { shortDate } from '../../../src/reports/report.text.js';
import { REAL_ROWS, realisticReports } from '../../../bench/lib/realistic-reports.js';

// The reports of a realistic campaign (built-in template, long texts) rendered by LibreOffice,
// read back page by page with pdftotext: what Word's XML cannot show — where pages break.

const run = promisify(execFile);

async function pdftotextPages(pdf: Buffer): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'rasoat-render-'));
  try {
    await writeFile(join(dir, 'r.pdf'), pdf);
    const { stdout } = await run('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { maxBuffer: 64 << 20 });
    return stdout.normalize('NFC').split('\f');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const occurrences = (text: string, token: string): number => text.split(token).length - 1;

describe('reports rendered by LibreOffice (a realistic campaign of the built-in template)', function () {
  this.timeout(600_000);
  let consolidated: string[];
  let full: string[];

  before(async function () {
    const hasPdftotext = await run('pdftotext', ['-v']).then(() => true, () => false);
    if (!(await sofficePath()) || !hasPdftotext) {
      console.log('      (skipped: soffice or pdftotext missing; apt-get install -y libreoffice-writer-nogui poppler-utils fonts-liberation)');
      this.skip();
    }
    const reports = realisticReports();
    const docs = await Promise.all([docxBuffer(reports['consolidated-appendix']!), docxBuffer(reports['full-report']!)]);
    const [a, b] = await docxToPdfs(docs);
    [consolidated, full] = await Promise.all([pdftotextPages(a!), pdftotextPages(b!)]);
  });

  it('when the consolidated appendix is rendered, then its table header is on the first page, under the appendix heading', () => {
    const first = consolidated[0]!;
    expect(first).to.include('Phụ lục').and.include('DANH MỤC VĂN BẢN QUY PHẠM PHÁP LUẬT');
    expect(first).to.match(/\bSTT\b/);
    // The first group and its first row begin on that page too.
    expect(first).to.match(/Luật số 68\/2020\/QH14 ngày 13\/11\/2020/);
  });

  it('when the full report is rendered, then each appendix\'s table starts on the page of its heading', () => {
    for (const numeral of ['Phụ lục I', 'Phụ lục II']) {
      const page = full.find((p) => new RegExp(`^\\s*${numeral}\\s*$`, 'm').test(p));
      expect(page, numeral).to.not.equal(undefined);
      expect(page, numeral).to.match(/\bSTT\b/);
    }
  });

  it('when the appendix is rendered, then every date, number and symbol of the rows appears unbroken, in its own column and inside long texts', () => {
    const text = consolidated.join('\n');
    const expected = new Map<string, number>();
    for (const row of REAL_ROWS) {
      for (const value of Object.values(row.values)) {
        const cell = value instanceof Date ? shortDate(value) : String(value ?? '');
        for (const word of cell.split(/\s+/)) {
          const token = word.replace(/^[(“]+|[;,.:)”]+$/g, '');
          if (/\d/.test(token)) expected.set(token, (expected.get(token) ?? 0) + 1);
        }
      }
    }
    expect(expected.get('104/2022/NĐ-CP'), 'a symbol quoted in a long text').to.be.above(0);
    expect(expected.get('01/01/2023'), 'a date quoted in a long text').to.be.above(0);
    for (const [token, count] of expected) expect(occurrences(text, token), token).to.be.at.least(count);
  });

  it('when the full report is rendered, then the signature block and Nơi nhận share one page', () => {
    const page = full.find((p) => p.includes('Nơi nhận:'));
    expect(page).to.not.equal(undefined);
    expect(page).to.include('KT. BỘ TRƯỞNG').and.include('THỨ TRƯỞNG').and.include('Nguyễn Thanh Tịnh').and.include('Lưu: VT, KTrVB.');
    expect(full.join('\n')).to.include('./.');
  });
});
