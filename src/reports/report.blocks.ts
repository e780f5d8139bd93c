import {
  AlignmentType,
  BorderStyle,
  LineRuleType,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
  type ParagraphChild,
} from "docx";
import { attachedToLine, longDate, nfc, numberSymbol, upper } from "./report.text.js";
import { STYLE_IDS, pt, textWidth } from "./report.styles.js";
import type { IssuingAgency, OutlineSection, Recipients, Signer } from "./report.types.js";

// The fixed parts of a Decree 30 document, built with `docx` objects (they are small).
// Sizes follow the "Cỡ chữ" column of the ND 30 sample (format.md §5).

interface Line {
  readonly text: string;
  readonly size: number;
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly after?: number;
  readonly before?: number;
  readonly keepNext?: boolean;
}

export function run(text: string, size: number, options: { bold?: boolean; italic?: boolean } = {}): TextRun {
  return new TextRun({ text: nfc(text), size: pt(size), bold: options.bold, italics: options.italic });
}

export function centered(line: Line): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: line.before ?? 0, after: line.after ?? 0 },
    keepNext: line.keepNext,
    children: [run(line.text, line.size, line)],
  });
}

// Average advance of Times New Roman glyphs as a share of the font size; only used to
// size rule lines under one-line headings, where a few millimetres do not matter.
const EM_SHARE = { upperBold: 0.7, mixedBold: 0.455, mixed: 0.45 } as const;

export function estimatedWidthTw(text: string, sizePt: number, share: number): number {
  return Math.round(nfc(text).length * sizePt * share * 20);
}

/**
 * A solid rule of `lengthTw` centered in a box `boxTw` wide (§II.1.b, §II.2.b, §II.5.b):
 * an empty paragraph whose bottom border is cut to length by its indents.
 */
export function rule(lengthTw: number, boxTw: number, after = 0, keepNext = false): Paragraph {
  const side = Math.max(Math.round((boxTw - lengthTw) / 2), 0);
  return new Paragraph({
    keepNext,
    indent: { left: side, right: side },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: "000000", space: 1 } },
    spacing: { before: 60, after, line: 40, lineRule: LineRuleType.EXACT },
    children: [],
  });
}

const CELL_MARGIN = 0;
const NO_BORDERS = TableBorders.NONE;

/** A two-column borderless layout table (header block, signature block) — [practice] in format.md. */
export function layoutTable(widths: readonly [number, number], rows: readonly (readonly [Paragraph[], Paragraph[]])[], keepWhole = false): Table {
  return new Table({
    width: { size: widths[0] + widths[1], type: WidthType.DXA },
    columnWidths: [...widths],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    margins: { left: CELL_MARGIN, right: CELL_MARGIN },
    rows: rows.map(
      ([left, right]) =>
        new TableRow({
          cantSplit: keepWhole,
          children: [left, right].map(
            (children, i) =>
              new TableCell({ width: { size: widths[i]!, type: WidthType.DXA }, verticalAlign: VerticalAlignTable.TOP, children }),
          ),
        }),
    ),
  });
}

// The agency cell takes ~38 % of the line, enough for a two-line ministry name at 13 pt;
// the rest holds "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" at 12 pt on one line.
const HEADER_SPLIT = 0.38;

/** Page 1 header: agency block left, national motto block right, then Số and place/date (§II.1–4). */
export function headerBlock(issuer: IssuingAgency): Table {
  const total = textWidth("portrait");
  const left = Math.round(total * HEADER_SPLIT);
  const right = total - left;
  const agencyLines = upper(issuer.agencyName).split("\n");
  const longest = Math.max(...agencyLines.map((l) => estimatedWidthTw(l, 13, EM_SHARE.upperBold)));
  const agency = [
    ...(issuer.parentAgency ? [centered({ text: upper(issuer.parentAgency), size: 13 })] : []),
    ...agencyLines.map((text) => centered({ text, size: 13, bold: true })),
    rule(Math.min(longest, left) * 0.45, left, 160),
  ];
  const motto = "Độc lập - Tự do - Hạnh phúc";
  const nation = [
    centered({ text: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size: 12, bold: true }),
    centered({ text: motto, size: 13, bold: true }),
    rule(estimatedWidthTw(motto, 13, EM_SHARE.mixedBold), right, 160),
  ];
  const registration = [centered({ text: numberSymbol(issuer), size: 13 })];
  const placeDate = [centered({ text: `${nfc(issuer.place)}, ${longDate(issuer.date)}`, size: 14, italic: true })];
  return layoutTable([left, right], [
    [agency, nation],
    [registration, placeDate],
  ]);
}

