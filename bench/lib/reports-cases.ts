/** The measurements of bench/reports.bench.ts, each run by bench/lib/reports-worker.ts. */
export const CASES = ["consolidated", "docx-floor", "raw-floor", "xlsx-250k"] as const;
export type Case = (typeof CASES)[number];
export const ROWS = 10_000;
export const XLSX_ROWS = 250_000;

export interface WorkerResult {
  readonly case: Case;
  readonly ms: number;
  /** User + system CPU time over the same span: less disturbed than `ms` by a busy machine. */
  readonly cpuMs: number;
  readonly peakRssMb: number;
  readonly bytes: number;
}
