import { Invalid } from '../http/errors.js';
import type { TemplateField } from '../review-templates/template.schema.js';
import { foldDiacritics } from '../review-templates/vn-text.js';
import { colName, loadWorkbook, MAX_IMPORT_ROWS, plain } from './items.xlsx.js';

/**
 * A ministry's own Excel layout read as a grid: where its header is (one row or two, merged
 * cells spread over the columns they cover), what each column most likely holds, and a mapping
 * of columns to the template's fields that the officer can correct before importing.
 */

export type CellValue = string | number | Date | null;

export interface Grid {
  /** rows[r][c], 0-based; merged cells carry their value in every cell they cover. */
  rows: CellValue[][];
  sheet: string;
}

/** A column holding "Số, ký hiệu; ngày ban hành" together: split into the number and the date fields. */
export const SPLIT = '__so_ky_hieu_ngay';
/** Column → field key, SPLIT, or '' (not imported). Keys are 1-based column numbers as strings. */
export type ColumnMapping = Record<string, string>;

export interface SheetLayout {
  /** 1-based rows of the header (one or two) and of the first data row. */
  headerRows: number[];
  dataStart: number;
  columns: { col: number; letter: string; header: string }[];
}

const MAX_COLS = 60;

export async function readGrid(buffer: Buffer): Promise<Grid> {
  const wb = await loadWorkbook(buffer);
  const ws = wb.worksheets.find((w) => w.state !== 'hidden' && w.actualRowCount > 0);
  if (!ws) throw new Invalid([{ field: 'file', message: 'submissions.import.no_sheet' }]);
  const rows: CellValue[][] = [];
  const last = Math.min(ws.rowCount, MAX_IMPORT_ROWS + 20);
  const width = Math.min(ws.columnCount, MAX_COLS);
  for (let r = 1; r <= last; r++) {
    const row = ws.getRow(r);
    const out: CellValue[] = [];
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      // exceljs gives a merged cell's value only on its master cell.
      out.push(plain(cell.isMerged ? cell.master.value : cell.value));
    }
    rows.push(out);
  }
  return { rows, sheet: ws.name };
}

