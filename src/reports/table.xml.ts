import { cellText, xmlText } from "./report.text.js";
import { STYLE_IDS } from "./report.styles.js";
import { meanCharTw, rowLines, tableLayout } from "./table.layout.js";
import { isRichText, type Align, type Run, type TableCell, type TableModel, type TableRow } from "./table.model.js";

// Tables are written as WordprocessingML strings rather than `docx` objects: a campaign
// appendix has tens of thousands of rows and the object tree costs ~10× the time and
// memory of the XML itself. Small tables take the same path so every report is built alike.

const BORDER = 'w:val="single" w:sz="4" w:space="0" w:color="000000"';
const TABLE_BORDERS =
  `<w:tblBorders><w:top ${BORDER}/><w:left ${BORDER}/><w:bottom ${BORDER}/><w:right ${BORDER}/>` +
  `<w:insideH ${BORDER}/><w:insideV ${BORDER}/></w:tblBorders>`;
const cellMargins = (tw: number): string => `<w:tblCellMar><w:left w:w="${tw}" w:type="dxa"/><w:right w:w="${tw}" w:type="dxa"/></w:tblCellMar>`;
// Header rows repeat on every page. A short row is kept whole (read at a glance); a tall one
// may continue on the next page, or a page would be left mostly blank before each long row.
const HEADER_TR = "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>";
const WHOLE_TR = "<w:tr><w:trPr><w:cantSplit/></w:trPr>";
const SPLIT_TR = "<w:tr>";
const CELL_CLOSE = "</w:p></w:tc>";
/** Rows of up to this many lines (about a sixth of a landscape page) are kept whole. */
const WHOLE_ROW_LINES = 6;

function paragraphOpen(styleId: string, align: Align | undefined, keepNext = false): string {
  const jc = align && align !== "left" ? `<w:jc w:val="${align}"/>` : "";
  return `<w:p><w:pPr><w:pStyle w:val="${styleId}"/>${keepNext ? "<w:keepNext/>" : ""}${jc}</w:pPr>`;
}

// Word drops leading and trailing spaces of a run unless told to keep them. Only the two
// ends are looked at (a regex for a trailing space would try every position of a long text).
const SPACE = /\s/;
const isSpaceCode = (c: number): boolean => (c < 128 ? c === 32 || (c >= 9 && c <= 13) : SPACE.test(String.fromCharCode(c)));
const hasEdgeSpace = (s: string): boolean => s.length > 0 && (isSpaceCode(s.charCodeAt(0)) || isSpaceCode(s.charCodeAt(s.length - 1)));
const PRESERVE = '<w:t xml:space="preserve">';
// A hyphen inside a token with a digit ("137/2015/NĐ-CP", "QĐ-UBND" after a number) is a
// non-breaking hyphen, which Word and LibreOffice both keep on the line: the symbol is never
// split, whatever column it is quoted in. The column is sized to hold it whole.
const NO_BREAK_HYPHEN = `</w:t><w:noBreakHyphen/>${PRESERVE}`;

const isDigitAt = (s: string, i: number): boolean => s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;
const isSpaceAt = (s: string, i: number): boolean => s.charCodeAt(i) <= 32 || s.charCodeAt(i) === 0xa0;

/** Whether the token around position `at` (up to the spaces on either side) holds a digit. */
function tokenHasDigit(s: string, at: number): boolean {
  for (let i = at - 1; i >= 0 && !isSpaceAt(s, i); i--) if (isDigitAt(s, i)) return true;
  for (let i = at + 1; i < s.length && !isSpaceAt(s, i); i++) if (isDigitAt(s, i)) return true;
  return false;
}

/** `<w:t>` of `text` between `open` (or `preserveOpen`) and `close`, which may carry the run's tags. */
function textXml(text: string, open: string, preserveOpen: string, close: string): string {
  const xml = xmlText(text);
  let out = "";
  let from = 0;
  for (let i = xml.indexOf("-"); i >= 0; i = xml.indexOf("-", i + 1)) {
    if (!tokenHasDigit(xml, i)) continue;
    out += xml.slice(from, i) + NO_BREAK_HYPHEN;
    from = i + 1;
  }
  if (from === 0) return (hasEdgeSpace(text) ? preserveOpen : open) + xml + close;
  return preserveOpen + out + xml.slice(from) + close;
}

// A plain run's tags joined to its text's, so that a cell of a large table is a few joins.
const RUN_OPEN = "<w:r><w:t>";
const RUN_PRESERVE_OPEN = `<w:r>${PRESERVE}`;
const RUN_CLOSE = "</w:t></w:r>";

function run(text: string, bold = false, italic = false): string {
  if (text === "") return "";
  if (!bold && !italic) return textXml(text, RUN_OPEN, RUN_PRESERVE_OPEN, RUN_CLOSE);
  const rPr = `<w:rPr>${bold ? "<w:b/>" : ""}${italic ? "<w:i/>" : ""}</w:rPr>`;
  return `<w:r>${rPr}${textXml(text, "<w:t>", PRESERVE, "</w:t>")}</w:r>`;
}

const richRuns = (runs: readonly Run[], bold: boolean): string =>
  runs.map((r) => run(r.text, bold || r.bold === true, r.italic === true)).join("");

