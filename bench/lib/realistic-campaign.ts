// A campaign as the built-in template "Đề án 06" receives it: its fourteen appendix columns,
// real documents and the long texts agencies write (quoted provisions, problems, proposed
// wording). Used by bench:reports, the render test and the report screenshots.
import { readFileSync } from "node:fs";
import { planTemplate, type ReportTemplate } from "../../src/reports/report.rows.js";
import type { AppendixSpec, RecommendationType, ReportItem } from "../../src/reports/report.types.js";

const template = JSON.parse(readFileSync(new URL("../../templates/de-an-06.json", import.meta.url), "utf8")) as ReportTemplate;
const plan = planTemplate(template);

export const REAL_SPEC: AppendixSpec = plan.spec;
export const REAL_RECOMMENDATIONS: readonly RecommendationType[] = plan.recommendationTypes;
export const REAL_OUTLINE: readonly string[] = template.outline.map((s) => s.heading);

interface Doc {
  readonly type: string;
  readonly numberSymbol: string;
  readonly date: string;
  readonly issuer: string;
  readonly title: string;
  readonly rank: number;
}

const DOCS: readonly Doc[] = [
  { type: "Luật", numberSymbol: "68/2020/QH14", date: "2020-11-13", issuer: "Quốc hội", title: "Luật Cư trú", rank: 2 },
  { type: "Nghị định", numberSymbol: "137/2015/NĐ-CP", date: "2015-12-31", issuer: "Chính phủ", title: "Quy định chi tiết một số điều và biện pháp thi hành Luật Căn cước công dân", rank: 5 },
  { type: "Nghị định", numberSymbol: "62/2021/NĐ-CP", date: "2021-06-29", issuer: "Chính phủ", title: "Quy định chi tiết một số điều của Luật Cư trú", rank: 5 },
  { type: "Nghị định", numberSymbol: "15/2021/NĐ-CP", date: "2021-03-03", issuer: "Chính phủ", title: "Quy định chi tiết một số nội dung về quản lý dự án đầu tư xây dựng", rank: 5 },
  { type: "Thông tư", numberSymbol: "55/2021/TT-BCA", date: "2021-05-15", issuer: "Bộ trưởng Bộ Công an", title: "Quy định chi tiết một số điều và biện pháp thi hành Luật Cư trú", rank: 8 },
  { type: "Thông tư", numberSymbol: "04/2020/TT-BTP", date: "2020-05-28", issuer: "Bộ trưởng Bộ Tư pháp", title: "Quy định chi tiết thi hành một số điều của Luật Hộ tịch và Nghị định số 123/2015/NĐ-CP", rank: 8 },
  { type: "Quyết định", numberSymbol: "25/2019/QĐ-UBND", date: "2019-08-15", issuer: "Ủy ban nhân dân Thành phố Hà Nội", title: "Ban hành Quy định về cấp giấy phép xây dựng trên địa bàn Thành phố Hà Nội", rank: 12 },
];

const PROVISIONS = [
  "Hồ sơ đề nghị cấp giấy phép gồm: a) Đơn đề nghị theo mẫu; b) Bản sao sổ hộ khẩu hoặc sổ tạm trú của người đề nghị; c) Bản sao Chứng minh nhân dân hoặc Căn cước công dân còn hiệu lực; d) Giấy xác nhận thông tin về cư trú do Công an cấp xã cấp trong thời hạn 06 tháng.",
  "Người yêu cầu đăng ký phải xuất trình bản chính sổ hộ khẩu, sổ tạm trú để cơ quan đăng ký đối chiếu; trường hợp gửi hồ sơ qua hệ thống bưu chính thì phải gửi kèm bản sao có chứng thực.",
  "Công dân khi làm thủ tục cấp thẻ Căn cước công dân phải xuất trình sổ hộ khẩu; trường hợp chưa có thông tin trong Cơ sở dữ liệu quốc gia về dân cư thì xuất trình giấy tờ hợp pháp chứng minh nội dung thông tin nhân thân.",
];

const PROBLEMS = [
  "Từ ngày 01/01/2023, sổ hộ khẩu, sổ tạm trú hết giá trị sử dụng theo khoản 3 Điều 38 Luật Cư trú số 68/2020/QH14; thông tin về cư trú của công dân đã có trong Cơ sở dữ liệu quốc gia về dân cư nhưng quy định vẫn yêu cầu nộp bản sao, gây phiền hà và tốn kém cho người dân.",
  "Quy định yêu cầu xuất trình giấy tờ đã được tích hợp vào Cơ sở dữ liệu quốc gia về dân cư, chưa cho phép sử dụng thẻ Căn cước công dân gắn chip và tài khoản định danh điện tử mức độ 2 thay thế, không phù hợp với Quyết định số 06/QĐ-TTg ngày 06/01/2022.",
];