export const fold = (s: string) =>
  foldDiacritics(s.normalize('NFC'))
    .toLowerCase()
    .replace(/[*():;,./\\\-–—\n]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const text = (v: CellValue) => (v === null ? '' : v instanceof Date ? '' : String(v).trim());

/** Labels people put over the same column, by what the column holds. */
const ROLE_SYNONYMS: Record<string, string[]> = {
  docref: ['so ky hieu', 'so hieu', 'ky hieu', 'van ban so', 'so van ban', 'so ky hieu van ban', 'so hieu van ban'],
  type: ['ten loai', 'loai van ban', 'ten loai van ban', 'hinh thuc van ban', 'the loai'],
  date: ['ngay ban hanh', 'ngay thang nam ban hanh', 'ngay thang nam', 'ngay ky', 'thoi gian ban hanh'],
  issuer: ['co quan ban hanh', 'noi ban hanh', 'don vi ban hanh'],
  title: ['trich yeu', 'ten goi', 'ten van ban', 'ten goi cua van ban', 'trich yeu noi dung'],
  lead: ['don vi chu tri', 'co quan chu tri', 'co quan don vi chu tri', 'don vi chu tri soan thao', 'co quan chu tri soan thao'],
  recommendation: ['hinh thuc xu ly', 'kien nghi xu ly', 'de xuat xu ly', 'hinh thuc kien nghi'],
};

function roleOf(field: TemplateField, fields: readonly TemplateField[]): string | null {
  if (field.type === 'docref') return 'docref';
  const ref = fields.find((f) => f.type === 'docref')?.docref ?? {};
  if (field.key === ref.typeField) return 'type';
  if (field.key === ref.dateField) return 'date';
  if (field.key === ref.issuerField) return 'issuer';
  const label = fold(field.label_vi);
  if (/trich yeu|ten goi/.test(label)) return 'title';
  if (/chu tri/.test(label)) return 'lead';
  if (field.type === 'enum' && /kien nghi|xu ly/.test(label)) return 'recommendation';
  return null;
}

/** How well a header names a field, 0–100. */
export function headerScore(header: string, field: TemplateField, fields: readonly TemplateField[]): number {
  const h = fold(header);
  if (!h) return 0;
  const labels = [field.label_vi, field.label_en ?? '', field.key.replace(/_/g, ' ')].map(fold).filter(Boolean);
  if (labels.includes(h)) return 100;
  const role = roleOf(field, fields);
  const synonyms = role ? ROLE_SYNONYMS[role] : [];
  if (synonyms.includes(h)) return 90;
  if (synonyms.some((s) => h.startsWith(`${s} `) || h.endsWith(` ${s}`))) return 75;
  if (labels.some((l) => l.length >= 6 && (h.includes(l) || l.includes(h)))) return 70;
  // "Kiến nghị (đình chỉ, …)" and "Kiến nghị (hình thức xử lý)": the same column, explained differently.
  const head = (s: string) => fold(s.split(/[(/]/)[0] ?? '');
  if (head(header).length >= 6 && head(header) === head(field.label_vi)) return 85;
  const words = new Set(h.split(' '));
  const best = Math.max(...labels.map((l) => l.split(' ')).map((ws) => ws.filter((w) => words.has(w)).length / Math.max(ws.length, words.size)));
  return Math.round(best * 60);
}

/** "Số, ký hiệu; ngày ban hành" — both the number and the date in one column. */
export function isCombined(header: string): boolean {
  const h = fold(header);
  return /(so|ky hieu)/.test(h) && /ngay/.test(h);
}

const isNumbering = (row: CellValue[]) => {
  const cells = row.map(text).filter(Boolean);
  return cells.length >= 2 && cells.every((c) => /^\(?\d{1,2}\)?$|^[A-Z]$/.test(c));
};

/** Finds the header among the first rows: the row whose cells best name template fields, with the row below when it completes it. */
export function detectLayout(grid: Grid, fields: readonly TemplateField[]): SheetLayout {
  const scoreRow = (row: CellValue[]) =>
    row.map(text).filter(Boolean).reduce((sum, h) => sum + (isCombined(h) ? 90 : Math.max(0, ...fields.map((f) => headerScore(h, f, fields)))), 0);
  let best = 0;
  let bestScore = -1;
  for (let r = 0; r < Math.min(20, grid.rows.length); r++) {
    const s = scoreRow(grid.rows[r]);
    if (s > bestScore) [best, bestScore] = [r, s];
  }
  // Merged cells carry their value into every row they cover, so the lowest header row names every
  // column; the row above belongs to the header when a label spans both rows or groups several columns.
  const top = grid.rows[best] ?? [];
  const above = best > 0 ? grid.rows[best - 1] : [];
  const spansBoth = above.some((v, c) => text(v) !== '' && text(v) === text(top[c] ?? null));
  const groups = above.some((v, c) => text(v) !== '' && text(v) === text(above[c + 1] ?? null));
  const headerRows = spansBoth && groups ? [best, best + 1] : [best + 1];
  let dataStart = best + 2;
  while (grid.rows[dataStart - 1] && isNumbering(grid.rows[dataStart - 1])) dataStart++;
  const columns: SheetLayout['columns'] = [];
  top.forEach((v, c) => {
    const header = text(v);
    if (header) columns.push({ col: c + 1, letter: colName(c + 1), header });
  });
  return { headerRows, dataStart, columns };
}

/** Proposes a field for every column; a remembered mapping (by header text) wins over guessing. */
export function proposeMapping(layout: SheetLayout, fields: readonly TemplateField[], remembered: Record<string, string> = {}): ColumnMapping {
  const out: ColumnMapping = {};
  const taken = new Set<string>();
  const known = new Set([...fields.map((f) => f.key), SPLIT]);
  for (const c of layout.columns) {
    const r = remembered[fold(c.header)];
    if (r !== undefined && (r === '' || (known.has(r) && !taken.has(r)))) {
      out[String(c.col)] = r;
      if (r) taken.add(r);
    }
  }
  const candidates: { col: number; key: string; score: number }[] = [];
  for (const c of layout.columns) {
    if (out[String(c.col)] !== undefined) continue;
    if (isCombined(c.header) && !taken.has(SPLIT)) candidates.push({ col: c.col, key: SPLIT, score: 95 });
    for (const f of fields) candidates.push({ col: c.col, key: f.key, score: headerScore(c.header, f, fields) });
  }
  candidates.sort((a, b) => b.score - a.score);
  const docref = fields.find((f) => f.type === 'docref');
  // The combined column fills the number and the date: neither can come from a second column.
  const splitCovers = [docref?.key, docref?.docref?.dateField].filter((k): k is string => Boolean(k));
  for (const cand of candidates) {
    if (cand.score < 45 || out[String(cand.col)] !== undefined || taken.has(cand.key)) continue;
    if (cand.key === SPLIT && splitCovers.some((k) => taken.has(k))) continue;
    out[String(cand.col)] = cand.key;
    taken.add(cand.key);
    if (cand.key === SPLIT) splitCovers.forEach((k) => taken.add(k));
  }
  for (const c of layout.columns) out[String(c.col)] ??= '';
  return out;
}
