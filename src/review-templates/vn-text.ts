/**
 * Helpers for Vietnamese text as people actually type or paste it: Word and web pages
 * bring no-break spaces, typographic dashes, the Icelandic Ð instead of Đ, decomposed
 * diacritics. Everything that is compared or stored goes through these first.
 */

// Characters cleanText leaves as they are wherever they stand: printable ASCII, and the
// letters of Latin scripts and Vietnamese that are their own NFC form and never compose with
// the one before them (U+00A1–U+02FF but Ð, ð; U+1E00–U+1EFF). Text made of them alone, with
// single spaces inside only, is already clean — most of what is stored, cleaned on the way in.
const NOT_CLEAN_AS_IS = /[^\x20-\x7E\u00A1-\u00CF\u00D1-\u00EF\u00F1-\u02FF\u1E00-\u1EFF]/;

const alreadyClean = (s: string): boolean =>
  s.charCodeAt(0) !== 32 && s.charCodeAt(s.length - 1) !== 32 && !s.includes('  ') && !NOT_CLEAN_AS_IS.test(s);

/** NFC, Ð/ð → Đ/đ, every space-like character → one ASCII space, dashes and slashes unified. */
export function cleanText(input: string): string {
  if (alreadyClean(input)) return input;
  return input
    .normalize('NFC')
    .replace(/\uFEFF|\u200B|\u200C|\u200D/g, '')
    .replace(/\u00D0/g, 'Đ')
    .replace(/\u00F0/g, 'đ')
    .replace(/[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g, ' ')
    .replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, '-')
    .replace(/[\u2044\u2215\uFF0F]/g, '/')
    .trim();
}

/** For keys and diacritic-insensitive comparison: "Đắk Nông" → "dak nong". */
export function foldDiacritics(input: string): string {
  return input
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

// Already a slug (a type code such as "nghi-dinh"): slugify would give it back unchanged.
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function slugify(input: string): string {
  if (SLUG.test(input)) return input;
  return foldDiacritics(cleanText(input))
    .toLowerCase()
    .replace(/&/g, ' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function isRealDate(d: CalendarDate): boolean {
  if (d.year < 1900 || d.year > 2200 || d.month < 1 || d.month > 12 || d.day < 1) return false;
  const last = new Date(Date.UTC(d.year, d.month, 0)).getUTCDate();
  return d.day <= last;
}

/**
 * Accepts what Vietnamese officers write: 31/12/2015, 1/7/2025, 31-12-2015, 31.12.2015,
 * "ngày 31 tháng 12 năm 2015", and ISO 2015-12-31. Returns null when it is not a real date
 * (30/02/2024 included), so callers can say so instead of storing a wrong day.
 */
export function parseVnDate(input: string): CalendarDate | null {
  const s = cleanText(input).toLowerCase().replace(/^ngày\s+/u, '');
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:t[\d:.]+z?)?$/.exec(s);
  let d: CalendarDate | null = null;
  if (m) d = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  m = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/.exec(s);
  if (m) d = { year: Number(m[3]), month: Number(m[2]), day: Number(m[1]) };
  m = /^(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})$/u.exec(s);
  if (m) d = { year: Number(m[3]), month: Number(m[2]), day: Number(m[1]) };
  return d && isRealDate(d) ? d : null;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function toIsoDate(d: CalendarDate): string {
  return `${d.year}-${pad(d.month)}-${pad(d.day)}`;
}

/** dd/mm/yyyy, the format UX.md asks for everywhere. */
export function formatVnDate(d: CalendarDate | string): string {
  const date = typeof d === 'string' ? parseVnDate(d) : d;
  if (!date) return typeof d === 'string' ? d : '';
  return `${pad(date.day)}/${pad(date.month)}/${date.year}`;
}
