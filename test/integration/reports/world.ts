import type { Express } from 'express';
import request from 'supertest';
import { installBuiltinTemplates } from '../../../src/review-templates/template.builtin.js';
import { ReviewTemplateModel } from '../../../src/review-templates/template.model.js';
import { SubmissionModel } from '../../../src/submissions/submission.model.js';
import { agencyByCode, givenAgencies, givenToken, givenUser, loginAs, makeApp, type Session } from '../../factories/index.js';

// A campaign of the built-in Đề án 06 template with three agencies that sent their reports:
// Bộ Công an and Bộ Y tế both propose changes to Nghị định 137/2015/NĐ-CP; a reviewer
// commented on rows (one thread answered by the agency) and recorded dispositions.

const row = <T extends Record<string, string>>(o: T) => ({
  bat_cap: 'Thủ tục còn yêu cầu giấy tờ mà thông tin đã có trong Cơ sở dữ liệu quốc gia về dân cư',
  co_quan_chu_tri: 'Bộ Công an',
  ...o,
});

export const ROWS = {
  bcaDecree: row({
    ten_loai: 'nghi-dinh', so_ky_hieu: '137/2015/NĐ-CP', ngay_ban_hanh: '31/12/2015',
    trich_yeu: 'Quy định chi tiết một số điều và biện pháp thi hành Luật Căn cước công dân',
    hinh_thuc_kien_nghi: 'sua-doi-bo-sung', noi_dung_kien_nghi: 'Bỏ yêu cầu nộp bản sao sổ hộ khẩu tại Điều 5',
  }),
  bcaLaw: row({
    ten_loai: 'luat', so_ky_hieu: '68/2020/QH14', ngay_ban_hanh: '13/11/2020', trich_yeu: 'Cư trú',
    hinh_thuc_kien_nghi: 'sua-doi', noi_dung_kien_nghi: 'Sửa Điều 22 về đăng ký tạm trú trực tuyến',
  }),
  bytDecree: row({
    ten_loai: 'nghi-dinh', so_ky_hieu: '137/2015/NĐ-CP', ngay_ban_hanh: '31/12/2015',
    trich_yeu: 'Quy định chi tiết một số điều và biện pháp thi hành Luật Căn cước công dân',
    hinh_thuc_kien_nghi: 'bai-bo', noi_dung_kien_nghi: 'Bãi bỏ khoản 3 Điều 7 về giấy khám sức khỏe kèm sổ hộ khẩu',
    co_quan_chu_tri: 'Bộ Y tế',
  }),
  hnCircular: row({
    ten_loai: 'thong-tu', so_ky_hieu: '55/2021/TT-BCA', ngay_ban_hanh: '15/05/2021',
    trich_yeu: 'Quy định chi tiết một số điều và biện pháp thi hành Luật Cư trú',
    hinh_thuc_kien_nghi: 'thay-the', noi_dung_kien_nghi: 'Thay thế mẫu CT01 bằng biểu mẫu điện tử trên Cổng dịch vụ công',
  }),
};

const REPORT = (who: string) => ({
  tinh_hinh_trien_khai: `${who} đã ban hành kế hoạch rà soát.`,
  ket_qua_ra_soat: `${who} đã rà soát toàn bộ văn bản thuộc phạm vi.`,
  danh_gia: 'Hoàn thành đúng tiến độ.',
  kien_nghi: 'Đề nghị sửa đổi theo danh mục kèm theo.',
});

export const COMMENTS = {
  onBcaDecree: 'Đề nghị nêu rõ căn cứ bỏ yêu cầu sổ hộ khẩu.',
  bcaReply: 'Căn cứ Luật Cư trú năm 2020, sổ hộ khẩu không còn giá trị từ 01/01/2023.',
  general: 'Báo cáo cần bổ sung số liệu văn bản đã rà soát.',
  onBytDecree: 'Khoản 3 Điều 7 đã được sửa bởi Nghị định 104/2022/NĐ-CP, đề nghị kiểm tra lại.',
};

export const EXPLANATIONS = { bytDecree: 'Quy định đã được sửa đổi; chỉ tiếp thu phần bãi bỏ giấy khám sức khỏe.' };

type User = Awaited<ReturnType<typeof givenUser>>;

export interface ReportWorld {
  app: Express;
  auth: { admin: string; rev: string; bca: string; byt: string; hanoi: string };
  users: { admin: User; reviewer: User; bca: User; byt: User; hanoi: User };
  campaignId: string;
  campaignTitle: string;
  subs: { bca: string; byt: string; hanoi: string };
  items: { bcaDecree: string; bcaLaw: string; bytDecree: string; hnCircular: string };
}

