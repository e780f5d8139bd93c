// A national campaign built through the app's own services (so every row, count, audit
// event and notification is what the app itself makes), from a seeded PRNG.
import { Types } from "mongoose";
import { AgencyModel, type Agency } from "../../src/agencies/agency.model.js";
import { seedAgencies } from "../../src/agencies/agency.service.js";
import { toActor } from "../../src/auth/actor.factory.js";
import { CampaignInputSchema } from "../../src/campaigns/campaign.schema.js";
import { createCampaign, openCampaign } from "../../src/campaigns/campaign.service.js";
import type { Actor, SystemActor } from "../../src/http/actor.js";
import { ReviewTemplateModel } from "../../src/review-templates/template.model.js";
import { installBuiltinTemplates } from "../../src/review-templates/template.builtin.js";
import { addComment } from "../../src/reviews/comment.service.js";
import { setDisposition } from "../../src/reviews/disposition.service.js";
import { transition } from "../../src/reviews/transition.service.js";
import { CommentModel } from "../../src/reviews/comment.model.js";
import { DispositionModel } from "../../src/reviews/disposition.model.js";
import { recountSubmission } from "../../src/submissions/item.counts.js";
import { listItems } from "../../src/submissions/item.service.js";
import { replaceSubmission } from "../../src/submissions/submission.edit.js";
import { SubmissionModel } from "../../src/submissions/submission.model.js";
import { UserModel } from "../../src/users/user.model.js";
import { createUser } from "../../src/users/user.service.js";

const COMMENT = "Đề nghị làm rõ căn cứ pháp lý và thời hạn đề xuất sửa đổi.";

export const PASSWORD = "Mat-khau-bench-2026";

export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = [["nghi-dinh", "NĐ-CP"], ["thong-tu", "TT-BCA"], ["quyet-dinh", "QĐ-TTg"]] as const;
const ACTIONS = ["sua-doi-bo-sung", "sua-doi", "bo-sung", "bai-bo", "thay-the", "ban-hanh-moi"];
const TOPICS = ["hộ khẩu", "sổ tạm trú", "căn cước công dân", "đăng ký cư trú", "giấy xác nhận nơi cư trú", "bản sao chứng thực", "thủ tục hành chính", "dữ liệu dân cư"];
const REPORT = {
  tinh_hinh_trien_khai: "Đã ban hành kế hoạch rà soát và phân công các đơn vị thực hiện.",
  ket_qua_ra_soat: "Đã rà soát toàn bộ văn bản thuộc phạm vi quản lý; danh mục kèm theo.",
  danh_gia: "Hoàn thành đúng tiến độ.",
  kien_nghi: "Đề nghị xây dựng nghị định sửa đổi nhiều nghị định.",
};

function row(rand: () => number, agencyName: string): Record<string, unknown> {
  const [type, suffix] = TYPES[Math.floor(rand() * TYPES.length)]!;
  const n = 1 + Math.floor(rand() * 400);
  const year = 2010 + Math.floor(rand() * 14);
  const topic = TOPICS[Math.floor(rand() * TOPICS.length)]!;
  return {
    ten_loai: type,
    so_ky_hieu: `${n}/${year}/${suffix}`,
    ngay_ban_hanh: `${1 + Math.floor(rand() * 28)}/${1 + Math.floor(rand() * 12)}/${year}`,
    trich_yeu: `Quy định chi tiết một số điều về ${topic} và biện pháp thi hành`,
    dieu_khoan: `khoản ${1 + Math.floor(rand() * 5)} Điều ${1 + Math.floor(rand() * 60)}`,
    bat_cap: `Còn yêu cầu xuất trình ${topic} bản giấy trong khi thông tin đã có trong Cơ sở dữ liệu quốc gia về dân cư; người dân phải đi lại nhiều lần.`,
    hinh_thuc_kien_nghi: ACTIONS[Math.floor(rand() * ACTIONS.length)]!,
    noi_dung_kien_nghi: `Bỏ yêu cầu nộp ${topic}; cơ quan giải quyết tự khai thác dữ liệu điện tử qua căn cước điện tử.`,
    co_quan_chu_tri: agencyName,
  };
}

