import { Invalid, type FieldError } from '../http/errors.js';
import { translator, type Translate } from '../i18n/index.js';
import { validateItemValues, type ItemContext } from '../review-templates/item-values.js';
import type { TemplateField } from '../review-templates/template.schema.js';
import { colName, MAX_IMPORT_ROWS, type ImportedRow } from './items.xlsx.js';
import { detectLayout, fold, proposeMapping, readGrid, SPLIT, type CellValue, type ColumnMapping, type Grid, type SheetLayout } from './import.mapping.js';

/**
 * Rows of a ministry's own layout, through a column mapping: the combined number-and-date
 * column split, enum cells matched to the closest option ("Sửa đổi bổ sung", "SĐ, BS" are read
 * as "Sửa đổi, bổ sung"), then every row validated like a typed one. All rows or none.
 */

const ABBREVIATIONS: Record<string, string> = {
  nd: 'nghi dinh', tt: 'thong tu', qd: 'quyet dinh', nq: 'nghi quyet', ttlt: 'thong tu lien tich', ct: 'chi thi',
  l: 'luat', bl: 'bo luat', pl: 'phap lenh', sd: 'sua doi', bs: 'bo sung', 'sd bs': 'sua doi bo sung', bb: 'bai bo',
};

const squash = (s: string) => fold(s).replace(/ /g, '');

/** The option a loosely written label means, or the text unchanged (validation then names the options). */
export function looseOption(field: TemplateField, raw: string): string {
  const f = fold(raw);
  const wanted = squash(ABBREVIATIONS[f] ?? f);
  if (!wanted) return raw;
  const options = field.options.map((o) => ({ value: o.value, label: squash(o.label_vi), code: squash(o.value) }));
  const exact = options.find((o) => o.label === wanted || o.code === wanted);
  if (exact) return exact.value;
  // "Đề nghị sửa đổi, bổ sung" holds "sửa đổi, bổ sung" (and "sửa đổi"): the longest label inside wins.
  const inside = options.filter((o) => o.label.length >= 4 && wanted.includes(o.label)).sort((a, b) => b.label.length - a.label.length);
  return inside[0]?.value ?? raw;
}

const DATE_IN_TEXT = /(?:ngày\s*)?(\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})/iu;

/** "137/2015/NĐ-CP; 31/12/2015", "137/2015/NĐ-CP ngày 31/12/2015", a date on its own line. */
export function splitNumberAndDate(raw: CellValue): { number: string; date: CellValue } {
  if (raw === null || raw instanceof Date || typeof raw === 'number') return { number: '', date: raw };
  const m = DATE_IN_TEXT.exec(raw);
  if (!m) return { number: raw.trim(), date: '' };
  const number = (raw.slice(0, m.index) + raw.slice(m.index + m[0].length)).replace(/[;,\n]+/g, ' ').replace(/\s+/g, ' ').trim();
  return { number, date: m[1] };
}

