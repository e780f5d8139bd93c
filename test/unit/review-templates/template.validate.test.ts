import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { translator } from '../../../src/i18n/index.js';
import { validateTemplateSpec } from '../../../src/review-templates/template.validate.js';
import type { TemplateSpecInput } from '../../../src/review-templates/template.schema.js';

const vi = translator('vi');

function minimal(): TemplateSpecInput {
  return {
    title: 'Mẫu thử',
    fields: [
      { key: 'so_ky_hieu', label_vi: 'Số, ký hiệu', type: 'docref', required: true },
      { key: 'kien_nghi', label_vi: 'Kiến nghị', type: 'enum', options: [{ value: 'sua-doi', label_vi: 'Sửa đổi' }] },
    ],
    appendix: { title: 'Danh mục', columns: [{ fieldKey: 'so_ky_hieu', width: 20 }, { fieldKey: 'kien_nghi' }] },
  };
}

function errorsOf(input: unknown) {
  const res = validateTemplateSpec(input);
  expect(res.ok, 'expected validation to fail').to.equal(false);
  return res.ok ? [] : res.errors;
}

describe('template spec validation', () => {
  it('when the spec is minimal and valid, then defaults are filled in and text is NFC', () => {
    const input = minimal();
    input.title = 'Mẫu thử'.normalize('NFD') + '\u00a0 2025';
    const res = validateTemplateSpec(input);
    expect(res.ok).to.equal(true);
    if (!res.ok) return;
    expect(res.spec.title).to.equal('Mẫu thử 2025');
    expect(res.spec.appendix.orientation).to.equal('landscape');
    expect(res.spec.appendix.columns[1].width).to.equal(10);
    expect(res.spec.fields[0].required).to.equal(true);
    expect(res.spec.fields[1].required).to.equal(false);
    expect(res.spec.outline).to.deep.equal([]);
  });

  it('when two fields share a key, then the second is named with both positions', () => {
    const input = minimal();
    input.fields.push({ key: 'so_ky_hieu', label_vi: 'Lặp', type: 'text' });
    const [e] = errorsOf(input);
    expect(e).to.deep.include({ field: 'fields.2.key', message: 'templates.errors.duplicate_key' });
    expect(vi(e.message, e.params)).to.equal('Mã trường “so_ky_hieu” bị trùng (trường thứ 1 và thứ 3).');
  });

  it('when an appendix column references no field, then the column is named', () => {
    const input = minimal();
    input.appendix.columns.push({ fieldKey: 'khong_co' });
    const [e] = errorsOf(input);
    expect(e.field).to.equal('appendix.columns.2.fieldKey');
    expect(vi(e.message, e.params)).to.equal('Cột thứ 3 của phụ lục tham chiếu trường “khong_co” không có trong biểu mẫu.');
  });

  it('when an enum has no options, then it says so in Vietnamese', () => {
    const input = minimal();
    input.fields[1].options = [];
    const [e] = errorsOf(input);
    expect(e.field).to.equal('fields.1.options');
    expect(vi(e.message, e.params)).to.equal('Trường kiểu danh sách chọn “Kiến nghị” cần ít nhất một lựa chọn.');
  });

  it('when a key has capitals, diacritics, spaces or is reserved, then the key format is explained', () => {
    for (const key of ['SoKyHieu', 'số_ký_hiệu', 'so ky hieu', '1abc', 'a']) {
      const input = minimal();
      input.fields[0].key = key;
      input.appendix.columns = [{ fieldKey: 'kien_nghi' }];
      const errs = errorsOf(input);
      expect(errs.map((e) => e.message), key).to.include('templates.errors.key_format');
      expect(vi('templates.errors.key_format')).to.match(/chữ thường không dấu/);
    }
    const input = minimal();
    input.fields[0].key = 'stt';
    input.appendix.columns = [{ fieldKey: 'kien_nghi' }];
    expect(errorsOf(input)[0].message).to.equal('templates.errors.key_reserved');
  });

  it('when required parts are missing or of the wrong type, then every problem is listed with its path', () => {
    const errs = errorsOf({ title: '', fields: [], appendix: { title: 'x', orientation: 'sideways', columns: [] } });
    const fields = errs.map((e) => e.field);
    expect(fields).to.include.members(['title', 'fields', 'appendix.orientation', 'appendix.columns']);
    expect(errs.find((e) => e.field === 'title')?.message).to.equal('templates.errors.title_required');
    expect(errorsOf(null)).to.have.length.greaterThan(0);
    expect(errorsOf({ ...minimal(), fields: [{ key: 'x_y', label_vi: 'X', type: 'checkbox' }] })[0].message).to.equal('templates.errors.field_type');
  });

  it('when an enum lists an option twice or a docref links to a missing field, then both are reported', () => {
    const input = minimal();
    input.fields[1].options = [{ value: 'a', label_vi: 'A' }, { value: 'a', label_vi: 'B' }];
    input.fields[0].docref = { typeField: 'ten_loai' };
    const messages = errorsOf(input).map((e) => e.message);
    expect(messages).to.include.members(['templates.errors.duplicate_option', 'templates.errors.docref_link']);
  });

  it('when a field column appears twice, or an outline has no keys, then duplicates fail and keys are generated', () => {
    const input = minimal();
    input.appendix.columns.push({ fieldKey: 'kien_nghi' });
    expect(errorsOf(input)[0].message).to.equal('templates.errors.duplicate_column');
    const ok = validateTemplateSpec({ ...minimal(), outline: [{ heading: 'I. Tình hình' }, { heading: 'II. Kết quả', guidance: 'a\r\nb' }] });
    expect(ok.ok).to.equal(true);
    if (ok.ok) expect(ok.spec.outline.map((s) => [s.key, s.guidance])).to.deep.equal([['muc_1', ''], ['muc_2', 'a\nb']]);
  });

  it('when a non-enum field carries options left over from the editor, then they are dropped', () => {
    const input = minimal();
    input.fields[0].options = [{ value: 'x', label_vi: 'X' }];
    const res = validateTemplateSpec(input);
    expect(res.ok && res.spec.fields[0].options).to.deep.equal([]);
  });
});