const PROPOSALS = [
  "Sửa đổi theo hướng bỏ thành phần hồ sơ là bản sao sổ hộ khẩu, sổ tạm trú, giấy xác nhận thông tin về cư trú; cơ quan giải quyết thủ tục hành chính khai thác thông tin về cư trú của công dân trong Cơ sở dữ liệu quốc gia về dân cư thông qua số định danh cá nhân.",
  "Bổ sung quy định cho phép công dân sử dụng thẻ Căn cước công dân gắn chip điện tử hoặc tài khoản định danh điện tử mức độ 2 trên ứng dụng VNeID thay cho việc xuất trình giấy tờ; quy định rõ trách nhiệm kết nối, chia sẻ dữ liệu giữa cơ sở dữ liệu chuyên ngành và Cơ sở dữ liệu quốc gia về dân cư.",
];

const REASONS = [
  "Khoản 3 Điều 38 Luật Cư trú số 68/2020/QH14; Điều 14 Nghị định số 104/2022/NĐ-CP ngày 21/12/2022 của Chính phủ; Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ.",
  "Thực hiện nhiệm vụ cắt giảm, đơn giản hóa thủ tục hành chính theo Nghị quyết số 68/NQ-CP ngày 12/5/2020 của Chính phủ và bảo đảm thống nhất với Luật Căn cước số 26/2023/QH15.",
];

const LEADS = ["Bộ Công an", "Bộ Tư pháp", "Bộ Xây dựng", "Ủy ban nhân dân Thành phố Hà Nội"];
const TIMELINES = ["Quý II/2027", "Năm 2027", "Quý IV/2026", "Tháng 12/2026"];
const ARTICLES = ["Điểm b khoản 2 Điều 5", "Khoản 3 Điều 12", "Điều 7", "Điểm a, điểm c khoản 1 Điều 20"];

/** Agencies of the realistic campaign, by their names in the list of agencies. */
export const REAL_AGENCIES = ["Bộ Công an", "Bộ Tư pháp", "Bộ Xây dựng", "Thành phố Hà Nội", "Tỉnh Lâm Đồng", "Thành phố Hồ Chí Minh"];

const keyOf = (d: Doc): string => `${d.type}|${d.numberSymbol}`.toLowerCase();
const utcDate = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const shortDate = (iso: string): string => iso.split("-").reverse().join("/");

/** `rows` rows spread over the agencies and documents, every text field filled at full length. */
export function realisticCampaign(rows: number): ReportItem[] {
  const recs = REAL_RECOMMENDATIONS.filter((r) => ["sua-doi", "sua-doi-bo-sung", "bai-bo", "thay-the", "bo-sung"].includes(r.code));
  return Array.from({ length: rows }, (_, i) => {
    const doc = DOCS[(i * 5 + Math.floor(i / 7)) % DOCS.length]!;
    const rec = recs[i % recs.length]!;
    return {
      id: `real-${i}`,
      agencyName: REAL_AGENCIES[i % REAL_AGENCIES.length]!,
      docKey: keyOf(doc),
      docCitation: `${doc.type} số ${doc.numberSymbol} ngày ${shortDate(doc.date)} của ${doc.issuer} ${doc.title.charAt(0).toLocaleLowerCase("vi")}${doc.title.slice(1)}`,
      docRank: doc.rank,
      docNumber: Number(doc.numberSymbol.split("/")[0]),
      docYear: Number(doc.numberSymbol.split("/")[1]),
      recommendation: rec.code,
      values: {
        ten_loai: doc.type,
        so_ky_hieu: doc.numberSymbol,
        ngay_ban_hanh: utcDate(doc.date),
        trich_yeu: doc.title,
        dieu_khoan: ARTICLES[i % ARTICLES.length]!,
        quy_dinh_hien_hanh: PROVISIONS[i % PROVISIONS.length]!,
        bat_cap: PROBLEMS[i % PROBLEMS.length]!,
        hinh_thuc_kien_nghi: rec.label,
        noi_dung_kien_nghi: PROPOSALS[i % PROPOSALS.length]!,
        ly_do: REASONS[i % REASONS.length]!,
        co_quan_chu_tri: LEADS[i % LEADS.length]!,
        thoi_han: TIMELINES[i % TIMELINES.length]!,
        tinh_hinh: i % 3 === 0 ? "Đang soạn thảo" : "Chưa thực hiện",
      },
    };
  });
}

/** The cells of the consolidated appendix (number, agency, the template's columns) as plain strings, for the floors. */
export function realCellsOf(items: readonly ReportItem[]): string[][] {
  return items.map((item, i) => [
    String(i + 1),
    item.agencyName,
    ...REAL_SPEC.columns.map((c) => {
      const v = item.values[c.key];
      return v instanceof Date ? shortDate(v.toISOString().slice(0, 10)) : String(v ?? "");
    }),
  ]);
}
