import data from './document-types.data.json' with { type: 'json' };

/**
 * What the symbol part of a number/symbol ("NĐ-CP", "TT-BCA", "QH14", "NQ-HĐND") says
 * about the document: its possible types and its issuer. Kept apart from the parser so the
 * rules read as one table.
 */

export interface DocTypeInfo {
  code: string;
  name_vi: string;
  name_en: string;
  issuer_vi: string | null;
  rank: number;
  named?: boolean;
  local?: boolean;
  legacy?: boolean;
}

export interface IssuerInfo {
  vi: string;
  head_vi?: string;
  agency?: string;
  until?: number;
  since?: number;
}

export const DOC_TYPES: readonly DocTypeInfo[] = data.types;
export const NON_NORMATIVE_TYPES: readonly { code: string; name_vi: string; name_en: string }[] = data.non_normative;
const ISSUERS: Record<string, IssuerInfo> = data.issuers;
const LEGISLATURES: Record<string, number[]> = data.legislatures;

const TYPE_BY_CODE = new Map(DOC_TYPES.map((t) => [t.code, t]));

export function docType(code: string): DocTypeInfo | undefined {
  return TYPE_BY_CODE.get(code);
}

/** Keyed by the upper-cased symbol, because that is how the parser compares ("TTg" → "TTG"). */
const ISSUER_BY_UPPER = new Map(Object.entries(ISSUERS).map(([sym, info]) => [sym.toUpperCase(), { sym, ...info }]));

export function issuerBySymbol(upper: string): (IssuerInfo & { sym: string }) | undefined {
  return ISSUER_BY_UPPER.get(upper);
}

export function legislatureYears(n: number): [number, number] | undefined {
  const r = LEGISLATURES[String(n)];
  return r ? [r[0], r[1]] : undefined;
}

/** Segments that people type without the Vietnamese keyboard: ND-CP, QD-UBND, NQ-HDND. */
const D_SEGMENTS = ['NĐ', 'QĐ', 'HĐND', 'HĐTP', 'ĐCT', ...Object.keys(ISSUERS).filter((k) => k.includes('Đ'))];
const ASCII_TO_D = new Map(D_SEGMENTS.map((s) => [s.replace(/Đ/g, 'D'), s]));
/** Hyphen forgotten between the two parts, seen in real citations ("65/2010/NĐCP"). */
const COMPACT: Record<string, string> = { NĐCP: 'NĐ-CP', QĐTTG: 'QĐ-TTG', QĐUBND: 'QĐ-UBND', NQHĐND: 'NQ-HĐND', NQCP: 'NQ-CP' };

/** Upper-cased, spaces removed, missing Đ and hyphens restored where unambiguous. */
export function canonicalSymbolUpper(raw: string): string {
  const upper = raw.replace(/\s+/g, '').toUpperCase();
  const segments = upper.split('-').map((seg) => ASCII_TO_D.get(seg) ?? seg);
  const joined = segments.join('-');
  return COMPACT[joined] ?? joined;
}

/** Display form: upper case except the few segments that are mixed case by convention. */
export function displaySymbol(upper: string): string {
  return upper
    .split('-')
    .map((seg) => {
      if (seg === 'TTG') return 'TTg';
      if (seg === 'KTRVB') return 'KTrVB';
      return seg;
    })
    .join('-');
}

export interface SymbolClass {
  types: string[];
  issuerSymbols: string[];
  local: boolean;
  legislature?: number;
}

const SIMPLE: Record<string, { types: string[]; issuer: string }> = {
  'L-CTN': { types: ['lenh-ctn'], issuer: 'CTN' },
  'QĐ-CTN': { types: ['quyet-dinh-ctn'], issuer: 'CTN' },
  'NĐ-CP': { types: ['nghi-dinh'], issuer: 'CP' },
  'NQ-CP': { types: ['nghi-quyet-chinh-phu'], issuer: 'CP' },
  'QĐ-TTG': { types: ['quyet-dinh-ttg'], issuer: 'TTG' },
  'CT-TTG': { types: ['chi-thi-ttg'], issuer: 'TTG' },
  'NQ-HĐTP': { types: ['nghi-quyet-hdtp'], issuer: 'HĐTP' },
  'TT-TANDTC': { types: ['thong-tu-tandtc'], issuer: 'TANDTC' },
  'TT-VKSTC': { types: ['thong-tu-vksndtc'], issuer: 'VKSTC' },
  'TT-VKSNDTC': { types: ['thong-tu-vksndtc'], issuer: 'VKSNDTC' },
  'QĐ-KTNN': { types: ['quyet-dinh-ktnn'], issuer: 'KTNN' },
};