describe('built-in template de-an-06', () => {
  const file = path.resolve(import.meta.dirname, '../../../templates/de-an-06.json');
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;

  it('when validated by our own validator, then it passes', () => {
    const res = validateTemplateSpec(raw);
    if (!res.ok) expect.fail(JSON.stringify(res.errors));
  });

  it('then it offers the eight recommendation types with codes and Vietnamese labels', () => {
    const res = validateTemplateSpec(raw);
    if (!res.ok) return expect.fail();
    const rec = res.spec.fields.find((f) => f.key === 'hinh_thuc_kien_nghi');
    expect(rec?.options.map((o) => o.label_vi)).to.deep.equal([
      'Đình chỉ việc thi hành', 'Ngưng hiệu lực', 'Sửa đổi', 'Bổ sung', 'Sửa đổi, bổ sung', 'Thay thế', 'Bãi bỏ', 'Ban hành mới',
    ]);
  });

  it('then it has the provision-level fields, help for each field without working tags, and a legal-basis note for admins on Decree 79/2025', () => {
    const res = validateTemplateSpec(raw);
    if (!res.ok) return expect.fail();
    const keys = res.spec.fields.map((f) => f.key);
    expect(keys).to.include.members(['dieu_khoan', 'quy_dinh_hien_hanh', 'bat_cap', 'noi_dung_kien_nghi']);
    expect(res.spec.legalNote).to.include('Nghị định số 79/2025/NĐ-CP').and.include('05 biểu mẫu').and.match(/Trước khi mở đợt rà soát/);
    for (const f of res.spec.fields) {
      expect(f.help, f.key).to.be.a('string').and.have.length.above(10);
      expect(f.help, f.key).not.to.match(/\[(ND34|ĐỀ XUẤT)/);
    }
    expect(res.spec.description).not.to.match(/\[ND34\]|\[ĐỀ XUẤT\]|CHƯA được đối chiếu/);
    expect(res.spec.appendix.orientation).to.equal('landscape');
    expect(res.spec.outline).to.have.length(4);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).to.equal(text.normalize('NFC'));
  });
});

describe('reference list settings', () => {
  const base = () => JSON.parse(fs.readFileSync(new URL('../../../templates/doi-chieu-dau-viec-06.json', import.meta.url), 'utf8')) as TemplateSpecInput;

  it('when the built-in task template is validated, then it passes', () => {
    expect(validateTemplateSpec(base()).ok).to.equal(true);
  });

  it('when the answer field is also a central field, an outcome is no option and the grouping field is not an enum, then each is named', () => {
    const spec = base();
    spec.reference!.fields.push('ket_qua');
    spec.reference!.outcomes = { missing: ['chua-co'] };
    spec.groupField = 'noi_dung';
    const res = validateTemplateSpec(spec);
    expect(res.ok).to.equal(false);
    const fields = res.ok ? [] : res.errors.map((e) => `${e.field} ${e.message}`);
    expect(fields).to.include.members([
      'reference.answerField templates.errors.reference_answer_central',
      'reference.outcomes.missing templates.errors.reference_outcome',
      'groupField templates.errors.role_field',
    ]);
  });
});
