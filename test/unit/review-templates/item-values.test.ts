import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { translator } from '../../../src/i18n/index.js';
import { validateItemValues, type DocRefValue } from '../../../src/review-templates/item-values.js';
import { validateTemplateSpec } from '../../../src/review-templates/template.validate.js';
import type { TemplateField } from '../../../src/review-templates/template.schema.js';

const vi = translator('vi');
const today = new Date('2026-06-01T00:00:00Z');

function builtinFields(): TemplateField[] {
  const raw: unknown = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../templates/de-an-06.json'), 'utf8'));
  const res = validateTemplateSpec(raw);
  if (!res.ok) throw new Error('built-in template invalid');
  return res.spec.fields;
}

const fields = builtinFields();

function goodRow(): Record<string, unknown> {
  return {
    ten_loai: 'nghi-dinh',
    so_ky_hieu: 'số 137/2015/ND-CP',
    ngay_ban_hanh: '31/12/2015',
    trich_yeu: 'Quy định chi tiết một số điều và biện pháp thi hành Luật Căn cước công dân',
    dieu_khoan: 'khoản 2 Điều 5',
    bat_cap: 'Yêu cầu xuất trình sổ hộ khẩu',
    hinh_thuc_kien_nghi: 'Sửa đổi, bổ sung',
    noi_dung_kien_nghi: 'Bỏ yêu cầu xuất trình sổ hộ khẩu',
    co_quan_chu_tri: 'Bộ Công an',
    tinh_hinh: 'dang-soan-thao',
  };
}

