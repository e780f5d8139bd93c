import { appendixColumns, columnNotes, itemRow } from "./agency.appendix.js";
import { appendixReport, type AppendixContent } from "./report.document.js";
import type { DocxReport } from "./report.package.js";
import { nfc } from "./report.text.js";
import { STT_COLUMN, lazyRows, type TableModel, type TableRow } from "./table.model.js";
import type { ConsolidatedAppendixInput, RecommendationType, ReportItem } from "./report.types.js";

/** The rows of all agencies that concern one legal document. */
export interface DocumentGroup {
  /** null for the rows that name no existing document (e.g. ban hành mới). */
  readonly key: string | null;
  readonly citation: string;
  readonly items: readonly ReportItem[];
}

export const UNGROUPED_HEADING = "Kiến nghị ban hành mới và kiến nghị chưa gắn với văn bản cụ thể";

interface Sortable {
  readonly key: string;
  readonly rank: number;
  readonly number: number;
  readonly year: number;
  readonly citation: string;
  readonly items: ReportItem[];
}

const collator = new Intl.Collator("vi");
const orLast = (n: number | undefined): number => (n === undefined || Number.isNaN(n) ? Number.POSITIVE_INFINITY : n);

function compareGroups(a: Sortable, b: Sortable): number {
  return (
    a.rank - b.rank || a.number - b.number || a.year - b.year || collator.compare(a.citation, b.citation) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

/**
 * Groups rows by the document they concern, higher documents first (Luật before Nghị định
 * before Thông tư), then by number; rows keep their given order inside a group.
 */
export function groupByDocument(items: readonly ReportItem[]): DocumentGroup[] {
  const byKey = new Map<string, Sortable>();
  const ungrouped: ReportItem[] = [];
  for (const item of items) {
    if (!item.docKey) {
      ungrouped.push(item);
      continue;
    }
    let group = byKey.get(item.docKey);
    if (!group) {
      group = {
        key: item.docKey,
        rank: orLast(item.docRank),
        number: orLast(item.docNumber),
        year: orLast(item.docYear),
        citation: nfc(item.docCitation ?? item.docKey),
        items: [],
      };
      byKey.set(item.docKey, group);
    }
    group.items.push(item);
  }
  const groups: DocumentGroup[] = [...byKey.values()].sort(compareGroups).map(({ key, citation, items: rows }) => ({ key, citation, items: rows }));
  if (ungrouped.length > 0) groups.push({ key: null, citation: UNGROUPED_HEADING, items: ungrouped });
  return groups;
}

export interface RecommendationTotal {
  readonly code: string;
  readonly label: string;
  /** Rows (kiến nghị) recommending this action. */
  readonly proposals: number;
  /** Distinct documents concerned by those rows. */
  readonly documents: number;
}

export const UNKNOWN_RECOMMENDATION = "Chưa xác định hình thức xử lý";

/** Totals in the order of `types`; rows with an unknown or missing code are counted on a last line. */
export function recommendationTotals(items: readonly ReportItem[], types: readonly RecommendationType[]): RecommendationTotal[] {
  const known = new Set(types.map((t) => t.code));
  const counts = new Map<string, { proposals: number; documents: Set<string> }>();
  for (const item of items) {
    const code = item.recommendation && known.has(item.recommendation) ? item.recommendation : "";
    let c = counts.get(code);
    if (!c) counts.set(code, (c = { proposals: 0, documents: new Set() }));
    c.proposals++;
    if (item.docKey) c.documents.add(item.docKey);
  }
  const line = (code: string, label: string): RecommendationTotal => ({
    code,
    label,
    proposals: counts.get(code)?.proposals ?? 0,
    documents: counts.get(code)?.documents.size ?? 0,
  });
  const totals = types.map((t) => line(t.code, t.label));
  if (counts.has("")) totals.push(line("", UNKNOWN_RECOMMENDATION));
  return totals;
}

/**
 * Rows grouped by the label of the template's grouping field, groups in `order` (the field's
 * options), rows without a value last under a plain heading.
 */
export function groupByField(items: readonly ReportItem[], order: readonly string[]): DocumentGroup[] {
  const byLabel = new Map<string, ReportItem[]>();
  for (const item of items) {
    const label = item.group ?? "";
    byLabel.set(label, [...(byLabel.get(label) ?? []), item]);
  }
  const rank = (label: string): number => (label === "" ? Number.POSITIVE_INFINITY : order.indexOf(label) === -1 ? order.length : order.indexOf(label));
  return [...byLabel.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || collator.compare(a, b))
    .map(([label, rows]) => ({ key: label || null, citation: label || UNLABELLED_GROUP, items: rows }));
}

export const UNLABELLED_GROUP = "Chưa phân nhóm";

const AGENCY_COLUMN = { label: "Cơ quan đề xuất", kind: "text" } as const;

function totalsModel(input: ConsolidatedAppendixInput): TableModel {
  const { items } = input;
  const totals = recommendationTotals(items, input.recommendationTypes);
  // Documents are counted only where rows are grouped by document.
  const byDocument = (input.grouping ?? "document") === "document";
  const documents = new Set(items.flatMap((i) => (i.docKey ? [i.docKey] : []))).size;
  const rows: TableRow[] = [
    ...totals.map((t, i) => ({ cells: [i + 1, t.label, t.proposals, ...(byDocument ? [t.documents] : [])] })),
    { kind: "total", cells: ["", "Tổng cộng", items.length, ...(byDocument ? [documents] : [])] },
  ];
  return {
    columns: [
      STT_COLUMN,
      { label: byDocument ? "Kiến nghị xử lý" : (input.recommendationLabel ?? "Kiến nghị xử lý"), kind: "text" },
      { label: byDocument ? "Số kiến nghị" : "Số dòng", kind: "number", align: "center" },
      ...(byDocument ? [{ label: "Số văn bản", kind: "number" as const, align: "center" as const }] : []),
    ],
    rows,
  };
}

function groupsOf(input: ConsolidatedAppendixInput): DocumentGroup[] | null {
  switch (input.grouping ?? "document") {
    case "field":
      return groupByField(input.items, input.groupOrder ?? []);
    case "none":
      return null;
    default:
      return groupByDocument(input.items);
  }
}

export function consolidatedAppendixContent(input: ConsolidatedAppendixInput): AppendixContent {
  const { spec, items } = input;
  const groups = groupsOf(input);
  // The document review keeps its official wording; another template's totals are headed by its own field.
  const byDocument = (input.grouping ?? "document") === "document";
  const totalsCaption = `TỔNG HỢP THEO ${(byDocument ? "hình thức kiến nghị xử lý" : (input.recommendationLabel ?? "hình thức kiến nghị xử lý")).toLocaleUpperCase("vi")}`;
  return {
    title: spec.title,
    orientation: spec.orientation,
    tables: [
      {
        sheetName: "Phụ lục tổng hợp",
        notes: columnNotes(spec),
        model: {
          columns: appendixColumns(spec, [AGENCY_COLUMN]),
          rows: lazyRows(function* () {
            if (!groups) {
              for (let i = 0; i < items.length; i++) yield itemRow(spec, items[i]!, i + 1, [items[i]!.agencyName]);
              return;
            }
            for (let g = 0; g < groups.length; g++) {
              const group = groups[g]!;
              yield { kind: "group", cells: [g + 1, group.citation] };
              for (let i = 0; i < group.items.length; i++) {
                const item = group.items[i]!;
                yield itemRow(spec, item, `${g + 1}.${i + 1}`, [item.agencyName]);
              }
            }
          }),
        },
      },
      // A template without a recommendation field has no totals to give.
      ...(input.recommendationTypes.length > 0 ? [{ caption: totalsCaption, sheetName: "Tổng hợp", model: totalsModel(input) }] : []),
    ],
  };
}

/** All agencies' rows grouped by the document they concern, with totals by recommended action. */
export function buildConsolidatedAppendix(input: ConsolidatedAppendixInput): DocxReport {
  return appendixReport(consolidatedAppendixContent(input), { numeral: input.numeral, attachedTo: input.attachedTo });
}
