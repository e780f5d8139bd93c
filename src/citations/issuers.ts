import data from '../review-templates/document-types.data.json' with { type: 'json' };
import { foldPhrase } from './fold.js';

/**
 * Who issued a cited document, as written after "của": "Chính phủ", "Bộ trưởng Bộ Tài chính",
 * "Ủy ban nhân dân tỉnh Tây Ninh". Known bodies are matched whole (longest first); local
 * councils and committees by their pattern, the place name being the capitalised words after it.
 */

const issuers = Object.values(data.issuers as Record<string, { vi: string; head_vi?: string }>);
const EXTRA = [
  'Quốc hội', 'Chính phủ', 'Thủ tướng Chính phủ', 'Chủ tịch nước', 'Ủy ban Thường vụ Quốc hội',
  'Hội đồng Nhà nước', 'Hội đồng Bộ trưởng', 'Thống đốc Ngân hàng Nhà nước', 'Ngân hàng Nhà nước',
  'Đoàn Chủ tịch Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam', 'Tổng cục Hải quan', 'Tổng cục Thuế',
  'Bộ Thương mại', 'Bộ Tài nguyên và Môi trường', 'liên Bộ', 'Liên Bộ',
];

const PHRASES = [
  ...new Set([
    ...issuers.flatMap((i) => [i.vi, i.head_vi ?? '', i.vi.startsWith('Bộ ') ? `Bộ trưởng ${i.vi}` : '']),
    ...EXTRA,
  ]),
]
  .filter(Boolean)
  .flatMap((p) => [p, p.replace(/Ủy/g, 'Uỷ')])
  .map(foldPhrase)
  .sort((a, b) => b.length - a.length);

const LOCAL_RE =
  /^(?:chu tich |thuong truc )?(?:uy ban nhan dan|hoi dong nhan dan|ubnd|hdnd)(?: (?:tinh|thanh pho|tp\.?|huyen|quan|thi xa|xa|phuong|thi tran|dac khu))?/;

/** Length of the issuer phrase starting at `pos` in the folded text (0 when none). */
export function issuerLength(text: string, folded: string, pos: number): number {
  const rest = folded.slice(pos, pos + 160);
  for (const p of PHRASES) {
    if (rest.startsWith(p) && !/[a-z0-9]/.test(rest.charAt(p.length))) {
      return p.length + chainedMinistries(text, folded, pos + p.length);
    }
  }
  const local = LOCAL_RE.exec(rest);
  if (!local) return 0;
  let end = local[0].length;
  // The place: capitalised words ("Tây Ninh", "Hồ Chí Minh"), at most five.
  const placeRe = /^ (\p{Lu}[\p{L}\p{M}]*)/u;
  for (let n = 0; n < 5; n++) {
    const m = placeRe.exec(text.slice(pos + end, pos + end + 40));
    if (!m) break;
    end += m[0].length;
  }
  return end;
}

/** "Bộ Tài chính - Bộ Công Thương", "Bộ Tài chính, Bộ Công an" in joint documents. */
function chainedMinistries(text: string, folded: string, pos: number): number {
  const m = /^(\s*(?:-|,|và)\s*)/.exec(folded.slice(pos, pos + 6));
  if (!m) return 0;
  const next = issuerLength(text, folded, pos + m[0].length);
  return next > 0 && folded.startsWith('bo', pos + m[0].length) ? m[0].length + next : 0;
}
