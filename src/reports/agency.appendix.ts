import { appendixReport, type AppendixContent } from "./report.document.js";
import type { DocxReport } from "./report.package.js";
import { STT_COLUMN, lazyRows, type TableColumn, type TableRow } from "./table.model.js";
import type { AgencyAppendixInput, AppendixSpec, ReportItem } from "./report.types.js";

/** STT, any builder-specific columns, then the template's columns in their order. */
export function appendixColumns(spec: AppendixSpec, extra: readonly TableColumn[] = []): TableColumn[] {
  return [STT_COLUMN, ...extra, ...spec.columns.map((c) => ({ label: c.label, kind: c.kind }))];
}

/** The notes written under an appendix table: the full wording of its short header labels. */
export const columnNotes = (spec: AppendixSpec): string[] => spec.columns.flatMap((c) => (c.note ? [c.note] : []));

/** One row per item: STT, then the values of the template's columns. */
export function itemRow(spec: AppendixSpec, item: ReportItem, stt: string | number, lead: readonly string[] = [], commentIds?: readonly number[]): TableRow {
  return { cells: [stt, ...lead, ...spec.columns.map((c) => item.values[c.key])], commentIds };
}

/** Word comment ids per item id (submission export); absent for a plain appendix. */
export type CommentAnchors = ReadonlyMap<string, readonly number[]>;

export function agencyAppendixContent(input: AgencyAppendixInput, anchors?: CommentAnchors): AppendixContent {
  const { spec, items } = input;
  return {
    title: spec.title,
    orientation: spec.orientation,
    agencyName: input.agencyName,
    tables: [
      {
        sheetName: "Phụ lục",
        notes: columnNotes(spec),
        model: {
          columns: appendixColumns(spec),
          rows: lazyRows(function* () {
            for (let i = 0; i < items.length; i++) {
              const item = items[i]!;
              yield itemRow(spec, item, i + 1, [], anchors?.get(item.id));
            }
          }),
        },
      },
    ],
  };
}

/** The template's appendix filled with one agency's rows. */
export function buildAgencyAppendix(input: AgencyAppendixInput): DocxReport {
  return appendixReport(agencyAppendixContent(input), { numeral: input.numeral, attachedTo: input.attachedTo });
}