const commentStarts = (ids: readonly number[]): string =>
  ids.map((id) => `<w:commentRangeStart w:id="${id}"/>`).join("");
const commentEnds = (ids: readonly number[]): string =>
  ids.map((id) => `<w:commentRangeEnd w:id="${id}"/><w:r><w:commentReference w:id="${id}"/></w:r>`).join("");

/** The paragraphs of one cell; comment marks go inside the first and last paragraph. */
function cellParagraphs(cell: TableCell, pOpen: string, bold: boolean, start: string, end: string): string {
  if (typeof cell === "string" && !cell.includes("\n")) return pOpen + start + run(cell, bold) + end + "</w:p>";
  const lines: string[] = isRichText(cell)
    ? cell.paragraphs.map((runs) => richRuns(runs, bold))
    : cellText(cell).split("\n").map((line) => run(line, bold));
  if (lines.length === 0) lines.push("");
  let out = "";
  for (let i = 0; i < lines.length; i++) {
    out += pOpen + (i === 0 ? start : "") + lines[i] + (i === lines.length - 1 ? end : "") + "</w:p>";
  }
  return out;
}

interface Layout {
  readonly widths: readonly number[];
  readonly marginTw: number;
  readonly sizePt: number;
  readonly charTw: number;
  readonly headerP: string;
  readonly tcOpen: readonly string[];
  readonly pOpen: readonly string[];
  /** tcOpen and pOpen together. */
  readonly cellOpen: readonly string[];
  readonly spanOpen: string;
  readonly groupP: readonly [string, string];
}

function layout(model: TableModel, widthTw: number): Layout {
  const { widths, marginTw, sizePt } = tableLayout(model, widthTw);
  const spanWidth = widths.slice(1).reduce((a, b) => a + b, 0);
  const compact = sizePt < 12;
  const text = compact ? STYLE_IDS.compactText : STYLE_IDS.tableText;
  const tcOpen = widths.map((w) => `<w:tc><w:tcPr><w:tcW w:w="${w}" w:type="dxa"/></w:tcPr>`);
  const pOpen = model.columns.map((c) => paragraphOpen(text, c.align));
  return {
    widths,
    marginTw,
    sizePt,
    charTw: meanCharTw(sizePt),
    headerP: paragraphOpen(compact ? STYLE_IDS.compactHeading : STYLE_IDS.tableHeading, "center"),
    tcOpen,
    pOpen,
    cellOpen: tcOpen.map((tc, i) => tc + pOpen[i]),
    spanOpen: `<w:tc><w:tcPr><w:tcW w:w="${spanWidth}" w:type="dxa"/><w:gridSpan w:val="${widths.length - 1}"/></w:tcPr>`,
    // A group heading stays on the page of its first row.
    groupP: [paragraphOpen(text, model.columns[0]?.align, true), paragraphOpen(text, "left", true)],
  };
}

function rowXml(row: TableRow, l: Layout): string {
  const ids = row.commentIds ?? [];
  const start = ids.length > 0 ? commentStarts(ids) : "";
  const end = ids.length > 0 ? commentEnds(ids) : "";
  const bold = row.kind === "group" || row.kind === "total";
  if (row.kind === "group") {
    return (
      WHOLE_TR +
      l.tcOpen[0] + cellParagraphs(row.cells[0], l.groupP[0], true, start, "") + "</w:tc>" +
      l.spanOpen + cellParagraphs(row.cells[1], l.groupP[1], true, "", end) + "</w:tc></w:tr>"
    );
  }
  const last = l.widths.length - 1;
  let out = rowLines(row.cells, l.widths, l.sizePt, l.charTw, l.marginTw) <= WHOLE_ROW_LINES ? WHOLE_TR : SPLIT_TR;
  const plain = !bold && ids.length === 0;
  for (let c = 0; c <= last; c++) {
    const cell = row.cells[c];
    // Most cells of a large table: one line of text, nothing around it.
    if (plain && typeof cell === "string" && !cell.includes("\n")) out += l.cellOpen[c] + run(cell) + CELL_CLOSE;
    else out += l.tcOpen[c] + cellParagraphs(cell, l.pOpen[c]!, bold, c === 0 ? start : "", c === last ? end : "") + "</w:tc>";
  }
  return out + "</w:tr>";
}

/** `<w:tbl>` of a table model, as a lazy sequence of XML chunks (one per row). */
export function* tableXml(model: TableModel, widthTw: number): Generator<string> {
  const l = layout(model, widthTw);
  yield (
    `<w:tbl><w:tblPr><w:tblW w:w="${widthTw}" w:type="dxa"/>${TABLE_BORDERS}` +
    `<w:tblLayout w:type="fixed"/>${cellMargins(l.marginTw)}<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>` +
    `<w:tblGrid>${l.widths.map((w) => `<w:gridCol w:w="${w}"/>`).join("")}</w:tblGrid>`
  );
  yield (
    HEADER_TR +
    model.columns
      .map((c, i) => `${l.tcOpen[i]!.replace("</w:tcPr>", '<w:vAlign w:val="center"/></w:tcPr>')}${l.headerP}${run(c.label)}</w:p></w:tc>`)
      .join("") +
    "</w:tr>"
  );
  for (const row of model.rows) yield rowXml(row, l);
  yield "</w:tbl>";
}