const LOCAL: Record<string, string[]> = {
  'NQ-HĐND': ['nghi-quyet-hdnd-tinh', 'nghi-quyet-hdnd-xa'],
  'QĐ-UBND': ['quyet-dinh-ubnd-tinh', 'quyet-dinh-ubnd-xa'],
  'CT-UBND': ['chi-thi-ubnd'],
};

const AGENCY_SEGMENT = /^[A-ZĐ&]{2,10}$/u;

/** The normative type(s) a symbol can belong to, or null when it is not a VBQPPL symbol. */
export function classifySymbol(upper: string): SymbolClass | null {
  let m = /^QH(\d{1,2})$/.exec(upper);
  if (m) return { types: ['luat', 'bo-luat', 'nghi-quyet-quoc-hoi'], issuerSymbols: ['QH'], local: false, legislature: Number(m[1]) };
  m = /^(?:(PL|NQ)-)?UBTVQH(\d{1,2})$/.exec(upper);
  if (m) {
    const types = m[1] === 'PL' ? ['phap-lenh'] : m[1] === 'NQ' ? ['nghi-quyet-ubtvqh'] : ['phap-lenh', 'nghi-quyet-ubtvqh'];
    return { types, issuerSymbols: ['UBTVQH'], local: false, legislature: Number(m[2]) };
  }
  if (upper.startsWith('NQLT-')) {
    if (/-UBTVQH\d*(-|$)/.test(upper)) return { types: ['nghi-quyet-lien-tich-ubtvqh-mttq'], issuerSymbols: ['UBTVQH'], local: false };
    if (/-CP(-|$)/.test(upper)) return { types: ['nghi-quyet-lien-tich-cp-mttq'], issuerSymbols: ['CP'], local: false };
    return null;
  }
  const simple = SIMPLE[upper];
  if (simple) return { types: simple.types, issuerSymbols: [simple.issuer], local: false };
  const local = LOCAL[upper];
  if (local) return { types: local, issuerSymbols: [], local: true };
  m = /^TTLT-(.+)$/.exec(upper);
  if (m) {
    const parts = m[1].split('-');
    if (parts.length >= 2 && parts.every((p) => AGENCY_SEGMENT.test(p))) {
      return { types: ['thong-tu-lien-tich'], issuerSymbols: parts, local: false };
    }
    return null;
  }
  m = /^TT-([A-ZĐ&]+)$/.exec(upper);
  if (m && AGENCY_SEGMENT.test(m[1])) return { types: ['thong-tu'], issuerSymbols: [m[1]], local: false };
  // A minister's decision was a VBQPPL until the 2008 law; only accept known ministries so
  // that "…/2020/QĐ-XYZ" is not waved through as normative.
  m = /^QĐ-([A-ZĐ&]+)$/.exec(upper);
  if (m && issuerBySymbol(m[1])?.vi.startsWith('Bộ')) return { types: ['quyet-dinh-bo'], issuerSymbols: [m[1]], local: false };
  if (m && m[1] === 'NHNN') return { types: ['quyet-dinh-bo'], issuerSymbols: ['NHNN'], local: false };
  return null;
}

/** For a number without a year: what kind of non-normative document it most likely is. */
export function classifyNonNormative(upper: string): string {
  const first = upper.split('-')[0];
  if (first === 'QĐ') return 'quyet-dinh-ca-biet';
  if (first === 'NQ') return 'nghi-quyet-ca-biet';
  if (first === 'CT') return 'chi-thi';
  if (issuerBySymbol(first) || first === 'UBND' || first === 'HĐND') return 'cong-van';
  return 'van-ban-hanh-chinh';
}
