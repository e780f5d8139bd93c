import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { docxToPdf, docxToPdfs } from './report.pdf.js';
import { storedEntry, zipChunks, type ZipEntry } from './zip.js';
import {
  buildAgencyAppendix,
  buildConsolidatedAppendix,
  buildDispositionTable,
  buildFullReport,
  buildSubmissionWithComments,
  docxBuffer,
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

type DocumentJob = Exclude<ReportJob, { kind: 'agency-appendices' }>;

function docxOf(job: DocumentJob): DocxReport {
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
      return buildFullReport(job.input);
  }
}

function writeXlsxOf(job: DocumentJob, out: Writable): Promise<void> {
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

/** Each agency's appendix as .docx, and as .pdf when LibreOffice is there. */
async function writeZip(job: Extract<ReportJob, { kind: 'agency-appendices' }>, out: Writable): Promise<void> {
  const docs = await Promise.all(job.appendices.map(({ input }) => docxBuffer(buildAgencyAppendix(input))));
  // Converted before the first byte: a failed conversion answers with an error, not half a ZIP.
  const pdfs = job.withPdf ? await docxToPdfs(docs) : [];
  const entries: ZipEntry[] = job.appendices.flatMap(({ name }, i) => [
    storedEntry(`${name}.docx`, docs[i]!),
    ...(pdfs[i] ? [storedEntry(`${name}.pdf`, pdfs[i])] : []),
  ]);
  await pipeline(Readable.from(zipChunks(entries.map((entry) => ({ kind: 'copy' as const, entry })))), out);
}

async function writeBuffer(data: Buffer, out: Writable): Promise<void> {
  await pipeline(Readable.from([data]), out);
}

export async function writeReport(job: ReportJob, format: ReportFormat, out: Writable): Promise<void> {
  if (job.kind === 'agency-appendices') return writeZip(job, out);
  if (format === 'docx') await writeDocx(docxOf(job), out);
  else if (format === 'pdf') await writeBuffer(await docxToPdf(await docxBuffer(docxOf(job))), out);
  else await writeXlsxOf(job, out);
}
