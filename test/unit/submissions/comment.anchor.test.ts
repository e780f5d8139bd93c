import { expect } from 'chai';
import { reanchor } from '../../../src/reviews/comment.anchor.js';

const v1 = [
  'Điều 1. Phạm vi điều chỉnh',
  'Nghị định này quy định về công tác văn thư.',
  'Công dân phải nộp bản sao sổ hộ khẩu khi làm thủ tục.',
  'Điều 2. Đối tượng áp dụng',
];

describe('paragraph comment re-anchoring', () => {
  it('when the quoted paragraph did not move, then the anchor stays', () => {
    expect(reanchor({ paragraph: 2, quote: 'bản sao sổ hộ khẩu' }, v1)).to.deep.equal({ paragraph: 2, outdated: false, how: 'same' });
  });

  it('when paragraphs were inserted above, then the comment follows its quote', () => {
    const v2 = ['Căn cứ Luật Tổ chức Chính phủ;', 'Theo đề nghị của Bộ trưởng;', ...v1];
    expect(reanchor({ paragraph: 2, quote: 'bản sao sổ hộ khẩu' }, v2)).to.deep.equal({ paragraph: 4, outdated: false, how: 'moved' });
  });

  it('when the quote differs only in spacing, Unicode form or tone marks, then it is still found', () => {
    const v2 = ['Điều 1.', 'Công dân  phải nộp ban sao so ho khau khi làm thủ tục.'];
    const decomposed = 'bản sao sổ hộ khẩu'.normalize('NFD');
    expect(reanchor({ paragraph: 2, quote: decomposed }, v2)).to.include({ paragraph: 1, outdated: false });
  });

  it('when the quote no longer exists, then the comment is outdated at its old place, not dropped', () => {
    const v2 = ['Điều 1. Phạm vi điều chỉnh', 'Công dân không phải xuất trình giấy tờ về cư trú.'];
    expect(reanchor({ paragraph: 2, quote: 'bản sao sổ hộ khẩu' }, v2)).to.deep.equal({ paragraph: 2, outdated: true, how: 'lost' });
  });

  it('when the quote appears twice, then the occurrence nearest the old place wins', () => {
    const v2 = ['sổ hộ khẩu', 'a', 'b', 'c', 'sổ hộ khẩu'];
    expect(reanchor({ paragraph: 4, quote: 'sổ hộ khẩu' }, v2).paragraph).to.equal(4);
    expect(reanchor({ paragraph: 1, quote: 'sổ hộ khẩu' }, v2).paragraph).to.equal(0);
  });
});
