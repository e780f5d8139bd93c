import { FIELD_TYPES, type FieldType, type TemplateSpec, type TemplateSpecInput } from './template.schema.js';
import { formatNumber } from '../i18n/index.js';
import { parseVnNumber } from './item-values.js';
import { slugify } from './vn-text.js';

/**
 * The template editor works as plain HTML forms: every row of the fields, outline and
 * columns tables is a group of inputs (`fields[3][key]`…) and the row buttons submit
 * `action=field_up:3` to the same POST, which re-renders the editor. This module turns
 * that body into an editor state, applies the action and turns the state into the spec
 * the validator checks. Pure, so it is unit-testable without HTTP.
 */

export const EDITOR_TABS = ['scope', 'outline', 'fields', 'appendix', 'preview'] as const;
export type EditorTab = (typeof EDITOR_TABS)[number];

export interface FieldRow {
  key: string;
  label_vi: string;
  label_en: string;
  type: string;
  required: boolean;
  /** enum options, one per line: `value | nhãn | label`, or only the Vietnamese label */
  options: string;
  help: string;
  typeField: string;
  issuerField: string;
  dateField: string;
  /** number fields: bounds as typed (Vietnamese notation allowed) and whole numbers only */
  min: string;
  max: string;
  integer: boolean;
}
export interface SectionRow {
  key: string;
  heading: string;
  guidance: string;
}
export interface ColumnRow {
  fieldKey: string;
  width: string;
  label_vi: string;
  label_en: string;
  /** Written under the appendix table (the full wording of a short label); kept as it is. */
  note_vi: string;
}
export interface EditorState {
  title: string;
  description: string;
  legalNote: string;
  scope: string;
  method: string;
  outline: SectionRow[];
  fields: FieldRow[];
  appendix: { title: string; orientation: string; sttWidth: string; columns: ColumnRow[] };
  recommendationField: string;
  documentField: string;
  rev: string;
  tab: EditorTab;
}

type Rec = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) ? str(v[v.length - 1]) : '');
const rec = (v: unknown): Rec => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {});
/** qs gives an array for small indices and an object with numeric keys past its array limit. */
function rows(v: unknown): Rec[] {
  if (Array.isArray(v)) return v.map(rec);
  const o = rec(v);
  return Object.keys(o)
    .filter((k) => /^\d+$/.test(k))
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => rec(o[k]));
}

export function blankState(): EditorState {
  return {
    title: '', description: '', legalNote: '', scope: '', method: '',
    outline: [{ key: '', heading: '', guidance: '' }],
    fields: [emptyField()],
    appendix: { title: '', orientation: 'landscape', sttWidth: '4', columns: [] },
    recommendationField: '', documentField: '', rev: '', tab: 'scope',
  };
}

function emptyField(): FieldRow {
  return { key: '', label_vi: '', label_en: '', type: 'text', required: false, options: '', help: '', typeField: '', issuerField: '', dateField: '', min: '', max: '', integer: false };
}

interface SpecLike {
  title: string;
  description?: string;
  legalNote?: string;
  scope?: string;
  method?: string;
  outline: { key?: string; heading: string; guidance?: string }[];
  fields: {
    key: string; label_vi: string; label_en?: string; type: string; required?: boolean; help?: string;
    options?: { value: string; label_vi: string; label_en?: string }[];
    docref?: { typeField?: string; issuerField?: string; dateField?: string };
    number?: { min?: number; max?: number; integer?: boolean };
  }[];
  appendix: { title: string; orientation?: string; sttWidth?: number; columns: { fieldKey: string; width?: number; label_vi?: string; label_en?: string; note_vi?: string }[] };
  recommendationField?: string;
  documentField?: string;
  rev?: number;
}

export function optionsToText(options: { value: string; label_vi: string; label_en?: string }[]): string {
  return options.map((o) => [o.value, o.label_vi, o.label_en].filter((x) => x).join(' | ')).join('\n');
}

