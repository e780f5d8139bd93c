import type {
  AppendixSpec,
  Disposition,
  FullReportInput,
  IssuingAgency,
  ReportComment,
  ReportItem,
} from "../../../src/reports/report.types.js";
import { DEFAULT_RECOMMENDATION_TYPES } from "../../../src/reports/report.text.js";

export const SPEC: AppendixSpec = {
  title: "Danh mục văn bản quy phạm pháp luật cần sửa đổi, bổ sung phục vụ Đề án 06",
  orientation: "landscape",
  columns: [
    { key: "ten_loai", label: "Tên loại văn bản" },
    { key: "so_ky_hieu", label: "Số, ký hiệu" },
    { key: "ngay_ban_hanh", label: "Ngày ban hành" },
    { key: "trich_yeu", label: "Trích yếu" },
    { key: "hinh_thuc", label: "Kiến nghị xử lý" },
    { key: "noi_dung", label: "Nội dung kiến nghị" },
  ],
};

// Typed on a system that produces decomposed diacritics (NFD): the reports must write NFC.
export const NFD_TEXT = "Bỏ yêu cầu xuất trình sổ hộ khẩu".normalize("NFD");
export const NFC_TEXT = "Bỏ yêu cầu xuất trình sổ hộ khẩu";

const LUAT_CU_TRU = {
  docKey: "luat|68|2020|qh14",
  docCitation: "Luật Cư trú số 68/2020/QH14 ngày 13/11/2020 của Quốc hội",
  docRank: 2,
  docNumber: 68,
  docYear: 2020,
};
const ND_137 = {
  docKey: "nghi-dinh|137|2015|nđ-cp",
  docCitation: "Nghị định số 137/2015/NĐ-CP ngày 31/12/2015 của Chính phủ quy định chi tiết một số điều và biện pháp thi hành Luật Căn cước công dân",
  docRank: 5,
  docNumber: 137,
  docYear: 2015,
};
const ND_104 = {
  docKey: "nghi-dinh|104|2022|nđ-cp",
  docCitation: "Nghị định số 104/2022/NĐ-CP ngày 21/12/2022 của Chính phủ sửa đổi, bổ sung một số điều của các nghị định liên quan đến việc nộp, xuất trình sổ hộ khẩu, sổ tạm trú giấy",
  docRank: 5,
  docNumber: 104,
  docYear: 2022,
};
const TT_55 = {
  docKey: "thong-tu|55|2021|tt-bca",
  docCitation: "Thông tư số 55/2021/TT-BCA ngày 15/5/2021 của Bộ trưởng Bộ Công an quy định chi tiết một số điều và biện pháp thi hành Luật Cư trú",
  docRank: 8,
  docNumber: 55,
  docYear: 2021,
};

function item(id: string, agencyName: string, doc: typeof ND_137 | undefined, recommendation: string, values: Record<string, string | Date>): ReportItem {
  const label = DEFAULT_RECOMMENDATION_TYPES.find((t) => t.code === recommendation)!.label;
  return { id, agencyName, ...(doc ?? {}), recommendation, values: { ...values, hinh_thuc: label } };
}

// Deliberately out of order: the consolidated appendix must put the Luật first, then
// Nghị định 104 before 137, then the Thông tư, then the row with no document.
export const ITEMS: readonly ReportItem[] = [
  item("r1", "Bộ Công an", TT_55, "sua-doi", {
    ten_loai: "Thông tư",
    so_ky_hieu: "55/2021/TT-BCA",
    ngay_ban_hanh: new Date("2021-05-14T17:00:00Z"),
    trich_yeu: "Quy định chi tiết một số điều và biện pháp thi hành Luật Cư trú",
    noi_dung: NFD_TEXT,
  }),
  item("r2", "Bộ Tư pháp", ND_137, "sua-doi-bo-sung", {
    ten_loai: "Nghị định",
    so_ky_hieu: "137/2015/NĐ-CP",
    ngay_ban_hanh: new Date("2015-12-30T17:00:00Z"),
    trich_yeu: "Quy định chi tiết một số điều và biện pháp thi hành Luật Căn cước công dân",
    noi_dung: "Sửa đổi Điều 5 theo hướng khai thác thông tin trong Cơ sở dữ liệu quốc gia về dân cư.",
  }),
  item("r3", "Tỉnh Thanh Hóa", LUAT_CU_TRU, "bo-sung", {
    ten_loai: "Luật",
    so_ky_hieu: "68/2020/QH14",
    ngay_ban_hanh: new Date("2020-11-12T17:00:00Z"),
    trich_yeu: "Luật Cư trú",
    noi_dung: "Bổ sung quy định về sử dụng tài khoản định danh điện tử mức độ 2.",
  }),
  item("r4", "Bộ Y tế", ND_137, "sua-doi", {
    ten_loai: "Nghị định",
    so_ky_hieu: "137/2015/NĐ-CP",
    ngay_ban_hanh: new Date("2015-12-30T17:00:00Z"),
    trich_yeu: "Quy định chi tiết một số điều và biện pháp thi hành Luật Căn cước công dân",
    noi_dung: "Bỏ yêu cầu nộp bản sao giấy chứng minh nhân dân.",
  }),
  item("r5", "Thành phố Hồ Chí Minh", ND_104, "bai-bo", {
    ten_loai: "Nghị định",
    so_ky_hieu: "104/2022/NĐ-CP",
    ngay_ban_hanh: new Date("2022-12-20T17:00:00Z"),
    trich_yeu: "Sửa đổi, bổ sung một số điều của các nghị định liên quan đến việc nộp, xuất trình sổ hộ khẩu",
    noi_dung: "Bãi bỏ khoản 3 Điều 2 đã được thay thế bởi quy định mới.",
  }),
  item("r6", "Bộ Tư pháp", undefined, "ban-hanh-moi", {
    ten_loai: "Nghị định",
    so_ky_hieu: "",
    trich_yeu: "Nghị định quy định về kết nối, chia sẻ dữ liệu hộ tịch điện tử",
    noi_dung: "Ban hành mới nghị định để thống nhất việc chia sẻ dữ liệu hộ tịch.",
  }),
  item("r7", "Bộ Công an", ND_137, "thay-the", {
    ten_loai: "Nghị định",
    so_ky_hieu: "137/2015/NĐ-CP",
    ngay_ban_hanh: new Date("2015-12-30T17:00:00Z"),
    trich_yeu: "Quy định chi tiết một số điều và biện pháp thi hành Luật Căn cước công dân",
    noi_dung: "Thay thế bằng nghị định hướng dẫn Luật Căn cước năm 2023.",
  }),
];

