import type { DocRef, DocRefOptions } from './docref.js';
import { findCitations as findMentions, type CitationMention } from '../citations/index.js';
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

export interface FoundCitation {
  index: number;
  match: string;
  ref: DocRef;
}

/** The numbered citations of a running text whose number parses, from the one citation finder. */
export function findCitations(text: string, opts: Pick<DocRefOptions, 'today'> = {}): FoundCitation[] {
  return findMentions(text, opts)
    .filter((m): m is CitationMention & { ref: DocRef } => m.ref !== null)
    .map((m) => ({ index: m.start, match: m.text, ref: m.ref }));
}
