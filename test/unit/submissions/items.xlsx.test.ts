import { expect } from 'chai';
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import { Invalid } from '../../../src/http/errors.js';
import { templateSpecSchema } from '../../../src/review-templates/template.schema.js';
import { buildItemsTemplate, parseItemsWorkbook } from '../../../src/submissions/items.xlsx.js';

const spec = templateSpecSchema.parse(JSON.parse(fs.readFileSync('templates/de-an-06.json', 'utf8')));
const fields = spec.fields;

const good = {
  ten_loai: 'Nghị định',
  so_ky_hieu: '137/2015/NĐ-CP',
  ngay_ban_hanh: '31/12/2015',
  trich_yeu: 'Quy định chi tiết một số điều của Luật Căn cước công dân',
  bat_cap: 'Yêu cầu nộp bản sao sổ hộ khẩu',
  hinh_thuc_kien_nghi: 'Sửa đổi, bổ sung',
  noi_dung_kien_nghi: 'Bỏ yêu cầu nộp sổ hộ khẩu',
  co_quan_chu_tri: 'Bộ Công an',
};

/** Fills the generated template the way an officer would: by the visible headers. */
async function filled(rows: Record<string, unknown>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await buildItemsTemplate(fields, { title: spec.title })) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Danh mục')!;
  rows.forEach((row, i) => {
    fields.forEach((f, c) => {
      const v = row[f.key];
      if (v !== undefined) ws.getRow(i + 2).getCell(c + 1).value = v as ExcelJS.CellValue;
    });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('Excel rows: template and all-or-nothing import', function () {
  this.timeout(20_000);

  it('when the template is generated, then it has one column per field, required ones starred, enum lists', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildItemsTemplate(fields, { title: spec.title })) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Danh mục')!;
    const headers = (ws.getRow(1).values as unknown[]).slice(1);
    expect(headers).to.have.length(fields.length);
    expect(headers[0]).to.equal('Tên loại văn bản *');
    expect(ws.getCell('A2').dataValidation?.type).to.equal('list');
  });

  it('when every row is valid, then all rows come back normalised (dates ISO, enums as codes, docref parsed)', async () => {
    const buf = await filled([good, { ...good, so_ky_hieu: '55/2021/TT-BCA', ten_loai: 'Thông tư', ngay_ban_hanh: new Date(Date.UTC(2021, 4, 15)) }]);
    const rows = await parseItemsWorkbook(buf, fields);
    expect(rows).to.have.length(2);
    expect(rows[0]!.values.ngay_ban_hanh).to.equal('2015-12-31');
    expect(rows[0]!.values.hinh_thuc_kien_nghi).to.equal('sua-doi-bo-sung');
    expect((rows[1]!.values.so_ky_hieu as { key: string }).key).to.equal('55/2021/TT-BCA');
    expect(rows[1]!.values.ngay_ban_hanh).to.equal('2021-05-15');
  });

  it('when one row is bad, then nothing is returned and the error names its row and column in Vietnamese', async () => {
    const buf = await filled([good, { ...good, ngay_ban_hanh: '30/02/2020', hinh_thuc_kien_nghi: 'Sửa chữa' }, good]);
    try {
      await parseItemsWorkbook(buf, fields);
      expect.fail('expected Invalid');
    } catch (err) {
      expect(err).to.be.instanceOf(Invalid);
      const details = (err as Invalid).details;
      expect(details.map((d) => d.field)).to.include.members(['rows.3.ngay_ban_hanh', 'rows.3.hinh_thuc_kien_nghi']);
      const dateMsg = details.find((d) => d.field === 'rows.3.ngay_ban_hanh')!.message;
      expect(dateMsg).to.match(/^Dòng 3, cột C \(Ngày, tháng, năm ban hành\): /);
      expect(dateMsg).to.include('ngày có thật');
    }
  });

  it('when a required column is missing or an unknown one is present, then it says which', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Danh mục');
    ws.addRow(['Tên loại văn bản', 'Cột lạ']);
    ws.addRow(['Luật', 'x']);
    try {
      await parseItemsWorkbook(Buffer.from(await wb.xlsx.writeBuffer()), fields);
      expect.fail('expected Invalid');
    } catch (err) {
      const messages = (err as Invalid).details.map((d) => d.message).join('\n');
      expect(messages).to.include('Cột B có tiêu đề “Cột lạ”');
      expect(messages).to.include('Thiếu cột bắt buộc “Số, ký hiệu”');
    }
  });

  it('when the file is a Word document renamed .xlsx, then it is refused as not a workbook', async () => {
    const docx = fs.readFileSync('../shared/samples/docx/nd30-2020-Phuluc2.docx');
    try {
      await parseItemsWorkbook(docx, fields);
      expect.fail('expected a rejection');
    } catch (err) {
      expect((err as { status: number }).status).to.equal(415);
    }
  });
});
