// What routes call: builders from plain data to a report, and the writers that stream it.
export { buildAgencyAppendix, agencyAppendixContent } from "./agency.appendix.js";
export { buildConsolidatedAppendix, consolidatedAppendixContent, groupByDocument, recommendationTotals } from "./consolidated.appendix.js";
export { buildDispositionTable, dispositionTableContent } from "./dispositions.table.js";
export { buildFullReport, closingParagraph, type AgencyNarrative } from "./full.report.js";
export { buildReconciliation, reconciliationContent, RECON_CAPTIONS, type ReconciliationInput } from "./reconciliation.report.js";
export { buildSubmissionWithComments } from "./submission.comments.js";
export { docxBuffer, docxStream, writeDocx, type DocxReport } from "./report.package.js";
export { writeXlsx, writeAgencyAppendixXlsx, writeConsolidatedAppendixXlsx, writeDispositionTableXlsx } from "./report.xlsx.js";
export { DEFAULT_RECOMMENDATION_TYPES, DISPOSITION_LABELS } from "./report.text.js";
export type { AppendixContent } from "./report.document.js";
export type * from "./report.types.js";