function rowValues(cells: CellValue[], mapping: ColumnMapping, fields: readonly TemplateField[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const docref = fields.find((f) => f.type === 'docref');
  for (const [colKey, target] of Object.entries(mapping)) {
    if (!target) continue;
    const raw = cells[Number(colKey) - 1] ?? null;
    if (target === SPLIT) {
      const { number, date } = splitNumberAndDate(raw);
      if (docref) values[docref.key] = number;
      if (docref?.docref?.dateField) values[docref.docref.dateField] = date ?? '';
      continue;
    }
    const field = fields.find((f) => f.key === target);
    if (!field) continue;
    let v: unknown = raw instanceof Date ? raw : raw === null ? '' : typeof raw === 'number' && field.type !== 'number' && field.type !== 'date' ? String(raw) : raw;
    if (field.type === 'enum' && typeof v === 'string' && v.trim()) v = looseOption(field, v);
    values[field.key] = v;
  }
  return values;
}

export interface PreviewRow {
  row: number;
  cells: string[];
  /** field key → message */
  errors: Record<string, string>;
}

export interface ImportPreview {
  sheet: string;
  layout: SheetLayout;
  mapping: ColumnMapping;
  rows: PreviewRow[];
  total: number;
  invalid: number;
  /** Template fields required but not mapped to any column. */
  missing: string[];
}

const show = (v: CellValue) => (v === null ? '' : v instanceof Date ? `${String(v.getUTCDate()).padStart(2, '0')}/${String(v.getUTCMonth() + 1).padStart(2, '0')}/${v.getUTCFullYear()}` : String(v));

function dataRows(grid: Grid, layout: SheetLayout): { row: number; cells: CellValue[] }[] {
  const out: { row: number; cells: CellValue[] }[] = [];
  for (let r = layout.dataStart; r <= grid.rows.length; r++) {
    const cells = grid.rows[r - 1];
    if (cells.some((v) => v !== null && String(v).trim() !== '')) out.push({ row: r, cells });
  }
  return out;
}

function missingFields(mapping: ColumnMapping, fields: readonly TemplateField[]): string[] {
  const mapped = new Set(Object.values(mapping));
  const docref = fields.find((f) => f.type === 'docref');
  if (mapped.has(SPLIT) && docref) [docref.key, docref.docref?.dateField].forEach((k) => k && mapped.add(k));
  return fields.filter((f) => f.required && !mapped.has(f.key)).map((f) => f.key);
}

/** The sheet as the app reads it: layout, the mapping (given or proposed) and the first rows with their errors. */
export async function previewImport(
  buffer: Buffer,
  fields: readonly TemplateField[],
  opts: ItemContext & { t?: Translate; mapping?: ColumnMapping; remembered?: Record<string, string>; limit?: number } = {},
): Promise<ImportPreview & { valid: ImportedRow[]; cellErrors: FieldError[] }> {
  const t = opts.t ?? translator('vi');
  const grid = await readGrid(buffer);
  const layout = detectLayout(grid, fields);
  const mapping = opts.mapping ?? proposeMapping(layout, fields, opts.remembered);
  const missing = missingFields(mapping, fields);
  const rows = dataRows(grid, layout);
  if (rows.length > MAX_IMPORT_ROWS) throw new Invalid([{ field: 'file', message: t('submissions.import.too_many_rows', { max: MAX_IMPORT_ROWS }) }], 'submissions.import.failed');
  const preview: PreviewRow[] = [];
  const valid: ImportedRow[] = [];
  const cellErrors: FieldError[] = [];
  let invalid = 0;
  const docref = fields.find((f) => f.type === 'docref');
  const splitKeys = [docref?.key, docref?.docref?.dateField].filter((k): k is string => Boolean(k));
  for (const { row, cells } of rows) {
    const res = validateItemValues(fields, rowValues(cells, mapping, fields), opts);
    const errors: Record<string, string> = {};
    for (const e of res.errors) {
      const message = t(e.message, e.params);
      errors[e.field] = message;
      const col = Object.entries(mapping).find(([, k]) => k === e.field || (k === SPLIT && splitKeys.includes(e.field)))?.[0];
      const label = fields.find((f) => f.key === e.field)?.label_vi ?? e.field;
      cellErrors.push({ field: `rows.${row}.${e.field}`, message: t('submissions.import.cell_error', { row, column: col ? `${colName(Number(col))} (${label})` : label, error: message }) });
    }
    if (res.ok) valid.push({ row, values: res.values });
    else invalid++;
    if (preview.length < (opts.limit ?? 10)) preview.push({ row, cells: cells.slice(0, layout.columns.at(-1)?.col ?? cells.length).map(show), errors });
  }
  return { sheet: grid.sheet, layout, mapping, rows: preview, total: rows.length, invalid, missing, valid, cellErrors };
}

/** Every row through the mapping, or Invalid naming each bad cell (row, column, message). */
export async function parseMappedWorkbook(buffer: Buffer, fields: readonly TemplateField[], mapping: ColumnMapping, ctx: ItemContext & { t?: Translate } = {}): Promise<ImportedRow[]> {
  const t = ctx.t ?? translator('vi');
  const p = await previewImport(buffer, fields, { ...ctx, mapping, limit: 0 });
  const errors: FieldError[] = p.missing.map((k) => ({ field: `columns.${k}`, message: t('submissions.import.missing_column', { header: fields.find((f) => f.key === k)?.label_vi ?? k }) }));
  if (errors.length) throw new Invalid(errors, 'submissions.import.failed');
  if (p.cellErrors.length) throw new Invalid(p.cellErrors.slice(0, 200), 'submissions.import.failed');
  if (p.valid.length === 0) throw new Invalid([{ field: 'file', message: t('submissions.import.no_rows') }], 'submissions.import.failed');
  return p.valid;
}
