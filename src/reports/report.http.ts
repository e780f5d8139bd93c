import type { Request, Response } from 'express';
import { BadRequest, NotFound } from '../http/errors.js';
import { cleanText, foldDiacritics } from '../review-templates/vn-text.js';
import { REPORT_FORMATS, type PreparedReport, type ReportFormat } from './report.service.js';

// What the page and API routes share: reading `:kind.:ext` and sending the file.

const CONTENT_TYPES: Record<ReportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  zip: 'application/zip',
};

const FILE_RE = /^([a-z][a-z-]*)\.([a-z]+)$/;

/**
 * `consolidated-appendix.docx` → kind and format. A kind or extension we do not know is an
 * unknown parameter value — 400 under /api (API.md), a 404 page elsewhere; a known kind in
 * a format it is not made in is simply a report that does not exist (404 everywhere).
 */
export function reportFile<K extends string>(req: Request, table: Readonly<Record<K, readonly ReportFormat[]>>): { kind: K; format: ReportFormat } {
  const m = FILE_RE.exec(String(req.params.file ?? ''));
  const kind = m?.[1];
  const format = m?.[2] as ReportFormat | undefined;
  if (!kind || !format || !Object.hasOwn(table, kind) || !REPORT_FORMATS.includes(format)) {
    throw req.originalUrl.startsWith('/api/') ? new BadRequest('reports.errors.unknown_report') : new NotFound();
  }
  if (!table[kind as K].includes(format)) throw new NotFound();
  return { kind: kind as K, format };
}

/** RFC 6266: an ASCII `filename` for old clients, the Vietnamese name in `filename*` (RFC 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = foldDiacritics(cleanText(fileName))
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%;]/g, '_');
  const encoded = encodeURIComponent(fileName.normalize('NFC')).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export async function sendReport(res: Response, report: PreparedReport): Promise<void> {
  const { writeReport } = await import('./report.render.js');
  res.setHeader('Content-Type', CONTENT_TYPES[report.format]);
  res.setHeader('Content-Disposition', contentDisposition(report.fileName));
  // Rows of agencies' proposals: not for shared caches, nor for the browser's back button.
  res.setHeader('Cache-Control', 'private, no-store');
  try {
    await writeReport(report.job, report.format, res);
  } catch (err) {
    // Failed before the first byte: let the error handler answer with a page or JSON, not a broken "file".
    if (!res.headersSent) {
      res.removeHeader('Content-Disposition');
      res.removeHeader('Content-Type');
    }
    throw err;
  }
}
