import { expect } from 'chai';
import fs from 'node:fs';
import request from 'supertest';
import { AttachmentModel } from '../../../src/attachments/attachment.model.js';
import { resetDatabase } from '../../support/hooks.js';
import { REPORT, givenOpenCampaign } from './world.js';

const DOCX = fs.readFileSync('../shared/samples/docx/nd30-2020-30_2020_ND_CP.docx');

describe('search in reports and attached files (API)', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when a Word file is uploaded and a report saved, then both are found without diacritics, by phrase, and only by those who may see them', async () => {
    const w = await givenOpenCampaign();
    const up = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/attachments`).set('Authorization', w.bca).attach('file', DOCX, 'Nghị định 30.docx');
    expect(up.status).to.equal(201);
    const stored = await AttachmentModel.findById(up.body.id).select('+text +searchText').lean();
    expect(stored!.text).to.include('công tác văn thư');
    expect(stored!.searchText).to.include('cong tac van thu');
    const put = await request(w.app).put(`/api/v1/submissions/${w.bcaSub}`).set('Authorization', w.bca).send({ version: 1, items: [], report: { ...REPORT, danh_gia: 'Hoàn thành đúng tiến độ; còn vướng mắc khi đồng bộ VNeID.' } });
    expect(put.status).to.equal(200);
    const search = (auth: string, q: string) => request(w.app).get(`/api/v1/campaigns/${w.campaignId}/documents/search?q=${encodeURIComponent(q)}`).set('Authorization', auth);

    const file = await search(w.rev, '"cong tac van thu"');
    expect(file.status).to.equal(200);
    expect(file.body.items.map((i: { kind: string; attachment: string }) => [i.kind, i.attachment])).to.deep.equal([['file', up.body.id]]);
    expect(file.body.items[0].excerpt).to.match(/công tác văn thư/i);
    const report = await search(w.rev, 'dong bo vneid');
    expect(report.body.items.map((i: { kind: string; submission: string }) => [i.kind, i.submission])).to.deep.equal([['report', w.bcaSub]]);
    expect((await search(w.rev, '"vneid dong bo"')).body.items).to.deep.equal([]);
    // Hà Nội sees neither Bộ Công an's report nor its file.
    expect((await search(w.hanoi, 'dong bo vneid')).body.items).to.deep.equal([]);
    expect((await search(w.hanoi, 'cong tac van thu')).body.items).to.deep.equal([]);
    const page = await request(w.app).get(`/campaigns/${w.campaignId}/search`);
    expect(page.status).to.be.oneOf([302, 401]);
  });
});
