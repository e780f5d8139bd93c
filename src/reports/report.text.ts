import type { CellValue, IssuingAgency, RecommendationType } from "./report.types.js";

// Vietnamese text typed on different systems arrives in NFC or NFD (combining marks);
// TCVN 6909:2001 output wants one form, and NFC is what Word and fonts expect.
export function nfc(text: string): string {
  return text.normalize("NFC");
}

const XML_SPECIAL = /[&<>"]/g;
// Control characters other than tab/newline are illegal in XML 1.0 and would make Word refuse the file.
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const NEEDS_WORK = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const XML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

// Characters that are their own NFC form and never compose with the one before them (Basic
// Latin to the spacing modifiers, the precomposed Vietnamese letters, general punctuation but
// its two space singletons), less XML's specials and controls. Text made only of them — what
// the app stores, composed on the way in — is already what the document needs, and one scan
// says so; anything else (decomposed marks, other scripts) takes the full path.
const NOT_PLAIN = /[^\t\n\r\u0020\u0021\u0023-\u0025\u0027-\u003B\u003D\u003F-\u02FF\u1E00-\u1EFF\u2002-\u205E]/;

/** Whether `text` is NFC and needs no XML escaping, by one scan (false means: not known). */
export const isPlainText = (text: string): boolean => !NOT_PLAIN.test(text);

/** NFC-normalized, XML-escaped text for hand-written WordprocessingML. */
export function xmlText(text: string): string {
  if (isPlainText(text)) return text;
  const normalized = nfc(text);
  // Most cells need no escaping; testing first spares two replaces per cell of a large table.
  if (!NEEDS_WORK.test(normalized)) return normalized;
  return normalized.replace(XML_ILLEGAL, "").replace(XML_SPECIAL, (c) => XML_ENTITIES[c]!);
}

// Viet Nam has no daylight saving time, so a fixed offset gives the civil date for any instant.
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

function vietnamParts(date: Date): { day: number; month: number; year: number } {
  const local = new Date(date.getTime() + VIETNAM_OFFSET_MS);
  return { day: local.getUTCDate(), month: local.getUTCMonth() + 1, year: local.getUTCFullYear() };
}

const pad2 = (n: number): string => String(n).padStart(2, "0");

/** dd/mm/yyyy in Viet Nam time, as in tables and the UI. */
export function shortDate(date: Date): string {
  const { day, month, year } = vietnamParts(date);
  return `${pad2(day)}/${pad2(month)}/${year}`;
}

/**
 * "ngày 05 tháng 01 năm 2020": ND 30 §II.4 pads days below 10 and months 1 and 2 only.
 * A null date leaves blanks to be written in by hand on paper.
 */
export function longDate(date: Date | null): string {
  if (!date) return "ngày     tháng     năm     ";
  const { day, month, year } = vietnamParts(date);
  const monthText = month <= 2 ? pad2(month) : String(month);
  return `ngày ${pad2(day)} tháng ${monthText} năm ${year}`;
}

/** "Số: 05/BC-BTP" (ND 30 §II.3.c); an unregistered document keeps a blank for the number. */
export function numberSymbol(issuer: IssuingAgency): string {
  const number = issuer.number === null ? "      " : pad2(issuer.number);
  return `Số: ${number}/${issuer.symbol}`;
}

/**
 * "(Kèm theo Văn bản số 125/BC-BTP ngày … của …)" (Mẫu 2.1). A known covering document gives
 * what is set of its number and date and leaves out the rest, as an electronic copy does
 * (Mẫu 2.2); an unknown one keeps blanks to be filled in on paper.
 */
export function attachedToLine(issuer: IssuingAgency | undefined, agencyName = "              "): string {
  if (!issuer) return `(Kèm theo Văn bản số       /       ${longDate(null)} của ${agencyName})`;
  const number = issuer.number === null || Number.isNaN(issuer.number) ? "" : ` số ${pad2(issuer.number)}/${issuer.symbol}`;
  const date = issuer.date ? ` ${longDate(issuer.date)}` : "";
  return `(Kèm theo Văn bản${number}${date} của ${issuer.agencyName})`;
}

const vietnameseNumber = new Intl.NumberFormat("vi-VN");

/** A field value as it reads in a table cell. */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return shortDate(value);
  if (typeof value === "number") return vietnameseNumber.format(value);
  return value;
}

const ROMAN: ReadonlyArray<readonly [number, string]> = [
  [1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"],
  [50, "L"], [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"],
];

export function roman(n: number): string {
  let rest = n;
  let out = "";
  for (const [value, symbol] of ROMAN) {
    while (rest >= value) {
      out += symbol;
      rest -= value;
    }
  }
  return out;
}

/** Vietnamese UPPERCASE that keeps diacritics (ND 30 titles are "in hoa"). */
export function upper(text: string): string {
  return nfc(text).toLocaleUpperCase("vi");
}

export const DISPOSITION_LABELS = {
  accepted: "Tiếp thu",
  partly_accepted: "Tiếp thu một phần",
  not_accepted: "Không tiếp thu",
} as const;

/** Kiến nghị xử lý of the official review-result form, in its order (`domain/appendix-columns.json`). */
export const DEFAULT_RECOMMENDATION_TYPES: readonly RecommendationType[] = [
  { code: "dinh-chi-thi-hanh", label: "Đình chỉ việc thi hành" },
  { code: "ngung-hieu-luc", label: "Ngưng hiệu lực" },
  { code: "sua-doi", label: "Sửa đổi" },
  { code: "bo-sung", label: "Bổ sung" },
  { code: "sua-doi-bo-sung", label: "Sửa đổi, bổ sung" },
  { code: "thay-the", label: "Thay thế" },
  { code: "bai-bo", label: "Bãi bỏ" },
  { code: "ban-hanh-moi", label: "Ban hành mới" },
];
