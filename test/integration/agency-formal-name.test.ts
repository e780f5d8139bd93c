import { expect } from 'chai';
import request from 'supertest';
import { AgencyModel } from '../../src/agencies/agency.model.js';
import { seedAgencies } from '../../src/agencies/agency.service.js';
import { AuditEventModel } from '../../src/audit/audit.model.js';
import { resetDatabase } from '../support/hooks.js';
import { agencyByCode, givenAgencies, givenUser, loginAs, makeApp, type Session } from '../factories/index.js';

async function post(s: Session, path: string, body: Record<string, string>): Promise<request.Response> {
  const token = await s.csrf();
  return s.agent.post(path).type('form').send({ ...body, _csrf: token });
}

describe('agencies: the formal name reports write', () => {
  beforeEach(async () => {
    await resetDatabase();
    await givenAgencies();
  });

  it('when the agencies are seeded, then every one has its formal name: a province its People\'s Committee, a ministry its name', async () => {
    expect(await AgencyModel.countDocuments({ formalNameVi: { $exists: true } })).to.equal(56);
    expect((await agencyByCode('ha-noi')).formalNameVi).to.equal('Ủy ban nhân dân Thành phố Hà Nội');
    expect((await agencyByCode('bo-cong-an')).formalNameVi).to.equal('Bộ Công an');
    const provinces = await AgencyModel.find({ kind: 'province' }).lean();
    for (const p of provinces) expect(p.formalNameVi, p.nameVi).to.match(/^Ủy ban nhân dân (tỉnh|Thành phố) /);
    expect(provinces.find((p) => p.nameVi === 'Tỉnh Lâm Đồng')?.formalNameVi).to.equal('Ủy ban nhân dân tỉnh Lâm Đồng');
  });

  it('when agencies were stored before formal names, then the next start gives them one and keeps what an admin wrote', async () => {
    await AgencyModel.updateMany({}, { $unset: { formalNameVi: 1 } });
    await AgencyModel.updateOne({ code: 'bo-cong-an' }, { $set: { formalNameVi: 'Bộ Công an (Văn phòng)' } });
    await seedAgencies();
    expect((await agencyByCode('ha-noi')).formalNameVi).to.equal('Ủy ban nhân dân Thành phố Hà Nội');
    expect((await agencyByCode('bo-cong-an')).formalNameVi).to.equal('Bộ Công an (Văn phòng)');
  });

  it('when an admin edits the formal name, then it is stored in NFC and audited; emptied, reports fall back to the name; too long is 422 with input kept', async () => {
    const s = await loginAs(makeApp(), await givenUser({ role: 'admin' }));
    const hn = await agencyByCode('ha-noi');
    const form = await s.agent.get(`/admin/agencies/${hn._id}`);
    expect(form.text).to.include('name="formalNameVi"').and.include('value="Ủy ban nhân dân Thành phố Hà Nội"');
    const typed = 'Ủy ban nhân dân Thủ đô Hà Nội'.normalize('NFD');
    expect((await post(s, `/admin/agencies/${hn._id}`, { nameVi: hn.nameVi, nameEn: hn.nameEn, formalNameVi: typed })).status).to.equal(302);
    expect((await AgencyModel.findById(hn._id).lean())!.formalNameVi).to.equal('Ủy ban nhân dân Thủ đô Hà Nội');
    const event = await AuditEventModel.findOne({ action: 'agency.rename', 'object.id': String(hn._id) }).lean();
    expect(JSON.stringify(event)).to.include('Ủy ban nhân dân Thủ đô Hà Nội');

    expect((await post(s, `/admin/agencies/${hn._id}`, { nameVi: hn.nameVi, nameEn: hn.nameEn, formalNameVi: '' })).status).to.equal(302);
    expect((await AgencyModel.findById(hn._id).lean())!).to.not.have.property('formalNameVi');

    const long = 'Ủy ban '.repeat(60);
    const bad = await post(s, `/admin/agencies/${hn._id}`, { nameVi: hn.nameVi, nameEn: hn.nameEn, formalNameVi: long });
    expect(bad.status).to.equal(422);
    expect(bad.text).to.include('id="f-formalNameVi-error"').and.include(long.trim().slice(0, 40));
  });
});
