import { expect } from 'chai';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { AuditEventModel } from '../../../src/audit/audit.model.js';
import { resetDatabase } from '../../support/hooks.js';
import { body, cells, dataTables, part, rows, text, unzip, type Parts } from '../../unit/reports/docx-reader.js';
import { binary, COMMENTS, EXPLANATIONS, givenReviewedCampaign, ROWS, type ReportWorld } from './world.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DECREE = 'Nghị định số 137/2015/NĐ-CP ngày 31/12/2015 của Chính phủ quy định chi tiết một số điều và biện pháp thi hành Luật Căn cước công dân';

async function download(w: ReportWorld, path: string, auth: string, type: string): Promise<Buffer> {
  const res = await request(w.app).get(`/api/v1${path}`).set('Authorization', auth).buffer(true).parse(binary);
  expect(res.status, `${path}: ${String(res.body)}`).to.equal(200);
  expect(res.headers['content-type']).to.equal(type);
  return res.body as Buffer;
}

const docx = async (w: ReportWorld, path: string, auth: string): Promise<Parts> => unzip(await download(w, path, auth, DOCX));

async function xlsx(w: ReportWorld, path: string, auth: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await download(w, path, auth, XLSX)) as unknown as ArrayBuffer);
  return workbook;
}

const values = (row: ExcelJS.Row): unknown[] => (row.values as unknown[]).slice(1);
const tableRows = (parts: Parts, n = 0): string[][] => rows(dataTables(body(parts))[n]!).map(cells);

