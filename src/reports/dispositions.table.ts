import { commentThreadText } from "./comment.threads.js";
import { appendixReport, type AppendixContent } from "./report.document.js";
import type { DocxReport } from "./report.package.js";
import { DISPOSITION_LABELS, cellText } from "./report.text.js";
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

function dispositionModel(input: DispositionTableInput): TableModel {
  const commentsByItem = new Map<string, ReportComment[]>();
  for (const c of input.comments) {
    if (c.itemId !== undefined) commentsByItem.set(c.itemId, [...(commentsByItem.get(c.itemId) ?? []), c]);
  }
  const dispositions = new Map(input.dispositions.map((d) => [d.itemId, d]));
  const { spec, items } = input;
  return {
    columns: [
      STT_COLUMN,
      { label: "Nội dung kiến nghị của cơ quan", weight: 3 },
      { label: "Ý kiến của chuyên viên rà soát", weight: 3 },
      { label: "Kết quả tiếp thu", weight: 1.1, align: "center" },
      { label: "Giải trình", weight: 2.5 },
    ],
    rows: lazyRows(function* () {
      for (let i = 0; i < items.length; i++) {
        const item = items[i]!;
        const disposition = dispositions.get(item.id);
        yield {
          cells: [
            i + 1,
            proposalText(spec, item),
            commentThreadText(commentsByItem.get(item.id) ?? []),
            disposition ? DISPOSITION_LABELS[disposition.status] : "",
            disposition?.explanation ?? "",
          ],
        };
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
    tables: [{ sheetName: "Tiếp thu, giải trình", model: dispositionModel(input) }],
  };
}

export function buildDispositionTable(input: DispositionTableInput): DocxReport {
  return appendixReport(dispositionTableContent(input), { numeral: input.numeral, attachedTo: input.attachedTo });
}
