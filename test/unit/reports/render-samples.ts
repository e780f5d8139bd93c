// Renders the realistic campaign's reports with LibreOffice into PNGs for
// docs/screenshots/reports/ (npx tsx test/unit/reports/render-samples.ts [dir]). Not a test.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { buildSubmissionWithComments } from "../../../src/reports/submission.comments.js";
import { docxBuffer } from "../../../src/reports/report.package.js";
import { docxToPdfs } from "../../../src/reports/report.pdf.js";
import { realisticReports } from "../../../bench/lib/realistic-reports.js";
import { COMMENTS, ITEMS, SPEC } from "./fixtures.js";

const run = promisify(execFile);
const out = process.argv[2] ?? "docs/screenshots/reports";
await mkdir(out, { recursive: true });
const reports = {
  ...realisticReports(),
  "submission-comments": buildSubmissionWithComments({ spec: SPEC, agencyName: "Bộ Tư pháp", items: ITEMS.filter((i) => i.agencyName === "Bộ Tư pháp" || i.id === "r1"), comments: COMMENTS }),
};
const names = Object.keys(reports);
const pdfs = await docxToPdfs(await Promise.all(Object.values(reports).map(docxBuffer)));
const work = await mkdtemp(join(tmpdir(), "rasoat-shots-"));

async function page(name: string, pdf: Buffer, n: number, as: string): Promise<void> {
  const file = join(work, `${name}.pdf`);
  await writeFile(file, pdf);
  await run("pdftoppm", ["-png", "-r", "80", "-singlefile", "-f", String(n), "-l", String(n), file, join(work, as)]);
  await rename(join(work, `${as}.png`), join(out, `${as}.png`));
}

async function pageWith(pdf: Buffer, name: string, text: string): Promise<number> {
  const file = join(work, `${name}.pdf`);
  await writeFile(file, pdf);
  const { stdout } = await run("pdftotext", ["-layout", file, "-"], { maxBuffer: 64 << 20 });
  return stdout.normalize("NFC").split("\f").findIndex((p) => p.includes(text)) + 1;
}

const pdf = (name: string): Buffer => pdfs[names.indexOf(name)]!;
await page("full-report", pdf("full-report"), 1, "full-report-page1");
await page("full-report", pdf("full-report"), await pageWith(pdf("full-report"), "full-report", "Nơi nhận:"), "full-report-signature");
await page("full-report", pdf("full-report"), await pageWith(pdf("full-report"), "full-report", "Phụ lục I\n"), "full-report-appendix");
await page("consolidated-appendix", pdf("consolidated-appendix"), 1, "consolidated-appendix-page1");
await page("consolidated-appendix", pdf("consolidated-appendix"), await pageWith(pdf("consolidated-appendix"), "consolidated-appendix", "TỔNG HỢP THEO HÌNH THỨC"), "consolidated-appendix-totals");
await page("agency-appendix", pdf("agency-appendix"), 1, "agency-appendix-page1");
await page("agency-appendix", pdf("agency-appendix"), 2, "agency-appendix-page2");
await page("dispositions", pdf("dispositions"), 1, "dispositions-page1");
await page("submission-comments", pdf("submission-comments"), 1, "submission-comments-page1");
await rm(work, { recursive: true, force: true });
console.log(`written to ${out}`);
