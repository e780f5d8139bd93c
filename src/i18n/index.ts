import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const LANGS = ['vi', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'vi';

export type Translate = (key: string, params?: Record<string, string | number>) => string;

type Dictionary = Map<string, string>;

const here = path.dirname(fileURLToPath(import.meta.url));
let cache: Record<Lang, Dictionary> | undefined;

/**
 * Each feature keeps its words in `src/i18n/<lang>/<namespace>.json`; a key
 * `users.title` is `title` in `users.json`. One file per feature keeps parallel
 * work free of merge conflicts.
 */
function load(): Record<Lang, Dictionary> {
  if (cache) return cache;
  const result = {} as Record<Lang, Dictionary>;
  for (const lang of LANGS) {
    const dict: Dictionary = new Map();
    const dir = path.join(here, lang);
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
      const ns = path.basename(file, '.json');
      flatten(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as unknown, ns, dict);
    }
    result[lang] = dict;
  }
  cache = result;
  return result;
}

function flatten(value: unknown, prefix: string, out: Dictionary): void {
  if (typeof value === 'string') {
    out.set(prefix, value);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, `${prefix}.${k}`, out);
  }
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

export function hasKey(key: string, lang: Lang = DEFAULT_LANG): boolean {
  return load()[lang].has(key);
}

/** Every key of a language, for the test that keeps vi and en in step. */
export function allKeys(lang: Lang): string[] {
  return [...load()[lang].keys()];
}

/** The parameter that counts something, when a text has plural forms. */
const COUNT_PARAMS = ['count', 'n', 'days'] as const;

/**
 * A missing key falls back to Vietnamese, then to the key itself, so a gap is visible but harmless.
 * English has singular forms (`days_left_one`: "1 day left"), chosen by the count parameter;
 * Vietnamese nouns do not change with number, so it needs none.
 */
const translators = new Map<Lang, Translate>();

export function translator(lang: Lang): Translate {
  let t = translators.get(lang);
  if (!t) translators.set(lang, (t = makeTranslator(lang)));
  return t;
}

function makeTranslator(lang: Lang): Translate {
  const dicts = load();
  const plural = new Intl.PluralRules(lang === 'vi' ? 'vi-VN' : 'en-GB');
  return (key, params) => {
    const count = params ? COUNT_PARAMS.map((p) => params[p]).find((v) => typeof v === 'number') : undefined;
    const form = typeof count === 'number' ? dicts[lang].get(`${key}_${plural.select(count)}`) : undefined;
    const text = form ?? dicts[lang].get(key) ?? dicts[DEFAULT_LANG].get(key) ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  };
}

/** Picks vi or en from an Accept-Language header; Vietnamese unless English is preferred. */
export function langFromAcceptLanguage(header: string | undefined): Lang {
  if (!header) return DEFAULT_LANG;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { tag: tag.toLowerCase().slice(0, 2), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  const first = ranked.find((r) => isLang(r.tag));
  return first && isLang(first.tag) ? first.tag : DEFAULT_LANG;
}

// Vietnam keeps UTC+7 all year (no daylight saving since 1975): dates are shifted, not run
// through Intl's time-zone tables, which cost far more on pages that format hundreds of values.
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const numberFormats = new Map<Lang, Intl.NumberFormat>();

const two = (n: number): string => (n < 10 ? '0' : '') + n;

function parts(d: Date): { day: string; month: string; year: string; hour: string; minute: string } {
  const v = new Date(d.getTime() + VIETNAM_OFFSET_MS);
  return { day: two(v.getUTCDate()), month: two(v.getUTCMonth() + 1), year: String(v.getUTCFullYear()), hour: two(v.getUTCHours()), minute: two(v.getUTCMinutes()) };
}

function toDate(value: Date | string | number | null | undefined): Date | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** dd/mm/yyyy in Vietnam's time zone, whatever the UI language. */
export function formatDate(value: Date | string | number | null | undefined): string {
  const d = toDate(value);
  if (!d) return '';
  const p = parts(d);
  return `${p.day}/${p.month}/${p.year}`;
}

/** dd/mm/yyyy HH:mm in Vietnam's time zone. */
export function formatDateTime(value: Date | string | number | null | undefined): string {
  const d = toDate(value);
  if (!d) return '';
  const p = parts(d);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** Vietnamese grouping (1.234,5) in Vietnamese, 1,234.5 in English. */
export function formatNumber(value: number | null | undefined, lang: Lang = DEFAULT_LANG): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  // Counts on every page are small whole numbers: grouped by hand, as Intl would (1.234 / 1,234).
  if (Number.isSafeInteger(value)) {
    const digits = String(Math.abs(value)).replace(/\B(?=(\d{3})+$)/g, lang === 'vi' ? '.' : ',');
    return value < 0 ? `-${digits}` : digits;
  }
  let fmt = numberFormats.get(lang);
  if (!fmt) numberFormats.set(lang, (fmt = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 })));
  return fmt.format(value);
}
