import type { AppendixSpec, ReportItem } from "../../src/reports/report.types.js";
import { DEFAULT_RECOMMENDATION_TYPES } from "../../src/reports/report.text.js";

// A synthetic review campaign that reads like a real one: the 56 agencies, documents of
// several ranks proposed by several agencies each, Vietnamese text of realistic length.
// Seeded, so every process of the benchmark sees the very same cells.

export const AGENCIES = [
  "Bộ Quốc phòng", "Bộ Công an", "Bộ Ngoại giao", "Bộ Nội vụ", "Bộ Tư pháp", "Bộ Tài chính", "Bộ Công Thương",
  "Bộ Nông nghiệp và Môi trường", "Bộ Xây dựng", "Bộ Văn hóa, Thể thao và Du lịch", "Bộ Khoa học và Công nghệ",
  "Bộ Giáo dục và Đào tạo", "Bộ Y tế", "Bộ Dân tộc và Tôn giáo", "Ngân hàng Nhà nước Việt Nam", "Thanh tra Chính phủ",
  "Văn phòng Chính phủ", "Đài Truyền hình Việt Nam", "Đài Tiếng nói Việt Nam", "Thông tấn xã Việt Nam",
  "Viện Hàn lâm Khoa học và Công nghệ Việt Nam", "Viện Hàn lâm Khoa học xã hội Việt Nam", "Thành phố Hà Nội",
  "Tỉnh Cao Bằng", "Tỉnh Tuyên Quang", "Tỉnh Điện Biên", "Tỉnh Lai Châu", "Tỉnh Sơn La", "Tỉnh Lào Cai",
  "Tỉnh Thái Nguyên", "Tỉnh Lạng Sơn", "Tỉnh Quảng Ninh", "Tỉnh Bắc Ninh", "Tỉnh Phú Thọ", "Thành phố Hải Phòng",
  "Tỉnh Hưng Yên", "Tỉnh Ninh Bình", "Tỉnh Thanh Hóa", "Tỉnh Nghệ An", "Tỉnh Hà Tĩnh", "Tỉnh Quảng Trị",
  "Thành phố Huế", "Thành phố Đà Nẵng", "Tỉnh Quảng Ngãi", "Tỉnh Gia Lai", "Tỉnh Khánh Hòa", "Tỉnh Đắk Lắk",
  "Tỉnh Lâm Đồng", "Tỉnh Đồng Nai", "Thành phố Hồ Chí Minh", "Tỉnh Tây Ninh", "Tỉnh Đồng Tháp", "Tỉnh Vĩnh Long",
  "Tỉnh An Giang", "Thành phố Cần Thơ", "Tỉnh Cà Mau",
] as const;

const DOC_KINDS = [
  { type: "Luật", rank: 2, issuer: "Quốc hội", symbol: () => `QH${pick([13, 14, 15])}` },
  { type: "Nghị định", rank: 5, issuer: "Chính phủ", symbol: () => "NĐ-CP" },
  { type: "Quyết định", rank: 6, issuer: "Thủ tướng Chính phủ", symbol: () => "QĐ-TTg" },
  { type: "Thông tư", rank: 8, issuer: "Bộ trưởng Bộ Công an", symbol: () => pick(["TT-BCA", "TT-BTP", "TT-BTC", "TT-BYT", "TT-BGDĐT"]) },
  { type: "Quyết định", rank: 9, issuer: "Ủy ban nhân dân tỉnh", symbol: () => "QĐ-UBND" },
] as const;

const SUBJECTS = [
  "quy định chi tiết một số điều và biện pháp thi hành Luật Cư trú",
  "về đăng ký và quản lý hộ tịch",
  "quy định về cấp, quản lý, sử dụng giấy phép lái xe",
  "hướng dẫn thủ tục đăng ký thường trú, tạm trú trên môi trường điện tử",
  "quy định chi tiết về cấp phiếu lý lịch tư pháp",
  "về thủ tục giải quyết hưởng trợ cấp thất nghiệp",
  "quy định về đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
  "về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông",
  "quy định về định danh và xác thực điện tử",
  "về cấp, quản lý thẻ bảo hiểm y tế theo hộ gia đình",
] as const;

const PROBLEMS = [
  "Yêu cầu công dân xuất trình sổ hộ khẩu, sổ tạm trú khi thực hiện thủ tục hành chính",
  "Yêu cầu nộp bản sao có chứng thực giấy tờ đã có trong Cơ sở dữ liệu quốc gia về dân cư",
  "Thành phần hồ sơ còn yêu cầu xác nhận của Ủy ban nhân dân cấp xã về nơi cư trú",
  "Chưa quy định việc sử dụng tài khoản định danh điện tử mức độ 2 thay cho giấy tờ tùy thân",
  "Quy định khai thác thông tin công dân chưa thống nhất với Luật Căn cước",
] as const;

const PROPOSALS = [
  "Bỏ yêu cầu xuất trình sổ hộ khẩu, sổ tạm trú; cơ quan giải quyết khai thác thông tin trong Cơ sở dữ liệu quốc gia về dân cư.",
  "Sửa đổi thành phần hồ sơ theo hướng chỉ yêu cầu số định danh cá nhân.",
  "Bổ sung quy định cho phép sử dụng tài khoản định danh điện tử VNeID khi thực hiện thủ tục.",
  "Thay thế quy định về xác nhận nơi cư trú bằng việc tra cứu dữ liệu dân cư đã được xác thực.",
] as const;