describe('validateItemValues', () => {
  it('when a row is valid, then values come back normalized: ISO date, enum codes by label, docref parsed with key', () => {
    const res = validateItemValues(fields, goodRow(), { today });
    expect(res.errors).to.deep.equal([]);
    expect(res.ok).to.equal(true);
    expect(res.values.ngay_ban_hanh).to.equal('2015-12-31');
    expect(res.values.hinh_thuc_kien_nghi).to.equal('sua-doi-bo-sung');
    const ref = res.values.so_ky_hieu as DocRefValue;
    expect(ref).to.include({ text: '137/2015/NĐ-CP', key: '137/2015/NĐ-CP', typeCode: 'nghi-dinh', year: 2015, issuer: 'Chính phủ', normative: true, rank: 5 });
    expect(res.values.ghi_chu).to.equal(null);
  });

  it('when required fields are empty, then each one gets “… là bắt buộc.”', () => {
    const row = goodRow();
    row.bat_cap = '   ';
    delete row.co_quan_chu_tri;
    const res = validateItemValues(fields, row, { today });
    expect(res.ok).to.equal(false);
    const msgs = Object.fromEntries(res.errors.map((e) => [e.field, vi(e.message, e.params)]));
    expect(msgs).to.deep.equal({ bat_cap: '“Vướng mắc, bất cập” là bắt buộc.', co_quan_chu_tri: '“Cơ quan chủ trì soạn thảo, xử lý” là bắt buộc.' });
  });

  it('when a date, number, enum or docref is malformed, then the field is named with a Vietnamese message', () => {
    const row = { ...goodRow(), ngay_ban_hanh: '31/02/2015', hinh_thuc_kien_nghi: 'huỷ', so_ky_hieu: '06/QĐ-TTg', ten_loai: 'quyet-dinh' };
    const res = validateItemValues(fields, row, { today });
    const msgs = Object.fromEntries(res.errors.map((e) => [e.field, vi(e.message, e.params)]));
    expect(msgs.ngay_ban_hanh).to.match(/phải là ngày có thật/);
    expect(msgs.hinh_thuc_kien_nghi).to.match(/phải là một trong: Đình chỉ việc thi hành; Ngưng hiệu lực/);
    expect(msgs.so_ky_hieu).to.match(/không phải văn bản quy phạm pháp luật/);
  });

  it('when the type field contradicts the symbol or the date year differs, then the docref is rejected', () => {
    let res = validateItemValues(fields, { ...goodRow(), ten_loai: 'thong-tu' }, { today });
    expect(res.errors.map((e) => e.message)).to.deep.equal(['templates.docref.type_mismatch']);
    res = validateItemValues(fields, { ...goodRow(), ngay_ban_hanh: '01/01/2016' }, { today });
    expect(res.errors.map((e) => e.message)).to.deep.equal(['templates.docref.date_mismatch']);
  });

  it('when a provincial decision is entered, then its key carries the issuer field, or else the submitting agency', () => {
    const row = { ...goodRow(), ten_loai: 'quyet-dinh', so_ky_hieu: '01/2018/QĐ-UBND', ngay_ban_hanh: '15/01/2018' };
    const own = validateItemValues(fields, row, { today, agencyName: 'Tỉnh Lâm Đồng' });
    expect((own.values.so_ky_hieu as DocRefValue).key).to.equal('1/2018/QĐ-UBND@lam-dong');
    const named = validateItemValues(fields, { ...row, co_quan_ban_hanh: 'UBND tỉnh Bạc Liêu' }, { today, agencyName: 'Tỉnh Cà Mau' });
    expect((named.values.so_ky_hieu as DocRefValue).key).to.equal('1/2018/QĐ-UBND@bac-lieu');
    const nobody = validateItemValues(fields, row, { today });
    expect(nobody.errors.map((e) => e.message)).to.deep.equal(['templates.docref.issuer_required']);
  });

  it('when numbers are written the Vietnamese way, then they are parsed', () => {
    const numberFields: TemplateField[] = [{ key: 'so_luong', label_vi: 'Số lượng', label_en: '', type: 'number', required: true, options: [], help: '' }];
    const parse = (v: unknown) => validateItemValues(numberFields, { so_luong: v }).values.so_luong;
    expect(parse('1.234')).to.equal(1234);
    expect(parse('1.234,5')).to.equal(1234.5);
    expect(parse('12,5')).to.equal(12.5);
    expect(parse(7)).to.equal(7);
    expect(parse('1.234.567')).to.equal(1234567);
    expect(parse('-3,25')).to.equal(-3.25);
    expect(validateItemValues(numberFields, { so_luong: 'mười' }).errors[0].message).to.equal('templates.items.number');
  });

  it('when a number could be read two ways (1.5, 1234.5, 1,234.5), then it is refused with the Vietnamese notation explained, not guessed', () => {
    const numberFields: TemplateField[] = [{ key: 'so_luong', label_vi: 'Số lượng', label_en: '', type: 'number', required: true, options: [], help: '' }];
    for (const v of ['1.5', '1234.5', '1,234.5', '12.34', '1.2345']) {
      const res = validateItemValues(numberFields, { so_luong: v });
      expect(res.ok, v).to.equal(false);
      expect(res.errors[0]!.message, v).to.equal('templates.items.number');
    }
  });

  it('when the template sets min, max and whole numbers only, then values outside are refused with the bound in Vietnamese notation', () => {
    const numberFields: TemplateField[] = [{ key: 'so_luong', label_vi: 'Số lượng', label_en: '', type: 'number', required: true, options: [], help: '', number: { min: 0, max: 10000, integer: true } }];
    const check = (v: unknown) => validateItemValues(numberFields, { so_luong: v });
    expect(check('1.234').values.so_luong).to.equal(1234);
    expect(check('12,5').errors[0]!.message).to.equal('templates.items.number_integer');
    expect(check('-1').errors[0]!.message).to.equal('templates.items.number_min');
    expect(check('10.001').errors[0]).to.deep.include({ message: 'templates.items.number_max', params: { label: 'Số lượng', max: '10.000' } });
  });

  it('when values carry an unknown key or are not an object, then that is an error, not silently dropped', () => {
    expect(validateItemValues(fields, { ...goodRow(), hacker: 1 }, { today }).errors.map((e) => e.field)).to.deep.equal(['hacker']);
    expect(validateItemValues(fields, [1, 2]).ok).to.equal(false);
    expect(validateItemValues(fields, { ...goodRow(), trich_yeu: { $gt: '' } }, { today }).errors[0].message).to.equal('templates.items.text');
  });

  it('when text arrives decomposed or with no-break spaces, then it is stored NFC and tidy', () => {
    const res = validateItemValues(fields, { ...goodRow(), trich_yeu: 'Quy\u00a0định  về cư trú'.normalize('NFD') }, { today });
    expect(res.values.trich_yeu).to.equal('Quy định về cư trú');
  });

  it('when a docref comes as an object with its own issuer and date, then those are used', () => {
    const res = validateItemValues(fields, { ...goodRow(), ten_loai: 'nghi-quyet', ngay_ban_hanh: '12/07/2019', so_ky_hieu: { text: '05/2019/NQ-HĐND', issuer: 'HĐND tỉnh Đắk Nông' } }, { today });
    expect(res.errors).to.deep.equal([]);
    expect((res.values.so_ky_hieu as DocRefValue).key).to.equal('5/2019/NQ-HĐND@dak-nong');
  });
});
