import { expect } from 'chai';
import fs from 'node:fs';
import { detectType, sanitizeFileName } from '../../../src/attachments/attachment.service.js';
import { UnsupportedType } from '../../../src/http/errors.js';

describe('attachments: names and types from content', () => {
  it('sanitizes names: no path, no reserved characters, NFC, the extension of the real type', () => {
    expect(sanitizeFileName('..\\..\\C:/Windows/báo cáo<1>.docx', 'docx')).to.equal('báo cáo1.docx');
    expect(sanitizeFileName('Phu\u0323 lu\u0323c.exe', 'pdf')).to.equal('Phụ lục.pdf');
    expect(sanitizeFileName('   ', 'xlsx')).to.equal('tai-lieu.xlsx');
    expect([...sanitizeFileName('a'.repeat(400), 'pdf')].length).to.equal(144);
  });

  it('detects Word, PDF and Excel by their bytes and refuses anything else', async () => {
    const docx = await detectType(fs.readFileSync('../shared/samples/docx/nd30-2020-Phuluc5.docx'));
    expect(docx.type).to.equal('docx');
    expect(docx.docx!.paragraphs[0]).to.equal('Phụ lục V');
    expect((await detectType(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n'))).type).to.equal('pdf');
    // Without LibreOffice an old binary file cannot be converted (with it, see legacy-doc.test.ts).
    const soffice = process.env.SOFFICE;
    process.env.SOFFICE = '';
    try {
      for (const [bytes, key] of [
        [fs.readFileSync('../shared/samples/negative/legacy-word-97.doc'), 'attachments.errors.legacy_office'],
        [Buffer.from('<html><script>alert(1)</script></html>'), 'attachments.errors.type_unknown'],
        [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), 'attachments.errors.type'],
      ] as const) {
        try {
          await detectType(bytes);
          expect.fail(`expected ${key}`);
        } catch (err) {
          expect(err).to.be.instanceOf(UnsupportedType);
          expect((err as UnsupportedType).messageKey).to.equal(key);
        }
      }
    } finally {
      if (soffice === undefined) delete process.env.SOFFICE;
      else process.env.SOFFICE = soffice;
    }
  });
});
