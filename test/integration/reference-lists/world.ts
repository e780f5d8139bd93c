import ExcelJS from 'exceljs';
import type { Express } from 'express';
import { expect } from 'chai';
import request from 'supertest';
import { AgencyModel, REVIEWING_AGENCY_CODE, type Agency } from '../../../src/agencies/agency.model.js';
import { installBuiltinTemplates } from '../../../src/review-templates/template.builtin.js';
import { ReviewTemplateModel } from '../../../src/review-templates/template.model.js';
import { SubmissionModel } from '../../../src/submissions/submission.model.js';
import { givenAgencies, givenToken, givenUser, makeApp } from '../../factories/index.js';

/** The Decision 06 task list as tests build it: the repository ships no real one. */
export const HEADERS = ['Mã đầu việc', 'Nội dung đầu việc', 'Nhóm tiện ích, nhiệm vụ', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Thời hạn được giao', 'Sản phẩm dự kiến'];
const GROUPS = ['Nhóm tiện ích phục vụ giải quyết thủ tục hành chính và cung cấp dịch vụ công trực tuyến', 'Nhóm tiện ích phục vụ phát triển công dân số', 'Nhiệm vụ hoàn thiện thể chế, chính sách'];

export interface Task {
  code: string;
  lead: number;
  coordinating: number[];
  /** dd/mm/yyyy */
  deadline: string;
}

/** 20 tasks led by each of the 10 agencies; every fifth also has a coordinating agency; a third are past due. */
export function taskList(agencies: number, perAgency: number): Task[] {
  const tasks: Task[] = [];
  for (let i = 0; i < agencies * perAgency; i++) {
    tasks.push({ code: `DV-${String(i + 1).padStart(3, '0')}`, lead: i % agencies, coordinating: i % 5 === 0 ? [(i + 1) % agencies] : [], deadline: i % 3 === 0 ? '30/06/2024' : '31/12/2030' });
  }
  return tasks;
}

/** A workbook in the documented layout; agencies named by code for even rows and by name (without diacritics) for odd ones. */
export async function taskWorkbook(tasks: readonly Task[], agencies: readonly Agency[], extraRows: (string | Date)[][] = []): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh mục');
  ws.addRow(HEADERS);
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
  tasks.forEach((t, i) => {
    const nameOf = (a: Agency) => (i % 2 === 0 ? a.code : fold(a.nameVi));
    ws.addRow([t.code, `Xây dựng, ban hành văn bản triển khai đầu việc ${t.code}`, GROUPS[i % GROUPS.length]!, nameOf(agencies[t.lead]!), t.coordinating.map((c) => agencies[c]!.nameVi).join('; '), t.deadline, 'Văn bản quy phạm pháp luật']);
  });
  for (const r of extraRows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const REPORT = {
  tinh_hinh_trien_khai: 'Đã giao Vụ Pháp chế chủ trì đối chiếu.',
  ket_qua_doi_chieu: 'Đã đối chiếu toàn bộ đầu việc được giao.',
  nhiem_vu_con_thieu: 'Còn thiếu một số văn bản hướng dẫn.',
  kien_nghi: 'Đề nghị gia hạn thời hạn ban hành.',
};

export interface TaskWorld {
  app: Express;
  admin: string;
  reviewer: string;
  agencies: Agency[];
  /** Bearer header per agency, same order as `agencies`. */
  tokens: string[];
  users: Awaited<ReturnType<typeof givenUser>>[];
  campaignId: string;
  subs: string[];
}

export async function givenTaskCampaign(n = 10, opts: { templateId?: string } = {}): Promise<TaskWorld> {
  await givenAgencies();
  await installBuiltinTemplates();
  const template = opts.templateId ?? (await ReviewTemplateModel.findOne({ builtinCode: 'doi-chieu-dau-viec-06' }).lean())!._id.toString();
  const agencies = await AgencyModel.find({ code: { $ne: REVIEWING_AGENCY_CODE } }).sort({ order: 1 }).limit(n).lean<Agency[]>();
  const admin = await givenUser({ role: 'admin' });
  const reviewer = await givenUser({ role: 'reviewer' });
  const users = await Promise.all(agencies.map((a) => givenUser({ role: 'agency', agencyCode: a.code })));
  const tokens = await Promise.all(users.map(async (u) => `Bearer ${await givenToken(u)}`));
  const app = makeApp();
  const auth = `Bearer ${await givenToken(admin)}`;
  const created = await request(app).post('/api/v1/campaigns').set('Authorization', auth).send({
    title: 'Rà soát, đối chiếu đầu việc theo Quyết định 06 — đợt 1', template, agencies: agencies.map((a) => a._id.toString()), deadline: '31/12/2030', reviewers: [reviewer._id.toString()],
  });
  if (created.status !== 201) throw new Error(`campaign create: ${created.status} ${JSON.stringify(created.body)}`);
  const opened = await request(app).post(`/api/v1/campaigns/${created.body.id}/open`).set('Authorization', auth);
  if (opened.status !== 200) throw new Error(`campaign open: ${opened.status}`);
  const all = await SubmissionModel.find({ campaign: created.body.id }).lean();
  const subs = agencies.map((a) => all.find((s) => s.agency.equals(a._id))!._id.toString());
  return { app, admin: auth, reviewer: `Bearer ${await givenToken(reviewer)}`, agencies, tokens, users, campaignId: created.body.id as string, subs };
}

export async function importTasks(w: TaskWorld, file: Buffer) {
  return request(w.app).post(`/api/v1/campaigns/${w.campaignId}/reference-rows/import`).set('Authorization', w.admin).attach('file', file, 'dau-viec.xlsx');
}

export type Given = { id: string; position: number; values: Record<string, unknown>; role: string; answer: { rev: number; values: Record<string, unknown> } | null };

export async function given(w: TaskWorld, k: number): Promise<Given[]> {
  const res = await request(w.app).get(`/api/v1/submissions/${w.subs[k]}/reference-rows`).set('Authorization', w.tokens[k]!);
  expect(res.status).to.equal(200);
  return res.body.items as Given[];
}

/** The agency's answer to a row: a fixed pattern so the reports' counts are known. */
export function answerFor(position: number): Record<string, string> {
  switch (position % 4) {
    case 0: return { ket_qua: 'con-thieu', van_ban_du_kien: `Thông tư hướng dẫn đầu việc số ${position}`, thoi_han_du_kien: '31/12/2026' };
    case 1: return { ket_qua: 'da-co', ghi_chu: 'Đã có trong kế hoạch năm 2025' };
    case 2: return { ket_qua: 'dang-thuc-hien' };
    default: return { ket_qua: 'khong-ap-dung', ghi_chu: 'Không thuộc chức năng, nhiệm vụ của cơ quan' };
  }
}

export async function answerAll(w: TaskWorld, k: number): Promise<Given[]> {
  const rows = await given(w, k);
  for (const r of rows) {
    const res = await request(w.app).put(`/api/v1/submissions/${w.subs[k]}/reference-rows/${r.id}`).set('Authorization', w.tokens[k]!).send({ rev: r.answer?.rev ?? 0, values: answerFor(r.position) });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
  }
  return rows;
}