export const ISSUER: IssuingAgency = {
  parentAgency: "Bộ Tư pháp",
  agencyName: "Cục Kiểm tra văn bản và Quản lý xử lý vi phạm hành chính",
  number: 5,
  symbol: "BC-KTrVB",
  place: "Hà Nội",
  date: new Date("2026-01-05T03:00:00Z"),
};

export const COMMENTS: readonly ReportComment[] = [
  {
    id: "c1",
    itemId: "r2",
    author: "Nguyễn Thị Hương",
    date: new Date("2026-03-02T02:00:00Z"),
    text: "Đề nghị nêu rõ điều, khoản cụ thể cần sửa đổi.",
    replies: [{ author: "Trần Văn Bình", date: new Date("2026-03-03T08:30:00Z"), text: "Đã bổ sung Điều 5, khoản 2." }],
  },
  { id: "c2", itemId: "r5", author: "Lê Minh Đức", date: new Date("2026-03-04T09:00:00Z"), text: "Nghị định này còn hiệu lực, đề nghị xem lại kiến nghị bãi bỏ." },
  { id: "c3", author: "Nguyễn Thị Hương", date: new Date("2026-03-05T01:00:00Z"), text: "Báo cáo cần bổ sung số liệu tổng hợp." },
];

export const DISPOSITIONS: readonly Disposition[] = [
  { itemId: "r2", status: "accepted", explanation: "Đã bổ sung Điều 5, khoản 2 vào nội dung kiến nghị." },
  { itemId: "r5", status: "not_accepted", explanation: "Khoản 3 Điều 2 đã hết hiệu lực, cần bãi bỏ để bảo đảm tính thống nhất." },
  { itemId: "r1", status: "partly_accepted", explanation: "Tiếp thu phần sổ hộ khẩu; giữ nguyên quy định về sổ tạm trú." },
];

export const FULL_REPORT: FullReportInput = {
  issuer: ISSUER,
  title: "Kết quả rà soát văn bản quy phạm pháp luật phục vụ Đề án 06",
  addressees: ["Thủ tướng Chính phủ"],
  sections: [
    {
      heading: "I. TÌNH HÌNH TRIỂN KHAI RÀ SOÁT",
      paragraphs: [
        "Thực hiện Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ, Bộ Tư pháp đã hướng dẫn các bộ, ngành, địa phương rà soát văn bản quy phạm pháp luật có quy định liên quan đến việc xuất trình sổ hộ khẩu, sổ tạm trú.",
        "Đến nay, 56/56 cơ quan đã gửi báo cáo kết quả rà soát.",
      ],
    },
    {
      heading: "II. KẾT QUẢ RÀ SOÁT",
      paragraphs: ["Kết quả rà soát được tổng hợp tại Phụ lục I và Phụ lục II kèm theo Báo cáo này."],
    },
    { heading: "III. KIẾN NGHỊ, ĐỀ XUẤT", paragraphs: ["Đề nghị Thủ tướng Chính phủ chỉ đạo các bộ, ngành khẩn trương xử lý các văn bản đã được kiến nghị."] },
  ],
  appendices: [
    { kind: "consolidated", spec: SPEC, items: ITEMS, recommendationTypes: DEFAULT_RECOMMENDATION_TYPES },
    { kind: "agency", spec: { ...SPEC, title: "Danh mục văn bản do Bộ Tư pháp kiến nghị" }, agencyName: "Bộ Tư pháp", items: ITEMS.filter((i) => i.agencyName === "Bộ Tư pháp") },
  ],
  signer: { authority: "KT. Bộ trưởng", position: "Thứ trưởng", fullName: "Nguyễn Thanh Tịnh" },
  recipients: { list: ["Thủ tướng Chính phủ (để báo cáo)", "Văn phòng Chính phủ", "Bộ trưởng (để báo cáo)"], archive: "VT, KTrVB" },
};