describe('report downloads (API): every kind from a seeded campaign', function () {
  this.timeout(120_000);
  let w: ReportWorld;
  // Downloads change nothing but the audit log, so one campaign serves every test here.
  before(async () => {
    await resetDatabase();
    w = await givenReviewedCampaign();
  });

  it('when the consolidated appendix is downloaded as .docx, then the shared decree is one group holding both agencies\' rows, ordered Luật → Nghị định → Thông tư', async () => {
    const parts = await docx(w, `/campaigns/${w.campaignId}/reports/consolidated-appendix.docx`, w.auth.rev);
    const doc = body(parts);
    expect(doc).to.include('w:orient="landscape"');
    // Before the MoJ numbers its report, the line names the report without blanks.
    expect(text(doc)).to.include('(Kèm theo Văn bản của Bộ Tư pháp)');
    // Fifteen columns on one landscape page: the compact 11 pt table style, header row repeated.
    const tableXml = dataTables(doc)[0]!;
    expect(tableXml).to.include('<w:pStyle w:val="RTCH"/>').and.include('<w:pStyle w:val="RTC"/>').and.not.include('<w:pStyle w:val="RT"/>');
    expect(rows(tableXml)[0]).to.include('<w:tblHeader/>');
    expect(/<w:style [^>]*w:styleId="RTC">[\s\S]*?<\/w:style>/.exec(part(parts, 'word/styles.xml'))![0]).to.include('<w:sz w:val="22"/>');
    const table = tableRows(parts);
    expect(table[0]!.slice(0, 3)).to.deep.equal(['STT', 'Cơ quan đề xuất', 'Tên loại văn bản']);
    expect(table.map((r) => r[0])).to.deep.equal(['STT', '1', '1.1', '2', '2.1', '2.2', '3', '3.1']);
    expect(table[1]![1]).to.equal('Luật Cư trú số 68/2020/QH14 ngày 13/11/2020');
    expect(table[3]![1]).to.equal(DECREE);
    expect(table.filter((r) => r.join(' ').includes('137/2015/NĐ-CP ngày')).length, 'one heading for the decree').to.equal(1);
    expect(table[4]!.slice(1, 5)).to.deep.equal(['Bộ Công an', 'Nghị định', '137/2015/NĐ-CP', '31/12/2015']);
    expect(table[4]).to.include(ROWS.bcaDecree.noi_dung_kien_nghi).and.include('Sửa đổi, bổ sung');
    expect(table[5]!.slice(1, 2)).to.deep.equal(['Bộ Y tế']);
    expect(table[5]).to.include(ROWS.bytDecree.noi_dung_kien_nghi).and.include('Bãi bỏ');
    expect(table[6]![1]).to.match(/^Thông tư số 55\/2021\/TT-BCA ngày 15\/0?5\/2021 của Bộ trưởng Bộ Công an/);
    expect(table[7]![1]).to.equal('Ủy ban nhân dân Thành phố Hà Nội');
    const totals = tableRows(parts, 1);
    expect(totals.at(-1)).to.deep.equal(['', 'Tổng cộng', '4', '3']);
    expect(totals.find((r) => r[1] === 'Sửa đổi, bổ sung')).to.deep.equal(['5', 'Sửa đổi, bổ sung', '1', '1']);
  });

  it('when the consolidated appendix is downloaded as .xlsx, then the sheet has the group rows, agencies, typed dates and enum labels', async () => {
    const wb = await xlsx(w, `/campaigns/${w.campaignId}/reports/consolidated-appendix.xlsx`, w.auth.admin);
    const sheet = wb.getWorksheet('Phụ lục tổng hợp')!;
    expect(values(sheet.getRow(2)).slice(0, 4)).to.deep.equal(['STT', 'Cơ quan đề xuất', 'Tên loại văn bản', 'Số, ký hiệu']);
    expect(sheet.getRow(5).getCell(2).value).to.equal(DECREE);
    const bca = sheet.getRow(6);
    expect(values(bca).slice(0, 4)).to.deep.equal(['2.1', 'Bộ Công an', 'Nghị định', '137/2015/NĐ-CP']);
    expect((bca.getCell(5).value as Date).toISOString()).to.equal('2015-12-31T00:00:00.000Z');
    expect(bca.getCell(10).value).to.equal('Sửa đổi, bổ sung');
    expect(values(sheet.getRow(7)).slice(0, 2)).to.deep.equal(['2.2', 'Bộ Y tế']);
    // Groups, rows, then the note giving the full wording of the short "Kiến nghị xử lý" label.
    expect(sheet.rowCount).to.equal(2 + 3 + 4 + 1);
    expect(String(sheet.getRow(sheet.rowCount).getCell(1).value)).to.include('đình chỉ việc thi hành');
    const totals = wb.getWorksheet('Tổng hợp')!;
    expect(values(totals.getRow(totals.rowCount)).slice(1)).to.deep.equal(['Tổng cộng', 4, 3]);
  });

  it('when the full report is downloaded before the MoJ writes anything, then each heading has a summary from the figures, never the agencies\' texts, and both appendices', async () => {
    const doc = text(body(await docx(w, `/campaigns/${w.campaignId}/reports/full-report.docx`, w.auth.rev)));
    expect(doc).to.include('BÁO CÁO').and.include('Kết quả rà soát VBQPPL phục vụ Đề án 06 — đợt 1');
    const heading = doc.indexOf('I. TÌNH HÌNH TRIỂN KHAI RÀ SOÁT');
    expect(heading).to.be.greaterThan(-1);
    expect(doc.indexOf('3 cơ quan đã gửi báo cáo kết quả rà soát')).to.be.greaterThan(heading);
    expect(doc).to.include('Các cơ quan đã kiến nghị xử lý 4 quy định tại 3 văn bản');
    expect(doc).to.not.include('đã ban hành kế hoạch rà soát.');
    expect(doc).to.include('Kèm theo Báo cáo này: Phụ lục I').and.include('./.');
    expect(doc).to.include('Phụ lục I').and.include('Phụ lục II');
    expect(doc).to.include(DECREE).and.include(EXPLANATIONS.bytDecree);
  });

  it('when the tiếp thu – giải trình table is downloaded, then every row has its agency, the reviewer\'s thread and the disposition', async () => {
    const parts = await docx(w, `/campaigns/${w.campaignId}/reports/dispositions.docx`, w.auth.rev);
    const table = tableRows(parts);
    expect(table).to.have.length(1 + 4);
    const bca = table.find((r) => r[1]!.includes(ROWS.bcaDecree.noi_dung_kien_nghi))!;
    expect(bca[1]).to.include('Cơ quan đề xuất: Bộ Công an');
    expect(bca[2]).to.include(COMMENTS.onBcaDecree).and.include(COMMENTS.bcaReply);
    expect(bca[3]).to.equal('Tiếp thu');
    const byt = table.find((r) => r[1]!.includes(ROWS.bytDecree.noi_dung_kien_nghi))!;
    expect(byt.slice(2)).to.deep.equal([`Nguyễn Thị Hạnh (${byt[2]!.slice(17, 27)}): ${COMMENTS.onBytDecree}`, 'Tiếp thu một phần', EXPLANATIONS.bytDecree]);
    const hn = table.find((r) => r[1]!.includes('Thành phố Hà Nội'))!;
    expect(hn.slice(2)).to.deep.equal(['', '', '']);

    const wb = await xlsx(w, `/campaigns/${w.campaignId}/reports/dispositions.xlsx`, w.auth.rev);
    const sheet = wb.worksheets[0]!;
    // One column per field: the agency, the template's columns, then the review.
    const header = values(sheet.getRow(2));
    expect(header.slice(0, 3)).to.deep.equal(['STT', 'Cơ quan đề xuất', 'Tên loại văn bản']);
    expect(header.slice(-3)).to.deep.equal(['Ý kiến của chuyên viên rà soát', 'Kết quả tiếp thu', 'Giải trình']);
    const found = [3, 4, 5, 6].map((n) => values(sheet.getRow(n)));
    const bytRow = found.find((r) => r.includes(ROWS.bytDecree.noi_dung_kien_nghi))!;
    expect(bytRow[1]).to.equal('Bộ Y tế');
    expect(bytRow.at(-2)).to.equal('Tiếp thu một phần');
    expect(bytRow.at(-1)).to.equal(EXPLANATIONS.bytDecree);
    expect(String(bytRow.at(-3))).to.include(COMMENTS.onBytDecree);
  });

  it('when an agency downloads its own appendix, then the .docx and .xlsx hold exactly its rows', async () => {
    const parts = await docx(w, `/submissions/${w.subs.bca}/reports/appendix.docx`, w.auth.bca);
    expect(text(body(parts))).to.include('của Bộ Công an)');
    const table = tableRows(parts);
    expect(table.map((r) => r.slice(0, 3))).to.deep.equal([
      ['STT', 'Tên loại văn bản', 'Số, ký hiệu'],
      ['1', 'Nghị định', '137/2015/NĐ-CP'],
      ['2', 'Luật', '68/2020/QH14'],
    ]);
    expect(table.flat().join(' ')).to.not.include(ROWS.bytDecree.noi_dung_kien_nghi);

    const sheet = (await xlsx(w, `/submissions/${w.subs.bca}/reports/appendix.xlsx`, w.auth.bca)).worksheets[0]!;
    expect(sheet.rowCount).to.equal(2 + 2 + 1);
    expect(values(sheet.getRow(3)).slice(0, 3)).to.deep.equal([1, 'Nghị định', '137/2015/NĐ-CP']);
    expect(sheet.getRow(4).getCell(10)).to.have.property('value', ROWS.bcaLaw.noi_dung_kien_nghi);
  });

  it('when a submission is downloaded with comments, then comments.xml holds the threads with their authors and the row comment is anchored on its row', async () => {
    for (const auth of [w.auth.rev, w.auth.bca]) {
      const parts = await docx(w, `/submissions/${w.subs.bca}/reports/with-comments.docx`, auth);
      const comments = part(parts, 'word/comments.xml');
      expect(comments).to.include(COMMENTS.onBcaDecree).and.include(COMMENTS.bcaReply).and.include(COMMENTS.general);
      expect(comments).to.include('w:author="Nguyễn Thị Hạnh"').and.include('w:author="Trần Văn Bình"');
      expect(comments).to.not.include(COMMENTS.onBytDecree);
      const tableXml = dataTables(body(parts))[0]!;
      const decreeRow = rows(tableXml).find((r) => r.includes(ROWS.bcaDecree.noi_dung_kien_nghi))!;
      expect(decreeRow).to.include('<w:commentRangeStart w:id="0"/>').and.include('<w:commentReference w:id="1"/>');
      const lawRow = rows(tableXml).find((r) => r.includes(ROWS.bcaLaw.noi_dung_kien_nghi))!;
      expect(lawRow).to.not.include('commentRangeStart');
    }
  });

  it('when a report is downloaded, then the file is named in Vietnamese with an ASCII fallback and the download is audited', async () => {
    const res = await request(w.app).get(`/api/v1/campaigns/${w.campaignId}/reports/consolidated-appendix.xlsx`).set('Authorization', w.auth.rev).buffer(true).parse(binary);
    const header = String(res.headers['content-disposition']);
    const ascii = /filename="([^"]*)"/.exec(header)![1]!;
    expect(ascii).to.equal('Phu luc tong hop - Ra soat VBQPPL phuc vu De an 06 - dot 1.xlsx');
    const utf8 = decodeURIComponent(/filename\*=UTF-8''(\S+)/.exec(header)![1]!);
    expect(utf8).to.equal(`Phụ lục tổng hợp - ${w.campaignTitle}.xlsx`);
    expect(res.headers['cache-control']).to.equal('private, no-store');
    const event = await AuditEventModel.findOne({ action: 'report.download', 'object.id': w.campaignId, 'details.format': 'xlsx' }).lean();
    expect(event, 'audit event').to.not.equal(null);
    expect(event!.details).to.include({ kind: 'consolidated-appendix', rows: 4 });
  });
});
