import { checkCounts } from '../../../src/submissions/item.counts.js';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { Types } from 'mongoose';
import request from 'supertest';
import { SubmissionModel } from '../../../src/submissions/submission.model.js';
import { resetDatabase } from '../../support/hooks.js';
import { body, cells, dataTables, rows, unzip } from '../../unit/reports/docx-reader.js';
import { anonymous, type Session } from '../../factories/index.js';
import { binary, givenReviewedCampaign, ROWS, sessionOf, type ReportWorld } from './world.js';

describe('report downloads: who may have which report, and what is not a report', function () {
  this.timeout(120_000);
  let w: ReportWorld;
  let pages: { bca: Session; byt: Session; rev: Session; anon: Session };
  before(async () => {
    await resetDatabase();
    w = await givenReviewedCampaign();
    pages = { bca: await sessionOf(w, 'bca'), byt: await sessionOf(w, 'byt'), rev: await sessionOf(w, 'reviewer'), anon: anonymous(w.app) };
  });

  const api = (path: string, auth?: string) => {
    const req = request(w.app).get(`/api/v1${path}`).buffer(true).parse(binary);
    return auth ? req.set('Authorization', auth) : req;
  };
  const page = (s: Session, path: string) => s.agent.get(path).buffer(true).parse(binary);

  it('when an agency asks for another agency\'s submission report, then it is 404 by API and by page, never the file', async () => {
    for (const file of ['appendix.docx', 'appendix.xlsx', 'with-comments.docx']) {
      const viaApi = await api(`/submissions/${w.subs.bca}/reports/${file}`, w.auth.byt);
      expect(viaApi.status, file).to.equal(404);
      expect(JSON.parse(String(viaApi.body)).error.code).to.equal('not_found');
      expect(viaApi.headers['content-disposition']).to.equal(undefined);
      const viaPage = await page(pages.byt, `/submissions/${w.subs.bca}/reports/${file}`);
      expect(viaPage.status, file).to.equal(404);
      expect(viaPage.headers['content-type']).to.match(/^text\/html/);
    }
    expect((await api(`/submissions/${w.subs.byt}/reports/appendix.docx`, w.auth.byt)).status).to.equal(200);
    expect((await page(pages.byt, `/submissions/${w.subs.byt}/reports/appendix.xlsx`)).status).to.equal(200);
  });

  it('when an agency asks for a campaign report, then it is 403 by API and by page; MoJ staff get it', async () => {
    for (const file of ['consolidated-appendix.docx', 'full-report.docx', 'dispositions.xlsx']) {
      const viaApi = await api(`/campaigns/${w.campaignId}/reports/${file}`, w.auth.bca);
      expect(viaApi.status, file).to.equal(403);
      expect(JSON.parse(String(viaApi.body)).error.code).to.equal('forbidden');
      expect((await page(pages.bca, `/campaigns/${w.campaignId}/reports/${file}`)).status, file).to.equal(403);
    }
    const byPage = await page(pages.rev, `/campaigns/${w.campaignId}/reports/consolidated-appendix.docx`);
    expect(byPage.status).to.equal(200);
    expect(byPage.headers['content-disposition']).to.match(/^attachment; filename="Phu luc tong hop/);
    expect((await page(pages.rev, `/submissions/${w.subs.hanoi}/reports/with-comments.docx`)).status).to.equal(200);
  });

  it('when nobody is logged in, then the API answers 401 and the page sends to the login page', async () => {
    expect((await api(`/campaigns/${w.campaignId}/reports/consolidated-appendix.docx`)).status).to.equal(401);
    expect((await api(`/submissions/${w.subs.bca}/reports/appendix.docx`)).status).to.equal(401);
    const res = await page(pages.anon, `/submissions/${w.subs.bca}/reports/appendix.docx`);
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.match(/^\/login\?next=/);
  });

  it('when the kind or extension is unknown, then the API says 400 and pages 404; a kind in a format it is not made in is 404', async () => {
    const c = `/campaigns/${w.campaignId}/reports`;
    const s = `/submissions/${w.subs.bca}/reports`;
    for (const [p, auth] of [[`${c}/summary.docx`, w.auth.rev], [`${c}/consolidated-appendix.odt`, w.auth.rev], [`${c}/consolidated-appendix`, w.auth.rev], [`${s}/appendix.csv`, w.auth.bca], [`${s}/consolidated-appendix.docx`, w.auth.bca]] as const) {
      const res = await api(p, auth);
      expect(res.status, p).to.equal(400);
      expect(JSON.parse(String(res.body)).error.code).to.equal('bad_request');
    }
    for (const [p, auth] of [[`${c}/full-report.xlsx`, w.auth.rev], [`${c}/full-report.zip`, w.auth.rev], [`${s}/appendix.zip`, w.auth.bca], [`${s}/with-comments.xlsx`, w.auth.bca], [`/campaigns/${new Types.ObjectId().toHexString()}/reports/consolidated-appendix.docx`, w.auth.rev]] as const) {
      expect((await api(p, auth)).status, p).to.equal(404);
    }
    expect((await api(`/campaigns/not-an-id/reports/full-report.docx`, w.auth.rev)).status).to.equal(400);
    for (const p of [`${c}/summary.docx`, `${c}/full-report.xlsx`, `${s}/appendix.csv`, `/campaigns/not-an-id/reports/full-report.docx`]) {
      expect((await page(pages.rev, p)).status, p).to.equal(404);
    }
  });

  it('when a submission is back in draft, then the campaign reports leave its rows out and its own appendix still has them', async () => {
    await SubmissionModel.updateOne({ _id: w.subs.hanoi }, { $set: { status: 'draft' } });
    await checkCounts({ fix: true });
    const res = await api(`/campaigns/${w.campaignId}/reports/consolidated-appendix.docx`, w.auth.rev);
    const table = rows(dataTables(body(await unzip(res.body as Buffer)))[0]!).map(cells);
    expect(table.map((r) => r[0])).to.deep.equal(['STT', '1', '1.1', '2', '2.1', '2.2']);
    const own = await api(`/submissions/${w.subs.hanoi}/reports/appendix.docx`, w.auth.hanoi);
    expect(rows(dataTables(body(await unzip(own.body as Buffer)))[0]!).map(cells)[1]).to.include(ROWS.hnCircular.noi_dung_kien_nghi);
  });
});

describe('report routes load docx lazily', function () {
  this.timeout(60_000);

  // Records every specifier resolved in a child process (module hooks), then looks for docx.
  function importsOf(script: string): string[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasoat-imports-'));
    const file = path.join(dir, 'imports.txt');
    try {
      execFileSync(process.execPath, ['--import', 'tsx', '--import', './test/integration/reports/fixtures/record-imports.mjs', '--input-type=module', '-e', script], {
        env: { ...process.env, RECORD_IMPORTS_FILE: file },
        stdio: 'pipe',
      });
      return fs.readFileSync(file, 'utf8').split('\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const reportModules = (specifiers: string[]) => specifiers.filter((s) => s === 'docx' || s.includes('report.render') || /reports\/index\.(js|ts)$/.test(s));

  it('when the app module and every router are imported, then neither docx nor the report writers are loaded; a download is what loads them', () => {
    expect(reportModules(importsOf("const { createApp } = await import('./src/app.ts'); if (typeof createApp !== 'function') process.exit(1);"))).to.deep.equal([]);
    // The control: the renderer the routes import on demand does pull docx in.
    expect(reportModules(importsOf("await import('./src/reports/report.render.ts');"))).to.include('docx');
  });
});
