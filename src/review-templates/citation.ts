import { parseDocRef, type DocRef, type DocRefOptions } from './docref.js';
import { cleanText, formatVnDate } from './vn-text.js';

/**
 * Citations the way Vietnamese legal texts write them (ND 30/2020 §II.6.b: full type,
 * number/symbol, date, issuer and title at the first mention), for reports and pages.
 */

export interface CitationParts {
  /** Date of issue (ISO or dd/mm/yyyy); falls back to the one parsed with the reference. */
  date?: string | null;
  /** Issuing body when the symbol does not say it (HĐND/UBND), or to override. */
  issuer?: string | null;
  /** Trích yếu: "quy định chi tiết …", "về căn cước", or a law's name ("Doanh nghiệp"). */
  title?: string | null;
}

/** A trích yếu that already begins like this reads on after "của …" without "về". */
const TITLE_OPENERS = [
  'về', 'quy định', 'hướng dẫn', 'sửa đổi', 'bổ sung', 'ban hành', 'bãi bỏ', 'thay thế', 'phê duyệt',
  'công bố', 'thành lập', 'điều chỉnh', 'xử phạt', 'chi tiết', 'ngưng', 'đình chỉ', 'bảo đảm', 'cho phép',
];

function lowerFirst(s: string): string {
  return s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);
}

function subjectPhrase(title: string): string {
  const t = lowerFirst(cleanText(title));
  return TITLE_OPENERS.some((o) => t === o || t.startsWith(`${o} `)) ? t : `về ${t}`;
}

/**
 * "Nghị định số 137/2015/NĐ-CP ngày 31/12/2015 của Chính phủ quy định chi tiết …";
 * named documents put the name after the type: "Luật Doanh nghiệp số 59/2020/QH14 ngày 17/6/2020".
 */
export function formatCitation(ref: DocRef, parts: CitationParts = {}): string {
  const date = parts.date ?? ref.date;
  const dateText = date ? ` ngày ${formatVnDate(date)}` : '';
  const title = parts.title ? cleanText(parts.title) : ref.titleHint;
  const named = ['luat', 'bo-luat', 'phap-lenh'].includes(ref.typeCode);
  if (named) {
    const name = title ? ` ${title}` : '';
    return `${ref.typeName}${name} số ${ref.text}${dateText}`.normalize('NFC');
  }
  const issuer = parts.issuer ? cleanText(parts.issuer) : ref.issuerHead;
  const of = issuer ? ` của ${issuer}` : '';
  const about = title ? ` ${subjectPhrase(title)}` : '';
  return `${ref.typeName} số ${ref.text}${dateText}${of}${about}`.normalize('NFC');
}

/** Short form for later mentions (§II.6.b): "Nghị định số 137/2015/NĐ-CP". */
export function formatShortCitation(ref: DocRef): string {
  return `${ref.typeName} số ${ref.text}`;
}

const TYPE = String.raw`(?:Bộ luật|Luật|Pháp lệnh|Nghị quyết liên tịch|Nghị quyết|Nghị định|Thông tư liên tịch|Thông tư|Quyết định|Lệnh|Chỉ thị)`;
const SYMBOL = String.raw`[A-ZĐ][A-Za-zĐđ0-9&]*(?:-[A-ZĐ][A-Za-zĐđ0-9&]*)*`;
/** From ../shared/domain/README.md §3; the name between the type and "số" is kept as the title. */
const CITATION_RE = new RegExp(
  String.raw`(?<type>${TYPE})(?:\s+(?<name>[^\s\d](?:(?!${TYPE})[^\n]){0,120}?))??\s+số\s*:?\s*(?<number>\d{1,5}[a-z]?)` +
    String.raw`(?:\/(?<year>(?:19|20)\d{2}))?\/(?<symbol>${SYMBOL})` +
    String.raw`(?:,?\s+ngày\s+(?:(?<d>\d{1,2})\s+tháng\s+(?<m>\d{1,2})\s+năm\s+(?<y>\d{4})|(?<d2>\d{1,2})[\/.-](?<m2>\d{1,2})[\/.-](?<y2>\d{4})))?`,
  'gu',
);

export interface FoundCitation {
  index: number;
  match: string;
  ref: DocRef;
}

/** Every well-formed normative citation in a running text (a report, an uploaded decree). */
export function findCitations(text: string, opts: Pick<DocRefOptions, 'today' | 'allowNonNormative'> = {}): FoundCitation[] {
  const clean = cleanText(text);
  const out: FoundCitation[] = [];
  for (const m of clean.matchAll(CITATION_RE)) {
    const g = m.groups ?? {};
    const core = g.year ? `${g.number}/${g.year}/${g.symbol}` : `${g.number}/${g.symbol}`;
    const date = g.y ? `${g.d}/${g.m}/${g.y}` : g.y2 ? `${g.d2}/${g.m2}/${g.y2}` : undefined;
    const res = parseDocRef(core, { ...opts, type: g.type, date });
    if (res.ok) {
      if (g.name && !res.ref.titleHint) res.ref.titleHint = g.name;
      out.push({ index: m.index ?? 0, match: m[0], ref: res.ref });
    }
  }
  return out;
}
