import { expect } from 'chai';
import { diffText } from '../../../src/submissions/text.diff.js';
import { diffSnapshots, type Snapshot } from '../../../src/submissions/version.diff.js';

const v1: Snapshot = {
  items: [
    { id: 'a', values: { so_ky_hieu: { input: '137/2015/NĐ-CP', text: '137/2015/NĐ-CP', key: '137/2015/NĐ-CP', typeCode: 'nghi-dinh', number: '137', year: 2015, symbol: 'NĐ-CP', issuer: 'Chính phủ', normative: true, rank: 5 }, hinh_thuc: 'sua-doi', bat_cap: 'Yêu cầu nộp bản sao sổ hộ khẩu' } },
    { id: 'b', values: { so_ky_hieu: '55/2021/TT-BCA', hinh_thuc: 'bai-bo', bat_cap: 'Trùng lặp' } },
  ],
  report: { ket_qua: 'Đã rà soát 120 văn bản, trong đó 12 văn bản cần sửa đổi.', danh_gia: 'Không đổi.' },
  attachments: [{ id: 'f1', name: 'bao-cao.docx', sha256: 'aa', size: 10, type: 'docx' }],
};

const v2: Snapshot = {
  items: [
    { id: 'a', values: { so_ky_hieu: { input: '137/2015/NĐ-CP', text: '137/2015/NĐ-CP', key: '137/2015/NĐ-CP', typeCode: 'nghi-dinh', number: '137', year: 2015, symbol: 'NĐ-CP', issuer: 'Chính phủ', normative: true, rank: 5 }, hinh_thuc: 'sua-doi-bo-sung', bat_cap: 'Yêu cầu nộp bản sao sổ hộ khẩu, sổ tạm trú' } },
    { id: 'c', values: { so_ky_hieu: '59/2020/QH14', hinh_thuc: 'ban-hanh-moi', bat_cap: 'Mới' } },
  ],
  report: { ket_qua: 'Đã rà soát 125 văn bản, trong đó 12 văn bản cần sửa đổi.', danh_gia: 'Không đổi.' },
  attachments: [{ id: 'f2', name: 'bao-cao.docx', sha256: 'bb', size: 11, type: 'docx' }],
};

describe('version diff', () => {
  it('when rows were added, removed and edited, then each appears once with the changed fields only', () => {
    const d = diffSnapshots(v1, v2, { fieldOrder: ['so_ky_hieu', 'hinh_thuc', 'bat_cap'] });
    expect(d.items.added.map((i) => i.id)).to.deep.equal(['c']);
    expect(d.items.removed.map((i) => i.id)).to.deep.equal(['b']);
    expect(d.items.changed).to.have.length(1);
    expect(d.items.changed[0]!.changes.map((c) => c.field)).to.deep.equal(['hinh_thuc', 'bat_cap']);
    const batCap = d.items.changed[0]!.changes[1]!;
    expect(batCap.ops.filter((o) => o.op === 'add').map((o) => o.text.trim())).to.deep.equal(['khẩu, sổ tạm trú']);
    expect(batCap.ops.filter((o) => o.op === 'eq').map((o) => o.text).join('')).to.equal('Yêu cầu nộp bản sao sổ hộ ');
    expect(d.changed).to.equal(true);
  });

  it('when a report section changed one number, then only that word is marked', () => {
    const d = diffSnapshots(v1, v2);
    const ketQua = d.sections.find((s) => s.key === 'ket_qua')!;
    expect(ketQua.changed).to.equal(true);
    expect(ketQua.ops.filter((o) => o.op === 'del').map((o) => o.text.trim())).to.deep.equal(['120']);
    expect(ketQua.ops.filter((o) => o.op === 'add').map((o) => o.text.trim())).to.deep.equal(['125']);
    expect(d.sections.find((s) => s.key === 'danh_gia')!.changed).to.equal(false);
  });

  it('compares files by hash', () => {
    const d = diffSnapshots(v1, v2);
    expect(d.attachments.added.map((a) => a.sha256)).to.deep.equal(['bb']);
    expect(d.attachments.removed.map((a) => a.sha256)).to.deep.equal(['aa']);
  });

  it('when nothing changed, then the diff says so', () => {
    expect(diffSnapshots(v1, v1).changed).to.equal(false);
  });

  it('joins back to the new text and handles very long texts without a quadratic blow-up', () => {
    const a = Array.from({ length: 6000 }, (_, i) => `từ${i}`).join(' ');
    const b = Array.from({ length: 6000 }, (_, i) => `chữ${i}`).join(' ');
    const ops = diffText(a, b);
    expect(ops.filter((o) => o.op !== 'del').map((o) => o.text).join('')).to.equal(b);
  });
});
