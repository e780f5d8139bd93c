import { appendixReport, type AppendixContent, type ContentTable } from "./report.document.js";
import type { DocxReport } from "./report.package.js";
import { STT_COLUMN, lazyRows, type TableColumn, type TableModel, type TableRow } from "./table.model.js";
import type { CellValue, IssuingAgency } from "./report.types.js";

// Reconciliation of a list given to agencies (đối chiếu đầu việc): what each agency was
// given, what it answered, what is missing and must be issued, what it added, what is
// overdue. Plain data in, the same table models for Word and Excel out.

export type ReconOutcome = "covered" | "in_progress" | "missing" | "not_applicable" | "other" | "unanswered";

/** One row given to one agency, with that agency's answer. */
export interface ReconAssignment {
  readonly agencyName: string;
  readonly role: "lead" | "coordinating";
  readonly code: string;
  readonly title: string;
  readonly group: string;
  readonly deadline: Date | null;
  readonly outcome: ReconOutcome;
  readonly answerLabel: string;
  /** The values of the template's `missingFields` (proposed document, deadline), in order. */
  readonly missing: readonly CellValue[];
}

/** A row an agency added that the central list lacks. */
export interface ReconAdded {
  readonly agencyName: string;
  readonly title: string;
  readonly group: string;
  readonly outcome: ReconOutcome;
  readonly answerLabel: string;
  readonly missing: readonly CellValue[];
}

export interface ReconciliationInput {
  readonly title: string;
  /** Labels of the template's fields the tables name. */
  readonly labels: { readonly code: string; readonly title: string; readonly group: string; readonly deadline: string; readonly answer: string; readonly missing: readonly string[] };
  /** Agencies in their official order; each gets a line in the by-agency table even with nothing given. */
  readonly agencies: readonly string[];
  /** Groups in the template's order. */
  readonly groups: readonly string[];
  readonly assignments: readonly ReconAssignment[];
  readonly added: readonly ReconAdded[];
  /** The day the report is made: a task is overdue when its deadline is before it and it is not done. */
  readonly today: Date;
  /** Per-agency report: the agency named in the "(Kèm theo …)" line. */
  readonly agencyName?: string;
  readonly attachedTo?: IssuingAgency;
  readonly numeral?: string;
}

export const RECON_CAPTIONS = {
  byAgency: "TỔNG HỢP THEO CƠ QUAN",
  byGroup: "TỔNG HỢP THEO NHÓM",
  missing: "ĐẦU VIỆC CÒN THIẾU, CẦN BAN HÀNH BỔ SUNG (THEO CƠ QUAN PHẢI BAN HÀNH)",
  added: "ĐẦU VIỆC CƠ QUAN BỔ SUNG, CHƯA CÓ TRONG DANH MỤC",
  overdue: "ĐẦU VIỆC QUÁ HẠN",
} as const;

const DONE: readonly ReconOutcome[] = ["covered", "not_applicable"];

export function isOverdue(a: ReconAssignment, today: Date): boolean {
  return a.deadline !== null && a.deadline.getTime() < today.getTime() && !DONE.includes(a.outcome);
}

interface Counts {
  given: number;
  answered: number;
  covered: number;
  inProgress: number;
  missing: number;
  notApplicable: number;
  unanswered: number;
  overdue: number;
  added: number;
}

const zero = (): Counts => ({ given: 0, answered: 0, covered: 0, inProgress: 0, missing: 0, notApplicable: 0, unanswered: 0, overdue: 0, added: 0 });

function count(c: Counts, a: ReconAssignment, today: Date): void {
  c.given++;
  if (a.outcome === "unanswered") c.unanswered++;
  else c.answered++;
  if (a.outcome === "covered") c.covered++;
  if (a.outcome === "in_progress") c.inProgress++;
  if (a.outcome === "missing") c.missing++;
  if (a.outcome === "not_applicable") c.notApplicable++;
  if (isOverdue(a, today)) c.overdue++;
}

const COUNT_COLUMNS: readonly TableColumn[] = [
  { label: "Được giao", kind: "number", align: "center" },
  { label: "Đã trả lời", kind: "number", align: "center" },
  { label: "Đã có, đã ban hành", kind: "number", align: "center" },
  { label: "Đang thực hiện", kind: "number", align: "center" },
  { label: "Còn thiếu", kind: "number", align: "center" },
  { label: "Không áp dụng", kind: "number", align: "center" },
  { label: "Chưa trả lời", kind: "number", align: "center" },
  { label: "Quá hạn", kind: "number", align: "center" },
  { label: "Bổ sung ngoài danh mục", kind: "number", align: "center" },
];

