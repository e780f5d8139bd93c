import { expect } from 'chai';
import request from 'supertest';
import { givenAgencies, givenToken, givenUser, makeApp } from '../../factories/index.js';
import { resetDatabase } from '../../support/hooks.js';
import { body, cells, dataTables, rows, text, unzip } from '../../unit/reports/docx-reader.js';
import { binary } from '../reports/world.js';
import { givenTaskCampaign } from './world.js';

/** A task template built by hand, as an admin would: no document field at all. */
function taskTemplate(extra: Record<string, unknown>) {
  return {
    title: 'Theo dõi nhiệm vụ',
    outline: [],
    fields: [
      { key: 'noi_dung', label_vi: 'Nội dung nhiệm vụ', type: 'text', required: true },
      { key: 'nhom', label_vi: 'Nhóm nhiệm vụ', type: 'enum', required: true, options: [{ value: 'a', label_vi: 'Nhóm A' }, { value: 'b', label_vi: 'Nhóm B' }] },
      { key: 'tinh_trang', label_vi: 'Tình trạng', type: 'enum', required: true, options: [{ value: 'xong', label_vi: 'Đã xong' }, { value: 'chua', label_vi: 'Chưa xong' }] },
    ],
    appendix: { title: 'Danh mục nhiệm vụ', columns: [{ fieldKey: 'noi_dung' }, { fieldKey: 'tinh_trang' }] },
    ...extra,
  };
}

async function consolidatedText(extra: Record<string, unknown>): Promise<{ all: string; tables: string[][][] }> {
  await givenAgencies();
  const app = makeApp();
  const admin = `Bearer ${await givenToken(await givenUser({ role: 'admin' }))}`;
  const created = await request(app).post('/api/v1/templates').set('Authorization', admin).send(taskTemplate(extra));
  expect(created.status, JSON.stringify(created.body)).to.equal(201);
  expect((await request(app).post(`/api/v1/templates/${created.body.id}/publish`).set('Authorization', admin)).status).to.equal(200);
  const w = await givenTaskCampaign(1, { templateId: created.body.id });
  let version = 1;
  for (const [noi_dung, nhom, tinh_trang] of [['Nhiệm vụ một', 'b', 'xong'], ['Nhiệm vụ hai', 'a', 'chua'], ['Nhiệm vụ ba', 'a', 'xong']]) {
    const res = await request(w.app).post(`/api/v1/submissions/${w.subs[0]}/items`).set('Authorization', w.tokens[0]!).send({ version, values: { noi_dung, nhom, tinh_trang } });
    expect(res.status).to.equal(201);
    version = res.body.version;
  }
  expect((await request(w.app).post(`/api/v1/submissions/${w.subs[0]}/transitions`).set('Authorization', w.tokens[0]!).send({ action: 'submit' })).status).to.equal(200);
  const res = await request(w.app).get(`/api/v1/campaigns/${w.campaignId}/reports/consolidated-appendix.docx`).set('Authorization', w.admin).buffer(true).parse(binary);
  expect(res.status).to.equal(200);
  const doc = body(await unzip(res.body as Buffer));
  return { all: text(doc), tables: dataTables(doc).map((t) => rows(t).map(cells)) };
}

describe('reports of a template without a document field', function () {
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('when it declares a grouping and a recommendation field, then the consolidated appendix groups by that field and totals by it, with nothing about documents', async () => {
    const { all, tables } = await consolidatedText({ groupField: 'nhom', recommendationField: 'tinh_trang' });
    expect(all).to.not.contain('Kiến nghị ban hành mới');
    expect(all).to.not.contain('Chưa xác định hình thức xử lý');
    expect(tables[0]!.filter((r) => r.length === 2).map((r) => r[1])).to.deep.equal(['Nhóm A', 'Nhóm B']);
    expect(tables[1]).to.deep.equal([['STT', 'Tình trạng', 'Số dòng'], ['1', 'Đã xong', '2'], ['2', 'Chưa xong', '1'], ['', 'Tổng cộng', '3']]);
  });

  it('when it declares neither, then rows are listed without groups and there are no document actions at 0', async () => {
    const { all, tables } = await consolidatedText({});
    expect(all).to.not.contain('Kiến nghị ban hành mới');
    expect(all).to.not.contain('Bãi bỏ');
    expect(tables).to.have.length(1);
    expect(tables[0]!.slice(1).map((r) => r[0])).to.deep.equal(['1', '2', '3']);
  });
});
