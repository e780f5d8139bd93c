import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import request from 'supertest';
import { sofficePath } from '../../../src/reports/report.pdf.js';
import { resetDatabase } from '../../support/hooks.js';
import { unzip } from '../../unit/reports/docx-reader.js';
import { binary, givenReviewedCampaign, sessionOf, type ReportWorld } from './world.js';

// PDF copies go through LibreOffice; SOFFICE="" stands for a server without it.

const run = promisify(execFile);

describe('report downloads as PDF and as a ZIP of every agency\'s appendix', function () {
  this.timeout(300_000);
  let w: ReportWorld;
  const saved = process.env.SOFFICE;
  before(async () => {
    await resetDatabase();
    w = await givenReviewedCampaign();
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.SOFFICE;
    else process.env.SOFFICE = saved;
  });

  const api = (path: string, auth: string) => request(w.app).get(`/api/v1${path}`).set('Authorization', auth).buffer(true).parse(binary);
  const json = (res: request.Response) => JSON.parse(String(res.body)) as { error: { code: string; message: string } };

  it('when LibreOffice is not installed, then a PDF is a 501 in Vietnamese by API and by page, and another agency still gets 404', async () => {
    process.env.SOFFICE = '';
    const res = await api(`/campaigns/${w.campaignId}/reports/consolidated-appendix.pdf`, w.auth.rev);
    expect(res.status).to.equal(501);
    expect(json(res).error.code).to.equal('not_implemented');
    expect(json(res).error.message).to.include('LibreOffice').and.include('bản Word');
    expect(res.headers['content-disposition']).to.equal(undefined);
    const rev = await sessionOf(w, 'reviewer');
    const page = await rev.agent.get(`/submissions/${w.subs.bca}/reports/appendix.pdf`);
    expect(page.status).to.equal(501);
    expect(page.text).to.include('LibreOffice');
    expect((await api(`/submissions/${w.subs.bca}/reports/appendix.pdf`, w.auth.byt)).status).to.equal(404);
    expect((await api(`/campaigns/${w.campaignId}/reports/full-report.pdf`, w.auth.bca)).status).to.equal(403);
  });

  it('when LibreOffice is not installed, then the ZIP holds every agency\'s appendix in Word only', async () => {
    process.env.SOFFICE = '';
    const res = await api(`/campaigns/${w.campaignId}/reports/agency-appendices.zip`, w.auth.admin);
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal('application/zip');
    const names = [...(await unzip(res.body as Buffer)).keys()].sort();
    expect(names).to.deep.equal(['Phụ lục - Bộ Công an.docx', 'Phụ lục - Bộ Y tế.docx', 'Phụ lục - Ủy ban nhân dân Thành phố Hà Nội.docx']);
  });

  it('when the ZIP is opened with Info-ZIP unzip, then the files keep their Vietnamese names and can be read', async function () {
    const hasUnzip = await run('unzip', ['-v']).then(() => true, () => false);
    if (!hasUnzip) this.skip();
    process.env.SOFFICE = '';
    const res = await api(`/campaigns/${w.campaignId}/reports/agency-appendices.zip`, w.auth.admin);
    const dir = await mkdtemp(join(tmpdir(), 'rasoat-zip-'));
    try {
      await writeFile(join(dir, 'a.zip'), res.body as Buffer);
      await run('unzip', ['-q', 'a.zip', '-d', 'out'], { cwd: dir, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
      const files = (await readdir(join(dir, 'out'))).map((n) => n.normalize('NFC')).sort();
      expect(files).to.deep.equal(['Phụ lục - Bộ Công an.docx', 'Phụ lục - Bộ Y tế.docx', 'Phụ lục - Ủy ban nhân dân Thành phố Hà Nội.docx']);
      expect((await readFile(join(dir, 'out', files[0]!))).subarray(0, 2).toString('latin1')).to.equal('PK');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('when LibreOffice is installed, then reports come as PDF with the same permissions, and the ZIP adds each PDF', async function () {
    if (!(await sofficePath())) {
      console.log('      (skipped: soffice is not on PATH; install libreoffice-writer-nogui to run it)');
      this.skip();
    }
    const own = await api(`/submissions/${w.subs.bca}/reports/appendix.pdf`, w.auth.bca);
    expect(own.status).to.equal(200);
    expect(own.headers['content-type']).to.equal('application/pdf');
    expect((own.body as Buffer).subarray(0, 5).toString('latin1')).to.equal('%PDF-');
    expect(own.headers['content-disposition']).to.match(/filename\*=UTF-8''Ph%E1%BB%A5%20l%E1%BB%A5c.*\.pdf$/);
    expect((await api(`/submissions/${w.subs.bca}/reports/appendix.pdf`, w.auth.byt)).status).to.equal(404);
    const full = await api(`/campaigns/${w.campaignId}/reports/full-report.pdf`, w.auth.rev);
    expect(full.status).to.equal(200);
    expect((full.body as Buffer).subarray(0, 5).toString('latin1')).to.equal('%PDF-');
    const zip = await api(`/campaigns/${w.campaignId}/reports/agency-appendices.zip`, w.auth.rev);
    const parts = await unzip(zip.body as Buffer);
    expect([...parts.keys()].filter((n) => n.endsWith('.pdf')).sort()).to.deep.equal(['Phụ lục - Bộ Công an.pdf', 'Phụ lục - Bộ Y tế.pdf', 'Phụ lục - Ủy ban nhân dân Thành phố Hà Nội.pdf']);
  });
});
