import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { parseDocRef, type DocRef, type DocRefOptions } from '../../../src/review-templates/docref.js';
import { findCitations, formatCitation } from '../../../src/review-templates/citation.js';

const today = new Date('2026-06-01T00:00:00Z');

function ok(input: string, opts: DocRefOptions = {}): DocRef {
  const res = parseDocRef(input, { today, ...opts });
  if (!res.ok) throw new Error(`expected “${input}” to parse, got ${res.error.code}: ${res.error.vi}`);
  return res.ref;
}

describe('docref: parsing legal document numbers', () => {
  // Real numbers, from ../shared/domain and the sample texts in ../shared/samples/texts.
  const accepted: [string, Partial<DocRef>][] = [
    ['137/2015/NĐ-CP', { number: '137', year: 2015, symbol: 'NĐ-CP', typeCode: 'nghi-dinh', issuer: 'Chính phủ', rank: 5 }],
    ['104/2022/NĐ-CP', { number: '104', year: 2022, typeCode: 'nghi-dinh', key: '104/2022/NĐ-CP' }],
    ['59/2020/QH14', { number: '59', year: 2020, symbol: 'QH14', typeCode: 'luat', issuer: 'Quốc hội', rank: 2 }],
    ['64/2025/QH15', { year: 2025, typeCode: 'luat', rank: 2 }],
    ['45/2019/QH14', { typeCode: 'luat', typeCandidates: ['luat', 'bo-luat', 'nghi-quyet-quoc-hoi'] }],
    ['55/2021/TT-BCA', { number: '55', symbol: 'TT-BCA', typeCode: 'thong-tu', issuer: 'Bộ Công an', issuerHead: 'Bộ trưởng Bộ Công an', issuerAgency: 'bo-cong-an', rank: 8 }],
    ['19/2025/QĐ-TTg', { number: '19', year: 2025, symbol: 'QĐ-TTg', typeCode: 'quyet-dinh-ttg', issuer: 'Thủ tướng Chính phủ', rank: 6, key: '19/2025/QĐ-TTG' }],
    ['02/2020/UBTVQH14', { number: '02', symbol: 'UBTVQH14', typeCode: 'phap-lenh', issuer: 'Ủy ban Thường vụ Quốc hội', rank: 3, key: '2/2020/UBTVQH14' }],
    ['07/2025/L-CTN', { typeCode: 'lenh-ctn', issuer: 'Chủ tịch nước', rank: 4 }],
    ['14/2016/TTLT-BTTTT-BKHCN', { typeCode: 'thong-tu-lien-tich', issuerSymbols: ['BTTTT', 'BKHCN'], issuer: 'Bộ Thông tin và Truyền thông, Bộ Khoa học và Công nghệ', rank: 8 }],
    ['89/2016/TTLT-BTC-BCT', { typeCode: 'thong-tu-lien-tich', issuerSymbols: ['BTC', 'BCT'] }],
    ['84/2013/TTLT-BTC-BCT-BGTVT', { typeCode: 'thong-tu-lien-tich', issuerSymbols: ['BTC', 'BCT', 'BGTVT'] }],
    ['05/2019/NQ-HĐND', { typeCode: 'nghi-quyet-hdnd-tinh', local: true, rank: 9, key: null, issuer: null }],
    ['01/2018/QĐ-UBND', { typeCode: 'quyet-dinh-ubnd-tinh', local: true, rank: 9 }],
    ['56/2024/TT-BTC', { typeCode: 'thong-tu', issuer: 'Bộ Tài chính' }],
    ['19/2025/TT-BNNMT', { typeCode: 'thong-tu', issuer: 'Bộ Nông nghiệp và Môi trường' }],
    ['11/2024/TT-BTNMT', { typeCode: 'thong-tu', issuer: 'Bộ Tài nguyên và Môi trường' }],
    ['50/2024/TT-NHNN', { typeCode: 'thong-tu', issuerHead: 'Thống đốc Ngân hàng Nhà nước Việt Nam' }],
    ['15/2025/TT-BKHCN', { typeCode: 'thong-tu', issuer: 'Bộ Khoa học và Công nghệ' }],
    ['03/2026/TT-VKSTC', { typeCode: 'thong-tu-vksndtc', issuer: 'Viện trưởng Viện kiểm sát nhân dân tối cao', rank: 8 }],
    ['02/2022/NQ-HĐTP', { typeCode: 'nghi-quyet-hdtp', rank: 7 }],
    ['03/2006/NQ-HĐTP', { typeCode: 'nghi-quyet-hdtp', year: 2006 }],
    ['06/2008/PL-UBTVQH12', { typeCode: 'phap-lenh', year: 2008 }],
    ['751/2019/UBTVQH14', { typeCode: 'phap-lenh', typeCandidates: ['phap-lenh', 'nghi-quyet-ubtvqh'] }],
    ['202/2025/QH15', { year: 2025, symbol: 'QH15' }],
    ['48/2011/QĐ-TTg', { typeCode: 'quyet-dinh-ttg', year: 2011 }],
    ['17/2024/TT-BCA', { typeCode: 'thong-tu', issuerAgency: 'bo-cong-an' }],
    ['32/2001/QH10', { typeCode: 'luat', year: 2001 }],
  ];
  for (const [input, expected] of accepted) {
    it(`when given “${input}”, then it is accepted with the right parts`, () => {
      const ref = ok(input);
      expect(ref.normative).to.equal(true);
      for (const [k, v] of Object.entries(expected)) expect(ref[k as keyof DocRef], k).to.deep.equal(v);
    });
  }

  const rejected: [string, string][] = [
    ['', 'empty'],
    ['Nghị định', 'format'],
    ['06/QĐ-TTg', 'not_normative'],
    ['4305/BTP-KTrVB', 'not_normative'],
    ['137/NĐ-CP/2015', 'year_position'],
    ['137/15/NĐ-CP', 'year'],
    ['137/2099/NĐ-CP', 'year'],
    ['0/2015/NĐ-CP', 'number'],
    ['137/2015/XYZ-CP', 'unknown_symbol'],
    ['59/2020/QH13', 'legislature'],
    ['12/2026/TT-BTNMT', 'issuer_period'],
    ['Thông tư số 137/2015/NĐ-CP', 'type_mismatch'],
    ['137/2015/NĐ-CP và còn nữa', 'trailing'],
    ['Nghị định số 137/2015/NĐ-CP ngày 31/02/2015', 'date'],
    ['Nghị định số 137/2015/NĐ-CP ngày 31/12/2016', 'date_mismatch'],
    ['123456/2015/NĐ-CP', 'number'],
  ];
  for (const [input, code] of rejected) {
    it(`when given “${input}”, then it is rejected (${code}) with a Vietnamese message`, () => {
      const res = parseDocRef(input, { today });
      expect(res.ok).to.equal(false);
      if (res.ok) return;
      expect(res.error.code).to.equal(code);
      expect(res.error.vi).to.match(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i);
      expect(res.error.en).to.be.a('string').and.not.equal(res.error.vi);
    });
  }

  it('when a number has no year and non-normative documents are allowed, then it is flagged, not rejected', () => {
    const ref = ok('06/QĐ-TTg', { allowNonNormative: true });
    expect(ref).to.include({ normative: false, typeCode: 'quyet-dinh-ca-biet', year: null, issuer: 'Thủ tướng Chính phủ', key: '6/QĐ-TTG' });
    expect(ok('4305/BTP-KTrVB', { allowNonNormative: true })).to.include({ typeCode: 'cong-van', issuer: 'Bộ Tư pháp', symbol: 'BTP-KTrVB' });
  });

  it('when the input has NBSP, Ð (U+00D0), lower case, spaces, a "số" prefix or ASCII D, then it normalizes to one form', () => {
    const variants = [
      '137/2015/NĐ-CP', 'số 137/2015/NĐ-CP', 'Số: 137/2015/NĐ-CP', '137 / 2015 / NĐ - CP', '137/2015/N\u00D0-CP',
      '137/2015/nđ-cp', '137\u00a0/2015/NĐ\u2013CP', '137/2015/ND-CP', '137/2015/NĐCP', 'Nghị định số 137/2015/NĐ-CP',
      '137/2015/N\u0110-CP'.normalize('NFD'), ' Nghị định số 137/2015/NĐ-CP ngày 31/12/2015 của Chính phủ. ',
    ];
    for (const v of variants) {
      const ref = ok(v);
      expect(ref.text, v).to.equal('137/2015/NĐ-CP');
      expect(ref.key, v).to.equal('137/2015/NĐ-CP');
      expect(ref.text.normalize('NFC')).to.equal(ref.text);
    }
    expect(ok('19/2025/qđ-ttg').symbol).to.equal('QĐ-TTg');
  });

  it('when the type is written before the number, then an ambiguous symbol takes that type', () => {
    expect(ok('Nghị quyết số 202/2025/QH15').typeCode).to.equal('nghi-quyet-quoc-hoi');
    expect(ok('Bộ luật số 45/2019/QH14').typeCode).to.equal('bo-luat');
    expect(ok('Luật Doanh nghiệp số 59/2020/QH14')).to.include({ typeCode: 'luat', titleHint: 'Doanh nghiệp' });
    expect(ok('751/2019/UBTVQH14', { type: 'Nghị quyết' }).typeCode).to.equal('nghi-quyet-ubtvqh');
    expect(ok('59/2020/QH14', { type: 'bo-luat' }).typeCode).to.equal('bo-luat');
  });

  it('when two agencies enter the same central document differently, then both get one key', () => {
    expect(ok('05/2022/NĐ-CP').key).to.equal(ok('Nghị định số 5/2022/nđ-cp').key);
  });

  it('when HĐND/UBND documents come from different provinces, then the keys differ; same province written differently → same key', () => {
    const a = ok('05/2019/NQ-HĐND', { issuer: 'HĐND tỉnh Đắk Nông' });
    const b = ok('5/2019/NQ-HDND', { issuer: 'Hội đồng nhân dân tỉnh Đắk Nông' });
    const c = ok('05/2019/NQ-HĐND', { issuer: 'dak-nong' });
    const other = ok('05/2019/NQ-HĐND', { issuer: 'HĐND Thành phố Hà Nội' });
    expect(a.key).to.equal('5/2019/NQ-HĐND@dak-nong');
    expect(b.key).to.equal(a.key);
    expect(c.key).to.equal(a.key);
    expect(other.key).to.equal('5/2019/NQ-HĐND@ha-noi');
    expect(a.issuer).to.equal('HĐND tỉnh Đắk Nông');
    expect(ok('01/2018/QĐ-UBND').warnings.map((w) => w.code)).to.deep.equal(['issuer_required']);
    expect(ok('03/2025/QĐ-UBND', { issuer: 'UBND phường Bến Nghé' }).typeCode).to.equal('quyet-dinh-ubnd-xa');
  });
});

