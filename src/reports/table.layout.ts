import { cellText } from "./report.text.js";
import { isRichText, type ColumnKind, type TableCell, type TableModel } from "./table.model.js";

// Column widths from what the columns hold. A token (a date, "137/2015/NĐ-CP", a word) is
// never split over two lines: each column is at least as wide as its longest token and its
// header's longest word; the width left over goes to the columns with the most text, so the
// long texts wrap to about the same number of lines and rows stay short.

/** Space inside a cell, left and right: 1 mm (Word's default 1.9 mm costs a column on fifteen). */
export const CELL_MARGIN_TW = 57;
/** Table text size: 12 pt; 11 pt only for tables of fifteen columns or more. */
export const COMPACT_FROM_COLUMNS = 15;
export const tableFontPt = (columns: number): number => (columns >= COMPACT_FROM_COLUMNS ? 11 : 12);

// Rows sampled to size the columns: a campaign's first rows show what its columns hold,
// and reading them all would double the time of a 100,000-row appendix.
const SAMPLE_ROWS = 1000;

// Advance widths of Times New Roman as shares of the em, by class of character; diacritics
// add no width. Rounded up a little, so an estimate errs towards a wider column.
function charEm(code: number): number {
  if (code === 32) return 0.25;
  if (code >= 48 && code <= 57) return 0.5;
  if (code === 47 || code === 46 || code === 44 || code === 58 || code === 59) return 0.28;
  if (code === 45 || code === 40 || code === 41) return 0.34;
  if (code === 73 || code === 105 || code === 106 || code === 108 || code === 116 || code === 102) return 0.3;
  if (code === 77 || code === 87) return 0.9;
  if (code === 109 || code === 119) return 0.76;
  const ch = String.fromCharCode(code);
  const lower = ch.toLocaleLowerCase("vi");
  if (lower !== ch) return 0.72;
  return 0.5;
}

// Em share per UTF-16 code unit, filled on first use; a precomposed Vietnamese letter
// ("ế") measures as its base letter.
const EM = new Float32Array(0x10000).fill(-1);

function em(code: number): number {
  let w = EM[code]!;
  if (w < 0) {
    const base = String.fromCharCode(code).normalize("NFD").charCodeAt(0);
    // Combining marks (U+0300–U+036F) sit over the letter before them.
    w = EM[code] = base >= 0x300 && base <= 0x36f ? 0 : charEm(base);
  }
  return w;
}

const twips = (ems: number, sizePt: number, bold: boolean): number => Math.ceil(ems * sizePt * 20 * (bold ? 1.07 : 1) * 1.02);

/** Width in twips of `text` on one line at `sizePt`, bold 7 % wider. */
export function textWidthTw(text: string, sizePt: number, bold = false): number {
  let total = 0;
  for (let i = 0; i < text.length; i++) total += em(text.charCodeAt(i));
  return twips(total, sizePt, bold);
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0;
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0xc0;

interface Measure {
  /** The whole line, its longest token, and its longest piece between wrap points, in ems. */
  line: number;
  token: number;
  piece: number;
}

/**
 * One pass over a line. Pieces end where Word and LibreOffice may wrap inside a token (Unicode
 * line breaking): after a hyphen, and after a slash before a letter ("137/2015/" | "NĐ-CP"),
 * never inside "15/05/2021" or "II/2027".
 */
function measure(text: string): Measure {
  let line = 0;
  let token = 0;
  let piece = 0;
  let maxToken = 0;
  let maxPiece = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const w = em(c);
    line += w;
    if (isSpace(c)) {
      token = piece = 0;
      continue;
    }
    token += w;
    piece += w;
    if (token > maxToken) maxToken = token;
    if (piece > maxPiece) maxPiece = piece;
    if (c === 45 || (c === 47 && isLetter(text.charCodeAt(i + 1)))) piece = 0;
  }
  return { line, token: maxToken, piece: maxPiece };
}

const longestToken = (text: string, sizePt: number, bold = false): number => twips(measure(text).token, sizePt, bold);

/** Smallest text width (inside the margins) per kind of field, in ems of the table font. */
const KIND_MIN_EM: Record<ColumnKind, number> = { number: 1.5, date: 4, code: 4, enum: 2, text: 2, longtext: 3 };

export const cellLines = (cell: TableCell): string[] =>
  isRichText(cell) ? cell.paragraphs.map((runs) => runs.map((r) => r.text).join("")) : cellText(cell).split("\n");

interface ColumnStats {
  /** Longest word of the header label, in bold. */
  header: number;
  token: number;
  /** Longest piece of a token between the points where it may wrap. */
  piece: number;
  /** Mean width of a cell's text on one line. */
  volume: number;
  /** Widest cell on one line: beyond it a column gains nothing. */
  widest: number;
}

