import { Document, Packer, Paragraph } from 'docx';
import { buildPdf } from '../../fixtures/pdf-builder.js';

/** A ministry's report in Word, citing three documents (one already a row of the world's GOOD_ROW). */
export async function reportDocx(): Promise<Buffer> {
  const lines = [
    'BỘ CÔNG AN',
    'Số: 15/BC-BCA',
    'BÁO CÁO Kết quả rà soát văn bản quy phạm pháp luật',
    'Căn cứ Nghị định số 137/2015/NĐ-CP ngày 31/12/2015 của Chính phủ quy định chi tiết một số điều và biện pháp thi hành Luật Căn cước công dân;',
    'Bộ Công an đã rà soát Thông tư số 55/2021/TT-BCA ngày 15/5/2021 của Bộ trưởng Bộ Công an quy định chi tiết một số điều của Luật Cư trú; thông tư này còn yêu cầu sổ hộ khẩu.',
    'Thông tư 55/2021/TT-BCA cần được sửa đổi, bổ sung trong năm 2026.',
    'Luật Cư trú năm 2020 đã bãi bỏ sổ hộ khẩu từ ngày 01/01/2023.',
  ];
  const doc = new Document({ sections: [{ children: lines.map((text) => new Paragraph({ text })) }] });
  return Buffer.from(await Packer.toBuffer(doc));
}

/** The same kind of report as a PDF with a text layer, typed without diacritics. */
export function reportPdf(): Buffer {
  return buildPdf([
    'BO CONG AN',
    'So: 16/BC-BCA',
    'Can cu Nghi dinh so 104/2022/ND-CP ngay 21/12/2022 cua Chinh phu sua doi, bo sung mot so dieu;',
    'Quyet dinh so 06/QD-TTg ngay 06/01/2022 cua Thu tuong Chinh phu.',
  ]);
}
