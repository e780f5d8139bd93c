import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { anchorParagraphs, renderDocx } from '../../../src/attachments/docx.render.js';
import { inspectZip } from '../../../src/attachments/zip.guard.js';
import { TooLarge, UnsupportedType } from '../../../src/http/errors.js';
import { lyingDocx, zipBombDocx } from '../../fixtures/zip-builder.js';

const SAMPLES = path.resolve('../shared/samples');
const sample = (name: string) => fs.readFileSync(path.join(SAMPLES, name));

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('Word rendering with paragraph anchors (real files from ../shared/samples)', function () {
  this.timeout(30_000);

  it('when the decree 30/2020 is rendered, then every paragraph has an anchor and its Vietnamese text is intact', async () => {
    const r = await renderDocx(sample('docx/nd30-2020-30_2020_ND_CP.docx'));
    expect(r.paragraphs.length).to.be.greaterThan(200);
    expect(r.paragraphs).to.include('Số: 30/2020/NĐ-CP');
    expect(r.paragraphs).to.include('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(r.paragraphs.some((p) => p.includes('Nghị định này quy định về công tác văn thư'))).to.equal(true);
    for (let i = 0; i < r.paragraphs.length; i += 50) expect(r.html).to.include(`data-p="${i}" id="p-${i}"`);
    expect(r.paragraphs.every((p) => p === p.normalize('NFC'))).to.equal(true);
  });

  it('when each appendix of the decree is rendered, then anchors are dense, unique and in order', async () => {
    for (const n of [1, 2, 3, 4, 5, 6]) {
      const r = await renderDocx(sample(`docx/nd30-2020-Phuluc${n}.docx`));
      const anchors = [...r.html.matchAll(/data-p="(\d+)"/g)].map((m) => Number(m[1]));
      expect(anchors).to.deep.equal(anchors.map((_, i) => i));
      expect(anchors.length).to.equal(r.paragraphs.length);
      expect(r.paragraphs[0]).to.match(/^Phụ lục [IV]+$/);
    }
  });

  it('when the same file is rendered twice, then the anchors are the same (stable)', async () => {
    const a = await renderDocx(sample('docx/nd30-2020-Phuluc2.docx'));
    const b = await renderDocx(sample('docx/nd30-2020-Phuluc2.docx'));
    expect(a.paragraphs).to.deep.equal(b.paragraphs);
    expect(a.html).to.equal(b.html);
  });

  it('when given the legacy Word 97 file, then it refuses with a clear message', async () => {
    const err = await rejection(renderDocx(sample('negative/legacy-word-97.doc')));
    expect(err).to.be.instanceOf(UnsupportedType);
    expect((err as UnsupportedType).messageKey).to.equal('attachments.errors.legacy_doc');
  });

  it('when given a zip bomb declaring gigabytes, then it refuses from the directory alone, without inflating', async () => {
    const bomb = zipBombDocx();
    expect(bomb.length).to.be.lessThan(64 * 1024);
    const before = process.memoryUsage().rss;
    const err = await rejection(renderDocx(bomb));
    expect(err).to.be.instanceOf(TooLarge);
    expect(process.memoryUsage().rss - before).to.be.lessThan(100 * 1024 * 1024);
  });

  it('when the directory lies about sizes, then inflation stops and the file is refused', async () => {
    const err = await rejection(inspectZip(lyingDocx()));
    expect(err).to.satisfy((e: unknown) => e instanceof TooLarge || e instanceof UnsupportedType);
  });

  it('strips scripts and keeps text in nested blocks with the innermost anchor', () => {
    const r = anchorParagraphs('<ul><li>Một<ul><li>Hai &amp; ba</li></ul></li></ul><p>Bốn<br />năm</p>');
    expect(r.paragraphs).to.deep.equal(['Một', 'Hai & ba', 'Bốn năm']);
    expect(r.html).to.include('<li data-p="1" id="p-1">Hai &amp; ba</li>');
  });
});

describe('Word rendering: images', () => {
  it('when a Word file has an image without a description, then it is rendered with an empty alt (decorative), never without one', async () => {
    const { renderDocx } = await import('../../../src/attachments/docx.render.js');
    const fsm = await import('node:fs');
    for (const f of fsm.readdirSync('../shared/samples/docx')) {
      const r = await renderDocx(fsm.readFileSync(`../shared/samples/docx/${f}`));
      for (const img of r.html.match(/<img[^>]*>/g) ?? []) expect(img, f).to.match(/\salt="/);
    }
  });
});
