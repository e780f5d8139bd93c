import { foldPhrase } from './fold.js';

/**
 * Where the name of a law ends: "Luật Đất đai năm 2024 quy định …" → "Đất đai". Names are
 * ordinary words ("Luật Bảo vệ và phát triển rừng", "Luật Phòng, chống tham nhũng"), so the
 * name stops at the words that begin the rest of a sentence rather than at a capital letter.
 * All matching is on the folded text (lower case, no diacritics).
 */

/** A word that cannot open a law's name: "Luật này", "Luật sư", "Luật có liên quan". */
const NOT_A_NAME = words(
  'này sư có khác các và hoặc do trên như chuyên trong thì về để theo tại là được đã sẽ mà nhưng của cho với hiện ' +
    'mới cũ gốc mẫu số năm không chỉ phải cần đều cũng đang',
);
/** A word that ends a name when it follows it. */
const STOP = words(
  'số ngày do có được đã thì về để theo tại trong là hoặc này đến khi mà nhưng cho với đối hiện hết hướng bị phải sẽ ' +
    'không gồm bao trừ kể như thuộc từ sau trước trên dưới nếu vào ra nhằm hay cùng cần đang vẫn chỉ hoàn áp thay ' +
    'bỏ các một mọi ngoài vì qua giữa',
);
/** Two-word stops: "Luật Đất đai quy định", "Luật Hải quan sửa đổi". */
const STOP_PAIRS = words('quy_định sửa_đổi ban_hành bổ_sung thi_hành có_hiệu hiệu_lực chi_tiết', '_');
/** After "và" the name goes on only with a lower-case noun of the name ("và phát triển rừng"). */
const AFTER_VA_STOP = words(
  'các những luật bộ nghị thông quyết pháp văn quy khoản điểm điều theo tại hướng có được trong hiện số chính kinh',
);
/** A comma inside a name: "Phòng, chống …", "Tài nguyên, môi trường biển …", "rượu, bia". */
const COMMA_NEXT = words('chống bia gia môi');

interface WordSet {
  vi: Set<string>;
  folded: Set<string>;
}

function words(list: string, sep = ' '): WordSet {
  const vi = list.split(' ').map((w) => w.replace(new RegExp(sep === ' ' ? '^$' : sep, 'g'), ' '));
  return { vi: new Set(vi), folded: new Set(vi.map(foldPhrase)) };
}

/** Texts typed with diacritics compare words exactly ("tư" is not "từ"); others compare folded. */
function has(set: WordSet, w: Word, exact: boolean): boolean {
  return exact ? set.vi.has(w.vi) : set.folded.has(w.w);
}

interface Word {
  start: number;
  end: number;
  /** Folded form. */
  w: string;
  /** Lower-case original. */
  vi: string;
  comma: boolean;
}

const WORD_RE = /[a-z0-9]+/y;

/** The codes (Bộ luật) in force or still cited, longest first; their names are a closed list. */
const CODES = ['to tung hinh su', 'to tung dan su', 'hang hai viet nam', 'hang hai', 'dan su', 'hinh su', 'lao dong'];

export interface NameExtent {
  /** End of the name in the text (exclusive), or of the type word when there is no name. */
  end: number;
  hasName: boolean;
  amending: boolean;
}

function readWords(text: string, folded: string, pos: number): Word[] {
  const out: Word[] = [];
  let i = pos;
  for (let n = 0; n < 30; n++) {
    const gap = /^( |, )/.exec(folded.slice(i, i + 2));
    if (!gap) break;
    WORD_RE.lastIndex = i + gap[1].length;
    const m = WORD_RE.exec(folded);
    if (!m) break;
    const end = m.index + m[0].length;
    out.push({ start: m.index, end, w: m[0], vi: text.slice(m.index, end).toLowerCase(), comma: gap[1] === ', ' });
    i = end;
  }
  return out;
}

/** Whether the text around `pos` is typed with Vietnamese diacritics. */
function typedWithDiacritics(text: string, folded: string, pos: number): boolean {
  const a = Math.max(0, pos - 300);
  const window = text.slice(a, pos + 300);
  let marked = 0;
  for (let k = 0; k < window.length; k++) if (window[k] !== folded[a + k] && window[k].toLowerCase() === window[k]) marked++;
  return marked >= 3;
}

/**
 * From `pos` (just after the type word), how far the name reaches. Returns null when the
 * words after the type are not a name at all ("Luật này", "Luật sư").
 */
export function nameExtent(text: string, folded: string, pos: number, allowEmpty: boolean, code = false): NameExtent | null {
  if (code) {
    const known = CODES.find((c) => folded.startsWith(c, pos + 1) && !/[a-z0-9]/.test(folded.charAt(pos + 1 + c.length)));
    if (known) return { end: pos + 1 + known.length, hasName: true, amending: false };
  }
  const ws = readWords(text, folded, pos);
  const exact = typedWithDiacritics(text, folded, pos);
  const first = ws[0];
  if (!first || first.comma || has(NOT_A_NAME, first, exact) || /^\d/.test(first.w)) {
    return allowEmpty ? { end: pos, hasName: false, amending: false } : null;
  }
  if (first.w === 'sua' && ws[1]?.w === 'doi') return amendingExtent(folded, pos, ws);
  let end = first.end;
  for (let k = 1; k < ws.length && k < 14; k++) {
    const w = ws[k];
    const next = ws[k + 1];
    if (w.comma) {
      if (!has(COMMA_NEXT, w, exact)) break;
      end = w.end;
      continue;
    }
    if (w.w === 'nam' && /^\d/.test(next?.w ?? '')) break;
    if (/^\d/.test(w.w) || has(STOP, w, exact)) break;
    if (next && !next.comma && has(STOP_PAIRS, { ...w, w: `${w.w} ${next.w}`, vi: `${w.vi} ${next.vi}` }, exact)) break;
    if (w.w === 'cua' && !(ws[k - 1].w === 'hai' && ws[k - 2]?.w === 'tac')) break;
    if (w.w === 'va' && (!next || next.comma || has(AFTER_VA_STOP, next, exact) || /^\d/.test(next.w))) break;
    end = w.end;
  }
  return { end, hasName: true, amending: false };
}

/** "sửa đổi, bổ sung một số điều của Luật Đất đai …": to the end of the clause it amends. */
function amendingExtent(folded: string, pos: number, ws: Word[]): NameExtent {
  let end = ws[1].end;
  const stopRe = /[;.(\n:]| so \d| ngay \d| nam \d| (?:19|20)\d\d(?!\d)| da duoc | duoc | thi | co hieu luc/g;
  stopRe.lastIndex = pos;
  const m = stopRe.exec(folded);
  const limit = Math.min(m ? m.index : folded.length, pos + 240);
  for (const w of ws) if (w.end <= limit) end = w.end;
  return { end, hasName: true, amending: true };
}
