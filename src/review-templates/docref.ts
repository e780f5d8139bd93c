import {
  classifyNonNormative,
  classifySymbol,
  canonicalSymbolUpper,
  displaySymbol,
  docType,
  issuerBySymbol,
  legislatureYears,
  NON_NORMATIVE_TYPES,
} from './docref.symbols.js';
import { translator } from '../i18n/index.js';
import { cleanText, foldDiacritics, parseVnDate, slugify, toIsoDate } from './vn-text.js';

/**
 * docref: the number/symbol of a legal document ("137/2015/NĐ-CP"), parsed and checked
 * against the numbering rules of each document type, with a key under which the same
 * document typed by two agencies is recognised as one.
 */

export type DocRefErrorCode =
  | 'empty'
  | 'format'
  | 'year_position'
  | 'trailing'
  | 'number'
  | 'year'
  | 'unknown_symbol'
  | 'not_normative'
  | 'type_mismatch'
  | 'legislature'
  | 'issuer_period'
  | 'date'
  | 'date_mismatch'
  | 'issuer_required';

/** `key` and `params` are for t() (FieldError); vi/en are the same text, ready for non-HTTP callers. */
export interface DocRefMessage {
  code: DocRefErrorCode;
  key: string;
  params: Record<string, string | number>;
  vi: string;
  en: string;
}

export interface DocRef {
  /** Canonical number/symbol as shown: "137/2015/NĐ-CP", "06/QĐ-TTg". */
  text: string;
  number: string;
  year: number | null;
  symbol: string;
  typeCode: string;
  typeName: string;
  typeNameEn: string;
  /** Every type the symbol alone allows (QH14: luật, bộ luật, nghị quyết QH). */
  typeCandidates: string[];
  normative: boolean;
  legacy: boolean;
  rank: number | null;
  issuer: string | null;
  /** Who signs, for citations: "Bộ trưởng Bộ Tài chính". */
  issuerHead: string | null;
  issuerSymbols: string[];
  issuerAgency: string | null;
  /** The symbol does not name the issuer (HĐND, UBND): the key then needs the issuer. */
  local: boolean;
  key: string | null;
  date: string | null;
  titleHint: string | null;
  warnings: DocRefMessage[];
}

export type DocRefResult = { ok: true; ref: DocRef } | { ok: false; error: DocRefMessage };

export interface DocRefOptions {
  /** Type chosen in another field (a document-type code, or a Vietnamese type name). */
  type?: string;
  /** Issuing body, required to key HĐND/UBND documents: "HĐND tỉnh Đắk Nông", "ha-noi". */
  issuer?: string;
  /** Date of issue, checked against the year in the number. */
  date?: string;
  /** Accept documents without a year (individual decisions, official letters), flagged as not normative. */
  allowNonNormative?: boolean;
  today?: Date;
}

const vi = translator('vi');
const en = translator('en');

function message(code: DocRefErrorCode, params: Record<string, string | number> = {}, variant: string = code): DocRefMessage {
  const key = `templates.docref.${variant}`;
  return { code, key, params, vi: vi(key, params), en: en(key, params) };
}

const fail = (code: DocRefErrorCode, params?: Record<string, string | number>, variant?: string): DocRefResult => ({
  ok: false,
  error: message(code, params, variant),
});

const TYPE_WORDS = [
  'bộ luật', 'luật', 'pháp lệnh', 'nghị quyết liên tịch', 'nghị quyết', 'nghị định',
  'thông tư liên tịch', 'thông tư', 'quyết định', 'lệnh', 'chỉ thị', 'công văn',
];

const CORE_RE = /(?<number>\d+[a-zA-Z]?)\s*\/\s*(?:(?<year>\d{1,4})\s*\/\s*)?(?<symbol>[\p{L}&][\p{L}\d&]*(?:\s*-\s*[\p{L}\d&]+)*)/u;

/** Abbreviated type words people put before a number: "QĐ 06/QĐ-TTg", "NĐ 137/2015/NĐ-CP". */
const TYPE_ABBREVIATIONS: Record<string, string> = {
  qđ: 'quyết định', qd: 'quyết định', nđ: 'nghị định', nd: 'nghị định', tt: 'thông tư', ttlt: 'thông tư liên tịch',
  nq: 'nghị quyết', ct: 'chỉ thị', cv: 'công văn',
};

