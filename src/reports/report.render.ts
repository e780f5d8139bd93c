import type { Writable } from 'node:stream';
import {
  buildAgencyAppendix,
  buildConsolidatedAppendix,
  buildDispositionTable,
  buildFullReport,
  buildSubmissionWithComments,
  mergeNarratives,
  writeAgencyAppendixXlsx,
  writeConsolidatedAppendixXlsx,
  writeDispositionTableXlsx,
  writeDocx,
  writeXlsx,
  buildReconciliation,
  reconciliationContent,
  type DocxReport,
} from './index.js';
import type { ReportFormat, ReportJob } from './report.service.js';

// The only module that pulls in docx and exceljs for the routes: they import it with
// import() when a report is asked for, so starting the app does not load either library.

function docxOf(job: ReportJob): DocxReport {
  switch (job.kind) {
    case 'appendix':
      return buildAgencyAppendix(job.input);
    case 'with-comments':
      return buildSubmissionWithComments(job.input);
    case 'consolidated-appendix':
      return buildConsolidatedAppendix(job.input);
    case 'dispositions':
      return buildDispositionTable(job.input);
    case 'reconciliation':
      return buildReconciliation(job.input);
    case 'full-report':
      return buildFullReport({ ...job.input, sections: mergeNarratives(job.outline, job.narratives) });
  }
}

function writeXlsxOf(job: ReportJob, out: Writable): Promise<void> {
  switch (job.kind) {
    case 'appendix':
      return writeAgencyAppendixXlsx(job.input, out);
    case 'consolidated-appendix':
      return writeConsolidatedAppendixXlsx(job.input, out);
    case 'dispositions':
      return writeDispositionTableXlsx(job.input, out);
    case 'reconciliation':
      return writeXlsx([reconciliationContent(job.input)], out);
    default:
      // The service only prepares formats a kind supports; reaching here is a programming error.
      throw new Error(`no .xlsx for ${job.kind}`);
  }
}

export async function writeReport(job: ReportJob, format: ReportFormat, out: Writable): Promise<void> {
  if (format === 'docx') await writeDocx(docxOf(job), out);
  else await writeXlsxOf(job, out);
}
