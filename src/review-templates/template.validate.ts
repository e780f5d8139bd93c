import type { FieldError } from '../http/errors.js';
import { zodDetails } from '../http/validate.js';
import { templateSpecSchema, type TemplateSpec } from './template.schema.js';

/** STT is always the first appendix column, numbered by the renderer. */
export const RESERVED_KEYS = new Set(['stt', 'id', '_id']);

export type SpecResult = { ok: true; spec: TemplateSpec } | { ok: false, errors: FieldError[] };

/**
 * Shape first (zod), then the rules that span fields: unique keys, enum options,
 * appendix columns that point at real fields, docref links to sibling fields.
 * Pure, so the editor preview, the API and the built-in template test share it.
 */
export function validateTemplateSpec(input: unknown): SpecResult {
  const parsed = templateSpecSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: zodDetails(parsed.error) };
  const spec = parsed.data;
  const errors: FieldError[] = [];
  const err = (field: string, message: string, params?: Record<string, string | number>) =>
    errors.push({ field, message: `templates.errors.${message}`, ...(params ? { params } : {}) });

  const firstIndex = new Map<string, number>();
  spec.fields.forEach((f, i) => {
    if (RESERVED_KEYS.has(f.key)) err(`fields.${i}.key`, 'key_reserved', { key: f.key });
    const prev = firstIndex.get(f.key);
    if (prev !== undefined) err(`fields.${i}.key`, 'duplicate_key', { key: f.key, first: prev + 1, second: i + 1 });
    else firstIndex.set(f.key, i);
  });
  const byKey = new Map(spec.fields.map((f) => [f.key, f]));

  spec.fields.forEach((f, i) => {
    if (f.type === 'enum') {
      if (f.options.length === 0) err(`fields.${i}.options`, 'enum_without_options', { label: f.label_vi });
      const seen = new Set<string>();
      f.options.forEach((o, j) => {
        if (seen.has(o.value)) err(`fields.${i}.options.${j}.value`, 'duplicate_option', { value: o.value, label: f.label_vi });
        seen.add(o.value);
      });
    } else if (f.options.length > 0) {
      // An editor that switched a field's type leaves old options behind; they mean nothing now.
      f.options = [];
    }
    if (f.type !== 'number') delete f.number;
    if (f.type !== 'docref') {
      delete f.docref;
      return;
    }
    const links: [keyof NonNullable<typeof f.docref>, string[]][] = [
      ['typeField', ['enum', 'text']],
      ['issuerField', ['enum', 'text']],
      ['dateField', ['date']],
    ];
    for (const [setting, allowed] of links) {
      const target = f.docref?.[setting];
      if (target === undefined || target === '') continue;
      const other = byKey.get(String(target));
      if (!other || other.key === f.key || !allowed.includes(other.type)) {
        err(`fields.${i}.docref.${setting}`, 'docref_link', { key: String(target), label: f.label_vi });
      }
    }
  });

  const sectionKeys = new Set<string>();
  spec.outline.forEach((s, i) => {
    s.key = s.key ?? `muc_${i + 1}`;
    if (sectionKeys.has(s.key)) err(`outline.${i}.key`, 'duplicate_section', { key: s.key });
    sectionKeys.add(s.key);
  });

  const columns = new Set<string>();
  spec.appendix.columns.forEach((c, i) => {
    if (!byKey.has(c.fieldKey)) err(`appendix.columns.${i}.fieldKey`, 'column_unknown_field', { key: c.fieldKey, position: i + 1 });
    else if (columns.has(c.fieldKey)) err(`appendix.columns.${i}.fieldKey`, 'duplicate_column', { key: c.fieldKey });
    columns.add(c.fieldKey);
  });

  const roles: [string | undefined, string, string][] = [
    [spec.recommendationField, 'recommendationField', 'enum'],
    [spec.documentField, 'documentField', 'docref'],
  ];
  for (const [target, path, type] of roles) {
    if (!target) continue;
    if (byKey.get(target)?.type !== type) err(path, 'role_field', { key: target, type });
  }
  if (spec.groupField && byKey.get(spec.groupField)?.type !== 'enum') err('groupField', 'role_field', { key: spec.groupField, type: 'enum' });
  if (spec.reference) validateReference(spec.reference, byKey, err);

  return errors.length ? { ok: false, errors } : { ok: true, spec: spec as TemplateSpec };
}

function validateReference(
  ref: NonNullable<TemplateSpec['reference']>,
  byKey: Map<string, TemplateSpec['fields'][number]>,
  err: (field: string, message: string, params?: Record<string, string | number>) => void,
): void {
  const central = new Set(ref.fields);
  ref.fields.forEach((k, i) => {
    if (!byKey.has(k)) err(`reference.fields.${i}`, 'reference_unknown_field', { key: k, position: i + 1 });
  });
  const answer = byKey.get(ref.answerField);
  if (answer?.type !== 'enum') err('reference.answerField', 'role_field', { key: ref.answerField, type: 'enum' });
  else if (central.has(ref.answerField)) err('reference.answerField', 'reference_answer_central', { key: ref.answerField });
  for (const role of ['keyField', 'titleField', 'deadlineField', 'leadField', 'coordinatingField'] as const) {
    const k = ref[role];
    if (k && !central.has(k)) err(`reference.${role}`, 'reference_not_central', { key: k });
  }
  if (ref.deadlineField && byKey.get(ref.deadlineField)?.type !== 'date') err('reference.deadlineField', 'role_field', { key: ref.deadlineField, type: 'date' });
  ref.missingFields.forEach((k, i) => {
    if (!byKey.has(k)) err(`reference.missingFields.${i}`, 'reference_unknown_field', { key: k, position: i + 1 });
  });
  const options = new Set(answer?.options.map((o) => o.value) ?? []);
  for (const [outcome, codes] of Object.entries(ref.outcomes)) {
    for (const code of codes) if (!options.has(code)) err(`reference.outcomes.${outcome}`, 'reference_outcome', { value: code });
  }
}

/** The appendix heading of a column: its own label, or the field's. */
export function columnHeading(
  spec: Pick<TemplateSpec, 'fields'>,
  column: { fieldKey: string; label_vi?: string; label_en?: string },
  lang: 'vi' | 'en' = 'vi',
): string {
  const own = lang === 'en' ? column.label_en || column.label_vi : column.label_vi;
  if (own) return own;
  const field = spec.fields.find((f) => f.key === column.fieldKey);
  if (!field) return column.fieldKey;
  return lang === 'en' ? field.label_en || field.label_vi : field.label_vi;
}
