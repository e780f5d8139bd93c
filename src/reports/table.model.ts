import { cellText, nfc } from "./report.text.js";
import type { CellValue } from "./report.types.js";

// One description of a table, rendered to WordprocessingML (table.xml.ts) and to a
// worksheet (report.xlsx.ts), so the Word and Excel versions cannot drift apart.

export type Align = "left" | "center" | "right" | "both";

export interface TableColumn {
  readonly label: string;
  /** Relative width, shared out after the fixed widths. */
  readonly weight: number;
  /** A fixed width in twips instead of a share (the STT column). */
  readonly fixedTw?: number;
  readonly align?: Align;
}

export interface Run {
  readonly text: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
}

/** Formatted cell content: paragraphs of runs. */
export interface RichText {
  readonly paragraphs: readonly (readonly Run[])[];
}

export type TableCell = CellValue | undefined | RichText;

export interface TableRow {
  readonly cells: readonly TableCell[];
  /**
   * `group`: a heading row, cells[0] in the STT column and cells[1] spanning the rest;
   * `total`: a bold summary row.
   */
  readonly kind?: "data" | "group" | "total";
  /** Word comment ids anchored on this row. */
  readonly commentIds?: readonly number[];
}

export interface TableModel {
  readonly columns: readonly TableColumn[];
  /** Iterated once, lazily, so a large table never has to exist as row objects all at once. */
  readonly rows: Iterable<TableRow>;
}

export function isRichText(cell: TableCell): cell is RichText {
  return typeof cell === "object" && cell !== null && !(cell instanceof Date);
}

/** The cell's text with paragraphs joined by newlines, for Excel and for tests. */
export function plainText(cell: TableCell): string {
  if (isRichText(cell)) return nfc(cell.paragraphs.map((runs) => runs.map((r) => r.text).join("")).join("\n"));
  return nfc(cellText(cell));
}

// 1.2 cm holds "STT" at 12 pt bold and numbers like "12.345".
export const STT_COLUMN: TableColumn = { label: "STT", weight: 0, fixedTw: 680, align: "center" };

/** Widths in twips that fill `totalTw`, the rounding remainder going to the last column. */
export function columnWidths(columns: readonly TableColumn[], totalTw: number): number[] {
  const fixed = columns.reduce((acc, c) => acc + (c.fixedTw ?? 0), 0);
  const weights = columns.reduce((acc, c) => acc + (c.fixedTw === undefined ? c.weight : 0), 0);
  const share = Math.max(totalTw - fixed, 0);
  const widths = columns.map((c) => c.fixedTw ?? (weights > 0 ? Math.floor((share * c.weight) / weights) : 0));
  widths[widths.length - 1]! += totalTw - widths.reduce((a, b) => a + b, 0);
  return widths;
}

/** Rows produced afresh on every iteration, so one model can be written to .docx and .xlsx. */
export function lazyRows(generate: () => Iterator<TableRow>): Iterable<TableRow> {
  return { [Symbol.iterator]: generate };
}