/** A stored template (or the one being duplicated) as editor state. */
export function stateFromSpec(t: SpecLike): EditorState {
  return {
    title: t.title, description: t.description ?? '', legalNote: t.legalNote ?? '', scope: t.scope ?? '', method: t.method ?? '',
    outline: t.outline.map((s) => ({ key: s.key ?? '', heading: s.heading, guidance: s.guidance ?? '' })),
    fields: t.fields.map((f) => ({
      key: f.key, label_vi: f.label_vi, label_en: f.label_en ?? '', type: f.type, required: !!f.required,
      options: optionsToText(f.options ?? []), help: f.help ?? '',
      typeField: f.docref?.typeField ?? '', issuerField: f.docref?.issuerField ?? '', dateField: f.docref?.dateField ?? '',
      min: f.number?.min === undefined ? '' : formatNumber(f.number.min, 'vi'), max: f.number?.max === undefined ? '' : formatNumber(f.number.max, 'vi'),
      integer: !!f.number?.integer,
    })),
    appendix: {
      title: t.appendix.title, orientation: t.appendix.orientation ?? 'landscape', sttWidth: String(t.appendix.sttWidth ?? 4),
      columns: t.appendix.columns.map((c) => ({ fieldKey: c.fieldKey, width: String(c.width ?? 10), label_vi: c.label_vi ?? '', label_en: c.label_en ?? '', note_vi: c.note_vi ?? '' })),
    },
    recommendationField: t.recommendationField ?? '', documentField: t.documentField ?? '',
    rev: t.rev ? String(t.rev) : '', tab: 'scope',
  };
}

/** What the browser posted, as editor state (never throws: bad input is for the validator to name). */
export function stateFromBody(body: unknown): EditorState {
  const b = rec(body);
  const app = rec(b.appendix);
  const tab = str(b.tab) as EditorTab;
  return {
    title: str(b.title), description: str(b.description), legalNote: str(b.legalNote), scope: str(b.scope), method: str(b.method),
    outline: rows(b.outline).map((s) => ({ key: str(s.key), heading: str(s.heading), guidance: str(s.guidance) })),
    fields: rows(b.fields).map((f) => ({
      key: str(f.key).trim(), label_vi: str(f.label_vi), label_en: str(f.label_en), type: str(f.type) || 'text',
      required: ['1', 'on', 'true'].includes(str(f.required)), options: str(f.options), help: str(f.help),
      typeField: str(f.typeField), issuerField: str(f.issuerField), dateField: str(f.dateField),
      min: str(f.min), max: str(f.max), integer: ['1', 'on', 'true'].includes(str(f.integer)),
    })),
    appendix: {
      title: str(app.title), orientation: str(app.orientation) || 'landscape', sttWidth: str(app.sttWidth) || '4',
      columns: rows(app.columns).map((c) => ({ fieldKey: str(c.fieldKey), width: str(c.width), label_vi: str(c.label_vi), label_en: str(c.label_en), note_vi: str(c.note_vi) })),
    },
    recommendationField: str(b.recommendationField), documentField: str(b.documentField), rev: str(b.rev),
    tab: (EDITOR_TABS as readonly string[]).includes(tab) ? tab : 'scope',
  };
}

/** "value | nhãn | label" per line; a line with only a label gets a value made from it. */
export function parseOptions(text: string): { value: string; label_vi: string; label_en: string }[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const parts = line.split('|').map((p) => p.trim());
      if (parts.length === 1) return { value: slugify(parts[0]!), label_vi: parts[0]!, label_en: '' };
      return { value: parts[0]!, label_vi: parts[1] ?? '', label_en: parts[2] ?? '' };
    });
}

/** A bound typed in the editor: Vietnamese notation; what cannot be read is passed on for the schema to refuse. */
function bound(v: string): number | string | undefined {
  if (!v.trim()) return undefined;
  return parseVnNumber(v) ?? v;
}

function numberSettings(f: FieldRow): { min?: number; max?: number; integer?: boolean } {
  const out: Record<string, unknown> = { min: bound(f.min), max: bound(f.max), integer: f.integer || undefined };
  return JSON.parse(JSON.stringify(out)) as { min?: number; max?: number; integer?: boolean };
}

/** Editor state → the input of validateTemplateSpec; empty optional settings are left out. */
export function specFromState(s: EditorState): TemplateSpecInput {
  const opt = (v: string) => (v.trim() ? v.trim() : undefined);
  return {
    title: s.title, description: s.description, legalNote: s.legalNote, scope: s.scope, method: s.method,
    outline: s.outline.map((o) => ({ ...(opt(o.key) ? { key: o.key.trim() } : {}), heading: o.heading, guidance: o.guidance })),
    fields: s.fields.map((f) => {
      const docref = f.type === 'docref' ? { typeField: opt(f.typeField), issuerField: opt(f.issuerField), dateField: opt(f.dateField) } : undefined;
      return {
        key: f.key, label_vi: f.label_vi, label_en: f.label_en, type: f.type as TemplateSpecInput['fields'][number]['type'],
        required: f.required, options: f.type === 'enum' ? parseOptions(f.options) : [], help: f.help,
        ...(docref ? { docref: JSON.parse(JSON.stringify(docref)) as typeof docref } : {}),
        ...(f.type === 'number' ? { number: numberSettings(f) } : {}),
      };
    }),
    appendix: {
      title: s.appendix.title,
      orientation: s.appendix.orientation as 'portrait' | 'landscape',
      sttWidth: s.appendix.sttWidth.trim() === '' ? undefined : s.appendix.sttWidth,
      columns: s.appendix.columns.map((c) => ({
        fieldKey: c.fieldKey, width: c.width.trim() === '' ? undefined : c.width, label_vi: c.label_vi, label_en: c.label_en,
        ...(c.note_vi.trim() ? { note_vi: c.note_vi } : {}),
      })),
    },
    recommendationField: opt(s.recommendationField),
    documentField: opt(s.documentField),
  };
}