/** What comes before the number: "Nghị định số", "Luật Doanh nghiệp số", "QĐ", "Số:" or nothing. */
function parsePrefix(before: string): { typeWord: string | null; title: string | null } | null {
  let rest = before.trim().replace(/[:,]$/, '').trim();
  const hadSo = /(^|\s)số\s*:?$/iu.test(rest);
  rest = rest.replace(/(^|\s)số\s*:?$/iu, '').trim();
  if (!rest) return { typeWord: null, title: null };
  const lower = rest.toLowerCase();
  const abbreviation = TYPE_ABBREVIATIONS[lower];
  if (abbreviation) return { typeWord: abbreviation, title: null };
  const word = TYPE_WORDS.find((w) => lower === w || lower.startsWith(`${w} `));
  if (!word) return null;
  const title = rest.slice(word.length).trim();
  if (title && !hadSo) return null;
  return { typeWord: word, title: title || null };
}

const DATE_TEXT = String.raw`\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}`;
/** A trích yếu written straight after the number or date: "… quy định chi tiết …", "về căn cước". */
const SUBJECT = String.raw`(?:về|quy định|hướng dẫn|sửa đổi|bổ sung|ban hành|bãi bỏ|thay thế|phê duyệt|xử phạt|quản lý)\s.+`;
const SUFFIX_RE = new RegExp(
  String.raw`^,?\s*(?:ngày\s+(?<date>${DATE_TEXT}))?\s*(?:,?\s*của\s+(?<of>(?:(?!\s(?:về|quy định|hướng dẫn)\s).)+))?\s*(?<title>${SUBJECT})?$`,
  'iu',
);

/** What may follow: ", ngày 31/12/2015", " ngày 31 tháng 12 năm 2015 của Chính phủ quy định …". */
function parseSuffix(after: string): { date: string | null; title: string | null } | null {
  const rest = after.trim().replace(/[.;]$/, '').trim();
  if (!rest) return { date: null, title: null };
  const m = SUFFIX_RE.exec(rest);
  if (m?.groups) return { date: m.groups.date ?? null, title: m.groups.title?.trim() ?? null };
  // A date that is not a date ("ngày 30/02/2024") is reported as such, not as trailing text.
  const loose = /^,?\s*ngày\s+(\S+)/iu.exec(rest);
  return loose ? { date: loose[1], title: null } : null;
}

/** "Hiến pháp năm 2013", "Bộ luật Dân sự 2015", "Luật Đất đai năm 2024": cited by name and year. */
const NAMED_RE = /^(?<type>hiến pháp|bộ luật|luật|pháp lệnh)(?:\s+(?<name>[^\d]+?))?\s*,?\s+(?:năm\s+)?(?<year>(?:19|20)\d{2})$/iu;
const NAMED_CODES: Record<string, string> = { 'hiến pháp': 'hien-phap', 'bộ luật': 'bo-luat', luật: 'luat', 'pháp lệnh': 'phap-lenh' };

function parseNamed(s: string, today: Date): DocRefResult | null {
  const m = NAMED_RE.exec(s);
  if (!m?.groups) return null;
  const code = NAMED_CODES[m.groups.type.toLowerCase()];
  const name = m.groups.name?.replace(/(^|\s)năm$/iu, '').trim() || null;
  if (!name && code !== 'hien-phap') return null;
  const year = Number(m.groups.year);
  if (year < 1945 || year > today.getFullYear()) return fail('year', { year, max: today.getFullYear() });
  const type = docType(code);
  if (!type) throw new Error(`document type ${code} missing from document-types.data.json`);
  const text = `${type.name_vi}${name ? ` ${name}` : ''} năm ${year}`;
  return {
    ok: true,
    ref: {
      text, number: '', year, symbol: '', typeCode: code, typeName: type.name_vi, typeNameEn: type.name_en,
      typeCandidates: [code], normative: true, legacy: false, rank: type.rank, issuer: type.issuer_vi, issuerHead: type.issuer_vi,
      issuerSymbols: [], issuerAgency: null, local: false, key: `${code}:${name ? `${slugify(name)}:` : ''}${year}`,
      date: null, titleHint: name, warnings: [],
    },
  };
}