function columnStats(model: TableModel, sizePt: number): ColumnStats[] {
  const n = model.columns.length;
  const header = model.columns.map((c) => longestToken(c.label, sizePt, true));
  const token = new Array<number>(n).fill(0);
  const piece = new Array<number>(n).fill(0);
  const sum = new Array<number>(n).fill(0);
  const widest = new Array<number>(n).fill(0);
  let rows = 0;
  for (const row of model.rows) {
    if (row.kind === "group") continue;
    for (let c = 0; c < n; c++) {
      for (const line of cellLines(row.cells[c])) {
        if (line === "") continue;
        const m = measure(line);
        const w = twips(m.line, sizePt, false);
        sum[c]! += w;
        widest[c] = Math.max(widest[c]!, w);
        token[c] = Math.max(token[c]!, twips(m.token, sizePt, false));
        piece[c] = Math.max(piece[c]!, twips(m.piece, sizePt, false));
      }
    }
    if (++rows >= SAMPLE_ROWS) break;
  }
  return model.columns.map((_, c) => ({ header: header[c]!, token: token[c]!, piece: piece[c]!, volume: rows > 0 ? sum[c]! / rows : 0, widest: widest[c]! }));
}

// Columns whose values are read as one token each (dates, numbers/symbols, choices) keep every
// token on one line. Texts get at least their longest piece between slashes and hyphens: fifteen
// columns each as wide as its longest citation do not fit on a landscape page, so a citation
// quoted inside a long text may wrap there.
const WHOLE_TOKENS: ReadonlySet<ColumnKind> = new Set(["number", "date", "code", "enum"]);

/** Shares `spare` by `weight` among `open` columns, none beyond its `cap`; returns what is left. */
function share(widths: number[], open: number[], spare: number, weight: (i: number) => number, cap: (i: number) => number): number {
  while (spare > 1 && open.length > 0) {
    const total = open.reduce((a, i) => a + weight(i), 0);
    const next: number[] = [];
    let given = 0;
    for (const i of open) {
      const part = (spare * weight(i)) / total;
      const add = Math.min(part, Math.max(cap(i) - widths[i]!, 0));
      widths[i]! += add;
      given += add;
      if (add >= part - 0.5) next.push(i);
    }
    spare -= given;
    if (next.length === open.length || given < 1) break;
    open = next;
  }
  return spare;
}

/**
 * Widths in twips filling `totalTw`: fixed columns as given; the others first at their hard
 * minimum (header words, the kind's minimum, whole tokens of dates, symbols and choices),
 * then by text volume up to each column's widest cell; the
 * rounding remainder goes to the widest column.
 */
export function contentWidths(model: TableModel, totalTw: number, sizePt = tableFontPt(model.columns.length)): number[] {
  const stats = columnStats(model, sizePt);
  const pad = 2 * CELL_MARGIN_TW;
  const emTw = sizePt * 20;
  const kinds = model.columns.map((c) => c.kind ?? "text");
  const hard = model.columns.map((c, i) => {
    if (c.fixedTw !== undefined) return c.fixedTw;
    const token = WHOLE_TOKENS.has(kinds[i]!) ? stats[i]!.token : stats[i]!.piece;
    return Math.ceil(Math.max(stats[i]!.header, token, KIND_MIN_EM[kinds[i]!] * emTw) + pad);
  });
  const widths = [...hard];
  const shared = model.columns.flatMap((c, i) => (c.fixedTw === undefined ? [i] : []));
  let spare = totalTw - hard.reduce((a, b) => a + b, 0);
  if (spare < 0) {
    // Too many columns for the page: shrink the shared ones alike, tokens may then break.
    const sharedSum = shared.reduce((a, i) => a + widths[i]!, 0);
    for (const i of shared) widths[i] = Math.floor(widths[i]! * (1 + spare / sharedSum));
  } else {
    spare = share(widths, shared, spare, (i) => Math.max(stats[i]!.volume, emTw), (i) => stats[i]!.widest + pad);
    // Every column shows its text on one line: the rest goes out by width.
    if (spare > 1) share(widths, shared, spare, (i) => widths[i]!, () => Number.POSITIVE_INFINITY);
  }
  const rounded = widths.map((w) => Math.floor(w));
  const widest = rounded.indexOf(Math.max(...rounded));
  rounded[widest]! += totalTw - rounded.reduce((a, b) => a + b, 0);
  return rounded;
}

/** Estimated lines of a row, the tallest cell's, from each column's width. */
export function rowLines(cells: readonly TableCell[], widths: readonly number[], sizePt: number, charTw: number): number {
  let tallest = 1;
  for (let c = 0; c < cells.length; c++) {
    const cell = cells[c];
    if (cell === undefined || cell === null || typeof cell === "number" || cell instanceof Date) continue;
    const inner = Math.max((widths[c] ?? 0) - 2 * CELL_MARGIN_TW, emTwOf(sizePt));
    let lines = 0;
    for (const line of cellLines(cell)) lines += Math.max(1, Math.ceil((line.length * charTw) / inner));
    if (lines > tallest) tallest = lines;
  }
  return tallest;
}

const emTwOf = (sizePt: number): number => sizePt * 20;

/** A mean character's width at `sizePt`, for counting lines without measuring every glyph. */
export const meanCharTw = (sizePt: number): number => sizePt * 20 * 0.5;