/** "BÁO CÁO", its trích yếu and the rule under them (§II.5.b). */
export function reportTitle(kind: string, summary: string): Paragraph[] {
  const width = textWidth("portrait");
  const lineLength = Math.min(estimatedWidthTw(summary, 14, EM_SHARE.mixedBold), width);
  return [
    centered({ text: upper(kind), size: 14, bold: true, before: 480 }),
    centered({ text: summary, size: 14, bold: true }),
    rule(lineLength * 0.4, width, 240),
  ];
}

/** "Kính gửi: …" — one addressee on the line, several one per line with dashes (§II.9.d). */
export function addresseeLines(addressees: readonly string[]): Paragraph[] {
  if (addressees.length === 0) return [];
  const lead = "Kính gửi: ";
  if (addressees.length === 1) return [centered({ text: `${lead}${addressees[0]}.`, size: 14, after: 240 })];
  const indent = 2800;
  return [
    new Paragraph({ indent: { left: indent }, children: [run(lead.trim(), 14)] }),
    ...addressees.map(
      (a, i) =>
        new Paragraph({
          indent: { left: indent + 1000 },
          spacing: { after: i === addressees.length - 1 ? 240 : 0 },
          children: [run(`- ${a}${i === addressees.length - 1 ? "." : ";"}`, 14)],
        }),
    ),
  ];
}

export function bodyParagraph(text: string, options: { bold?: boolean } = {}): Paragraph {
  return new Paragraph({ style: STYLE_IDS.body, children: [run(text, 14, options)] });
}

/** Outline sections (đề cương) with their narrative; headings as written, bold (§II.6.đ). */
export function outlineParagraphs(sections: readonly OutlineSection[]): Paragraph[] {
  return sections.flatMap((s) => [
    bodyParagraph(s.heading, { bold: true }),
    ...s.paragraphs.flatMap((p) => nfc(p).split(/\n+/).filter((line) => line.trim() !== "").map((line) => bodyParagraph(line))),
    ...outlineParagraphs(s.subsections ?? []),
  ]);
}

const SIGNATURE_SPACE = 1440;

/** "Nơi nhận" left, signer right, level with each other (§II.7, §II.9). */
export function signatureBlock(signer: Signer, recipients: Recipients): Table {
  const total = textWidth("portrait");
  const left = Math.round(total * 0.45);
  const listLine = (text: string): Paragraph => new Paragraph({ children: [run(text, 11)] });
  const received = [
    new Paragraph({ spacing: { before: 120 }, children: [run("Nơi nhận:", 12, { bold: true, italic: true })] }),
    ...recipients.list.map((r) => listLine(`- ${r};`)),
    listLine(`- Lưu: ${recipients.archive}.`),
  ];
  const sign = [
    ...(signer.authority ? [centered({ text: upper(signer.authority), size: 14, bold: true, before: 120 })] : []),
    centered({ text: upper(signer.position), size: 14, bold: true, before: signer.authority ? 0 : 120, after: SIGNATURE_SPACE }),
    centered({ text: signer.fullName, size: 14, bold: true }),
  ];
  // Signature and Nơi nhận on one page: the row never splits.
  return layoutTable([left, total - left], [[received, sign]], true);
}

export interface AppendixHeadingOptions {
  readonly numeral?: string;
  readonly title: string;
  readonly attachedTo?: IssuingAgency;
  /** Named in the "(Kèm theo …)" line when `attachedTo` is not known yet. */
  readonly agencyName?: string;
  readonly widthTw: number;
  /** Runs placed around the title, e.g. the anchors of general comments. */
  readonly titleBefore?: readonly ParagraphChild[];
  readonly titleAfter?: readonly ParagraphChild[];
}

/** "Phụ lục I", the UPPERCASE title and the italic "(Kèm theo …)" line with a short rule (§III.1, Mẫu 2.1/2.2). */
export function appendixHeading(o: AppendixHeadingOptions): Paragraph[] {
  const attached = attachedToLine(o.attachedTo, o.agencyName);
  // The heading stays on the page where its table begins.
  const titleParagraph = new Paragraph({
    alignment: AlignmentType.CENTER,
    keepNext: true,
    children: [...(o.titleBefore ?? []), run(upper(o.title), 14, { bold: true }), ...(o.titleAfter ?? [])],
  });
  return [
    centered({ text: o.numeral ? `Phụ lục ${o.numeral}` : "Phụ lục", size: 14, bold: true, keepNext: true }),
    titleParagraph,
    centered({ text: attached, size: 14, italic: true, keepNext: true }),
    rule(Math.min(estimatedWidthTw(attached, 14, EM_SHARE.mixed), o.widthTw) * 0.3, o.widthTw, 240, true),
  ];
}
