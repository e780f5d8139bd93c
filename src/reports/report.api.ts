import type { Router } from 'express';
import type { OpenApiPart } from '../api/openapi.js';
import type { AppContext } from '../http/context.js';
import { reportRoutes } from './report.routes.js';

/** GET /api/v1/campaigns/:id/reports/:kind.(docx|xlsx) and /api/v1/submissions/:id/reports/… (API.md). */
export const reportApi = (ctx: AppContext): Router => reportRoutes(ctx);

const file = (formats: string, kinds: readonly string[]) => ({
  name: 'file',
  in: 'path',
  required: true,
  description: `\`<kind>.<ext>\`; kind: ${kinds.map((k) => `\`${k}\``).join(', ')}. ${formats}`,
  schema: { type: 'string', pattern: '^[a-z-]+\\.(docx|xlsx|pdf|zip)$' },
});
const id = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{24}$' } };
const err = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), { $ref: `#/components/responses/E${c}` }]));
const files = {
  '200': {
    description: 'the report, streamed; `Content-Disposition` names it (ASCII `filename` and UTF-8 `filename*`)',
    content: {
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { schema: { type: 'string', format: 'binary' } },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
      'application/zip': { schema: { type: 'string', format: 'binary' } },
    },
  },
};

export const reportOpenApi: OpenApiPart = {
  paths: {
    '/campaigns/{id}/reports/{file}': {
      get: {
        summary: 'A campaign report: consolidated appendix (grouped by document), full report, tiếp thu – giải trình table, reconciliation of a list given to agencies, every agency\'s appendix in a ZIP. Admin, reviewer.',
        description: 'Rows of submissions sent at least once (drafts are left out). Every Word report also as .pdf, converted by LibreOffice; 501 where it is not installed. `agency-appendices.zip` holds each agency\'s appendix as .docx and, where LibreOffice is installed, .pdf. `reconciliation` exists only for a campaign whose template has a list given to agencies.',
        parameters: [id, file('consolidated-appendix and dispositions: .docx, .xlsx or .pdf; reconciliation: .docx or .xlsx; full-report: .docx or .pdf; agency-appendices: .zip.', ['consolidated-appendix', 'full-report', 'dispositions', 'reconciliation', 'agency-appendices'])],
        responses: { ...files, ...err(400, 401, 403, 404, 501) },
      },
    },
    '/submissions/{id}/reports/{file}': {
      get: {
        summary: "One agency's appendix, or its appendix with the reviewers' comments as Word comments. Owner agency, reviewer, admin.",
        description: "Another agency's submission is 404. PDF through LibreOffice (501 where it is not installed).",
        parameters: [id, file('appendix: .docx, .xlsx or .pdf; reconciliation: .docx or .xlsx; with-comments: .docx or .pdf.', ['appendix', 'with-comments', 'reconciliation'])],
        responses: { ...files, ...err(400, 401, 404, 501) },
      },
    },
  },
};