const countCells = (c: Counts): number[] => [c.given, c.answered, c.covered, c.inProgress, c.missing, c.notApplicable, c.unanswered, c.overdue, c.added];

/** Counts per key, in the order of `keys`, and a total line. */
function countsTable(heading: string, keys: readonly string[], keyOf: (a: { agencyName: string; group: string }) => string, input: ReconciliationInput): TableModel {
  const byKey = new Map(keys.map((k) => [k, zero()]));
  const total = zero();
  const at = (k: string): Counts => {
    let c = byKey.get(k);
    if (!c) byKey.set(k, (c = zero()));
    return c;
  };
  for (const a of input.assignments) {
    count(at(keyOf(a)), a, input.today);
    count(total, a, input.today);
  }
  for (const x of input.added) {
    at(keyOf(x)).added++;
    total.added++;
  }
  const rows: TableRow[] = [...byKey.entries()].map(([k, c], i) => ({ cells: [i + 1, k, ...countCells(c)] }));
  rows.push({ kind: "total", cells: ["", "Tổng cộng", ...countCells(total)] });
  return { columns: [STT_COLUMN, { label: heading, kind: "text" }, ...COUNT_COLUMNS], rows };
}

/** Rows grouped under a heading row per agency, numbered 1.1, 1.2 … inside their agency. */
function byAgencyRows<T extends { agencyName: string }>(agencies: readonly string[], items: readonly T[], cells: (item: T) => CellValue[]): Iterable<TableRow> {
  const order = new Map(agencies.map((a, i) => [a, i]));
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(item.agencyName, [...(groups.get(item.agencyName) ?? []), item]);
  const names = [...groups.keys()].sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9));
  return lazyRows(function* () {
    if (names.length === 0) yield { kind: "group", cells: ["", "Không có"] };
    for (let g = 0; g < names.length; g++) {
      yield { kind: "group", cells: [g + 1, names[g]!] };
      const list = groups.get(names[g]!)!;
      for (let i = 0; i < list.length; i++) yield { cells: [`${g + 1}.${i + 1}`, ...cells(list[i]!)] };
    }
  });
}

export function reconciliationContent(input: ReconciliationInput): AppendixContent {
  const { labels } = input;
  const missingCols = labels.missing.map((label) => ({ label, weight: 1.4 }));
  const missing = input.assignments.filter((a) => a.outcome === "missing");
  const overdue = input.assignments.filter((a) => isOverdue(a, input.today));
  const tables: ContentTable[] = [
    { caption: RECON_CAPTIONS.byAgency, sheetName: "Theo cơ quan", model: countsTable("Cơ quan", input.agencies, (a) => a.agencyName, input) },
    { caption: RECON_CAPTIONS.byGroup, sheetName: "Theo nhóm", model: countsTable(labels.group || "Nhóm", input.groups, (a) => a.group, input) },
    {
      caption: RECON_CAPTIONS.missing,
      sheetName: "Còn thiếu",
      model: {
        columns: [STT_COLUMN, { label: labels.code, kind: "code" }, { label: labels.title, kind: "longtext" }, { label: labels.deadline, kind: "date" }, ...missingCols],
        rows: byAgencyRows(input.agencies, missing, (a) => [a.code, a.title, a.deadline, ...a.missing]),
      },
    },
    {
      caption: RECON_CAPTIONS.added,
      sheetName: "Bổ sung",
      model: {
        columns: [STT_COLUMN, { label: labels.title, kind: "longtext" }, { label: labels.group, weight: 1.6 }, { label: labels.answer, weight: 1.2 }, ...missingCols],
        rows: byAgencyRows(input.agencies, input.added, (x) => [x.title, x.group, x.answerLabel, ...x.missing]),
      },
    },
    {
      caption: RECON_CAPTIONS.overdue,
      sheetName: "Quá hạn",
      model: {
        columns: [STT_COLUMN, { label: labels.code, kind: "code" }, { label: labels.title, kind: "longtext" }, { label: labels.deadline, kind: "date" }, { label: labels.answer, kind: "enum" }],
        rows: byAgencyRows(input.agencies, overdue, (a) => [a.code, a.title, a.deadline, a.outcome === "unanswered" ? "Chưa trả lời" : a.answerLabel]),
      },
    },
  ];
  return { title: input.title, orientation: "landscape", agencyName: input.agencyName, tables };
}

export function buildReconciliation(input: ReconciliationInput): DocxReport {
  return appendixReport(reconciliationContent(input), { numeral: input.numeral, attachedTo: input.attachedTo });
}