/** Locality part of a key: "HĐND tỉnh Đắk Nông" and "dak-nong" give the same "dak-nong". */
export function localityKey(issuer: string): string {
  const folded = foldDiacritics(cleanText(issuer)).toLowerCase();
  const stripped = folded
    .replace(/\b(hoi dong nhan dan|uy ban nhan dan|hdnd|ubnd|chu tich)\b/g, ' ')
    .replace(/\b(tinh|thanh pho|tp\.?)\s/g, ' ');
  return slugify(stripped);
}

/** "HĐND" or "UBND tỉnh" alone names no province: such an issuer counts as not given. */
function namedLocality(issuer: string | undefined): string | null {
  const text = issuer ? cleanText(issuer) : '';
  return text && localityKey(text) ? text : null;
}

function isCommuneLevel(issuer: string): boolean {
  const f = foldDiacritics(cleanText(issuer)).toLowerCase().replace(/\b(hoi dong nhan dan|uy ban nhan dan|hdnd|ubnd)\b/g, '').trim();
  return /^(xa|phuong|dac khu|thi tran)\s/.test(f);
}

function pickType(candidates: string[], hint: string | null, issuer: string | undefined): string | null {
  if (hint) {
    // A type code ("nghi-dinh"), a generic one from an enum field ("nghi-quyet"), or a name ("Nghị quyết").
    const h = slugify(hint);
    const byCode = candidates.find((c) => c === h);
    if (byCode) return byCode;
    const byName = candidates.filter((c) => slugify(docType(c)?.name_vi ?? '') === h);
    if (byName.length === 0) return null;
    candidates = byName;
  }
  if (candidates.length > 1 && issuer && isCommuneLevel(issuer)) {
    const xa = candidates.find((c) => c.endsWith('-xa'));
    if (xa) return xa;
  }
  return candidates[0];
}

function stripZeros(n: string): string {
  return n.replace(/^0+(?=\d)/, '');
}

