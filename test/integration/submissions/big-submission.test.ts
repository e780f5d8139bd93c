import { expect } from 'chai';
import request from 'supertest';
import { SubmissionModel } from '../../../src/submissions/submission.model.js';
import { rowsOf } from '../../factories/index.js';
import { resetDatabase, testDatabase } from '../../support/hooks.js';
import { GOOD_ROW, REPORT, givenOpenCampaign } from './world.js';

const row = (i: number) => ({ ...GOOD_ROW, so_ky_hieu: `${(i % 300) + 1}/2015/NĐ-CP`, bat_cap: `Bất cập số ${i}: ${'thủ tục còn yêu cầu giấy tờ bản giấy; '.repeat(4)}`, hinh_thuc_kien_nghi: i % 3 ? 'sua-doi-bo-sung' : 'bai-bo' });

describe('big submissions and compressed answers', function () {
  this.timeout(300_000);
  beforeEach(resetDatabase);

  it('when an agency PUTs its whole submission with 5,000 rows (megabytes of JSON), then all are stored in order, counted, and sent back compressed', async () => {
    const w = await givenOpenCampaign();
    const items = Array.from({ length: 5000 }, (_, i) => ({ values: row(i) }));
    const body = JSON.stringify({ version: 1, items, report: REPORT });
    expect(body.length).to.be.greaterThan(2_000_000);

    const res = await request(w.app).put(`/api/v1/submissions/${w.bcaSub}`).set('Authorization', w.bca).set('Accept-Encoding', 'gzip').set('Content-Type', 'application/json').send(body);

    expect(res.status, JSON.stringify(res.body).slice(0, 300)).to.equal(200);
    expect(res.headers['content-encoding']).to.equal('gzip');
    expect(res.body.items).to.have.length(5000);
    const rows = await rowsOf(w.bcaSub);
    expect(rows).to.have.length(5000);
    expect(rows[4999]!.values.bat_cap).to.match(/^Bất cập số 4999:/);
    const stored = (await SubmissionModel.findById(w.bcaSub).lean())!;
    expect(stored.itemCount).to.equal(5000);
    expect(stored.recommendationCounts).to.deep.equal({ 'bai-bo': 1667, 'sua-doi-bo-sung': 3333 });
  });

  it('when 5,001 rows are sent, then 422 names the limit and nothing is stored; without a token the large body is not read', async () => {
    const w = await givenOpenCampaign();
    const items = Array.from({ length: 5001 }, (_, i) => ({ values: row(i) }));
    const over = await request(w.app).put(`/api/v1/submissions/${w.bcaSub}`).set('Authorization', w.bca).send({ version: 1, items });
    expect(over.status).to.equal(422);
    expect(over.body.error.details[0].field).to.equal('items');
    expect(await rowsOf(w.bcaSub)).to.have.length(0);
    const anonymous = await request(w.app).put(`/api/v1/submissions/${w.bcaSub}`).send({ version: 1, items });
    expect(anonymous.status).to.equal(413);
  });

  it('when a page or JSON is asked with gzip accepted, then it comes compressed; /healthz answers from the observed state', async () => {
    const w = await givenOpenCampaign();
    const json = await request(w.app).get('/api/v1/agencies?limit=100').set('Authorization', w.rev).set('Accept-Encoding', 'gzip');
    expect(json.status).to.equal(200);
    expect(json.headers['content-encoding']).to.equal('gzip');
    const page = await request(w.app).get('/login').set('Accept-Encoding', 'gzip');
    expect(page.headers['content-encoding']).to.equal('gzip');
    expect(page.text).to.include('<html');
    const health = await request(w.app).get('/healthz');
    expect(health.status).to.equal(200);
    expect(health.body).to.deep.equal({ status: 'ok', db: testDatabase().kind });
  });
});
