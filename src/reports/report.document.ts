import { Document, LineRuleType, Paragraph, type ICommentOptions, type ISectionOptions, type ParagraphChild } from "docx";
import { appendixHeading, centered, run } from "./report.blocks.js";
import { documentStyles, pageNumberHeaders, sectionProperties, textWidth, theme } from "./report.styles.js";
import { TableSlots, type DocxReport } from "./report.package.js";
import type { TableModel } from "./table.model.js";
import type { IssuingAgency, Orientation } from "./report.types.js";

/** One table of an appendix, with the caption above it and its worksheet name in the .xlsx. */
export interface ContentTable {
  readonly caption?: string;
  readonly sheetName: string;
  readonly model: TableModel;
  /** The worksheet's table when it differs from Word's: one column per field, where Word joins them in a cell. */
  readonly sheetModel?: TableModel;
  /** Paragraphs under the table ("Ghi chú"), e.g. the full wording of short header labels. */
  readonly notes?: readonly string[];
}

/** What an appendix holds, independent of where it is written (a .docx section or an .xlsx). */
export interface AppendixContent {
  readonly title: string;
  readonly orientation: Orientation;
  /** Named in the "(Kèm theo …)" line while the covering document is not registered. */
  readonly agencyName?: string;
  readonly tables: readonly ContentTable[];
}

/** Where an appendix sits: its numeral, the document it is attached to, comment anchors on its title. */
export interface AppendixPlacement {
  readonly numeral?: string;
  readonly attachedTo?: IssuingAgency;
  readonly titleBefore?: readonly ParagraphChild[];
  readonly titleAfter?: readonly ParagraphChild[];
}

// Word merges two tables that touch, and a body should not end on a table: a hairline
// paragraph keeps them apart without adding a visible blank line.
const spacer = (): Paragraph => new Paragraph({ spacing: { line: 20, lineRule: LineRuleType.EXACT }, children: [] });

const noteParagraph = (note: string, first: boolean): Paragraph =>
  new Paragraph({
    spacing: { before: first ? 120 : 0 },
    children: [...(first ? [run("Ghi chú: ", 12, { bold: true, italic: true })] : []), run(note, 12, { italic: true })],
  });

/** An appendix as its own section: own orientation, own page numbering from 1 (§III.1.đ). */
export function appendixSection(slots: TableSlots, content: AppendixContent, placement: AppendixPlacement = {}): ISectionOptions {
  const widthTw = textWidth(content.orientation);
  const heading = appendixHeading({
    numeral: placement.numeral,
    title: content.title,
    attachedTo: placement.attachedTo,
    agencyName: content.agencyName,
    widthTw,
    titleBefore: placement.titleBefore,
    titleAfter: placement.titleAfter,
  });
  const tables = content.tables.flatMap((t) => [
    ...(t.caption ? [centered({ text: t.caption, size: 13, bold: true, before: 240, after: 120, keepNext: true })] : []),
    slots.place(t.model, widthTw),
    spacer(),
    ...(t.notes ?? []).map((note, i) => noteParagraph(note, i === 0)),
  ]);
  return { properties: sectionProperties(content.orientation), headers: pageNumberHeaders(), children: [...heading, ...tables] };
}

export function reportDocument(title: string, sections: readonly ISectionOptions[], comments: readonly ICommentOptions[] = []): Document {
  return new Document({
    creator: "rasoat",
    title,
    styles: documentStyles(),
    theme,
    comments: comments.length > 0 ? { children: comments } : undefined,
    sections,
  });
}

/** A document holding one appendix. */
export function appendixReport(
  content: AppendixContent,
  placement: AppendixPlacement = {},
  comments: readonly ICommentOptions[] = [],
): DocxReport {
  const slots = new TableSlots();
  return slots.report(reportDocument(content.title, [appendixSection(slots, content, placement)], comments));
}