describe('docref: names, abbreviations and subject clauses', () => {
  it('when an abbreviated type comes before the number, then it is read as that type', () => {
    expect(ok('QĐ 06/QĐ-TTg', { allowNonNormative: true })).to.include({ text: '06/QĐ-TTg', typeCode: 'quyet-dinh-ca-biet', normative: false });
    expect(ok('NĐ 137/2015/NĐ-CP')).to.include({ typeCode: 'nghi-dinh' });
  });

  it('when the Constitution or a code is cited by name and year, then it parses with a key of its own', () => {
    expect(ok('Hiến pháp năm 2013')).to.include({ typeCode: 'hien-phap', year: 2013, rank: 1, key: 'hien-phap:2013', number: '' });
    expect(ok('Bộ luật Dân sự 2015')).to.include({ typeCode: 'bo-luat', year: 2015, titleHint: 'Dân sự', key: 'bo-luat:dan-su:2015', text: 'Bộ luật Dân sự năm 2015' });
    expect(ok('bộ luật dân sự năm 2015').key).to.equal('bo-luat:dan-su:2015');
  });

  it('when a name has no year, then it is still refused: it could be any of its versions', () => {
    const res = parseDocRef('Bộ luật Dân sự', { today });
    expect(res.ok).to.equal(false);
  });

  it('when the number is followed directly by its subject clause, then the clause is kept as the title', () => {
    expect(ok('137/2015/NĐ-CP quy định chi tiết một số điều của Luật Đất đai')).to.include({
      text: '137/2015/NĐ-CP', titleHint: 'quy định chi tiết một số điều của Luật Đất đai',
    });
    expect(ok('Nghị định số 137/2015/NĐ-CP ngày 31/12/2015 của Chính phủ quy định chi tiết')).to.include({ date: '2015-12-31', titleHint: 'quy định chi tiết' });
  });
});

