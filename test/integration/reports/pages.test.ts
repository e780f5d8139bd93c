import { sofficePath } from '../../../src/reports/report.pdf.js';
import { expect } from 'chai';
import { resetDatabase } from '../../support/hooks.js';
import { binary, givenReviewedCampaign, sessionOf, type ReportWorld } from './world.js';

const links = (html: string): string[] => [...html.matchAll(/href="([^"]*\/reports\/[^"]+)"/g)].map((m) => m[1]!);

describe('report download buttons on the pages', function () {
  this.timeout(120_000);
  let w: ReportWorld;
  before(async () => {
    await resetDatabase();
    w = await givenReviewedCampaign();
  });

  it('when a reviewer opens the campaign dashboard, then it offers every campaign report and each link downloads', async () => {
    const rev = await sessionOf(w, 'reviewer');
    const res = await rev.agent.get(`/campaigns/${w.campaignId}/progress`);
    expect(res.status).to.equal(200);
    const base = `/campaigns/${w.campaignId}/reports/`;
    expect(links(res.text)).to.deep.equal(
      [
        'consolidated-appendix.docx', 'consolidated-appendix.xlsx', 'consolidated-appendix.pdf', 'full-report.docx', 'full-report.pdf',
        'dispositions.docx', 'dispositions.xlsx', 'dispositions.pdf', 'agency-appendices.zip',
      ].map((f) => base + f),
    );
    expect(res.text).to.include(`href="/campaigns/${w.campaignId}/report"`);
    expect(res.text).to.include('Tải báo cáo tổng hợp').and.include('Tải bảng tiếp thu – giải trình');
    const pdf = (await sofficePath()) !== null;
    for (const href of links(res.text)) {
      const file = await rev.agent.get(href).buffer(true).parse(binary);
      // PDF copies need LibreOffice on the server; without it the link answers 501 with a message.
      if (href.endsWith('.pdf') && !pdf) {
        expect(file.status, href).to.equal(501);
        continue;
      }
      expect(file.status, href).to.equal(200);
      expect((file.body as Buffer).subarray(0, 2).toString('latin1'), href).to.equal(href.endsWith('.pdf') ? '%P' : 'PK');
    }
  });

  it('when an agency opens its submission, then it can download its appendix and the commented copy, and the reviewer sees the same buttons', async () => {
    const bca = await sessionOf(w, 'bca');
    const own = await bca.agent.get(`/submissions/${w.subs.bca}`);
    expect(own.status).to.equal(200);
    const base = `/submissions/${w.subs.bca}/reports/`;
    expect(links(own.text)).to.deep.equal(['appendix.docx', 'appendix.xlsx', 'appendix.pdf', 'with-comments.docx', 'with-comments.pdf'].map((f) => base + f));
    expect(own.text).to.include('Tải phụ lục (Word)').and.include('Tải phụ lục (Excel)').and.include('Tải bản có ý kiến (Word)');
    expect(links(own.text).join(' ')).to.not.include('/campaigns/');
    const review = await (await sessionOf(w, 'reviewer')).agent.get(`/submissions/${w.subs.bca}/review`);
    expect(review.status).to.equal(200);
    expect(links(review.text)).to.include(`${base}with-comments.docx`);
  });
});