function move<T>(list: T[], i: number, delta: -1 | 1): void {
  const j = i + delta;
  if (i < 0 || j < 0 || i >= list.length || j >= list.length) return;
  [list[i], list[j]] = [list[j]!, list[i]!];
}

export type EditorAction = { kind: 'save' } | { kind: 'edit' };

/**
 * Applies a row action to the state in place and says which tab shows its result.
 * `save` (or anything unknown) is left to the caller.
 */
export function applyAction(s: EditorState, action: string): EditorAction {
  const [name = '', arg] = action.split(':');
  const i = Number(arg);
  const list = {
    section: s.outline,
    field: s.fields,
    column: s.appendix.columns,
  } as const;
  const tabOf = { section: 'outline', field: 'fields', column: 'appendix' } as const;
  if (name.startsWith('tab') && (EDITOR_TABS as readonly string[]).includes(arg ?? '')) {
    s.tab = arg as EditorTab;
    return { kind: 'edit' };
  }
  if (name === 'preview') {
    return { kind: 'edit' };
  }
  const m = /^(add|remove|up|down)_(section|field|column)$/.exec(name);
  if (!m) return { kind: 'save' };
  const verb = m[1] as 'add' | 'remove' | 'up' | 'down';
  const what = m[2] as keyof typeof list;
  s.tab = tabOf[what];
  if (verb === 'add') {
    if (what === 'section') s.outline.push({ key: '', heading: '', guidance: '' });
    else if (what === 'field') s.fields.push(emptyField());
    else {
      const used = new Set(s.appendix.columns.map((c) => c.fieldKey));
      const next = s.fields.find((f) => f.key && !used.has(f.key));
      s.appendix.columns.push({ fieldKey: next?.key ?? '', width: '10', label_vi: '', label_en: '', note_vi: '' });
    }
    return { kind: 'edit' };
  }
  if (!Number.isInteger(i)) return { kind: 'edit' };
  if (verb === 'remove') {
    const [removed] = list[what].splice(i, 1);
    // A removed field takes its appendix column with it: a column pointing nowhere is only an error to fix.
    if (what === 'field' && removed && 'key' in removed && removed.key) {
      s.appendix.columns = s.appendix.columns.filter((c) => c.fieldKey !== removed.key);
    }
  } else {
    move(list[what] as unknown[], i, verb === 'up' ? -1 : 1);
  }
  return { kind: 'edit' };
}

/** The tab that holds the first error, so a failed save opens where the problem is. */
export function tabOfErrors(errors: Record<string, string>): EditorTab | undefined {
  const keys = Object.keys(errors);
  if (keys.some((k) => /^(title|description|legalNote|scope|method)$/.test(k))) return 'scope';
  if (keys.some((k) => k.startsWith('outline'))) return 'outline';
  if (keys.some((k) => k.startsWith('fields') || k === 'recommendationField' || k === 'documentField')) return 'fields';
  if (keys.some((k) => k.startsWith('appendix'))) return 'appendix';
  return undefined;
}

/** The unsaved state in the shape appendixPreview() reads: columns to no field are dropped there. */
export function previewSpec(s: EditorState): Pick<TemplateSpec, 'fields' | 'appendix'> {
  const num = (v: string, d: number) => {
    const n = Number(v);
    return Number.isFinite(n) && n > 0 && n <= 100 ? n : d;
  };
  return {
    fields: s.fields.map((f) => ({
      key: f.key, label_vi: f.label_vi || f.key, label_en: f.label_en, type: (FIELD_TYPES as readonly string[]).includes(f.type) ? (f.type as FieldType) : 'text',
      required: f.required, options: f.type === 'enum' ? parseOptions(f.options) : [], help: '',
    })),
    appendix: {
      title: s.appendix.title, orientation: s.appendix.orientation === 'portrait' ? 'portrait' : 'landscape', sttWidth: num(s.appendix.sttWidth, 4),
      columns: s.appendix.columns.filter((c) => c.fieldKey).map((c) => ({ fieldKey: c.fieldKey, width: num(c.width, 10), label_vi: c.label_vi, label_en: c.label_en, ...(c.note_vi ? { note_vi: c.note_vi } : {}) })),
    },
  };
}
