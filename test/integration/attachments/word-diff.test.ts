import { expect } from 'chai';
import request from 'supertest';
import { diffParagraphs } from '../../../src/submissions/word.diff.js';
import { loginAs } from '../../factories/index.js';
import { buildDocx, heading, para, run } from '../../fixtures/word-comments.js';
import { resetDatabase } from '../../support/hooks.js';
import { givenFilledSubmission, givenOpenCampaign, type World } from '../submissions/world.js';

const edition = (paragraphs: string[]) => buildDocx({ body: [heading('BÁO CÁO KẾT QUẢ RÀ SOÁT'), ...paragraphs.map((p) => para(run(p)))].join('') });

const FIRST = [
  'Bộ đã rà soát 120 văn bản quy phạm pháp luật.',
  'Kiến nghị bãi bỏ 12 văn bản.',
  'Đề nghị Bộ Tư pháp tổng hợp.',
  'Phụ lục kèm theo.',
];
const SECOND = [
  'Kèm theo Công văn số 15/BCA-V03.',
  'Bộ đã rà soát 120 văn bản quy phạm pháp luật.',
  'Kiến nghị sửa đổi, bổ sung 12 văn bản.',
  'Đề nghị Bộ Tư pháp tổng hợp.',
];

async function twoVersions(w: World): Promise<void> {
  await givenFilledSubmission(w);
  const tr = (auth: string, action: string, message?: string) => request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', auth).send({ action, message });
  const up = (file: Buffer) => request(w.app).post(`/api/v1/submissions/${w.bcaSub}/attachments`).set('Authorization', w.bca).attach('file', file, 'Báo cáo rà soát.docx');
  expect((await up(edition(FIRST))).status).to.equal(201);
  expect((await tr(w.bca, 'submit')).status).to.equal(200);
  expect((await tr(w.rev, 'start_review')).status).to.equal(200);
  expect((await tr(w.rev, 'request_changes', 'Sửa kiến nghị.')).status).to.equal(200);
  expect((await up(edition(SECOND))).status).to.equal(201);
  expect((await tr(w.bca, 'submit')).status).to.equal(200);
}

describe('version diff: changes inside a replaced Word file', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('aligns paragraphs and compares the replaced ones word by word', () => {
    const d = diffParagraphs(FIRST, SECOND);
    expect(d.unchanged).to.equal(2);
    expect(d.changes.map((c) => [c.op, c.from, c.to])).to.deep.equal([
      ['added', null, 0],
      ['changed', 1, 2],
      ['removed', 3, null],
    ]);
    const changed = d.changes[1]!.ops;
    expect(changed.filter((o) => o.op === 'del').map((o) => o.text.trim())).to.deep.equal(['bãi bỏ']);
    expect(changed.filter((o) => o.op === 'add').map((o) => o.text.trim())).to.deep.equal(['sửa đổi, bổ sung']);
    expect(diffParagraphs(FIRST, FIRST).changes).to.deep.equal([]);
  });

  it('when the agency replaced its Word report between two versions, then the API and the diff page show the changed paragraphs beside the rows and report; another agency gets 404', async () => {
    const w = await givenOpenCampaign();
    await twoVersions(w);
    const res = await request(w.app).get(`/api/v1/submissions/${w.bcaSub}/diff?from=1&to=2`).set('Authorization', w.rev);
    expect(res.status).to.equal(200);
    const files = res.body.diff.wordFiles as { from: { name: string }; to: { id: string }; paragraphs: { unchanged: number; changes: { op: string; from: number | null; to: number | null }[] } }[];
    expect(files).to.have.length(1);
    expect(files[0]!.from.name).to.equal('Báo cáo rà soát.docx');
    // Paragraph numbers are the reader's: the heading is paragraph 0.
    expect(files[0]!.paragraphs.changes.map((c) => [c.op, c.from, c.to])).to.deep.equal([
      ['added', null, 1],
      ['changed', 2, 3],
      ['removed', 4, null],
    ]);
    expect(files[0]!.paragraphs.unchanged).to.equal(3);

    const s = await loginAs(w.app, w.users.reviewer);
    const page = await s.agent.get(`/submissions/${w.bcaSub}/diff?from=1&to=2`);
    expect(page.status).to.equal(200);
    const section = page.text.slice(page.text.indexOf('id="word-files"'));
    expect(section).to.include('Thay đổi trong tệp Word').and.include('Đoạn 3 → 4').and.include('<del>bãi bỏ </del>').and.include('<ins>sửa đổi, bổ sung </ins>');
    expect(section).to.include(`file=${files[0]!.to.id}`);

    expect((await request(w.app).get(`/api/v1/submissions/${w.bcaSub}/diff?from=1&to=2`).set('Authorization', w.hanoi)).status).to.equal(404);
  });
});
