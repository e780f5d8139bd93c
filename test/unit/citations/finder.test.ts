import { expect } from 'chai';
import { findCitations } from '../../../src/citations/index.js';

const today = new Date('2026-11-30');
const find = (text: string) => findCitations(text, { today });

describe('citation finder', () => {
  it('when a citation is typed decomposed (NFD), then it reads as the composed one', () => {
    const nfc = 'Căn cứ Nghị quyết số 05/2019/NQ-HĐND ngày 12 tháng 7 năm 2019 của Hội đồng nhân dân tỉnh Đắk Nông.';
    const [a] = find(nfc);
    const [b] = find(nfc.normalize('NFD'));
    expect(b).to.deep.include({ text: a.text, number: '05/2019/NQ-HĐND', date: '2019-07-12', issuer: 'Hội đồng nhân dân tỉnh Đắk Nông' });
  });

  it('when a text is typed without diacritics or in capitals, then the number, date and issuer are still read', () => {
    const [a] = find('Nghi dinh so 137/2015/ND-CP ngay 31/12/2015 cua Chinh phu quy dinh chi tiet.');
    expect(a).to.include({ number: '137/2015/NĐ-CP', date: '2015-12-31', typeCode: 'nghi-dinh', title: 'quy dinh chi tiet' });
    const [b] = find('THÔNG TƯ SỐ 38/2018/TT-BTC NGÀY 20 THÁNG 4 NĂM 2018 CỦA BỘ TRƯỞNG BỘ TÀI CHÍNH');
    expect(b).to.include({ number: '38/2018/TT-BTC', issuer: 'BỘ TRƯỞNG BỘ TÀI CHÍNH' });
  });

  it('when a law is cited by name and elsewhere with its number, then the named mention takes that number', () => {
    const found = find('Luật Bình đẳng giới số 73/2006/QH 11 được áp dụng; Luật Bình đẳng giới quy định rõ.');
    expect(found.map((m) => [m.kind, m.number, m.name])).to.deep.equal([
      ['numbered', '73/2006/QH11', 'Bình đẳng giới'],
      ['named', '73/2006/QH11', 'Bình đẳng giới'],
    ]);
    expect(found[1].resolvedFrom).to.equal(0);
  });

  it('when a citation is amended by others, then they are separate mentions linked to it', () => {
    const found = find('Nghị định số 01/2015/NĐ-CP được sửa đổi, bổ sung bởi Nghị định số 12/2018/NĐ-CP và Nghị định số 07/2023/NĐ-CP.');
    expect(found.map((m) => m.parent)).to.deep.equal([null, 0, 0]);
  });

  it('when a text carries its own number, then that number is not a citation', () => {
    const found = find('Số: 125/BC-UBND\nBáo cáo số 125/BC-UBND được gửi kèm Công văn số 4305/BTP-KTrVB.');
    expect(found.map((m) => m.number)).to.deep.equal(['4305/BTP-KTrVB']);
  });

  it('when words only look like citations, then nothing is found', () => {
    expect(find('Luật này và Luật sư; mức phí 50.000 đồng/ha/năm; Mẫu số 01/CLĐ; Hiến pháp và pháp luật.')).to.deep.equal([]);
  });

  it('when old and name-only forms are used, then they are found', () => {
    const found = find('Căn cứ Hiến pháp năm 2013; Bộ luật Dân sự 2015; Nghị định 43-CP ngày 29/8/1993; Quyết định 06/QĐ-TTg.');
    expect(found.map((m) => [m.typeName, m.number ?? m.name, m.year])).to.deep.equal([
      ['Hiến pháp', null, 2013],
      ['Bộ luật', 'Dân sự', 2015],
      ['Nghị định', '43-CP', 1993],
      ['Quyết định', '06/QĐ-TTg', null],
    ]);
  });
});
