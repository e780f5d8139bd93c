import { cellText } from "./report.text.js";
import { isRichText, type ColumnKind, type TableCell, type TableModel } from "./table.model.js";

// Column widths from what the columns hold. A token (a date, "137/2015/NĐ-CP", a word) is
// never split over two lines: each column is at least as wide as its longest token and its
// header's longest word; the width left over goes to the columns with the most text, so the
// long texts wrap to about the same number of lines and rows stay short.

/** Space inside a cell, left and right: 1 mm (Word's default 1.9 mm costs a column on fifteen). */
export const CELL_MARGIN_TW = 57;
/** Down to 0.5 mm where whole dates and symbols would not fit otherwise. */
export const TIGHT_CELL_MARGIN_TW = 28;
/** Table text size: 12 pt; 11 pt only for tables of fifteen columns or more. */
export const COMPACT_FROM_COLUMNS = 15;
export const tableFontPt = (columns: number): number => (columns >= COMPACT_FROM_COLUMNS ? 11 : 12);

// Rows sampled to size the columns: a campaign's first rows show what its columns hold,
// and reading them all would double the time of a 100,000-row appendix.
const SAMPLE_ROWS = 1000;

// Advance widths of Times New Roman (as Liberation Serif, its metric twin that LibreOffice uses)
// in thousandths of an em, for U+0020–U+007E, regular and bold. Vietnamese letters take their
// base letter's width; the horned ơ, ư are a little wider.
const REGULAR = [
  250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564,
  564, 444, 921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333,
  278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500,
  444, 480, 200, 480, 541,
];
const BOLD = [
  250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 333, 333, 570, 570,
  570, 500, 930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333,
  278, 333, 581, 500, 333, 500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500,
  444, 394, 220, 394, 520,
];
const HORN = 0x31b;

function charEm(code: number, table: readonly number[]): number {
  if (code >= 32 && code < 127) return table[code - 32]! / 1000;
  if (code === 0x110) return 0.722; // Đ
  if (code === 0x111) return table === BOLD ? 0.556 : 0.5; // đ
  if (code === 0xa0) return 0.25;
  if (code === 0x2013 || code === 0x201c || code === 0x201d) return 0.5;
  const parts = String.fromCharCode(code).normalize("NFD");
  const base = parts.charCodeAt(0);
  // Combining marks (U+0300–U+036F) sit over the letter before them.
  if (base >= 0x300 && base <= 0x36f) return 0;
  if (base >= 32 && base < 127) return table[base - 32]! / 1000 + (parts.includes(String.fromCharCode(HORN)) ? 0.05 : 0);
  const ch = String.fromCharCode(code);
  return ch.toLocaleLowerCase("vi") !== ch ? 0.722 : 0.5;
}

// Em shares per UTF-16 code unit, filled on first use.
const EM = new Float32Array(0x10000).fill(-1);
const EM_BOLD = new Float32Array(0x10000).fill(-1);

function em(code: number): number {
  let w = EM[code]!;
  if (w < 0) w = EM[code] = charEm(code, REGULAR);
  return w;
}

function emBold(code: number): number {
  let w = EM_BOLD[code]!;
  if (w < 0) w = EM_BOLD[code] = charEm(code, BOLD);
  return w;
}

// 2 % over the font's own widths: Word and LibreOffice round glyph positions differently.
const twips = (ems: number, sizePt: number): number => Math.ceil(ems * sizePt * 20 * 1.02);

/** Width in twips of `text` on one line at `sizePt`. */
export function textWidthTw(text: string, sizePt: number, bold = false): number {
  let total = 0;
  for (let i = 0; i < text.length; i++) total += bold ? emBold(text.charCodeAt(i)) : em(text.charCodeAt(i));
  return twips(total, sizePt);
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0;

interface Measure {
  /** The whole line, in ems. */
  line: number;
  /** Its longest token (between spaces). */
  token: number;
  /**
   * Its widest part that may not wrap: a token holding a digit whole ("15/05/2021",
   * "137/2015/NĐ-CP;" — the writer joins their hyphens), other words up to each hyphen, where
   * Word and LibreOffice may wrap ("kinh tế-xã hội" | …).
   */
  hard: number;
}

/** One pass over a line (run once per cell of the sampled rows: no allocation but the result). */
function measure(text: string, bold = false): Measure {
  const table = bold ? EM_BOLD : EM;
  let line = 0;
  let token = 0;
  let piece = 0;
  let maxPiece = 0;
  let digit = false;
  let maxToken = 0;
  let hard = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    let w = table[c]!;
    if (w < 0) w = bold ? emBold(c) : em(c);
    if (isSpace(c)) {
      if (i < text.length) line += w;
      if (token > 0) {
        if (token > maxToken) maxToken = token;
        const h = digit ? token : maxPiece;
        if (h > hard) hard = h;
        token = piece = maxPiece = 0;
        digit = false;
      }
      continue;
    }
    line += w;
    token += w;
    piece += w;
    if (piece > maxPiece) maxPiece = piece;
    if (c >= 48 && c <= 57) digit = true;
    else if (c === 45) piece = 0;
  }
  return { line, token: maxToken, hard };
}

