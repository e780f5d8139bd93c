import { cellText, nfc } from "./report.text.js";
import type { CellValue } from "./report.types.js";

// One description of a table, rendered to WordprocessingML (table.xml.ts) and to a
// worksheet (report.xlsx.ts), so the Word and Excel versions cannot drift apart.

export type Align = "left" | "center" | "right" | "both";

/**
 * What a column holds, for its width: dates, numbers/symbols ("137/2015/NĐ-CP") and short
 * choices are read as single tokens; text and long text wrap.
 */
export type ColumnKind = "number" | "date" | "code" | "enum" | "text" | "longtext";

export interface TableColumn {
  readonly label: string;
  readonly kind?: ColumnKind;
  /** A fixed width in twips instead of one worked out from the content (the STT column). */
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

// As wide as "STT" in bold and the longest number ("12.345"), no more.
export const STT_COLUMN: TableColumn = { label: "STT", kind: "number", align: "center" };

/** Rows produced afresh on every iteration, so one model can be written to .docx and .xlsx. */
export function lazyRows(generate: () => Iterator<TableRow>): Iterable<TableRow> {
  return { [Symbol.iterator]: generate };
}
