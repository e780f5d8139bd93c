import type { OpenApiPart } from '../api/openapi.js';
import { FIELD_TYPES, ORIENTATIONS } from './template.schema.js';

/** /templates in the OpenAPI document (API.md: review templates). */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), { $ref: `#/components/responses/E${c}` }]));
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{24}$' } };
const listParams = [
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
  { name: 'cursor', in: 'query', schema: { type: 'string' } },
];

const field = {
  type: 'object',
  required: ['key', 'label_vi', 'type'],
  properties: {
    key: { type: 'string', pattern: '^[a-z][a-z0-9_]{1,39}$' },
    label_vi: { type: 'string' },
    label_en: { type: 'string' },
    type: { type: 'string', enum: [...FIELD_TYPES] },
    required: { type: 'boolean' },
    options: { type: 'array', items: { type: 'object', required: ['value', 'label_vi'], properties: { value: { type: 'string' }, label_vi: { type: 'string' }, label_en: { type: 'string' } } } },
    help: { type: 'string', description: 'Markdown' },
    docref: { type: 'object', properties: { typeField: { type: 'string' }, issuerField: { type: 'string' }, dateField: { type: 'string' } } },
  },
};

const spec = {
  type: 'object',
  required: ['title', 'fields', 'appendix'],
  properties: {
    title: { type: 'string' },
    description: { type: 'string', description: 'Markdown' },
    legalNote: { type: 'string', description: 'Markdown: legal basis of the columns; returned to admins only' },
    scope: { type: 'string', description: 'Markdown (phạm vi rà soát)' },
    method: { type: 'string', description: 'Markdown (cách thức rà soát)' },
    outline: { type: 'array', items: { type: 'object', required: ['heading'], properties: { key: { type: 'string' }, heading: { type: 'string' }, guidance: { type: 'string' } } } },
    fields: { type: 'array', minItems: 1, items: field },
    appendix: {
      type: 'object',
      required: ['title', 'columns'],
      properties: {
        title: { type: 'string' },
        orientation: { type: 'string', enum: [...ORIENTATIONS] },
        sttWidth: { type: 'integer', minimum: 1, maximum: 20 },
        columns: { type: 'array', minItems: 1, items: { type: 'object', required: ['fieldKey'], properties: { fieldKey: { type: 'string' }, width: { type: 'integer', minimum: 1, maximum: 100 }, label_vi: { type: 'string' }, label_en: { type: 'string' } } } },
      },
    },
    recommendationField: { type: 'string', description: 'key of the enum field holding the recommended action' },
    documentField: { type: 'string', description: 'key of the docref field naming the document' },
  },
};

export const templateOpenApi: OpenApiPart = {
  schemas: {
    TemplateSpec: spec,
    Template: {
      allOf: [
        ref('TemplateSpec'),
        {
          type: 'object',
          properties: {
            id: { type: 'string' }, family: { type: 'string' }, version: { type: 'integer' }, rev: { type: 'integer' },
            status: { type: 'string', enum: ['draft', 'published', 'archived'] }, builtinCode: { type: ['string', 'null'] },
            publishedAt: { type: ['string', 'null'], format: 'date-time' }, createdAt: { type: 'string', format: 'date-time' }, updatedAt: { type: 'string', format: 'date-time' },
          },
        },
      ],
    },
  },
  paths: {
    '/templates': {
      get: {
        summary: 'Review templates (agencies see published versions only)',
        parameters: listParams,
        responses: { '200': { description: 'a page of templates', content: json({ type: 'object', properties: { items: { type: 'array', items: ref('Template') }, next: { type: ['string', 'null'] } } }) }, ...errors(400, 401) },
      },
      post: {
        summary: 'Create a draft template, version 1 of a new family (admin)',
        requestBody: { required: true, content: json(ref('TemplateSpec')) },
        responses: { '201': { description: 'created', content: json(ref('Template')) }, ...errors(400, 401, 403, 422) },
      },
    },
    '/templates/{id}': {
      parameters: [idParam],
      get: { summary: 'One template version', responses: { '200': { description: 'the template', content: json(ref('Template')) }, ...errors(400, 401, 404) } },
      put: {
        summary: 'Edit a draft in place; editing a published version creates version n+1 as a draft (201) (admin)',
        requestBody: { required: true, content: json({ allOf: [ref('TemplateSpec'), { type: 'object', properties: { rev: { type: 'integer', description: 'the rev this edit is based on; stale → 409' } } }] }) },
        responses: {
          '200': { description: 'the draft, changed', content: json(ref('Template')) },
          '201': { description: 'a new draft version', content: json(ref('Template')) },
          ...errors(400, 401, 403, 404, 409, 422),
        },
      },
    },
    '/templates/{id}/publish': {
      parameters: [idParam],
      post: { summary: 'Publish a draft: it is frozen from now on (admin)', responses: { '200': { description: 'published', content: json(ref('Template')) }, ...errors(400, 401, 403, 404, 409, 422) } },
    },
    '/templates/{id}/consultations': {
      parameters: [idParam],
      post: {
        summary: 'Send a draft for comments (gửi lấy ý kiến) to agencies, e.g. the coordinating agencies of campaigns using the template; their users are notified (admin). 409 once published',
        requestBody: { required: true, content: json({ type: 'object', required: ['agencies'], properties: { agencies: { type: 'array', items: { type: 'string', pattern: '^[0-9a-f]{24}$' } }, message: { type: 'string' } } }) },
        responses: { '201': { description: 'sent' }, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    '/templates/{id}/comments': {
      parameters: [idParam],
      get: { summary: 'Threads on a draft: all for the admin, its own for a consulted agency (others 404)', responses: { '200': { description: 'threads with replies' }, ...errors(400, 401, 403, 404) } },
      post: {
        summary: 'Comment on a draft (consulted agency: new thread, optional part scope|outline|fields|appendix; admin: reply with parentId). 409 once published',
        requestBody: { required: true, content: json({ type: 'object', required: ['text'], properties: { text: { type: 'string' }, part: { type: 'string', enum: ['scope', 'outline', 'fields', 'appendix'] }, parentId: { type: 'string' } } }) },
        responses: { '201': { description: 'the comment' }, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    '/template-comments/{id}/resolve': { parameters: [idParam], post: { summary: 'Resolve a thread on a draft (admin)', responses: { '200': { description: 'the thread' }, ...errors(400, 401, 403, 404) } } },
    '/template-comments/{id}/reopen': { parameters: [idParam], post: { summary: 'Reopen a thread on a draft (admin)', responses: { '200': { description: 'the thread' }, ...errors(400, 401, 403, 404) } } },
  },
};
