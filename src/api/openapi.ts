import { campaignOpenApi } from '../campaigns/campaign.openapi.js';
import { mailOpenApi } from '../mail/mail.openapi.js';
import { reportOpenApi } from '../reports/report.api.js';
import { campaignReportOpenApi } from '../campaign-reports/campaign-report.routes.js';
import { templateOpenApi } from '../review-templates/template.openapi.js';
import { submissionOpenApi } from '../submissions/submission.openapi.js';

/**
 * OpenAPI 3.1 description of /api/v1. A feature adds its paths (and schemas)
 * by exporting an `OpenApiPart` and listing it in FEATURE_PARTS below.
 */
export interface OpenApiPart {
  paths: Record<string, unknown>;
  schemas?: Record<string, unknown>;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { $ref: `#/components/responses/E${c}` }]));

const listParams = [
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
  { name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'the `next` value of the previous page' },
];

const pageOf = (item: string) => ({
  type: 'object',
  required: ['items', 'next'],
  properties: { items: { type: 'array', items: ref(item) }, next: { type: ['string', 'null'] } },
});

const coreParts: OpenApiPart = {
  schemas: {
    Error: {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message', 'details'],
          properties: {
            code: {
              type: 'string',
              enum: ['bad_request', 'unauthenticated', 'forbidden', 'not_found', 'conflict', 'too_large', 'unsupported_type', 'invalid', 'rate_limited', 'internal'],
            },
            message: { type: 'string', description: 'in the language of Accept-Language (vi default, en)' },
            details: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
      },
    },
    Me: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string', enum: ['admin', 'reviewer', 'agency'] },
        agency: { type: 'object', properties: { id: { type: 'string' }, code: { type: 'string' } } },
      },
    },
    Agency: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        code: { type: 'string' },
        nameVi: { type: 'string' },
        nameEn: { type: 'string' },
        kind: { type: 'string', enum: ['ministry', 'gov-agency', 'province', 'moj'] },
        active: { type: 'boolean' },
      },
    },
    AuditEvent: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        at: { type: 'string', format: 'date-time' },
        action: { type: 'string' },
        actor: { type: ['object', 'null'] },
        object: { type: ['object', 'null'], properties: { type: { type: 'string' }, id: { type: 'string' }, label: { type: 'string' } } },
        details: { type: ['object', 'null'] },
        ip: { type: ['string', 'null'] },
      },
    },
  },
  paths: {
    '/me': { get: { summary: 'The caller', responses: { '200': { description: 'the caller', content: json(ref('Me')) }, ...errors(401) } } },
    '/agencies': {
      get: {
        summary: 'All agencies',
        parameters: listParams,
        responses: { '200': { description: 'a page of agencies', content: json(pageOf('Agency')) }, ...errors(400, 401) },
      },
    },
    '/audit': {
      get: {
        summary: 'Audit events, newest first (admin)',
        parameters: [
          { name: 'object', in: 'query', schema: { type: 'string' }, description: 'object id' },
          { name: 'actor', in: 'query', schema: { type: 'string' }, description: 'user id or e-mail' },
          { name: 'action', in: 'query', schema: { type: 'string' } },
          ...listParams,
        ],
        responses: { '200': { description: 'a page of events', content: json(pageOf('AuditEvent')) }, ...errors(400, 401, 403) },
      },
    },
    '/openapi.json': { get: { summary: 'This description', security: [], responses: { '200': { description: 'OpenAPI 3.1' } } } },
  },
};

// ── Feature API descriptions: add yours here ──────────────────────────────
const FEATURE_PARTS: OpenApiPart[] = [templateOpenApi, campaignOpenApi, reportOpenApi, campaignReportOpenApi, submissionOpenApi, mailOpenApi];
// ─────────────────────────────────────────────────────────────────────────

export function openApiDocument(version: string): Record<string, unknown> {
  const parts = [coreParts, ...FEATURE_PARTS];
  const responses = Object.fromEntries(
    [
      [400, 'Malformed request, id or query value'],
      [401, 'No valid token'],
      [403, 'The role may not do this'],
      [404, 'No such object, or an object of another agency'],
      [409, 'Conflict'],
      [413, 'Too large'],
      [415, 'Unsupported type'],
      [422, 'Validation failed; details name the fields'],
      [429, 'Too many requests'],
      [501, 'Not available on this server (e.g. PDF without LibreOffice)'],
    ].map(([code, description]) => [`E${code}`, { description, content: json(ref('Error')) }]),
  );
  return {
    openapi: '3.1.0',
    info: { title: 'rasoat API', version, description: 'Rà soát văn bản quy phạm pháp luật — API v1' },
    servers: [{ url: '/api/v1' }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'personal API token from the profile page' } },
      schemas: Object.assign({}, ...parts.map((p) => p.schemas ?? {})),
      responses,
    },
    paths: Object.assign({}, ...parts.map((p) => p.paths)),
  };
}
