// npm run bench:reports. A campaign of 10,000 rows of the built-in template (its fourteen
// appendix columns, long texts): the consolidated appendix — laid out from its content —
// against a hand-written WordprocessingML table of the same cells zipped (the format's floor,
// target ×2); a bare `docx` table of them is reported for reading, not as a goal; and an
// .xlsx of 250,000 short rows through exceljs's streaming writer.
// Every measurement runs in its own child process, BENCH_RUNS times (default 3), the cases
// taking turns. Times are the best run — on a shared machine the slower runs measure the
// neighbours — and peak RSS is the median run. CPU time is printed alongside for reading.
// The last line is one JSON object; each "…To…Floor" ratio is the larger of the time ratio
// and the peak-RSS ratio, so ≤ 1.25 means both are within the bound.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CASES, ROWS, XLSX_ROWS, type Case, type WorkerResult } from "./lib/reports-cases.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const worker = join(dirname(fileURLToPath(import.meta.url)), "lib", "reports-worker.ts");

function measure(which: Case, dir: string): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", worker, which, dir], { stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`${which} worker exited with ${code}`));
      resolve(JSON.parse(stdout.trim().split("\n").at(-1)!) as WorkerResult);
    });
  });
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const best = (values: number[]): number => Math.min(...values);
const round2 = (n: number): number => Math.round(n * 100) / 100;

const dir = await mkdtemp(join(tmpdir(), "rasoat-bench-reports-"));
const results = {} as Record<Case, { ms: number; peakRssMb: number; bytes: number }>;
try {
  console.log(`reports bench: ${ROWS.toLocaleString("en")} rows × the built-in template's 14 columns (long texts); xlsx ${XLSX_ROWS.toLocaleString("en")} rows; best of ${RUNS} runs (RSS: median)`);
  // Rounds run the cases in turn, so a busy moment on the machine weighs on all of them alike.
  const runs = Object.fromEntries(CASES.map((c) => [c, [] as WorkerResult[]])) as Record<Case, WorkerResult[]>;
  for (let i = 0; i < RUNS; i++) for (const which of CASES) runs[which].push(await measure(which, dir));
  for (const which of CASES) {
    const all = runs[which];
    const r = (results[which] = { ms: best(all.map((x) => x.ms)), peakRssMb: median(all.map((x) => x.peakRssMb)), bytes: all[0]!.bytes });
    console.log(
      `  ${which.padEnd(13)} ${String(r.ms).padStart(6)} ms  ${String(best(all.map((x) => x.cpuMs))).padStart(6)} ms CPU  ` +
        `${String(r.peakRssMb).padStart(5)} MB peak RSS  ${(r.bytes / 1e6).toFixed(1)} MB file   (runs: ${all.map((x) => `${x.ms} ms/${x.peakRssMb} MB`).join(", ")})`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

const c = results.consolidated;
const docxFloor = results["docx-floor"];
const rawFloor = results["raw-floor"];
const toDocx = { time: c.ms / docxFloor.ms, rss: c.peakRssMb / docxFloor.peakRssMb };
const toRaw = { time: c.ms / rawFloor.ms, rss: c.peakRssMb / rawFloor.peakRssMb };
console.log(`  consolidated / docx table: time ×${round2(toDocx.time)}, peak RSS ×${round2(toDocx.rss)} (for reading; not a goal)`);
console.log(`  consolidated / raw floor:  time ×${round2(toRaw.time)}, peak RSS ×${round2(toRaw.rss)} (target ×2)`);
console.log(`  xlsx 250k peak RSS ${results["xlsx-250k"].peakRssMb} MB (bound 400 MB)`);
console.log(
  JSON.stringify({
    consolidatedMs: c.ms,
    consolidatedPeakRssMb: c.peakRssMb,
    docxFloorMs: docxFloor.ms,
    docxFloorPeakRssMb: docxFloor.peakRssMb,
    rawFloorMs: rawFloor.ms,
    rawFloorPeakRssMb: rawFloor.peakRssMb,
    consolidatedToDocxFloor: round2(Math.max(toDocx.time, toDocx.rss)),
    consolidatedToRawFloor: round2(Math.max(toRaw.time, toRaw.rss)),
    xlsx250kMs: results["xlsx-250k"].ms,
    xlsx250kPeakRssMb: results["xlsx-250k"].peakRssMb,
  }),
);
