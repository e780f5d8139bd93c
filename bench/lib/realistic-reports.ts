// The realistic campaign's reports as the MoJ sends them: the consolidated appendix and the
// full report (its synthesis, signer, Nơi nhận and Phụ lục I, II). Rendered by the render test
// and for docs/screenshots/reports/.
import { buildAgencyAppendix } from "../../src/reports/agency.appendix.js";
import { buildConsolidatedAppendix } from "../../src/reports/consolidated.appendix.js";
import { buildDispositionTable } from "../../src/reports/dispositions.table.js";
import { buildFullReport } from "../../src/reports/full.report.js";
import type { DocxReport } from "../../src/reports/report.package.js";
import type { Disposition, FullReportInput, IssuingAgency } from "../../src/reports/report.types.js";
import { REAL_RECOMMENDATIONS, REAL_SPEC, realisticCampaign } from "./realistic-campaign.js";

export const REAL_ROWS = realisticCampaign(24);

export const MOJ_ISSUER: IssuingAgency = { agencyName: "Bộ Tư pháp", number: 125, symbol: "BC-BTP", place: "Hà Nội", date: new Date("2026-11-27T03:00:00Z") };

const DISPOSITIONS: Disposition[] = REAL_ROWS.slice(0, 6).map((r, i) => ({
  itemId: r.id,
  status: i % 3 === 0 ? "accepted" : i % 3 === 1 ? "partly_accepted" : "not_accepted",
  explanation: "Đề nghị cơ quan chủ trì bổ sung lộ trình xử lý cụ thể, bảo đảm thống nhất với Luật Căn cước số 26/2023/QH15 và Nghị định số 104/2022/NĐ-CP ngày 21/12/2022.",
}));

export const REAL_FULL_REPORT: FullReportInput = {
  issuer: MOJ_ISSUER,
  title: "Kết quả rà soát văn bản quy phạm pháp luật phục vụ Đề án 06",
  addressees: ["Thủ tướng Chính phủ"],
  sections: [
    {
      heading: "I. TÌNH HÌNH TRIỂN KHAI RÀ SOÁT",
      paragraphs: [
        "Thực hiện Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia giai đoạn 2022 - 2025, tầm nhìn đến năm 2030, Bộ Tư pháp đã hướng dẫn các bộ, cơ quan ngang bộ và Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương rà soát văn bản quy phạm pháp luật có quy định liên quan.",
        "Đến ngày 25/11/2026, 6/6 cơ quan được giao đã gửi báo cáo kết quả rà soát, trong đó 5 cơ quan gửi đúng hạn.",
      ],
    },
    {
      heading: "II. KẾT QUẢ RÀ SOÁT",
      paragraphs: [
        `Các cơ quan đã kiến nghị xử lý ${REAL_ROWS.length} quy định tại 7 văn bản quy phạm pháp luật; danh mục chi tiết tại Phụ lục I, kết quả tiếp thu, giải trình tại Phụ lục II kèm theo Báo cáo này.`,
      ],
    },
    { heading: "III. ĐÁNH GIÁ CHUNG", paragraphs: ["Các cơ quan đã cơ bản hoàn thành việc rà soát theo yêu cầu; một số cơ quan còn kiến nghị chung, chưa nêu cụ thể điều, khoản cần xử lý."] },
    { heading: "IV. KIẾN NGHỊ, ĐỀ XUẤT", paragraphs: ["Đề nghị Thủ tướng Chính phủ chỉ đạo các bộ, cơ quan ngang bộ khẩn trương xử lý các văn bản đã được kiến nghị theo lộ trình tại Phụ lục I."] },
  ],
  appendices: [
    { kind: "consolidated", spec: REAL_SPEC, items: REAL_ROWS, recommendationTypes: REAL_RECOMMENDATIONS },
    { kind: "dispositions", spec: REAL_SPEC, agencyName: "Bộ Tư pháp", items: REAL_ROWS.slice(0, 6), comments: [], dispositions: DISPOSITIONS },
  ],
  signer: { authority: "KT. Bộ trưởng", position: "Thứ trưởng", fullName: "Nguyễn Thanh Tịnh" },
  recipients: { list: ["Như trên", "Văn phòng Chính phủ", "Bộ Công an", "Ủy ban nhân dân Thành phố Hà Nội", "Cổng Thông tin điện tử Bộ Tư pháp"], archive: "VT, KTrVB" },
};

/** Every Word report of the realistic campaign, by file name without extension. */
export function realisticReports(): Record<string, DocxReport> {
  return {
    "consolidated-appendix": buildConsolidatedAppendix({ spec: REAL_SPEC, items: REAL_ROWS, recommendationTypes: REAL_RECOMMENDATIONS, attachedTo: MOJ_ISSUER }),
    "full-report": buildFullReport(REAL_FULL_REPORT),
    "agency-appendix": buildAgencyAppendix({ spec: REAL_SPEC, agencyName: "Bộ Công an", items: REAL_ROWS.filter((r) => r.agencyName === "Bộ Công an") }),
    dispositions: buildDispositionTable({ spec: REAL_SPEC, agencyName: "Bộ Tư pháp", items: REAL_ROWS.slice(0, 6), comments: [], dispositions: DISPOSITIONS, attachedTo: MOJ_ISSUER }),
  };
}