/** Runs `tasks` with at most `n` at a time. */
async function pool<T>(items: readonly T[], n: number, task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await task(items[next++]!);
  }));
}

export interface People {
  admin: Actor;
  reviewer: Actor;
  agencies: { agency: Agency; actor: Actor; email: string }[];
  adminEmail: string;
}

async function person(system: SystemActor, email: string, name: string, role: "admin" | "reviewer" | "agency", agency: Agency): Promise<Actor> {
  await createUser(system, { email, name, role, agency: agency._id.toString() }, PASSWORD);
  const user = (await UserModel.findOne({ email }).lean())!;
  return toActor(user, agency.code, "127.0.0.1", "session");
}

export async function seedPeople(agencyCount: number): Promise<People> {
  const system: SystemActor = { system: true, label: "bench" };
  await seedAgencies();
  await installBuiltinTemplates();
  const moj = (await AgencyModel.findOne({ code: "bo-tu-phap" }).lean<Agency>())!;
  const others = await AgencyModel.find({ code: { $ne: "bo-tu-phap" } }).sort({ order: 1 }).limit(agencyCount).lean<Agency[]>();
  const admin = await person(system, "admin@bench.rasoat.vn", "Quản trị", "admin", moj);
  const reviewer = await person(system, "reviewer@bench.rasoat.vn", "Chuyên viên rà soát", "reviewer", moj);
  const agencies = [];
  for (const agency of others) {
    const email = `${agency.code}@bench.rasoat.vn`;
    agencies.push({ agency, email, actor: await person(system, email, `Cán bộ ${agency.nameVi}`, "agency", agency) });
  }
  return { admin, reviewer, agencies, adminEmail: "admin@bench.rasoat.vn" };
}

export interface CampaignSpec {
  title: string;
  seed: number;
  rowsMin: number;
  rowsMax: number;
  comments: number;
  dispositions: number;
  /** statuses in order of agencies: accepted, changes requested, in review, drafts */
  accepted: number;
  changesRequested: number;
  drafts: number;
  /**
   * Comments and dispositions written in bulk, as the services would write them, then the
   * counts recomputed: for data whose only purpose is to be elsewhere, tens of thousands of
   * single calls would take longer than the measurements.
   */
  bulk?: boolean;
}

export interface Built {
  campaignId: string;
  rows: number;
  submissions: { id: string; agencyEmail: string; rows: number }[];
}

