import { expect } from 'chai';
import request from 'supertest';
import { AuditEventModel } from '../../src/audit/audit.model.js';
import { CampaignReportModel } from '../../src/campaign-reports/campaign-report.model.js';
import { resetDatabase } from '../support/hooks.js';
import { body, text, unzip } from '../unit/reports/docx-reader.js';
import { binary, givenReviewedCampaign, sessionOf, type ReportWorld } from './reports/world.js';

const SETTINGS = {
  number: '125',
  symbol: 'BC-BTP',
  date: '27/11/2026',
  addressees: ['Thủ tướng Chính phủ'],
  authority: 'KT.',
  headTitle: 'Bộ trưởng',
  signerTitle: 'Thứ trưởng',
  signerName: 'Nguyễn Thanh Tịnh',
  recipients: ['Như trên', 'Văn phòng Chính phủ', 'Bộ trưởng (để báo cáo)'],
  archive: 'VT, KTrVB',
};

describe("the MoJ's report: its own text beside the agencies', registration, signer and recipients", function () {
  this.timeout(180_000);
  let w: ReportWorld;
  before(async () => {
    await resetDatabase();
    w = await givenReviewedCampaign();
  });

  const api = (auth: string) => ({
    get: () => request(w.app).get(`/api/v1/campaigns/${w.campaignId}/report`).set('Authorization', auth),
    put: (b: object) => request(w.app).put(`/api/v1/campaigns/${w.campaignId}/report`).set('Authorization', auth).send(b),
  });

  it('when a reviewer opens the page from the progress page, then the agencies\' texts are beside each heading, read-only, with the figures', async () => {
    const rev = await sessionOf(w, 'reviewer');
    const progress = await rev.agent.get(`/campaigns/${w.campaignId}/progress`);
    expect(progress.text).to.include(`href="/campaigns/${w.campaignId}/report"`);
    const page = await rev.agent.get(`/campaigns/${w.campaignId}/report`);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('I. TÌNH HÌNH TRIỂN KHAI RÀ SOÁT');
    expect(page.text).to.match(/<textarea[^>]*readonly>Bộ Công an đã ban hành kế hoạch rà soát\./);
    expect(page.text).to.include('3 cơ quan đã gửi báo cáo');
    expect(page.text).to.include('name="sections[tinh_hinh_trien_khai]"');
    // What the report will say under an empty heading, and a button to take an agency's text over.
    expect(page.text).to.include('Khi để trống, báo cáo ghi:').and.include('Bộ Tư pháp đã đề nghị 3 cơ quan thực hiện rà soát.');
    expect(page.text).to.include('Danh mục chi tiết tại Phụ lục I kèm theo Báo cáo này.');
    expect(page.text).to.match(/data-copy-from="sec-0-a0" data-copy-to="sec-0" hidden>Thêm vào nội dung của Bộ</);
    expect(page.text).to.include(`href="/campaigns/${w.campaignId}/reports/full-report.pdf"`);
  });

  it('when an agency asks for the MoJ report, then it is refused by page and API', async () => {
    const bca = await sessionOf(w, 'bca');
    expect((await bca.agent.get(`/campaigns/${w.campaignId}/report`)).status).to.equal(403);
    expect((await api(w.auth.bca).get()).status).to.equal(403);
    expect((await api(w.auth.bca).put({ ...SETTINGS, version: 0 })).status).to.equal(403);
  });

  it('when the settings are invalid, then 422 with a message per field in Vietnamese, and nothing is stored', async () => {
    const fieldsOf = (res: request.Response) => Object.fromEntries((res.body.error.details as { field: string; message: string }[]).map((d) => [d.field, d.message]));
    const res = await api(w.auth.rev).put({ ...SETTINGS, version: 0, symbol: 'bc btp', date: '31/02/2026' });
    expect(res.status).to.equal(422);
    expect(fieldsOf(res).symbol).to.include('Ký hiệu');
    expect(fieldsOf(res).date).to.include('dd/mm/yyyy');
    const signer = await api(w.auth.rev).put({ ...SETTINGS, version: 0, recipients: ['Như trên', 'Thứ trưởng Nguyễn Thanh Tịnh'], headTitle: '' });
    expect(signer.status).to.equal(422);
    expect(fieldsOf(signer).recipients).to.include('Người ký');
    expect(fieldsOf(signer).headTitle).to.include('chức vụ');
    expect(await CampaignReportModel.countDocuments()).to.equal(0);
  });

  it('when the page form is invalid, then it comes back 422 with what was typed and the message by the field', async () => {
    const rev = await sessionOf(w, 'reviewer');
    const token = await rev.csrf();
    const res = await rev.agent.post(`/campaigns/${w.campaignId}/report`).type('form').send({
      _csrf: token, version: '0', 'sections[danh_gia]': 'Đánh giá của Bộ.', number: '12a', symbol: 'BC-BTP', signerTitle: 'Thứ trưởng', archive: 'VT, KTrVB',
      recipients: 'Như trên\nVăn phòng Chính phủ',
    });
    expect(res.status).to.equal(422);
    expect(res.text).to.include('id="f-number-error"').and.include('Số chỉ gồm chữ số');
    expect(res.text).to.include('value="12a"').and.include('Đánh giá của Bộ.').and.include('Văn phòng Chính phủ');
  });

  const consolidatedText = async (): Promise<string> => {
    const res = await request(w.app).get(`/api/v1/campaigns/${w.campaignId}/reports/consolidated-appendix.docx`).set('Authorization', w.auth.rev).buffer(true).parse(binary);
    expect(res.status).to.equal(200);
    return text(body(await unzip(res.body as Buffer)));
  };

  it('when the MoJ has not yet given its report a number or date, then the consolidated appendix is attached to its report without blanks', async () => {
    const doc = await consolidatedText();
    expect(doc).to.include('(Kèm theo Văn bản của Bộ Tư pháp)');
    expect(doc).to.not.match(/Kèm theo[^)]*\s{3,}/);
  });

  it('when the MoJ saves, then it is stored and audited; a second save from the same version is 409', async () => {
    const first = await api(w.auth.rev).put({ ...SETTINGS, version: 0, sections: { tinh_hinh_trien_khai: 'Bộ Tư pháp đã ban hành Công văn hướng dẫn rà soát.\nCác cơ quan đã triển khai kịp thời.' } });
    expect(first.status, JSON.stringify(first.body)).to.equal(200);
    expect(first.body.version).to.equal(1);
    const stored = await CampaignReportModel.findOne().lean();
    expect(stored).to.deep.include({ number: '125', signerName: 'Nguyễn Thanh Tịnh', authority: 'KT.', version: 1 });
    expect(stored!.sections).to.deep.equal([{ key: 'tinh_hinh_trien_khai', text: 'Bộ Tư pháp đã ban hành Công văn hướng dẫn rà soát.\nCác cơ quan đã triển khai kịp thời.' }]);
    expect(await AuditEventModel.countDocuments({ action: 'campaign_report.update' })).to.equal(1);
    const stale = await api(w.auth.admin).put({ ...SETTINGS, version: 0, signerName: 'Người khác' });
    expect(stale.status).to.equal(409);
    expect(stale.body.error.message).to.include('tải lại trang');
    expect((await CampaignReportModel.findOne().lean())!.signerName).to.equal('Nguyễn Thanh Tịnh');
    const read = await api(w.auth.admin).get();
    expect(read.body).to.deep.include({ version: 1, number: '125', date: '2026-11-27' });
    expect(read.body.figures.sent).to.equal(3);
  });

  it('when the full report is downloaded after the MoJ saved, then it has the MoJ\'s text, number, date, signer and recipients', async () => {
    const res = await request(w.app).get(`/api/v1/campaigns/${w.campaignId}/reports/full-report.docx`).set('Authorization', w.auth.rev).buffer(true).parse(binary);
    const doc = text(body(await unzip(res.body as Buffer)));
    expect(doc).to.include('Số: 125/BC-BTP').and.include('Hà Nội, ngày 27 tháng 11 năm 2026');
    expect(doc).to.include('Bộ Tư pháp đã ban hành Công văn hướng dẫn rà soát.');
    expect(doc).to.not.include('Bộ Công an đã ban hành kế hoạch rà soát.');
    expect(doc).to.include('KT. BỘ TRƯỞNG').and.include('THỨ TRƯỞNG').and.include('Nguyễn Thanh Tịnh');
    expect(doc).to.include('- Bộ trưởng (để báo cáo);').and.include('- Lưu: VT, KTrVB.');
  });

  it('when the MoJ has set its report\'s number and date, then the standalone consolidated appendix and tiếp thu table name them in their "(Kèm theo …)" line', async () => {
    expect(await consolidatedText()).to.include('(Kèm theo Văn bản số 125/BC-BTP ngày 27 tháng 11 năm 2026 của Bộ Tư pháp)');
    const res = await request(w.app).get(`/api/v1/campaigns/${w.campaignId}/reports/dispositions.docx`).set('Authorization', w.auth.rev).buffer(true).parse(binary);
    expect(text(body(await unzip(res.body as Buffer)))).to.include('(Kèm theo Văn bản số 125/BC-BTP ngày 27 tháng 11 năm 2026 của Bộ Tư pháp)');
  });
});
