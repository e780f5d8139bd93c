import { commentThreadText } from "./comment.threads.js";
import { appendixReport, type AppendixContent } from "./report.document.js";
import type { DocxReport } from "./report.package.js";
import { DISPOSITION_LABELS, cellText } from "./report.text.js";
import { appendixColumns } from "./agency.appendix.js";
import { STT_COLUMN, lazyRows, type RichText, type TableModel } from "./table.model.js";
import type { AppendixSpec, DispositionTableInput, ReportComment, ReportItem } from "./report.types.js";

export const DISPOSITION_TITLE = "Bảng tổng hợp tiếp thu, giải trình ý kiến rà soát";

/** The row's filled fields as "Label: value" lines, the label in bold. */
function proposalText(spec: AppendixSpec, item: ReportItem): RichText {
  return {
    paragraphs: spec.columns.flatMap((c) => {
      const value = cellText(item.values[c.key]);
      return value === "" ? [] : [[{ text: `${c.label}: `, bold: true }, { text: value }]];
    }),
  };
}

interface DispositionRow {
  readonly item: ReportItem;
  readonly thread: RichText;
  readonly status: string;
  readonly explanation: string;
}

function dispositionRows(input: DispositionTableInput): () => Iterator<DispositionRow> {
  const commentsByItem = new Map<string, ReportComment[]>();
  for (const c of input.comments) {
    if (c.itemId !== undefined) commentsByItem.set(c.itemId, [...(commentsByItem.get(c.itemId) ?? []), c]);
  }
  const dispositions = new Map(input.dispositions.map((d) => [d.itemId, d]));
  const { items } = input;
  return function* () {
    for (const item of items) {
      const disposition = dispositions.get(item.id);
      yield {
        item,
        thread: commentThreadText(commentsByItem.get(item.id) ?? []),
        status: disposition ? DISPOSITION_LABELS[disposition.status] : "",
        explanation: disposition?.explanation ?? "",
      };
    }
  };
}

const REVIEW_COLUMNS = [
  { label: "Ý kiến của chuyên viên rà soát", kind: "longtext" },
  { label: "Kết quả tiếp thu", kind: "enum", align: "center" },
  { label: "Giải trình", kind: "longtext" },
] as const;

/** Word: the proposal's fields as "Label: value" lines in one cell, so the review columns keep their room. */
function dispositionModel(input: DispositionTableInput): TableModel {
  const rows = dispositionRows(input);
  return {
    columns: [STT_COLUMN, { label: "Nội dung kiến nghị của cơ quan", kind: "longtext" }, ...REVIEW_COLUMNS],
    rows: lazyRows(function* () {
      let i = 0;
      for (const r of { [Symbol.iterator]: rows }) yield { cells: [++i, proposalText(input.spec, r.item), r.thread, r.status, r.explanation] };
    }),
  };
}

/** Excel: one column per field, so the sheet can be sorted and filtered. */
function dispositionSheetModel(input: DispositionTableInput): TableModel {
  const rows = dispositionRows(input);
  return {
    columns: [...appendixColumns(input.spec), ...REVIEW_COLUMNS],
    rows: lazyRows(function* () {
      let i = 0;
      for (const r of { [Symbol.iterator]: rows }) {
        yield { cells: [++i, ...input.spec.columns.map((c) => r.item.values[c.key]), r.thread, r.status, r.explanation] };
      }
    }),
  };
}

/** Tiếp thu – giải trình: every row with the reviewers' comments, the disposition and its explanation. */
export function dispositionTableContent(input: DispositionTableInput): AppendixContent {
  return {
    title: DISPOSITION_TITLE,
    orientation: "landscape",
    agencyName: input.agencyName,
    tables: [{ sheetName: "Tiếp thu, giải trình", model: dispositionModel(input), sheetModel: dispositionSheetModel(input) }],
  };
}

export function buildDispositionTable(input: DispositionTableInput): DocxReport {
  return appendixReport(dispositionTableContent(input), { numeral: input.numeral, attachedTo: input.attachedTo });
}
