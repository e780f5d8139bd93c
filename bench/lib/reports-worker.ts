// One measurement of bench/reports.bench.ts, in a process of its own so that its peak RSS
// is its own: `node --import tsx bench/lib/reports-worker.ts <case> <outDir>`. The data is
// generated before the clock starts; the clock stops when the file is on disk.
import { createWriteStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { once } from "node:events";
import { join } from "node:path";
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from "docx";
import { buildConsolidatedAppendix } from "../../src/reports/consolidated.appendix.js";
import { writeDocx } from "../../src/reports/report.package.js";
import { writeAgencyAppendixXlsx } from "../../src/reports/report.xlsx.js";
import { CAMPAIGN_SPEC, syntheticCampaign } from "./campaign-data.js";
import { REAL_RECOMMENDATIONS, REAL_SPEC, realCellsOf, realisticCampaign } from "./realistic-campaign.js";
import { rawDocx } from "./raw-docx.js";
import { CASES, ROWS, XLSX_ROWS, type Case, type WorkerResult } from "./reports-cases.js";

async function finished(stream: ReturnType<typeof createWriteStream>): Promise<number> {
  if (!stream.closed) await once(stream, "close");
  return stream.bytesWritten;
}

interface Timing {
  readonly ms: number;
  readonly cpuMs: number;
  readonly bytes: number;
}

/** Wall and CPU time of `act` (which returns the bytes it wrote). */
async function timed(act: () => Promise<number>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const bytes = await act();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, bytes };
}

// Data is generated before the clock starts, in every case alike.
async function run(which: Case, dir: string): Promise<Timing> {
  // The built-in template's fourteen columns with long texts, as agencies fill them.
  const items = which === "xlsx-250k" ? syntheticCampaign(ROWS) : realisticCampaign(ROWS);
  const file = join(dir, `${which}.${which === "xlsx-250k" ? "xlsx" : "docx"}`);
  switch (which) {
    case "consolidated":
      return timed(async () => {
        const out = createWriteStream(file);
        await writeDocx(buildConsolidatedAppendix({ spec: REAL_SPEC, items, recommendationTypes: REAL_RECOMMENDATIONS }), out);
        return finished(out);
      });
    case "docx-floor": {
      const cells = realCellsOf(items);
      return timed(async () => {
        const table = new Table({
          rows: cells.map((row) => new TableRow({ children: row.map((cell) => new TableCell({ children: [new Paragraph(cell)] })) })),
        });
        const buffer = await Packer.toBuffer(new Document({ sections: [{ children: [table] }] }));
        await writeFile(file, buffer);
        return buffer.length;
      });
    }
    case "raw-floor": {
      const cells = realCellsOf(items);
      return timed(async () => {
        const buffer = rawDocx(cells);
        await writeFile(file, buffer);
        return buffer.length;
      });
    }
    case "xlsx-250k": {
      // 250,000 rows cycling through the 10,000 generated ones: the array holds references,
      // as a route streaming rows from a cursor would hold none.
      const rows = Array.from({ length: XLSX_ROWS }, (_, i) => items[i % items.length]!);
      return timed(async () => {
        const out = createWriteStream(file);
        await writeAgencyAppendixXlsx({ spec: CAMPAIGN_SPEC, agencyName: "Bộ Tư pháp", items: rows }, out);
        return finished(out);
      });
    }
  }
}

const [which, dir] = process.argv.slice(2);
if (!CASES.includes(which as Case) || !dir) {
  console.error(`usage: reports-worker.ts <${CASES.join("|")}> <outDir>`);
  process.exit(2);
}
const timing = await run(which as Case, dir);
const result: WorkerResult = {
  case: which as Case,
  ms: Math.round(timing.ms),
  cpuMs: Math.round(timing.cpuMs),
  peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  bytes: timing.bytes,
};
console.log(JSON.stringify(result));
