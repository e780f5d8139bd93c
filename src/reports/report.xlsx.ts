import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { agencyAppendixContent } from "./agency.appendix.js";
import { consolidatedAppendixContent } from "./consolidated.appendix.js";
import { dispositionTableContent } from "./dispositions.table.js";
import type { AppendixContent, ContentTable } from "./report.document.js";
import { textWidth } from "./report.styles.js";
import { nfc, upper } from "./report.text.js";
import { contentWidths } from "./table.layout.js";
import { enableQuotePrefix, looksLikeFormula } from "./xlsx.quote.js";
import { isRichText, plainText, type TableCell } from "./table.model.js";
import type { AgencyAppendixInput, ConsolidatedAppendixInput, DispositionTableInput, Orientation } from "./report.types.js";

// The same table models as the Word reports, one worksheet per table, written with
// exceljs's streaming writer so a campaign of hundreds of thousands of rows never sits
// in memory as a workbook.

type Value = string | number | Date | null;

const FONT = { name: "Times New Roman", size: 12 } as const;
// exceljs pushes rows into its zip stream without backpressure: left alone, a 250,000-row
// sheet is buffered whole. Every so many rows we wait until its pass-through holds less than
// this many bytes.
const ROWS_PER_DRAIN = 1000;
const BUFFERED_BYTES = 1 << 20;
// Excel measures columns in widths of its default font's "0": about 110 twips.
const TW_PER_CHAR = 110;
// Margins of the Word pages (Decree 30 §I.3) in inches: left 30 mm, right 15 mm, top and bottom 20 mm.
const MARGINS = { left: 1.18, right: 0.59, top: 0.79, bottom: 0.79, header: 0.3, footer: 0.3 };

interface BufferedStream {
  readonly _writableState?: { readonly length: number };
  readonly _readableState?: { readonly length: number };
}

/** Internal fields of exceljs's WorksheetWriter; each step is optional so a changed version only loses the throttle. */
function sheetPipe(sheet: ExcelJS.Worksheet): BufferedStream | undefined {
  return (sheet as unknown as { stream?: { pipes?: readonly BufferedStream[] } }).stream?.pipes?.[0];
}

async function drain(pipe: BufferedStream | undefined): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  while (pipe && (pipe._writableState?.length ?? 0) + (pipe._readableState?.length ?? 0) > BUFFERED_BYTES) {
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

function cellValue(cell: TableCell): Value {
  if (cell === undefined || cell === null) return null;
  if (cell instanceof Date || typeof cell === "number") return cell;
  if (isRichText(cell)) return plainText(cell);
  return nfc(cell);
}

/** Excel's sheet names: ≤ 31 characters, no []:*?/\ , unique in the workbook. */
function sheetName(wanted: string, taken: Set<string>): string {
  const base = nfc(wanted).replace(/[[\]:*?/\\]/g, " ").slice(0, 28);
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} ${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/**
 * One style object per column × (bold, date): exceljs caches style ids by object identity,
 * so shared objects cost nothing per cell while a fresh object per cell costs ~10 µs.
 */
function columnStyles(columns: ContentTable["model"]["columns"]) {
  const make = (align: string | undefined, bold: boolean, date: boolean): Partial<ExcelJS.Style> => ({
    font: { ...FONT, bold },
    alignment: { wrapText: true, vertical: "top", horizontal: align === "center" ? "center" : undefined },
    ...(date ? { numFmt: "dd/mm/yyyy" } : {}),
  });
  return columns.map((c) => ({
    plain: make(c.align, false, false),
    bold: make(c.align, true, false),
    date: make(c.align, false, true),
    text: { ...make(c.align, false, false), quotePrefix: true } as Partial<ExcelJS.Style>,
  }));
}

/**
 * Printed as the Word appendix is: A4, the appendix's orientation, one page wide and as many
 * pages tall as needed, the title and header rows repeated on every page.
 */
function pageSetup(orientation: Orientation): Partial<ExcelJS.PageSetup> {
  return { paperSize: 9, orientation, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "2:2", margins: MARGINS, horizontalCentered: true };
}

async function writeSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, content: AppendixContent, table: ContentTable, name: string): Promise<void> {
  const model = table.sheetModel ?? table.model;
  const { columns } = model;
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 2 }], pageSetup: pageSetup(content.orientation) });
  sheet.columns = contentWidths(model, textWidth(content.orientation), 12).map((tw) => ({ width: Math.max(6, Math.round(tw / TW_PER_CHAR)) }));
  const title = content.title;
  const titleRow = sheet.addRow([upper(table.caption ?? title)]);
  titleRow.getCell(1).style = { font: { ...FONT, bold: true, size: 13 } };
  sheet.mergeCells(1, 1, 1, columns.length);
  titleRow.commit();
  const header = sheet.addRow(columns.map((c) => nfc(c.label)));
  const headerStyle: Partial<ExcelJS.Style> = { font: { ...FONT, bold: true }, alignment: { wrapText: true, vertical: "middle", horizontal: "center" } };
  header.eachCell((cell) => (cell.style = headerStyle));
  header.commit();
  sheet.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: columns.length } };

  const styles = columnStyles(columns);
  const pipe = sheetPipe(sheet);
  let written = 0;
  for (const row of model.rows) {
    const values = row.cells.map(cellValue);
    const added = sheet.addRow(values);
    const bold = row.kind === "group" || row.kind === "total";
    for (let c = 0; c < values.length; c++) {
      const style = styles[c]!;
      const value = values[c];
      added.getCell(c + 1).style = bold ? style.bold : value instanceof Date ? style.date : looksLikeFormula(value) ? style.text : style.plain;
    }
    if (row.kind === "group") sheet.mergeCells(added.number, 2, added.number, columns.length);
    added.commit();
    if (++written % ROWS_PER_DRAIN === 0) await drain(pipe);
  }
  for (const note of table.notes ?? []) {
    const added = sheet.addRow([nfc(note)]);
    added.getCell(1).style = { font: { ...FONT, italic: true } };
    added.commit();
  }
  sheet.commit();
}

/** Every table of the given appendices as a worksheet of one .xlsx written to `out`. */
export async function writeXlsx(contents: readonly AppendixContent[], out: Writable): Promise<void> {
  enableQuotePrefix();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = "rasoat";
  const taken = new Set<string>();
  for (const content of contents) {
    for (const table of content.tables) await writeSheet(workbook, content, table, sheetName(table.sheetName, taken));
  }
  await workbook.commit();
}

export const writeAgencyAppendixXlsx = (input: AgencyAppendixInput, out: Writable): Promise<void> =>
  writeXlsx([agencyAppendixContent(input)], out);

export const writeConsolidatedAppendixXlsx = (input: ConsolidatedAppendixInput, out: Writable): Promise<void> =>
  writeXlsx([consolidatedAppendixContent(input)], out);

export const writeDispositionTableXlsx = (input: DispositionTableInput, out: Writable): Promise<void> =>
  writeXlsx([dispositionTableContent(input)], out);