export async function buildCampaign(people: People, spec: CampaignSpec, log: (s: string) => void): Promise<Built> {
  const rand = prng(spec.seed);
  const template = (await ReviewTemplateModel.findOne({ builtinCode: "de-an-06" }).lean())!;
  const input = CampaignInputSchema.parse({
    title: spec.title, template: template._id.toString(), agencies: people.agencies.map((a) => a.agency._id.toString()),
    reviewers: [people.reviewer.id], deadline: "31/12/2030",
  });
  const campaign = await createCampaign(people.admin, input);
  await openCampaign(people.admin, campaign._id.toString());
  const subs = await SubmissionModel.find({ campaign: campaign._id }, { agency: 1 }).lean();
  const subOf = new Map(subs.map((s) => [s.agency.toString(), s._id]));
  const built: Built = { campaignId: campaign._id.toString(), rows: 0, submissions: [] };
  for (const a of people.agencies) {
    const n = spec.rowsMin + Math.floor(rand() * (spec.rowsMax - spec.rowsMin + 1));
    const id = subOf.get(a.agency._id.toString())!;
    const items = Array.from({ length: n }, () => ({ values: row(rand, a.agency.nameVi) }));
    await replaceSubmission(a.actor, id.toString(), { version: 1, items, report: REPORT });
    built.submissions.push({ id: id.toString(), agencyEmail: a.email, rows: n });
    built.rows += n;
  }
  log(`  ${spec.title}: ${built.rows.toLocaleString("en")} rows in ${subs.length} submissions`);
  const sent = people.agencies.slice(spec.drafts);
  const sentIds = sent.map((a) => subOf.get(a.agency._id.toString())!.toString());
  await pool(sent, 4, (a) => transition(a.actor, subOf.get(a.agency._id.toString())!.toString(), "submit"));
  await pool(sentIds, 4, (id) => transition(people.reviewer, id, "start_review"));
  const itemIds = new Map<string, Types.ObjectId[]>();
  for (const id of sentIds) itemIds.set(id, (await listItems(subOf.get(sent[sentIds.indexOf(id)]!.agency._id.toString())!, { _id: 1 })).map((i) => i._id));
  const pick = () => {
    const id = sentIds[Math.floor(rand() * sentIds.length)]!;
    const rows = itemIds.get(id)!;
    return { id, item: rows[Math.floor(rand() * rows.length)]!.toString() };
  };
  const comments = Array.from({ length: spec.comments }, pick);
  const disps = Array.from({ length: spec.dispositions }, pick);
  const decide = () => (rand() < 0.7 ? { decision: "accepted" } : { decision: "partly_accepted", explanation: "Tiếp thu một phần; giữ nguyên quy định về thời hạn." });
  if (spec.bulk) await bulkReview(people, built.campaignId, subOf, sent, comments, disps.map((d) => ({ ...d, ...decide() })));
  else {
    await pool(comments, 6, (c) => addComment(people.reviewer, c.id, { itemId: c.item, text: COMMENT }));
    await pool(disps, 6, async (d) => {
      const input = decide();
      // Two picks of the same row at once race on the upsert; the second try finds the first.
      await setDisposition(people.reviewer, d.id, d.item, input).catch(() => setDisposition(people.reviewer, d.id, d.item, input));
    });
  }
  log(`  ${spec.comments.toLocaleString("en")} comments, ${spec.dispositions.toLocaleString("en")} dispositions`);
  const accepted = sentIds.slice(0, spec.accepted);
  const changes = sentIds.slice(spec.accepted, spec.accepted + spec.changesRequested);
  // Most rows are still undecided: the reviewer accepts with the gate's override and says why.
  await pool(accepted, 4, (id) => transition(people.reviewer, id, "accept", "", { override: true, reason: "Tiếp nhận để tổng hợp; các dòng còn lại xử lý ở đợt sau." }));
  await pool(changes, 4, (id) => transition(people.reviewer, id, "request_changes", "Đề nghị bổ sung căn cứ pháp lý."));
  return built;
}

type RowPick = { id: string; item: string };

async function bulkReview(people: People, campaignId: string, subOf: Map<string, Types.ObjectId>, sent: People["agencies"], comments: RowPick[], disps: (RowPick & { decision: string; explanation?: string })[]): Promise<void> {
  const agencyOf = new Map(sent.map((a) => [subOf.get(a.agency._id.toString())!.toString(), a.agency._id]));
  const reviewer = new Types.ObjectId(people.reviewer.id);
  const campaign = new Types.ObjectId(campaignId);
  const at = new Date();
  for (let i = 0; i < comments.length; i += 2_000) {
    await CommentModel.insertMany(comments.slice(i, i + 2_000).map((c) => ({
      submission: new Types.ObjectId(c.id), campaign, agency: agencyOf.get(c.id), target: { kind: "item", itemId: new Types.ObjectId(c.item) },
      author: reviewer, authorName: people.reviewer.name, authorRole: "reviewer", text: COMMENT, status: "open", atVersion: 1,
    })), { lean: true });
  }
  // One decision per row, the last pick of a row winning, as repeated single calls would leave it.
  const byRow = new Map(disps.map((d) => [`${d.id}:${d.item}`, d]));
  const docs = [...byRow.values()].map((d) => ({
    submission: new Types.ObjectId(d.id), agency: agencyOf.get(d.id), item: new Types.ObjectId(d.item), decision: d.decision, explanation: d.explanation ?? "", by: reviewer, byName: people.reviewer.name, at,
  }));
  for (let i = 0; i < docs.length; i += 2_000) await DispositionModel.insertMany(docs.slice(i, i + 2_000), { lean: true });
  for (const id of agencyOf.keys()) await recountSubmission(new Types.ObjectId(id));
}
