import type { FieldError } from '../http/errors.js';
import { formatNumber } from '../i18n/index.js';
import { parseDocRef } from './docref.js';
import type { TemplateField } from './template.schema.js';
import { cleanText, foldDiacritics, parseVnDate, toIsoDate } from './vn-text.js';

/**
 * Checks one proposal row (a submission item) against the template's fields and returns
 * the values as they should be stored: NFC text, ISO dates, numbers, enum codes, and
 * docrefs parsed with their key (so the consolidated appendix can group by document).
 */

export interface DocRefValue {
  /** What the agency typed, NFC. */
  input: string;
  text: string;
  key: string | null;
  typeCode: string;
  number: string;
  year: number | null;
  symbol: string;
  issuer: string | null;
  normative: boolean;
  rank: number | null;
}

export type ItemValue = string | number | DocRefValue | null;

export interface ItemContext {
  /** The submitting agency's name: issuer of HĐND/UBND documents unless a field says otherwise. */
  agencyName?: string;
  /** Only a province issues HĐND/UBND documents; anyone else must name the issuer. */
  agencyKind?: string;
  today?: Date;
}

export interface ItemResult {
  ok: boolean;
  values: Record<string, ItemValue>;
  errors: FieldError[];
}

const MAX_LEN: Partial<Record<TemplateField['type'], number>> = { text: 2000, longtext: 20_000, enum: 300, docref: 300 };

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/**
 * Vietnamese notation, one reading only: the comma is the decimal mark and the dot groups
 * thousands (1.234,5 = one thousand two hundred and thirty-four and a half; 1.234 = 1234).
 * A dot that does not group three digits (1.5, 1234.5) is refused rather than guessed.
 * JSON numbers from the API are taken as they are.
 */
export function parseVnNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const s = cleanText(v).replace(/[\s\u00a0]/g, '');
  let normalized: string | null = null;
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) normalized = s.replace(/\./g, '').replace(',', '.');
  else if (/^-?\d+(,\d+)?$/.test(s)) normalized = s.replace(',', '.');
  if (normalized === null) return null;
  const n = Number(normalized);
  return Number.isFinite(n) ? n : null;
}

function matchOption(field: TemplateField, v: string): string | null {
  const exact = field.options.find((o) => o.value === v);
  if (exact) return exact.value;
  // Excel imports and API clients send the label people see, not the code.
  const folded = foldDiacritics(v).toLowerCase();
  const byLabel = field.options.find(
    (o) => foldDiacritics(o.label_vi).toLowerCase() === folded || (o.label_en && foldDiacritics(o.label_en).toLowerCase() === folded),
  );
  return byLabel?.value ?? null;
}

/** "05/2020/NQ-HĐND của HĐND tỉnh Đắk Lắk": the issuer typed after the symbol, as people write it. */
function splitIssuer(text: string): { text: string; issuer?: string } {
  const m = /^(.*\S)\s+của\s+(\S.*)$/u.exec(text.normalize('NFC').trim());
  return m ? { text: m[1]!, issuer: m[2]! } : { text };
}

function docrefInput(raw: unknown): { text: string; issuer?: string; date?: string; type?: string } | null {
  if (typeof raw === 'string') return splitIssuer(raw);
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const o = raw as Record<string, unknown>;
    const text = o.input ?? o.text ?? o.number;
    if (typeof text !== 'string') return null;
    const str = (x: unknown) => (typeof x === 'string' && x.trim() ? x : undefined);
    const typed = splitIssuer(text);
    return { text: typed.text, issuer: str(o.issuer) ?? typed.issuer, date: str(o.date), type: str(o.type) };
  }
  return null;
}