describe('docref: citations', () => {
  it('when formatting a decree with date and title, then it reads as in legal texts', () => {
    const ref = ok('137/2015/NĐ-CP', { date: '31/12/2015' });
    expect(formatCitation(ref, { title: 'Quy định chi tiết một số điều và biện pháp thi hành Luật Căn cước công dân' })).to.equal(
      'Nghị định số 137/2015/NĐ-CP ngày 31/12/2015 của Chính phủ quy định chi tiết một số điều và biện pháp thi hành Luật Căn cước công dân',
    );
    expect(formatCitation(ok('55/2021/TT-BCA'), { date: '2021-05-15', title: 'cư trú' })).to.equal(
      'Thông tư số 55/2021/TT-BCA ngày 15/05/2021 của Bộ trưởng Bộ Công an về cư trú',
    );
  });

  it('when formatting a law, then its name follows the type and no issuer is added', () => {
    expect(formatCitation(ok('59/2020/QH14'), { title: 'Doanh nghiệp', date: '17/6/2020' })).to.equal('Luật Doanh nghiệp số 59/2020/QH14 ngày 17/06/2020');
  });

  it('when formatting a local document, then the issuer given is used', () => {
    const ref = ok('05/2019/NQ-HĐND', { issuer: 'Hội đồng nhân dân tỉnh Đắk Nông' });
    expect(formatCitation(ref)).to.equal('Nghị quyết số 05/2019/NQ-HĐND của Hội đồng nhân dân tỉnh Đắk Nông');
  });

  it('when scanning the real sample texts, then normative citations of many types are found and parsed', () => {
    const dir = path.resolve(import.meta.dirname, '../../../../shared/samples/texts');
    if (!fs.existsSync(dir)) return;
    const types = new Set<string>();
    let count = 0;
    for (const f of fs.readdirSync(dir)) {
      const found = findCitations(fs.readFileSync(path.join(dir, f), 'utf8'), { today });
      count += found.length;
      for (const c of found) types.add(c.ref.typeCode);
    }
    expect(count).to.be.greaterThan(200);
    expect([...types]).to.include.members(['luat', 'nghi-dinh', 'thong-tu', 'quyet-dinh-ttg', 'thong-tu-lien-tich', 'phap-lenh', 'nghi-quyet-hdtp']);
  });

  it('when a citation has a date in words, then the date is kept with the reference', () => {
    const [c] = findCitations('Căn cứ Nghị định số 137/2015/NĐ-CP ngày 31 tháng 12 năm 2015 của Chính phủ;', { today });
    expect(c.ref).to.include({ text: '137/2015/NĐ-CP', date: '2015-12-31', typeCode: 'nghi-dinh' });
  });
});