/** Smallest text width (inside the margins) per kind of field, in ems of the table font. */
const KIND_MIN_EM: Record<ColumnKind, number> = { number: 1.5, date: 4, code: 4, enum: 2, text: 2, longtext: 3 };

export const cellLines = (cell: TableCell): string[] =>
  isRichText(cell) ? cell.paragraphs.map((runs) => runs.map((r) => r.text).join("")) : cellText(cell).split("\n");

interface ColumnStats {
  /** Longest word of the header label, in bold. */
  header: number;
  /** Longest token of a cell. */
  token: number;
  /** Widest part of a cell that may not wrap (see Measure). */
  hard: number;
  /** Mean width of a cell's text on one line. */
  volume: number;
  /** Widest cell on one line: beyond it a column gains nothing. */
  widest: number;
}

/** The columns' measures in ems, so that one pass over the rows serves every font size. */
function columnStats(model: TableModel): ColumnStats[] {
  const n = model.columns.length;
  const token = new Array<number>(n).fill(0);
  const hard = new Array<number>(n).fill(0);
  const sum = new Array<number>(n).fill(0);
  const widest = new Array<number>(n).fill(0);
  let rows = 0;
  // Choices, agencies, dates and cited documents recur from row to row: each text is measured once.
  const measured = new Map<string, Measure>();
  const measureOnce = (line: string): Measure => {
    let m = measured.get(line);
    if (m === undefined) measured.set(line, (m = measure(line)));
    return m;
  };
  for (const row of model.rows) {
    if (row.kind === "group") continue;
    for (let c = 0; c < n; c++) {
      const cell = row.cells[c];
      for (const line of typeof cell === "string" && !cell.includes("\n") ? [cell] : cellLines(cell)) {
        if (line === "") continue;
        const m = measureOnce(line);
        sum[c]! += m.line;
        if (m.line > widest[c]!) widest[c] = m.line;
        if (m.token > token[c]!) token[c] = m.token;
        if (m.hard > hard[c]!) hard[c] = m.hard;
      }
    }
    if (++rows >= SAMPLE_ROWS) break;
  }
  return model.columns.map((col, c) => ({
    header: measure(col.label, true).token,
    token: token[c]!,
    hard: hard[c]!,
    volume: rows > 0 ? sum[c]! / rows : 0,
    widest: widest[c]!,
  }));
}

// Columns whose values are read as one token each (dates, numbers/symbols, choices) keep every
// token on one line; texts keep every number, date and symbol whole and wrap words elsewhere.
const WHOLE_TOKENS: ReadonlySet<ColumnKind> = new Set(["number", "date", "code", "enum"]);

export interface TableLayout {
  /** Text size: 12 pt; 11 pt from fifteen columns, or where whole tokens do not fit at 12. */
  readonly sizePt: number;
  /** Column widths in twips, summing to the table's width. */
  readonly widths: number[];
  /** Space inside each cell, left and right, in twips. */
  readonly marginTw: number;
}

/**
 * Widths in twips filling `totalTw`: fixed columns as given; the others first at their hard
 * minimum (header words, the kind's minimum, whole dates, numbers and symbols, choices), then
 * widened so that every column's text wraps to about the same number of lines — long texts get
 * the room, a column never beyond its widest cell; what is left then goes out by width, and the
 * rounding remainder to the widest column. Where the minimums do not fit with 1 mm inside each
 * cell, the cells get down to 0.5 mm, then the text to 11 pt, before any token may break.
 */
export function tableLayout(model: TableModel, totalTw: number, sizePt?: number): TableLayout {
  const stats = columnStats(model);
  if (sizePt !== undefined) return layoutAt(model, stats, totalTw, sizePt).layout;
  const first = layoutAt(model, stats, totalTw, tableFontPt(model.columns.length));
  return first.fits || first.layout.sizePt <= 11 ? first.layout : layoutAt(model, stats, totalTw, 11).layout;
}

