// Writes one file of every report kind into the directory given as argument, for rendering
// with LibreOffice and looking at the pages (docs/screenshots/reports/). Not a test.
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { once } from "node:events";
import { buildAgencyAppendix } from "../../../src/reports/agency.appendix.js";
import { buildConsolidatedAppendix } from "../../../src/reports/consolidated.appendix.js";
import { buildDispositionTable } from "../../../src/reports/dispositions.table.js";
import { buildFullReport } from "../../../src/reports/full.report.js";
import { writeDocx } from "../../../src/reports/report.package.js";
import { DEFAULT_RECOMMENDATION_TYPES } from "../../../src/reports/report.text.js";
import { writeConsolidatedAppendixXlsx } from "../../../src/reports/report.xlsx.js";
import { buildSubmissionWithComments } from "../../../src/reports/submission.comments.js";
import { CAMPAIGN_SPEC, syntheticCampaign } from "../../../bench/lib/campaign-data.js";
import { COMMENTS, DISPOSITIONS, FULL_REPORT, ISSUER, ITEMS, SPEC } from "./fixtures.js";

const dir = process.argv[2] ?? "/tmp/rasoat-reports";
await mkdir(dir, { recursive: true });
const campaign = syntheticCampaign(120);
const bySubmission = ITEMS.filter((i) => i.agencyName === "Bộ Tư pháp" || i.agencyName === "Thành phố Hồ Chí Minh" || i.id === "r1");

const docs = {
  "agency-appendix": buildAgencyAppendix({ spec: CAMPAIGN_SPEC, agencyName: "Bộ Công an", items: campaign.slice(0, 40), attachedTo: { ...ISSUER, parentAgency: undefined, agencyName: "Bộ Công an", symbol: "BC-BCA", number: 12 } }),
  "consolidated-appendix": buildConsolidatedAppendix({ spec: CAMPAIGN_SPEC, items: campaign, recommendationTypes: DEFAULT_RECOMMENDATION_TYPES }),
  "full-report": buildFullReport(FULL_REPORT),
  "dispositions": buildDispositionTable({ spec: SPEC, agencyName: "Bộ Tư pháp", items: bySubmission, comments: COMMENTS, dispositions: DISPOSITIONS }),
  "submission-comments": buildSubmissionWithComments({ spec: SPEC, agencyName: "Bộ Tư pháp", items: bySubmission, comments: COMMENTS }),
};
for (const [name, report] of Object.entries(docs)) await writeDocx(report, createWriteStream(join(dir, `${name}.docx`)));
const xlsx = createWriteStream(join(dir, "consolidated-appendix.xlsx"));
await writeConsolidatedAppendixXlsx({ spec: SPEC, items: ITEMS, recommendationTypes: DEFAULT_RECOMMENDATION_TYPES }, xlsx);
if (!xlsx.writableFinished) await once(xlsx, "finish");
console.log(`written to ${dir}`);
