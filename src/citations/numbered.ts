import { isUpper } from './fold.js';

/**
 * Numbered citations: "Nghị định số 137/2015/NĐ-CP", "Nghị quyết 29/NQ-CP", "THÔNG TƯ SỐ
 * 38/2018/TT-BTC", "Nghi dinh so 137/2015/ND-CP", "Nghị định 43-CP", "73/2006/QH 11". Work on
 * the folded text; the symbol is read back from the original to keep its case.
 */

/** Folded type words, longest first so "nghi quyet lien tich" wins over "nghi quyet". */
export const TYPE_WORDS: { folded: string; name: string }[] = [
  ['bo luat', 'Bộ luật'], ['luat', 'Luật'], ['hien phap', 'Hiến pháp'], ['phap lenh', 'Pháp lệnh'],
  ['nghi quyet lien tich', 'Nghị quyết liên tịch'], ['nghi quyet', 'Nghị quyết'], ['nghi dinh', 'Nghị định'],
  ['thong tu lien tich', 'Thông tư liên tịch'], ['thong tu', 'Thông tư'], ['quyet dinh', 'Quyết định'],
  ['lenh', 'Lệnh'], ['chi thi', 'Chỉ thị'], ['cong van', 'Công văn'], ['van ban', 'Văn bản'],
  ['ke hoach', 'Kế hoạch'], ['to trinh', 'Tờ trình'], ['bao cao', 'Báo cáo'], ['thong bao', 'Thông báo'], ['huong dan', 'Hướng dẫn'], ['cong dien', 'Công điện'],
  ['ttlt', 'Thông tư liên tịch'], ['nqlt', 'Nghị quyết liên tịch'], ['qd', 'Quyết định'], ['nd', 'Nghị định'],
  ['tt', 'Thông tư'], ['nq', 'Nghị quyết'], ['ct', 'Chỉ thị'], ['cv', 'Công văn'],
].map(([folded, name]) => ({ folded, name }));

const TYPE_ALT = TYPE_WORDS.map((t) => t.folded.replace(/ /g, '\\s+')).join('|');
export const TYPE_RE = new RegExp(`(?<![a-z0-9])(?:${TYPE_ALT})(?![a-z0-9])`, 'g');

/** Types written out in full may be named documents; abbreviations never are. */
export const NAMED_TYPES = new Set(['bo luat', 'luat', 'phap lenh', 'hien phap']);

export function typeName(folded: string): string {
  return TYPE_WORDS.find((t) => t.folded === folded.replace(/\s+/g, ' '))?.name ?? folded;
}

/** "pháp luật", "bộ luật", "văn bản quy phạm" are not the type words they contain. */
export function isTypeWordAt(folded: string, start: number, word: string): boolean {
  const before = folded.slice(Math.max(0, start - 5), start);
  if (word === 'luat' && /(phap|bo)\s+$/.test(before)) return false;
  if (word === 'lenh' && /phap\s+$/.test(before)) return false;
  if (word === 'van ban' && folded.startsWith(' quy pham', start + 7)) return false;
  return true;
}

const SEG = String.raw`[a-z&][a-z0-9&]*`;
/** number / [year /] symbol; the symbol may carry spaces around its hyphens and "QH 11". */
export const NUMBER_RE = new RegExp(
  String.raw`(?<![a-z0-9/.,])(\d{1,5}[a-z]?) ?/ ?(?:((?:19|20)\d{2}) ?/ ?)?(${SEG}(?: ?- ?${SEG})*)(?: (\d{1,2})(?![0-9/]))?`,
  'g',
);
/** Pre-2008 forms, only after a type word: "Nghị định 43-CP", "Pháp lệnh số 12-LCT/HĐNN8". */
export const OLD_NUMBER_RE = /(\d{1,5})-([a-z&]{1,8}(?:\/[a-z0-9&]{1,10})?)(?![a-z0-9])/y;

export interface NumberMatch {
  start: number;
  end: number;
  number: string;
  year: string | null;
  /** As written in the original, spaces removed: "NĐ-CP", "QH11". */
  symbol: string;
  old: boolean;
}

/** Reads the number at a NUMBER_RE match; null when it is a quantity ("50 ha/năm") or a date. */
export function readNumber(text: string, m: RegExpExecArray): NumberMatch | null {
  const start = m.index;
  let end = start + m[0].length;
  const symStart = start + m[0].indexOf(m[3], m[0].indexOf('/'));
  let symbol = text.slice(symStart, symStart + m[3].length).replace(/\s+/g, '');
  if (m[4]) {
    // "QH 11": a legislature number written apart; anything else after a space is not ours.
    if (/(^|-)(qh|ubtvqh)$/i.test(symbol)) symbol += m[4];
    else end = symStart + m[3].length;
  }
  symbol = symbol.replace(/-+$/, '');
  while (end > start && /[\s-]/.test(text[end - 1])) end--;
  return { start, end, number: m[1], year: m[2] ?? null, symbol, old: false };
}

/** Whether a bare number (no type word before it) is a document's number. */
export function plausibleBare(n: NumberMatch): boolean {
  const segs = n.symbol.split('-');
  if (!isUpper(n.symbol[0])) return false;
  if (n.year) return /^[A-ZĐ&]{1,}/u.test(segs[0]) && segs.every((s) => /^[\p{Lu}&][\p{L}0-9&]*$/u.test(s));
  // Without a year: an administrative number needs a hyphen and upper-case segments ("06/QĐ-TTg").
  return segs.length >= 2 && segs.every((s) => /^[\p{Lu}&][\p{L}0-9&]*$/u.test(s)) && /^[\p{Lu}&]{2,}/u.test(segs[0]);
}
