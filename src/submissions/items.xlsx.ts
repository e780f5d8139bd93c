import type ExcelJS from 'exceljs';

import { Invalid, UnsupportedType, type FieldError } from '../http/errors.js';
import { translator, type Translate } from '../i18n/index.js';
import { validateItemValues, type ItemContext, type ItemValue } from '../review-templates/item-values.js';
import type { TemplateField } from '../review-templates/template.schema.js';
import { foldDiacritics } from '../review-templates/vn-text.js';
import { inspectZip, officeKind } from '../attachments/zip.guard.js';

// exceljs is heavy to load; only the Excel template and import pay for it, not the app's start-up.
const loadExcel = async () => (await import('exceljs')).default;

/**
 * Rows in Excel, both ways: a template workbook with the campaign's columns
 * (enum columns as drop-down lists), and the import of a filled one — all rows
 * or none, every bad cell named by row and column in the user's language.
 */
export const MAX_IMPORT_ROWS = 5000;
const VALIDATED_ROWS = 1000;
const SHEET = 'Danh mục';
const LISTS = 'Danh sách';

function header(field: TemplateField): string {
  return field.required ? `${field.label_vi} *` : field.label_vi;
}

export function colName(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

export async function buildItemsTemplate(fields: readonly TemplateField[], opts: { title: string; t?: Translate }): Promise<Buffer> {
  const t = opts.t ?? translator('vi');
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'rasoat';
  const ws = wb.addWorksheet(SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const lists = wb.addWorksheet(LISTS, { state: 'hidden' });
  const help = wb.addWorksheet(t('submissions.import.help_sheet'));

  ws.columns = fields.map((f) => ({ header: header(f), key: f.key, width: f.type === 'longtext' ? 50 : f.type === 'date' ? 14 : 24 }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.alignment = { wrapText: true, vertical: 'middle' };
  head.height = 36;

  let listCol = 0;
  fields.forEach((f, i) => {
    const col = colName(i + 1);
    if (f.type === 'enum' && f.options.length) {
      listCol++;
      const lc = colName(listCol);
      f.options.forEach((o, j) => (lists.getCell(`${lc}${j + 1}`).value = o.label_vi));
      const formula = `'${LISTS}'!$${lc}$1:$${lc}$${f.options.length}`;
      for (let r = 2; r <= VALIDATED_ROWS + 1; r++) {
        ws.getCell(`${col}${r}`).dataValidation = { type: 'list', allowBlank: !f.required, formulae: [formula], showErrorMessage: true };
      }
    }
    if (f.type === 'date') ws.getColumn(i + 1).numFmt = 'dd/mm/yyyy';
    if (f.type === 'longtext') ws.getColumn(i + 1).alignment = { wrapText: true, vertical: 'top' };
  });

  help.columns = [
    { header: t('submissions.import.help_column'), width: 36 },
    { header: t('submissions.import.help_required'), width: 12 },
    { header: t('submissions.import.help_type'), width: 14 },
    { header: t('submissions.import.help_text'), width: 80 },
  ];
  help.getRow(1).font = { bold: true };
  help.addRow([opts.title]);
  for (const f of fields) {
    const options = f.options.length ? ` ${t('submissions.import.help_options')}: ${f.options.map((o) => o.label_vi).join('; ')}` : '';
    help.addRow([f.label_vi, f.required ? t('common.yes') : '', t(`submissions.import.type_${f.type}`), `${f.help ?? ''}${options}`.trim()]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

type Cell = ExcelJS.CellValue;

/** What a person sees in the cell, as a value validateItemValues understands. */
export function plain(value: Cell): string | number | Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : plain(value.text as Cell);
    if ('formula' in value || 'sharedFormula' in value) {
      const r = (value as ExcelJS.CellFormulaValue).result;
      if (r instanceof Date || typeof r === 'number' || typeof r === 'string') return r;
      if (typeof r === 'boolean') return r ? '1' : '0';
      return null;
    }
    if ('error' in value) return null;
  }
  return String(value);
}

const norm = (s: string) => foldDiacritics(s.normalize('NFC')).toLowerCase().replace(/\*/g, '').replace(/\s+/g, ' ').trim();

/** An uploaded workbook, checked as a zip (no bombs) and as a spreadsheet; anything else is a 415. */
export async function loadWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const zip = await inspectZip(buffer, { maxEntries: 2000, maxTotalBytes: 100 * 1024 * 1024, maxRatio: 200 });
  if (officeKind(zip.names) !== 'xlsx') throw new UnsupportedType('submissions.import.not_xlsx');
  const wb = new (await loadExcel()).Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new UnsupportedType('submissions.import.not_xlsx');
  }
  return wb;
}

export interface ImportedRow {
  row: number;
  values: Record<string, ItemValue>;
}

/** Throws Invalid with one detail per bad cell (field = `rows.<row>.<key>`), or returns every row. */
/** `checkRow` adds the caller's own rules for a row whose cells are valid, reported with the cell errors. */
export async function parseItemsWorkbook(
  buffer: Buffer,
  fields: readonly TemplateField[],
  ctx: ItemContext & { t?: Translate; checkRow?: (values: Record<string, ItemValue>, row: number) => FieldError[] } = {},
): Promise<ImportedRow[]> {
  const t = ctx.t ?? translator('vi');
  const wb = await loadWorkbook(buffer);
  const ws = wb.getWorksheet(SHEET) ?? wb.worksheets.find((w) => w.state !== 'hidden');
  if (!ws) throw new Invalid([{ field: 'file', message: 'submissions.import.no_sheet' }]);

  const byName = new Map<string, TemplateField>();
  for (const f of fields) {
    byName.set(norm(f.label_vi), f);
    byName.set(norm(f.key), f);
    if (f.label_en) byName.set(norm(f.label_en), f);
  }
  const columns = new Map<number, TemplateField>();
  const errors: FieldError[] = [];
  ws.getRow(1).eachCell((cell, col) => {
    const text = plain(cell.value);
    if (text === null || String(text).trim() === '') return;
    const f = byName.get(norm(String(text)));
    if (f) columns.set(col, f);
    else errors.push({ field: `columns.${col}`, message: t('submissions.import.unknown_column', { column: colName(col), header: String(text) }) });
  });
  const present = new Set([...columns.values()].map((f) => f.key));
  for (const f of fields) {
    if (f.required && !present.has(f.key)) errors.push({ field: `columns.${f.key}`, message: t('submissions.import.missing_column', { header: f.label_vi }) });
  }
  if (errors.length) throw new Invalid(errors, 'submissions.import.failed');

  const rows: ImportedRow[] = [];
  const last = ws.actualRowCount ? ws.rowCount : 1;
  for (let r = 2; r <= last; r++) {
    const row = ws.getRow(r);
    const values: Record<string, unknown> = {};
    let empty = true;
    for (const [col, f] of columns) {
      const v = plain(row.getCell(col).value);
      if (v !== null && String(v).trim() !== '') empty = false;
      values[f.key] = v instanceof Date ? v : v === null ? '' : typeof v === 'number' && f.type !== 'number' && f.type !== 'date' ? String(v) : v;
    }
    if (empty) continue;
    if (rows.length >= MAX_IMPORT_ROWS) throw new Invalid([{ field: 'file', message: t('submissions.import.too_many_rows', { max: MAX_IMPORT_ROWS }) }], 'submissions.import.failed');
    const result = validateItemValues(fields, values, ctx);
    if (!result.ok) {
      for (const e of result.errors) {
        const f = fields.find((x) => x.key === e.field);
        const colIdx = [...columns.entries()].find(([, x]) => x.key === e.field)?.[0];
        errors.push({
          field: `rows.${r}.${e.field}`,
          message: t('submissions.import.cell_error', {
            row: r,
            column: colIdx ? `${colName(colIdx)} (${f?.label_vi ?? e.field})` : (f?.label_vi ?? e.field),
            error: t(e.message, e.params),
          }),
        });
      }
    } else {
      const extra = ctx.checkRow?.(result.values, r) ?? [];
      if (extra.length) errors.push(...extra);
      else rows.push({ row: r, values: result.values });
    }
  }
  if (errors.length) throw new Invalid(errors.slice(0, 200), 'submissions.import.failed');
  if (rows.length === 0) throw new Invalid([{ field: 'file', message: t('submissions.import.no_rows') }], 'submissions.import.failed');
  return rows;
}