const REASONS = [
  "Luật Cư trú năm 2020 đã bỏ sổ hộ khẩu, sổ tạm trú giấy từ ngày 01/01/2023.",
  "Thực hiện Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ.",
  "Bảo đảm thống nhất với Luật Căn cước số 26/2023/QH15 và Nghị định số 69/2024/NĐ-CP.",
] as const;

const TIMELINES = ["Quý I năm 2027", "Quý II năm 2027", "Năm 2027", "Quý IV năm 2026"] as const;
const PROGRESS = ["Chưa thực hiện", "Đang soạn thảo", "Đã trình", "Đã ban hành"] as const;

// mulberry32: tiny, fast and good enough for test data.
let seed = 0x5eed;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function pick<T>(list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

/** The ten columns of the consolidated appendix of the benchmark (the template's appendix). */
export const CAMPAIGN_SPEC: AppendixSpec = {
  title: "Danh mục văn bản quy phạm pháp luật cần sửa đổi, bổ sung, thay thế, bãi bỏ hoặc ban hành mới phục vụ Đề án 06",
  orientation: "landscape",
  columns: [
    { key: "ten_loai", label: "Tên loại văn bản" },
    { key: "so_ky_hieu", label: "Số, ký hiệu; ngày ban hành" },
    { key: "trich_yeu", label: "Trích yếu" },
    { key: "dieu_khoan", label: "Điều, khoản, điểm" },
    { key: "hinh_thuc", label: "Kiến nghị xử lý" },
    { key: "noi_dung", label: "Nội dung kiến nghị" },
    { key: "ly_do", label: "Lý do, căn cứ kiến nghị" },
    { key: "chu_tri", label: "Cơ quan chủ trì soạn thảo" },
    { key: "thoi_han", label: "Thời hạn xử lý" },
    { key: "tinh_hinh", label: "Tình hình xây dựng" },
  ],
};

interface SyntheticDoc {
  readonly key: string;
  readonly citation: string;
  readonly type: string;
  readonly numberSymbol: string;
  readonly subject: string;
  readonly rank: number;
  readonly number: number;
  readonly year: number;
  readonly issuer: string;
}

function syntheticDoc(): SyntheticDoc {
  const kind = pick(DOC_KINDS);
  const number = 1 + Math.floor(random() * 300);
  const year = 2008 + Math.floor(random() * 17);
  const symbol = kind.symbol();
  const day = 1 + Math.floor(random() * 28);
  const month = 1 + Math.floor(random() * 12);
  const subject = pick(SUBJECTS);
  const numberSymbol = `${String(number).padStart(2, "0")}/${year}/${symbol}`;
  const date = `${String(day).padStart(2, "0")}/${String(month).padStart(2, "0")}/${year}`;
  return {
    key: `${kind.type}|${number}|${year}|${symbol}`.toLowerCase(),
    citation: `${kind.type} số ${numberSymbol} ngày ${date} của ${kind.issuer} ${subject}`,
    type: kind.type,
    numberSymbol: `${numberSymbol}; ${date}`,
    subject,
    rank: kind.rank,
    number,
    year,
    issuer: kind.issuer,
  };
}

/** `rows` proposal rows from the 56 agencies, ~5 rows per document. */
export function syntheticCampaign(rows: number, startSeed = 0x5eed): ReportItem[] {
  seed = startSeed;
  const docs = Array.from({ length: Math.max(1, Math.round(rows / 5)) }, syntheticDoc);
  const items: ReportItem[] = [];
  for (let i = 0; i < rows; i++) {
    const doc = pick(docs);
    const rec = pick(DEFAULT_RECOMMENDATION_TYPES.slice(2, 7));
    items.push({
      id: `item-${i}`,
      agencyName: AGENCIES[i % AGENCIES.length]!,
      docKey: doc.key,
      docCitation: doc.citation,
      docRank: doc.rank,
      docNumber: doc.number,
      docYear: doc.year,
      recommendation: rec.code,
      values: {
        ten_loai: doc.type,
        so_ky_hieu: doc.numberSymbol,
        trich_yeu: doc.subject,
        dieu_khoan: `Khoản ${1 + Math.floor(random() * 5)} Điều ${1 + Math.floor(random() * 40)}`,
        hinh_thuc: rec.label,
        noi_dung: `${pick(PROBLEMS)}. ${pick(PROPOSALS)}`,
        ly_do: pick(REASONS),
        chu_tri: AGENCIES[Math.floor(random() * 17)]!,
        thoi_han: pick(TIMELINES),
        tinh_hinh: pick(PROGRESS),
      },
    });
  }
  return items;
}

/** The cells of the same rows as plain strings, for the floors of the benchmark. */
export function cellsOf(items: readonly ReportItem[]): string[][] {
  return items.map((item) => CAMPAIGN_SPEC.columns.map((c) => String(item.values[c.key] ?? "")));
}
