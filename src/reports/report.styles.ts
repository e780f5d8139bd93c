import {
  AlignmentType,
  Header,
  LineRuleType,
  PageNumber,
  PageOrientation,
  Paragraph,
  TextRun,
  type IStylesOptions,
  type ISectionPropertiesOptions,
  type IThemeOptions,
} from "docx";
import type { Orientation } from "./report.types.js";

// Decree 30/2020/NĐ-CP, Phụ lục I (see ../shared/domain/format.md). Units: sizes in
// half-points, lengths in twips (1 mm ≈ 56.7 tw), spacing in twentieths of a point.

export const FONT = "Times New Roman";
export const BLACK = "000000";

export const pt = (points: number): number => points * 2;

const A4 = { width: 11906, height: 16838 } as const;
/** Top 20 mm, bottom 20 mm, left 30 mm, right 15 mm (§I.3), also on landscape appendix pages. */
export const MARGIN = { top: 1134, bottom: 1134, left: 1701, right: 850, header: 567, footer: 567 } as const;

/** Width between the margins, where tables go. */
export function textWidth(orientation: Orientation): number {
  const pageWidth = orientation === "landscape" ? A4.height : A4.width;
  return pageWidth - MARGIN.left - MARGIN.right;
}

// Table style ids are repeated in every cell of tables of 100,000 cells, hence short;
// Word shows users the style names.
export const STYLE_IDS = {
  body: "ReportBody",
  tableText: "RT",
  tableHeading: "RTH",
  compactText: "RTC",
  compactHeading: "RTCH",
} as const;

const font = { ascii: FONT, hAnsi: FONT, cs: FONT, eastAsia: FONT };
const blackRun = { font, color: BLACK };

/** Every style black Times New Roman, so nothing (table cells, headers, comments) falls back to Calibri or blue headings. */
export function documentStyles(): IStylesOptions {
  const heading = { run: blackRun };
  return {
    default: {
      document: { run: { ...blackRun, size: pt(14) }, paragraph: { spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO } } },
      title: heading,
      heading1: heading,
      heading2: heading,
      heading3: heading,
      heading4: heading,
      heading5: heading,
      heading6: heading,
      caption: heading,
      hyperlink: { run: { color: BLACK } },
    },
    paragraphStyles: [
      {
        // Body text (§II.6.e): 14 pt, justified, first-line indent 1 cm, ≥ 6 pt between paragraphs.
        id: STYLE_IDS.body,
        name: "Report Body",
        basedOn: "Normal",
        quickFormat: true,
        run: { size: pt(14) },
        paragraph: {
          alignment: AlignmentType.JUSTIFIED,
          indent: { firstLine: 567 },
          spacing: { before: 0, after: 120, line: 288, lineRule: LineRuleType.AUTO },
        },
      },
      {
        // ND 30 sets no size for table text; 12 pt, as the body of a landscape appendix page allows.
        id: STYLE_IDS.tableText,
        name: "Report Table Text",
        basedOn: "Normal",
        run: { size: pt(12) },
        paragraph: { spacing: { before: 20, after: 20, line: 240, lineRule: LineRuleType.AUTO } },
      },
      {
        id: STYLE_IDS.tableHeading,
        name: "Report Table Heading",
        basedOn: STYLE_IDS.tableText,
        run: { bold: true },
        paragraph: { alignment: AlignmentType.CENTER },
      },
      {
        // "Smaller only if needed" (format.md §5): fifteen columns or more on a landscape
        // page leave too little room for the tokens of each column at 12 pt.
        id: STYLE_IDS.compactText,
        name: "Report Table Text (compact)",
        basedOn: STYLE_IDS.tableText,
        run: { size: pt(11) },
      },
      {
        id: STYLE_IDS.compactHeading,
        name: "Report Table Heading (compact)",
        basedOn: STYLE_IDS.compactText,
        run: { bold: true },
        paragraph: { alignment: AlignmentType.CENTER },
      },
    ],
  };
}

export const theme: IThemeOptions = { fonts: { headings: FONT, body: FONT } };

/**
 * A4 section in the given orientation. Page numbers restart at 1 in every section because
 * each appendix is numbered on its own (§III.1.đ); `titlePage` hides the number on page 1 (§I.7).
 */
export function sectionProperties(orientation: Orientation): ISectionPropertiesOptions {
  return {
    titlePage: true,
    page: {
      size: {
        width: A4.width,
        height: A4.height,
        orientation: orientation === "landscape" ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
      },
      margin: MARGIN,
      pageNumbers: { start: 1 },
    },
  };
}

/** Page number centered in the top margin from page 2; an empty first-page header (§I.7). */
export function pageNumberHeaders(): { default: Header; first: Header } {
  return {
    default: new Header({
      children: [
        new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], size: pt(14) })] }),
      ],
    }),
    first: new Header({ children: [new Paragraph({})] }),
  };
}
