import { expect } from 'chai';
import fs from 'node:fs';
import request from 'supertest';
import { loginAs } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { givenFilledSubmission, givenOpenCampaign } from './world.js';

/** Every submission, review and notification page, in Vietnamese and in English: no raw dictionary key may reach the reader. */
const RAW_KEY = /\b(submissions|reviews|attachments|notifications)\.[a-z_]+(\.[a-z_]+)*\b/;

describe('submission and review pages in both languages', function () {
  this.timeout(120_000);
  beforeEach(resetDatabase);

  it('when each page is opened in vi and en, then it renders and shows no dictionary key', async () => {
    const w = await givenOpenCampaign();
    const { itemId } = await givenFilledSubmission(w);
    const up = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/attachments`).set('Authorization', w.bca).attach('file', fs.readFileSync('../shared/samples/docx/nd30-2020-Phuluc4.docx'), 'bao-cao.docx');
    await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', w.bca).send({ action: 'submit' }).expect(200);
    await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/transitions`).set('Authorization', w.rev).send({ action: 'start_review' }).expect(200);
    await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', w.rev).send({ itemId, text: 'Ý kiến về dòng 1' }).expect(201);
    await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/comments`).set('Authorization', w.rev).send({ attachmentId: up.body.id, paragraph: 0, text: 'Ý kiến về đoạn 1' }).expect(201);
    await request(w.app).put(`/api/v1/submissions/${w.bcaSub}/items/${itemId}/disposition`).set('Authorization', w.rev).send({ decision: 'not_accepted', explanation: 'Không phù hợp' }).expect(200);
    const agency = await loginAs(w.app, w.users.bca);
    const reviewer = await loginAs(w.app, w.users.reviewer);
    const pages: [typeof agency, string][] = [
      [agency, '/submissions'],
      ...['rows', 'report', 'files', 'send'].map((s) => [agency, `/submissions/${w.bcaSub}?step=${s}`] as [typeof agency, string]),
      [agency, '/notifications'],
      [agency, `/submissions/${w.bcaSub}/versions/1/receipt`],
      [reviewer, '/reviews'],
      ...['document', 'rows', 'report', 'comments'].map((t) => [reviewer, `/submissions/${w.bcaSub}/review?tab=${t}`] as [typeof agency, string]),
      [reviewer, `/submissions/${w.bcaSub}/versions`],
      [reviewer, `/submissions/${w.bcaSub}/diff`],
      [reviewer, `/campaigns/${w.campaignId}/search?q=ho+khau`],
    ];
    const problems: string[] = [];
    for (const lang of ['vi', 'en']) {
      for (const [s, path] of pages) {
        const res = await s.agent.get(path).set('Cookie', `rasoat.lang=${lang}`);
        const text = res.text.replace(/<[^>]+>/g, ' ');
        if (res.status !== 200) problems.push(`${lang} ${path}: ${res.status}`);
        const m = RAW_KEY.exec(text);
        if (m) problems.push(`${lang} ${path}: raw key ${m[0]}`);
        if (path === '/reviews' && !text.includes(lang === 'en' ? 'Review queue' : 'Cần xem xét')) problems.push(`${lang} ${path}: not in ${lang}`);
      }
    }
    expect(problems).to.deep.equal([]);
  });
});
