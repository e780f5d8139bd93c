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

export interface DocRefMessage {
  code: DocRefErrorCode;
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

const fail = (code: DocRefErrorCode, vi: string, en: string): DocRefResult => ({ ok: false, error: { code, vi, en } });

const TYPE_WORDS = [
  'bộ luật', 'luật', 'pháp lệnh', 'nghị quyết liên tịch', 'nghị quyết', 'nghị định',
  'thông tư liên tịch', 'thông tư', 'quyết định', 'lệnh', 'chỉ thị', 'công văn',
];

const CORE_RE = /(?<number>\d+[a-zA-Z]?)\s*\/\s*(?:(?<year>\d{1,4})\s*\/\s*)?(?<symbol>[\p{L}&][\p{L}\d&]*(?:\s*-\s*[\p{L}\d&]+)*)/u;

/** What comes before the number: "Nghị định số", "Luật Doanh nghiệp số", "Số:" or nothing. */
function parsePrefix(before: string): { typeWord: string | null; title: string | null } | null {
  let rest = before.trim().replace(/[:,]$/, '').trim();
  const hadSo = /(^|\s)số\s*:?$/iu.test(rest);
  rest = rest.replace(/(^|\s)số\s*:?$/iu, '').trim();
  if (!rest) return { typeWord: null, title: null };
  const lower = rest.toLowerCase();
  const word = TYPE_WORDS.find((w) => lower === w || lower.startsWith(`${w} `));
  if (!word) return null;
  const title = rest.slice(word.length).trim();
  if (title && !hadSo) return null;
  return { typeWord: word, title: title || null };
}

/** What may follow: ", ngày 31/12/2015" or " ngày 31 tháng 12 năm 2015 của Chính phủ". */
function parseSuffix(after: string): { date: string | null } | null {
  const rest = after.trim().replace(/[.;]$/, '').trim();
  if (!rest) return { date: null };
  const m = /^,?\s*ngày\s+(.+?)(?:\s+của\s+.+)?$/iu.exec(rest);
  if (m) return { date: m[1] };
  if (/^,?\s*của\s+.+$/iu.test(rest)) return { date: null };
  return null;
}

/** Locality part of a key: "HĐND tỉnh Đắk Nông" and "dak-nong" give the same "dak-nong". */
export function localityKey(issuer: string): string {
  const folded = foldDiacritics(cleanText(issuer)).toLowerCase();
  const stripped = folded
    .replace(/\b(hoi dong nhan dan|uy ban nhan dan|hdnd|ubnd|chu tich)\b/g, ' ')
    .replace(/\b(tinh|thanh pho|tp\.?)\s/g, ' ');
  return slugify(stripped);
}

function isCommuneLevel(issuer: string): boolean {
  const f = foldDiacritics(cleanText(issuer)).toLowerCase().replace(/\b(hoi dong nhan dan|uy ban nhan dan|hdnd|ubnd)\b/g, '').trim();
  return /^(xa|phuong|dac khu|thi tran)\s/.test(f);
}

function pickType(candidates: string[], hint: string | null, issuer: string | undefined): string | null {
  if (hint) {
    const h = cleanText(hint).toLowerCase();
    const byCode = candidates.find((c) => c === h);
    if (byCode) return byCode;
    const byName = candidates.filter((c) => docType(c)?.name_vi.toLowerCase() === h);
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
    return fail('empty', 'Chưa nhập số, ký hiệu văn bản.', 'The number/symbol is empty.');
  }
  const s = cleanText(input);
  const m = CORE_RE.exec(s);
  if (!m?.groups) {
    return fail('format', `“${s}” không phải số, ký hiệu văn bản (ví dụ đúng: 137/2015/NĐ-CP).`, `“${s}” is not a document number/symbol (e.g. 137/2015/NĐ-CP).`);
  }
  const g = m.groups;
  const prefix = parsePrefix(s.slice(0, m.index));
  const after = s.slice(m.index + m[0].length);
  if (/^\s*\/\s*\d/.test(after)) {
    return fail('year_position', `Năm ban hành phải đứng giữa số và ký hiệu, ví dụ 137/2015/NĐ-CP (đã nhập “${s}”).`, `The year goes between number and symbol, e.g. 137/2015/NĐ-CP (got “${s}”).`);
  }
  const suffix = parseSuffix(after);
  if (!prefix || !suffix) {
    return fail('trailing', `“${s}”: chỉ nhập số, ký hiệu (có thể kèm loại văn bản và ngày ban hành), ví dụ “Nghị định số 137/2015/NĐ-CP”.`, `“${s}”: enter only the number/symbol (optionally with type and date), e.g. “Nghị định số 137/2015/NĐ-CP”.`);
  }
  const number = g.number.toLowerCase();
  if (!/^\d{1,5}[a-z]?$/.test(number) || Number.parseInt(number, 10) === 0) {
    return fail('number', `Số thứ tự “${g.number}” không hợp lệ (phải là số từ 1 đến 99999).`, `Number “${g.number}” is not valid.`);
  }
  const today = opts.today ?? new Date();
  let year: number | null = null;
  if (g.year !== undefined) {
    year = Number(g.year);
    if (g.year.length !== 4 || year < 1945 || year > today.getFullYear()) {
      return fail('year', `Năm ban hành “${g.year}” không hợp lệ: phải có 4 chữ số, từ 1945 đến ${today.getFullYear()}.`, `Year “${g.year}” is not valid: four digits, 1945–${today.getFullYear()}.`);
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
    if (!d) return fail('date', `Ngày ban hành “${dateInput}” không hợp lệ (dạng dd/mm/yyyy).`, `Date of issue “${dateInput}” is not valid (dd/mm/yyyy).`);
    if (year !== null && d.year !== year) {
      return fail('date_mismatch', `Năm trong số, ký hiệu (${year}) khác năm của ngày ban hành (${d.year}).`, `The year in the number (${year}) differs from the date of issue (${d.year}).`);
    }
    date = toIsoDate(d);
  }

  if (year === null) {
    if (!opts.allowNonNormative) {
      const kind = classifyNonNormative(upper) === 'cong-van' ? 'công văn' : 'văn bản cá biệt hoặc văn bản hành chính';
      return fail('not_normative', `“${text}” không có năm ban hành trong số, ký hiệu nên là ${kind}, không phải văn bản quy phạm pháp luật (ví dụ VBQPPL: 19/2025/QĐ-TTg).`, `“${text}” has no year in its number, so it is an individual or administrative document, not a legal normative document.`);
    }
    const code = classifyNonNormative(upper);
    const info = NON_NORMATIVE_TYPES.find((t) => t.code === code);
    const issuerSym = issuerBySymbol(upper.split('-').at(-1) ?? '') ?? issuerBySymbol(upper.split('-')[0]);
    const local = /(^|-)(UBND|HĐND|CT)(-|$)/.test(upper) && !issuerSym;
    const issuer = local ? (opts.issuer ? cleanText(opts.issuer) : null) : (issuerSym?.vi ?? null);
    const baseKey = `${stripZeros(number)}/${upper}`;
    return {
      ok: true,
      ref: {
        text, number, year, symbol, typeCode: code, typeName: info?.name_vi ?? code, typeNameEn: info?.name_en ?? code,
        typeCandidates: [code], normative: false, legacy: false, rank: null, issuer, issuerHead: issuer,
        issuerSymbols: issuerSym ? [issuerSym.sym] : [], issuerAgency: issuerSym?.agency ?? null, local,
        key: local ? (opts.issuer ? `${baseKey}@${localityKey(opts.issuer)}` : null) : baseKey,
        date, titleHint: prefix.title, warnings: [],
      },
    };
  }

  const cls = classifySymbol(upper);
  if (!cls) {
    return fail('unknown_symbol', `Ký hiệu “${symbol}” không khớp loại văn bản quy phạm pháp luật nào (ví dụ: QH15, NĐ-CP, QĐ-TTg, TT-BCA, NQ-HĐND, QĐ-UBND).`, `Symbol “${symbol}” matches no type of legal normative document.`);
  }
  const typeCode = pickType(cls.types, typeHint, opts.issuer);
  if (!typeCode) {
    const expected = [...new Set(cls.types.map((c) => docType(c)?.name_vi))].join(' / ');
    return fail('type_mismatch', `Loại văn bản “${typeHint}” không khớp với ký hiệu “${symbol}” (${expected}).`, `Document type “${typeHint}” does not match symbol “${symbol}” (${expected}).`);
  }
  const type = docType(typeCode);
  if (!type) throw new Error(`document type ${typeCode} missing from document-types.data.json`);
  if (cls.legislature !== undefined) {
    const span = legislatureYears(cls.legislature);
    if (!span || year < span[0] || year > span[1]) {
      const when = span ? `${span[0]}–${span[1]}` : 'không xác định';
      return fail('legislature', `Quốc hội khóa ${cls.legislature} (nhiệm kỳ ${when}) không ban hành văn bản năm ${year}: kiểm tra lại “${text}”.`, `The ${cls.legislature}th National Assembly (${when}) issued nothing in ${year}: check “${text}”.`);
    }
  }
  const issuers = cls.issuerSymbols.map((sym) => ({ sym, info: issuerBySymbol(sym) }));
  for (const { info } of issuers) {
    if (info && ((info.until && year > info.until) || (info.since && year < info.since))) {
      const period = info.until ? `đến năm ${info.until}` : `từ năm ${info.since}`;
      return fail('issuer_period', `${info.vi} chỉ ban hành văn bản ${period}, không khớp năm ${year} trong “${text}”.`, `${info.vi} issued documents only ${info.until ? `until ${info.until}` : `from ${info.since}`}, not in ${year}.`);
    }
  }
  const warnings: DocRefMessage[] = [];
  for (const { sym, info } of issuers) {
    if (!info) warnings.push({ code: 'unknown_symbol', vi: `Không nhận ra cơ quan có ký hiệu “${sym}”.`, en: `Unknown issuing body symbol “${sym}”.` });
  }
  let issuer: string | null;
  let issuerHead: string | null;
  if (cls.local) {
    issuer = opts.issuer ? cleanText(opts.issuer) : null;
    issuerHead = issuer;
    if (!issuer) {
      warnings.push({ code: 'issuer_required', vi: `Ký hiệu “${symbol}” không cho biết địa phương: cần ghi rõ cơ quan ban hành (ví dụ HĐND tỉnh Đắk Lắk).`, en: `Symbol “${symbol}” does not name the locality: the issuing body is needed.` });
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
  const key = cls.local ? (opts.issuer ? `${baseKey}@${localityKey(opts.issuer)}` : null) : baseKey;
  return {
    ok: true,
    ref: {
      text, number, year, symbol, typeCode, typeName: type.name_vi, typeNameEn: type.name_en,
      typeCandidates: cls.types, normative: true, legacy: Boolean(type.legacy), rank: type.rank,
      issuer, issuerHead, issuerSymbols: cls.issuerSymbols, issuerAgency: issuers.length === 1 ? (issuers[0].info?.agency ?? null) : null,
      local: cls.local, key, date, titleHint: prefix.title, warnings,
    },
  };
}
