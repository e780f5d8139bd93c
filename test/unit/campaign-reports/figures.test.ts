import { expect } from 'chai';
import { campaignFigures, issuingLevel, summaryParagraphs, UNKNOWN_LEVEL } from '../../../src/campaign-reports/campaign-report.figures.js';
import type { ReportItem } from '../../../src/reports/report.types.js';

const item = (docKey: string | undefined, recommendation: string, agencyName: string, type: string): ReportItem => ({
  id: `${docKey}-${agencyName}`, agencyName, docKey, recommendation, values: { ten_loai: type },
});

describe('campaign figures for the MoJ report', () => {
  it('when a document key is read, then its issuing level follows its symbol', () => {
    expect(issuingLevel('68/2020/QH14')).to.equal('Quốc hội');
    expect(issuingLevel('137/2015/NĐ-CP')).to.equal('Chính phủ');
    expect(issuingLevel('06/2022/QĐ-TTg')).to.equal('Thủ tướng Chính phủ');
    expect(issuingLevel('55/2021/TT-BCA')).to.equal('Bộ, cơ quan ngang bộ');
    expect(issuingLevel('25/2019/QĐ-UBND@ha-noi')).to.equal('Chính quyền địa phương');
    expect(issuingLevel(undefined)).to.equal(UNKNOWN_LEVEL);
  });

  it('when the rows are counted, then totals follow the recommendation order, agencies on time and late are told apart, and the summary quotes them', () => {
    const deadline = new Date('2026-06-30T16:59:59Z');
    const f = campaignFigures({
      items: [item('137/2015/NĐ-CP', 'sua-doi', 'Bộ Công an', 'Nghị định'), item('137/2015/NĐ-CP', 'bai-bo', 'Bộ Y tế', 'Nghị định'), item('25/2019/QĐ-UBND@ha-noi', 'sua-doi', 'Ủy ban nhân dân Thành phố Hà Nội', 'Quyết định')],
      agencies: [
        { kind: 'ministry', submittedAt: new Date('2026-06-01T00:00:00Z'), rows: 1 },
        { kind: 'ministry', submittedAt: new Date('2026-07-02T00:00:00Z'), rows: 1 },
        { kind: 'province', submittedAt: new Date('2026-06-30T10:00:00Z'), rows: 1 },
        { kind: 'province', rows: 0 },
      ],
      deadline,
      recommendationTypes: [{ code: 'sua-doi', label: 'Sửa đổi' }, { code: 'bai-bo', label: 'Bãi bỏ' }],
      typeField: 'ten_loai',
      kindOf: (i) => (i.agencyName.startsWith('Ủy ban') ? 'province' : 'ministry'),
    });
    expect(f).to.deep.include({ agencies: 4, sent: 3, onTime: 2, late: 1, notSent: 1, rows: 3, documents: 2 });
    expect(f.byRecommendation).to.deep.equal([{ label: 'Sửa đổi', count: 2 }, { label: 'Bãi bỏ', count: 1 }]);
    expect(f.byDocumentType).to.deep.equal([{ label: 'Nghị định', count: 2 }, { label: 'Quyết định', count: 1 }]);
    expect(f.byLevel).to.deep.equal([{ label: 'Chính phủ', count: 2 }, { label: 'Chính quyền địa phương', count: 1 }]);
    expect(f.byAgencyKind).to.deep.equal([{ label: 'Bộ, cơ quan ngang bộ', count: 2 }, { label: 'Ủy ban nhân dân cấp tỉnh', count: 1 }]);
    expect(summaryParagraphs(f, 'participation', 'Phụ lục I')[0]).to.include('4 cơ quan').and.include('2 cơ quan gửi đúng hạn, 1 cơ quan gửi muộn');
    const results = summaryParagraphs(f, 'results', 'Phụ lục I');
    expect(results[0]).to.equal('Các cơ quan đã kiến nghị xử lý 3 quy định tại 2 văn bản quy phạm pháp luật, trong đó: sửa đổi 2; bãi bỏ 1.');
    expect(results.at(-1)).to.equal('Danh mục chi tiết tại Phụ lục I kèm theo Báo cáo này.');
    expect(summaryParagraphs(f, 'other', 'Phụ lục I')).to.deep.equal([]);
  });
});