async function ok(res: request.Response, status: number, what: string): Promise<request.Response> {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

export async function givenReviewedCampaign(opts: { app?: Express } = {}): Promise<ReportWorld> {
  await givenAgencies();
  await installBuiltinTemplates();
  const template = await ReviewTemplateModel.findOne({ builtinCode: 'de-an-06' }).lean();
  const users = {
    admin: await givenUser({ role: 'admin' }),
    reviewer: await givenUser({ role: 'reviewer', name: 'Nguyễn Thị Hạnh' }),
    bca: await givenUser({ role: 'agency', agencyCode: 'bo-cong-an', name: 'Trần Văn Bình' }),
    byt: await givenUser({ role: 'agency', agencyCode: 'bo-y-te' }),
    hanoi: await givenUser({ role: 'agency', agencyCode: 'ha-noi' }),
  };
  const auth = {
    admin: `Bearer ${await givenToken(users.admin)}`,
    rev: `Bearer ${await givenToken(users.reviewer)}`,
    bca: `Bearer ${await givenToken(users.bca)}`,
    byt: `Bearer ${await givenToken(users.byt)}`,
    hanoi: `Bearer ${await givenToken(users.hanoi)}`,
  };
  const app = opts.app ?? makeApp();
  const api = (auth: string) => ({
    post: (path: string, body: object = {}) => request(app).post(`/api/v1${path}`).set('Authorization', auth).send(body),
    put: (path: string, body: object) => request(app).put(`/api/v1${path}`).set('Authorization', auth).send(body),
  });
  const agencies = await Promise.all(['bo-cong-an', 'bo-y-te', 'ha-noi'].map(agencyByCode));
  const campaignTitle = 'Rà soát VBQPPL phục vụ Đề án 06 — đợt 1';
  const created = await ok(
    await api(auth.admin).post('/campaigns', {
      title: campaignTitle,
      template: template!._id.toString(),
      agencies: agencies.map((a) => a._id.toString()),
      deadline: '31/12/2030',
      reviewers: [users.reviewer._id.toString()],
    }),
    201,
    'create campaign',
  );
  const campaignId = created.body.id as string;
  await ok(await api(auth.admin).post(`/campaigns/${campaignId}/open`), 200, 'open');
  const found = await SubmissionModel.find({ campaign: campaignId }).lean();
  const subOf = (i: number) => found.find((s) => s.agency.equals(agencies[i]!._id))!._id.toString();
  const subs = { bca: subOf(0), byt: subOf(1), hanoi: subOf(2) };

  async function fill(sub: string, who: string, a: string, rows: Record<string, string>[]): Promise<string[]> {
    const ids: string[] = [];
    let version = 1;
    for (const values of rows) {
      const res = await ok(await api(a).post(`/submissions/${sub}/items`, { version, values }), 201, `add row for ${who}`);
      ids.push(res.body.item.id as string);
      version = res.body.version as number;
    }
    await ok(await api(a).put(`/submissions/${sub}`, { version, items: ids.map((id, i) => ({ id, values: rows[i] })), report: REPORT(who) }), 200, `report of ${who}`);
    await ok(await api(a).post(`/submissions/${sub}/transitions`, { action: 'submit' }), 200, `submit ${who}`);
    return ids;
  }
  const [bcaDecree, bcaLaw] = await fill(subs.bca, 'Bộ Công an', auth.bca, [ROWS.bcaDecree, ROWS.bcaLaw]);
  const [bytDecree] = await fill(subs.byt, 'Bộ Y tế', auth.byt, [ROWS.bytDecree]);
  const [hnCircular] = await fill(subs.hanoi, 'Thành phố Hà Nội', auth.hanoi, [ROWS.hnCircular]);
  const items = { bcaDecree: bcaDecree!, bcaLaw: bcaLaw!, bytDecree: bytDecree!, hnCircular: hnCircular! };

  for (const sub of [subs.bca, subs.byt]) await ok(await api(auth.rev).post(`/submissions/${sub}/transitions`, { action: 'start_review' }), 200, 'start review');
  const thread = await ok(await api(auth.rev).post(`/submissions/${subs.bca}/comments`, { text: COMMENTS.onBcaDecree, itemId: items.bcaDecree }), 201, 'comment');
  await ok(await api(auth.bca).post(`/submissions/${subs.bca}/comments`, { text: COMMENTS.bcaReply, parentId: thread.body.id }), 201, 'reply');
  await ok(await api(auth.rev).post(`/submissions/${subs.bca}/comments`, { text: COMMENTS.general }), 201, 'general comment');
  await ok(await api(auth.rev).post(`/submissions/${subs.byt}/comments`, { text: COMMENTS.onBytDecree, itemId: items.bytDecree }), 201, 'comment byt');
  await ok(await api(auth.rev).put(`/submissions/${subs.bca}/items/${items.bcaDecree}/disposition`, { decision: 'accepted' }), 200, 'disposition');
  await ok(await api(auth.rev).put(`/submissions/${subs.byt}/items/${items.bytDecree}/disposition`, { decision: 'partly_accepted', explanation: EXPLANATIONS.bytDecree }), 200, 'disposition byt');
  return { app, auth, users, campaignId, campaignTitle, subs, items };
}

export const sessionOf = (w: ReportWorld, who: keyof ReportWorld['users']): Promise<Session> => loginAs(w.app, w.users[who]);

/** Collects a binary response body (supertest buffers only text and JSON by itself). */
export function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
  res.on('error', (e: Error) => cb(e, Buffer.alloc(0)));
}