export function parseDocRef(input: unknown, opts: DocRefOptions = {}): DocRefResult {
  if (typeof input !== 'string' || !cleanText(input)) {
    return fail('empty');
  }
  const s = cleanText(input);
  const m = CORE_RE.exec(s);
  if (!m?.groups) {
    return parseNamed(s, opts.today ?? new Date()) ?? fail('format', { input: s });
  }
  const g = m.groups;
  const prefix = parsePrefix(s.slice(0, m.index));
  const after = s.slice(m.index + m[0].length);
  if (/^\s*\/\s*\d/.test(after)) {
    return fail('year_position', { input: s });
  }
  const suffix = parseSuffix(after);
  if (!prefix || !suffix) {
    return fail('trailing', { input: s });
  }
  const number = g.number.toLowerCase();
  if (!/^\d{1,5}[a-z]?$/.test(number) || Number.parseInt(number, 10) === 0) {
    return fail('number', { number: g.number });
  }
  const today = opts.today ?? new Date();
  let year: number | null = null;
  if (g.year !== undefined) {
    year = Number(g.year);
    if (g.year.length !== 4 || year < 1945 || year > today.getFullYear()) {
      return fail('year', { year: g.year, max: today.getFullYear() });
    }
  }
  const upper = canonicalSymbolUpper(g.symbol);
  const symbol = displaySymbol(upper);
  const text = year === null ? `${number}/${symbol}` : `${number}/${year}/${symbol}`;
  const typeHint = opts.type ?? prefix.typeWord;

  const dateInput = opts.date ?? suffix.date;
  let date: string | null = null;
  if (dateInput) {
    const d = parseVnDate(dateInput);
    if (!d) return fail('date', { date: dateInput });
    if (year !== null && d.year !== year) {
      return fail('date_mismatch', { year, dateYear: d.year });
    }
    date = toIsoDate(d);
  }

  if (year === null) {
    if (!opts.allowNonNormative) {
      const letter = classifyNonNormative(upper) === 'cong-van';
      return fail('not_normative', { text }, letter ? 'not_normative_letter' : 'not_normative');
    }
    const code = classifyNonNormative(upper);
    const info = NON_NORMATIVE_TYPES.find((t) => t.code === code);
    const issuerSym = issuerBySymbol(upper.split('-').at(-1) ?? '') ?? issuerBySymbol(upper.split('-')[0]);
    const local = /(^|-)(UBND|HĐND|CT)(-|$)/.test(upper) && !issuerSym;
    const named = namedLocality(opts.issuer);
    const issuer = local ? named : (issuerSym?.vi ?? null);
    const baseKey = `${stripZeros(number)}/${upper}`;
    return {
      ok: true,
      ref: {
        text, number, year, symbol, typeCode: code, typeName: info?.name_vi ?? code, typeNameEn: info?.name_en ?? code,
        typeCandidates: [code], normative: false, legacy: false, rank: null, issuer, issuerHead: issuer,
        issuerSymbols: issuerSym ? [issuerSym.sym] : [], issuerAgency: issuerSym?.agency ?? null, local,
        key: local ? (named ? `${baseKey}@${localityKey(named)}` : null) : baseKey,
        date, titleHint: prefix.title ?? suffix.title, warnings: [],
      },
    };
  }

  const cls = classifySymbol(upper);
  if (!cls) {
    return fail('unknown_symbol', { symbol });
  }
  const typeCode = pickType(cls.types, typeHint, opts.issuer);
  if (!typeCode) {
    const expected = [...new Set(cls.types.map((c) => docType(c)?.name_vi))].join(' / ');
    return fail('type_mismatch', { type: typeHint ?? '', symbol, expected });
  }
  const type = docType(typeCode);
  if (!type) throw new Error(`document type ${typeCode} missing from document-types.data.json`);
  if (cls.legislature !== undefined) {
    const span = legislatureYears(cls.legislature);
    if (!span || year < span[0] || year > span[1]) {
      const when = span ? `${span[0]}–${span[1]}` : '?';
      return fail('legislature', { legislature: cls.legislature, term: when, year, text });
    }
  }
  const issuers = cls.issuerSymbols.map((sym) => ({ sym, info: issuerBySymbol(sym) }));
  for (const { info } of issuers) {
    if (info && ((info.until && year > info.until) || (info.since && year < info.since))) {
      const params = { issuer: info.vi, year, text };
      return info.until
        ? fail('issuer_period', { ...params, until: info.until }, 'issuer_until')
        : fail('issuer_period', { ...params, since: info.since ?? '' }, 'issuer_since');
    }
  }
  const warnings: DocRefMessage[] = [];
  for (const { sym, info } of issuers) {
    if (!info) warnings.push(message('unknown_symbol', { symbol: sym }, 'unknown_issuer'));
  }
  let issuer: string | null;
  let issuerHead: string | null;
  if (cls.local) {
    issuer = namedLocality(opts.issuer);
    issuerHead = issuer;
    if (!issuer) {
      warnings.push(message('issuer_required', { symbol }));
    }
  } else if (issuers.length > 1) {
    issuer = issuers.map(({ sym, info }) => info?.vi ?? sym).join(', ');
    issuerHead = issuer;
  } else {
    const one = issuers[0]?.info;
    issuer = type.code === 'thong-tu' || type.code === 'quyet-dinh-bo' ? (one?.vi ?? null) : (type.issuer_vi ?? one?.vi ?? null);
    issuerHead = type.code === 'thong-tu' || type.code === 'quyet-dinh-bo' ? (one ? (one.head_vi ?? `Bộ trưởng ${one.vi}`) : null) : (type.issuer_vi ?? one?.head_vi ?? one?.vi ?? null);
  }
  const baseKey = `${stripZeros(number)}/${year}/${upper}`;
  const key = cls.local ? (issuer ? `${baseKey}@${localityKey(issuer)}` : null) : baseKey;
  return {
    ok: true,
    ref: {
      text, number, year, symbol, typeCode, typeName: type.name_vi, typeNameEn: type.name_en,
      typeCandidates: cls.types, normative: true, legacy: Boolean(type.legacy), rank: type.rank,
      issuer, issuerHead, issuerSymbols: cls.issuerSymbols, issuerAgency: issuers.length === 1 ? (issuers[0].info?.agency ?? null) : null,
      local: cls.local, key, date, titleHint: prefix.title ?? suffix.title, warnings,
    },
  };
}
