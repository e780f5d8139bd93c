import type { TemplateField, TemplateSpec } from '../review-templates/template.schema.js';
import { formatVnDate } from '../review-templates/vn-text.js';
import type { Campaign } from '../campaigns/campaign.model.js';
import { deadlineState } from '../dashboard/deadline.js';

/** Display helpers the submission views share: what a stored value looks like to a person. */
export function displayValue(field: TemplateField | undefined, value: unknown, lang: 'vi' | 'en' = 'vi'): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return String(o.input ?? o.text ?? '');
  }
  if (field?.type === 'enum') {
    const opt = field.options.find((o) => o.value === value);
    return opt ? (lang === 'en' && opt.label_en ? opt.label_en : opt.label_vi) : String(value);
  }
  if (field?.type === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatVnDate(value);
  return String(value);
}

/** What goes back into an input: dates as dd/mm/yyyy, docrefs as typed, enums as codes. */
export function inputValue(field: TemplateField, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return String((value as Record<string, unknown>).input ?? '');
  if (field.type === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatVnDate(value);
  return String(value);
}

/** Whole days to the deadline (0 on the day itself, negative when overdue), counted as the campaign pages count them. */
export function daysToDeadline(campaign: Pick<Campaign, 'deadline'>, now = new Date()): number {
  const d = deadlineState(campaign.deadline, now);
  return d.kind === 'overdue' ? -d.days : d.kind === 'today' ? 0 : d.days;
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export interface RowCounts {
  rows: number;
  documents: number;
  byRecommendation: { label: string; count: number }[];
}

/** What section II of the report asks for, counted from the rows: rows, distinct documents, rows per recommended action. */
export function rowCounts(
  template: { fields: TemplateField[]; recommendationField?: string; documentField?: string },
  items: { values: Record<string, unknown> }[],
  lang: 'vi' | 'en' = 'vi',
): RowCounts {
  const docField = template.fields.find((f) => f.key === template.documentField);
  const recField = template.fields.find((f) => f.key === template.recommendationField);
  const docs = new Set<string>();
  const byRec = new Map<string, number>();
  for (const item of items) {
    const doc = item.values[docField?.key ?? ''];
    if (doc) docs.add(typeof doc === 'object' ? String((doc as Record<string, unknown>).key ?? (doc as Record<string, unknown>).input ?? '') : String(doc));
    const rec = item.values[recField?.key ?? ''];
    if (rec) byRec.set(String(rec), (byRec.get(String(rec)) ?? 0) + 1);
  }
  const byRecommendation = [...byRec].map(([value, count]) => ({ label: displayValue(recField, value, lang), count }));
  return { rows: items.length, documents: docs.size || items.length, byRecommendation };
}

/** The counts as a sentence the officer can put into the report. */
export function countsSentence(c: RowCounts, t: (key: string, params?: Record<string, string | number>) => string): string {
  const parts = c.byRecommendation.map((r) => t('submissions.report.counts_by', { label: r.label.toLocaleLowerCase('vi'), count: r.count }));
  return t('submissions.report.counts_sentence', { documents: c.documents, rows: c.rows }) + (parts.length ? ` ${t('submissions.report.counts_of_which')} ${parts.join('; ')}.` : '');
}

interface RowThread { root: { target: { kind: string; itemId?: unknown } } }

/**
 * Each row's threads and decision, grouped once: a 180-row table must not search every
 * thread and decision for each of its rows.
 */
export function byRow<T extends RowThread, D extends { item: unknown }>(threads: readonly T[], dispositions: readonly D[]) {
  const threadsOf = new Map<string, T[]>();
  for (const th of threads) {
    if (th.root.target.kind !== 'item') continue;
    const key = String(th.root.target.itemId);
    const list = threadsOf.get(key);
    if (list) list.push(th);
    else threadsOf.set(key, [th]);
  }
  const decisionOf = new Map<string, D>();
  for (const d of dispositions) if (!decisionOf.has(String(d.item))) decisionOf.set(String(d.item), d);
  return { rowThreads: (id: unknown): T[] => threadsOf.get(String(id)) ?? [], dispOf: (id: unknown): D | undefined => decisionOf.get(String(id)) };
}

/**
 * What the rows table shows of a row, so that it fits 1366 px: the document in one cell (type,
 * number, date) and the first four short columns of the appendix.
 */
export function rowsTable(template: Pick<TemplateSpec, 'fields' | 'appendix' | 'documentField'>) {
  const byKey = Object.fromEntries(template.fields.map((f) => [f.key, f]));
  const docField = template.fields.find((f) => f.key === template.documentField) ?? template.fields.find((f) => f.type === 'docref');
  const ref = docField?.docref;
  const inDoc = docField ? [docField.key, ref?.typeField, ref?.dateField, ref?.issuerField].filter((k): k is string => Boolean(k)) : [];
  const cols = template.appendix.columns.map((c) => byKey[c.fieldKey]).filter((f): f is TemplateField => Boolean(f) && !inDoc.includes(f!.key) && f!.type !== 'longtext').slice(0, 4);
  return { byKey, docField, inDoc, cols };
}

/** The values the rows step reads of each row when none is being edited: the table's, the counts' and the delete prompt's. */
export function rowsTableValueKeys(template: Pick<TemplateSpec, 'fields' | 'appendix' | 'documentField' | 'recommendationField'>): string[] {
  const { inDoc, cols } = rowsTable(template);
  return [...new Set([...inDoc, ...cols.map((f) => f.key), template.recommendationField, 'so_ky_hieu'].filter((k): k is string => Boolean(k)))];
}

export const viewHelpers = { displayValue, inputValue, daysToDeadline, fileSize, countsSentence, byRow, rowsTable };