export function validateItemValues(fields: readonly TemplateField[], values: unknown, ctx: ItemContext = {}): ItemResult {
  const out: Record<string, ItemValue> = {};
  const errors: FieldError[] = [];
  const err = (field: string, message: string, params: Record<string, string | number> = {}) =>
    errors.push({ field, message: message.includes('.') ? message : `templates.items.${message}`, params });

  if (!values || typeof values !== 'object' || Array.isArray(values)) {
    return { ok: false, values: out, errors: [{ field: '_', message: 'templates.items.not_object' }] };
  }
  const input = values as Record<string, unknown>;
  const known = new Set(fields.map((f) => f.key));
  for (const k of Object.keys(input)) if (!known.has(k)) err(k, 'unknown_field', { key: k });

  // docref fields last: they read the type, issuer and date fields already normalised.
  const ordered = [...fields.filter((f) => f.type !== 'docref'), ...fields.filter((f) => f.type === 'docref')];
  for (const field of ordered) {
    const raw = input[field.key];
    const label = field.label_vi;
    out[field.key] = null;
    if (isEmpty(raw)) {
      if (field.required) err(field.key, 'required', { label });
      continue;
    }
    const max = MAX_LEN[field.type];
    if (typeof raw === 'string' && max && raw.length > max * 2) {
      err(field.key, 'too_long', { label, max });
      continue;
    }
    switch (field.type) {
      case 'text':
      case 'longtext': {
        if (typeof raw !== 'string' && typeof raw !== 'number') {
          err(field.key, 'text', { label });
          break;
        }
        const text = field.type === 'text' ? cleanText(String(raw)) : String(raw).normalize('NFC').replace(/\r\n?/g, '\n').trim();
        if (max && text.length > max) err(field.key, 'too_long', { label, max });
        else out[field.key] = text;
        break;
      }
      case 'date': {
        const d = raw instanceof Date ? (Number.isNaN(raw.getTime()) ? null : { year: raw.getUTCFullYear(), month: raw.getUTCMonth() + 1, day: raw.getUTCDate() }) : typeof raw === 'string' ? parseVnDate(raw) : null;
        if (!d) err(field.key, 'date', { label });
        else out[field.key] = toIsoDate(d);
        break;
      }
      case 'number': {
        const n = parseVnNumber(raw);
        const bounds = field.number ?? {};
        if (n === null) err(field.key, 'number', { label });
        else if (bounds.integer && !Number.isInteger(n)) err(field.key, 'number_integer', { label });
        else if (bounds.min !== undefined && n < bounds.min) err(field.key, 'number_min', { label, min: formatNumber(bounds.min, 'vi') });
        else if (bounds.max !== undefined && n > bounds.max) err(field.key, 'number_max', { label, max: formatNumber(bounds.max, 'vi') });
        else out[field.key] = n;
        break;
      }
      case 'enum': {
        const code = typeof raw === 'string' ? matchOption(field, cleanText(raw)) : null;
        if (!code) err(field.key, 'enum', { label, options: field.options.map((o) => o.label_vi).join('; ') });
        else out[field.key] = code;
        break;
      }
      case 'docref': {
        const ref = docrefInput(raw);
        if (!ref) {
          err(field.key, 'text', { label });
          break;
        }
        const settings = field.docref ?? {};
        const sibling = (key: string | undefined): string | undefined => {
          if (!key) return undefined;
          const v = out[key];
          if (typeof v !== 'string') return undefined;
          const f = fields.find((x) => x.key === key);
          // An enum issuer field stores a code; the key wants the name people read.
          return f?.type === 'enum' && key === settings.issuerField ? (f.options.find((o) => o.value === v)?.label_vi ?? v) : v;
        };
        const res = parseDocRef(ref.text, {
          type: ref.type ?? sibling(settings.typeField),
          issuer: ref.issuer ?? sibling(settings.issuerField) ?? (ctx.agencyKind === undefined || ctx.agencyKind === 'province' ? ctx.agencyName : undefined),
          date: ref.date ?? sibling(settings.dateField),
          allowNonNormative: settings.allowNonNormative,
          today: ctx.today,
        });
        if (!res.ok) {
          err(field.key, res.error.key, res.error.params);
          break;
        }
        const r = res.ref;
        if (r.key === null) {
          err(field.key, 'templates.docref.issuer_required', { symbol: r.symbol });
          break;
        }
        out[field.key] = {
          input: cleanText(ref.issuer && r.local ? `${ref.text} của ${ref.issuer}` : ref.text), text: r.text, key: r.key, typeCode: r.typeCode, number: r.number, year: r.year,
          symbol: r.symbol, issuer: r.issuer, normative: r.normative, rank: r.rank,
        };
        break;
      }
    }
  }
  return { ok: errors.length === 0, values: out, errors };
}

/** What row validation needs to know of the submitting agency. */
export function itemContextOf(agency: { nameVi: string; kind: string }): ItemContext {
  return { agencyName: agency.nameVi, agencyKind: agency.kind };
}