function layoutAt(model: TableModel, ems: readonly ColumnStats[], totalTw: number, sizePt: number): { layout: TableLayout; fits: boolean } {
  const tw = (em: number): number => twips(em, sizePt);
  const stats = ems.map((s) => ({ header: tw(s.header), token: tw(s.token), hard: tw(s.hard), volume: tw(s.volume), widest: tw(s.widest) }));
  const emTw = sizePt * 20;
  const kinds = model.columns.map((c) => c.kind ?? "text");
  const shared = model.columns.flatMap((c, i) => (c.fixedTw === undefined ? [i] : []));
  const inner = model.columns.map((c, i) => {
    const s = stats[i]!;
    return Math.ceil(Math.max(s.header, WHOLE_TOKENS.has(kinds[i]!) ? s.token : s.hard, KIND_MIN_EM[kinds[i]!] * emTw));
  });
  const room = totalTw - model.columns.reduce((a, c) => a + (c.fixedTw ?? 0), 0);
  const innerSum = shared.reduce((a, i) => a + inner[i]!, 0);
  const marginTw = Math.max(TIGHT_CELL_MARGIN_TW, Math.min(CELL_MARGIN_TW, Math.floor((room - innerSum) / (2 * Math.max(shared.length, 1)))));
  const pad = 2 * marginTw;
  const hard = model.columns.map((c, i) => c.fixedTw ?? inner[i]! + pad);
  const max = hard.map((h, i) => Math.max(h, stats[i]!.widest + pad));
  // A shared column's width for rows about `lines` lines tall.
  const at = (i: number, lines: number): number => Math.min(Math.max(stats[i]!.volume / lines + pad, hard[i]!), max[i]!);
  const sumAt = (lines: number): number => shared.reduce((a, i) => a + at(i, lines), 0);
  let width: (i: number) => number;
  const fits = sumAt(Number.POSITIVE_INFINITY) <= room;
  if (!fits) {
    // Too many columns for the page: shrink the shared ones alike, tokens may then break.
    const scale = room / sumAt(Number.POSITIVE_INFINITY);
    width = (i) => hard[i]! * scale;
  } else if (sumAt(0) <= room) {
    // Every column shows its text on one line: the rest goes out by width.
    const scale = room / Math.max(sumAt(0), 1);
    width = (i) => max[i]! * scale;
  } else {
    // The fewest lines for which the columns fit, by bisection.
    let lo = 0;
    let hi = 1e6;
    for (let k = 0; k < 50; k++) {
      const mid = (lo + hi) / 2;
      if (sumAt(mid) > room) lo = mid;
      else hi = mid;
    }
    const spare = room - sumAt(hi);
    // What the bisection leaves goes to the columns still wrapping, by width.
    const open = shared.filter((i) => at(i, hi) < max[i]!);
    const openSum = open.reduce((a, i) => a + at(i, hi), 0);
    width = (i) => at(i, hi) * (open.includes(i) && openSum > 0 ? 1 + spare / openSum : 1);
  }
  const widths = model.columns.map((c, i) => (c.fixedTw === undefined ? Math.floor(width(i)) : hard[i]!));
  const widest = widths.indexOf(Math.max(...widths));
  widths[widest]! += totalTw - widths.reduce((a, b) => a + b, 0);
  return { layout: { sizePt, widths, marginTw }, fits };
}

/** The column widths of `tableLayout`. */
export const contentWidths = (model: TableModel, totalTw: number, sizePt?: number): number[] => tableLayout(model, totalTw, sizePt).widths;

/** Estimated lines of a row, the tallest cell's, from each column's width. */
export function rowLines(cells: readonly TableCell[], widths: readonly number[], sizePt: number, charTw: number, marginTw = CELL_MARGIN_TW): number {
  let tallest = 1;
  for (let c = 0; c < cells.length; c++) {
    const cell = cells[c];
    if (cell === undefined || cell === null || typeof cell === "number" || cell instanceof Date) continue;
    const inner = Math.max((widths[c] ?? 0) - 2 * marginTw, emTwOf(sizePt));
    let lines = 0;
    if (typeof cell === "string" && !cell.includes("\n")) lines = Math.max(1, Math.ceil((cell.length * charTw) / inner));
    else for (const line of cellLines(cell)) lines += Math.max(1, Math.ceil((line.length * charTw) / inner));
    if (lines > tallest) tallest = lines;
  }
  return tallest;
}

const emTwOf = (sizePt: number): number => sizePt * 20;

/** A mean character's width at `sizePt`, for counting lines without measuring every glyph. */
export const meanCharTw = (sizePt: number): number => sizePt * 20 * 0.5;
