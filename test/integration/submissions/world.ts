import request from 'supertest';
import type { Express } from 'express';
import { installBuiltinTemplates } from '../../../src/review-templates/template.builtin.js';
import { ReviewTemplateModel } from '../../../src/review-templates/template.model.js';
import { SubmissionModel } from '../../../src/submissions/submission.model.js';
import { agencyByCode, givenAgencies, givenToken, givenUser, makeApp } from '../../factories/index.js';

/** A good row of the built-in Đề án 06 template, as an agency would type it. */
export const GOOD_ROW = {
  ten_loai: 'nghi-dinh',
  so_ky_hieu: '137/2015/NĐ-CP',
  ngay_ban_hanh: '31/12/2015',
  trich_yeu: 'Quy định chi tiết một số điều và biện pháp thi hành Luật Căn cước công dân',
  bat_cap: 'Yêu cầu nộp bản sao sổ hộ khẩu khi thông tin cư trú đã có trong Cơ sở dữ liệu quốc gia về dân cư',
  hinh_thuc_kien_nghi: 'sua-doi-bo-sung',
  noi_dung_kien_nghi: 'Bỏ yêu cầu nộp bản sao sổ hộ khẩu; khai thác thông tin từ Cơ sở dữ liệu quốc gia về dân cư',
  co_quan_chu_tri: 'Bộ Công an',
};

export const REPORT = {
  tinh_hinh_trien_khai: 'Bộ đã ban hành Kế hoạch rà soát số 12/KH-BCA ngày 10/3/2026.',
  ket_qua_ra_soat: 'Đã rà soát 120 văn bản; 12 văn bản cần sửa đổi, bổ sung.',
  danh_gia: 'Hoàn thành đúng tiến độ.',
  kien_nghi: 'Đề nghị xây dựng một nghị định sửa đổi nhiều nghị định.',
};

export interface World {
  app: Express;
  admin: string;
  rev: string;
  bca: string;
  hanoi: string;
  users: { admin: Awaited<ReturnType<typeof givenUser>>; reviewer: Awaited<ReturnType<typeof givenUser>>; bca: Awaited<ReturnType<typeof givenUser>>; hanoi: Awaited<ReturnType<typeof givenUser>> };
  campaignId: string;
  bcaSub: string;
  hanoiSub: string;
}

/** Agencies, the built-in template, an open campaign for Bộ Công an and Hà Nội, a token per role. */
export async function givenOpenCampaign(opts: { deadline?: string; app?: Express } = {}): Promise<World> {
  await givenAgencies();
  await installBuiltinTemplates();
  const template = await ReviewTemplateModel.findOne({ builtinCode: 'de-an-06' }).lean();
  const admin = await givenUser({ role: 'admin' });
  const reviewer = await givenUser({ role: 'reviewer' });
  const bca = await givenUser({ role: 'agency', agencyCode: 'bo-cong-an' });
  const hanoi = await givenUser({ role: 'agency', agencyCode: 'ha-noi' });
  const app = opts.app ?? makeApp();
  const w = {
    app,
    admin: `Bearer ${await givenToken(admin)}`,
    rev: `Bearer ${await givenToken(reviewer)}`,
    bca: `Bearer ${await givenToken(bca)}`,
    hanoi: `Bearer ${await givenToken(hanoi)}`,
    users: { admin, reviewer, bca, hanoi },
  };
  const bcaAgency = await agencyByCode('bo-cong-an');
  const hn = await agencyByCode('ha-noi');
  const created = await request(app).post('/api/v1/campaigns').set('Authorization', w.admin).send({
    title: 'Rà soát VBQPPL phục vụ Đề án 06 — đợt 1',
    template: template!._id.toString(),
    agencies: [bcaAgency._id.toString(), hn._id.toString()],
    deadline: opts.deadline ?? '31/12/2030',
    reviewers: [reviewer._id.toString()],
  });
  if (created.status !== 201) throw new Error(`campaign create: ${created.status} ${JSON.stringify(created.body)}`);
  const opened = await request(app).post(`/api/v1/campaigns/${created.body.id}/open`).set('Authorization', w.admin);
  if (opened.status !== 200) throw new Error(`campaign open: ${opened.status}`);
  const subs = await SubmissionModel.find({ campaign: created.body.id }).lean();
  const sub = (agency: typeof hn) => subs.find((s) => s.agency.equals(agency._id))!._id.toString();
  return { ...w, campaignId: created.body.id as string, bcaSub: sub(bcaAgency), hanoiSub: sub(hn) };
}

/** Fills the Bộ Công an submission with one row and a complete report through the API. */
export async function givenFilledSubmission(w: World): Promise<{ itemId: string; version: number }> {
  let res = await request(w.app).post(`/api/v1/submissions/${w.bcaSub}/items`).set('Authorization', w.bca).send({ version: 1, values: GOOD_ROW });
  if (res.status !== 201) throw new Error(`add item: ${res.status} ${JSON.stringify(res.body)}`);
  const itemId = res.body.item.id as string;
  res = await request(w.app).put(`/api/v1/submissions/${w.bcaSub}`).set('Authorization', w.bca).send({ version: res.body.version, items: [{ id: itemId, values: GOOD_ROW }], report: REPORT });
  if (res.status !== 200) throw new Error(`put: ${res.status} ${JSON.stringify(res.body)}`);
  return { itemId, version: res.body.version as number };
}
