import type { OpenApiPart } from '../api/openapi.js';
import { CAMPAIGN_STATUSES } from './campaign.model.js';

/** /campaigns and /campaigns/{id}/progress in the OpenAPI document (API.md). */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), { $ref: `#/components/responses/E${c}` }]));
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{24}$' } };
const id = { type: 'string', pattern: '^[0-9a-f]{24}$' };
const day = { type: 'string', description: 'dd/mm/yyyy or yyyy-mm-dd; stored as the end of that day in Vietnam' };
const progressStatuses = ['not_started', 'draft', 'submitted', 'in_review', 'changes_requested', 'accepted'];

export const campaignOpenApi: OpenApiPart = {
  schemas: {
    CampaignInput: {
      type: 'object',
      required: ['title', 'template', 'deadline'],
      properties: {
        title: { type: 'string', maxLength: 300 },
        instructions: { type: 'string', description: 'Markdown' },
        template: { ...id, description: 'a published template version, pinned' },
        agencies: { type: 'array', items: id },
        agencyKinds: { type: 'array', items: { type: 'string', enum: ['ministry', 'gov-agency', 'province'] }, description: 'adds every active agency of these kinds ("all provinces", "all ministries")' },
        reviewers: { type: 'array', items: id },
        coordinators: { type: 'array', items: id, description: 'coordinating agencies; left out on an update keeps them' },
        startDate: day,
        deadline: day,
        rev: { type: 'integer', description: 'the rev an edit is based on; stale → 409' },
      },
    },
    Campaign: {
      type: 'object',
      properties: {
        id, title: { type: 'string' }, instructions: { type: 'string' }, status: { type: 'string', enum: [...CAMPAIGN_STATUSES] }, rev: { type: 'integer' },
        template: { type: 'object', properties: { id, version: { type: 'integer' }, title: { type: 'string' } } },
        agencies: { type: 'array', items: id, description: 'empty for agency callers' },
        reviewers: { type: 'array', items: id, description: 'empty for agency callers' },
        coordinators: { type: 'array', items: id, description: 'coordinating agencies (cơ quan phối hợp)' },
        assignments: { type: 'array', items: { type: 'object', properties: { agency: id, reviewer: id } }, description: 'per-agency reviewer; empty for agency callers' },
        startDate: { type: ['string', 'null'], format: 'date-time' }, deadline: { type: 'string', format: 'date-time' },
        openedAt: { type: ['string', 'null'], format: 'date-time' }, closedAt: { type: ['string', 'null'], format: 'date-time' },
      },
    },
    CampaignProgress: {
      type: 'object',
      properties: {
        campaign: ref('Campaign'),
        totals: { type: 'object', properties: { agencies: { type: 'integer' }, items: { type: 'integer' }, openComments: { type: 'integer' }, overdue: { type: 'integer' }, submitted: { type: 'integer' } } },
        byStatus: { type: 'object', additionalProperties: { type: 'integer' }, description: 'agencies per submission status (not_started while the campaign is a draft)' },
        byRecommendation: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, label: { type: 'string' }, count: { type: 'integer' } } } },
        items: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              agency: { type: 'object', properties: { id, code: { type: 'string' }, nameVi: { type: 'string' }, nameEn: { type: 'string' }, kind: { type: 'string' } } },
              submission: { type: ['string', 'null'] },
              status: { type: 'string', enum: progressStatuses },
              items: { type: 'integer' }, noDocuments: { type: 'boolean', description: 'the agency declared no documents need action' }, openComments: { type: 'integer' },
              lastActivityAt: { type: ['string', 'null'], format: 'date-time' },
              daysLeft: { type: 'integer', description: 'negative: days after the deadline' },
              overdue: { type: 'boolean' },
            },
          },
        },
      },
    },
  },
  paths: {
    '/campaigns': {
      get: {
        summary: 'Campaigns (agencies: only open or closed ones they take part in)',
        parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } }, { name: 'cursor', in: 'query', schema: { type: 'string' } }],
        responses: { '200': { description: 'a page of campaigns', content: json({ type: 'object', properties: { items: { type: 'array', items: ref('Campaign') }, next: { type: ['string', 'null'] } } }) }, ...errors(400, 401) },
      },
      post: { summary: 'Create a draft campaign (admin)', requestBody: { required: true, content: json(ref('CampaignInput')) }, responses: { '201': { description: 'created', content: json(ref('Campaign')) }, ...errors(400, 401, 403, 422) } },
    },
    '/campaigns/{id}': {
      parameters: [idParam],
      get: { summary: 'One campaign (another agency’s is 404)', responses: { '200': { description: 'the campaign', content: json(ref('Campaign')) }, ...errors(400, 401, 404) } },
      put: { summary: 'Edit (admin); an open campaign keeps its template and agencies (agencies may be added); a closed one is 409', requestBody: { required: true, content: json(ref('CampaignInput')) }, responses: { '200': { description: 'changed', content: json(ref('Campaign')) }, ...errors(400, 401, 403, 404, 409, 422) } },
    },
    '/campaigns/{id}/open': {
      parameters: [idParam],
      post: {
        summary: 'Open a draft: one draft submission per agency, its users notified (admin)',
        responses: { '200': { description: 'opened', content: json({ allOf: [ref('Campaign'), { type: 'object', properties: { submissionsCreated: { type: 'integer' } } }] }) }, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    '/campaigns/{id}/close': {
      parameters: [idParam],
      post: { summary: 'Close an open campaign: submissions become read-only (admin); notAccepted counts those left not accepted', responses: { '200': { description: 'closed', content: json({ allOf: [ref('Campaign'), { type: 'object', properties: { notAccepted: { type: 'integer' } } }] }) }, ...errors(400, 401, 403, 404, 409) } },
    },
    '/campaigns/{id}/reopen': {
      parameters: [idParam],
      post: { summary: 'Reopen a closed campaign (admin), with a reason; audited', requestBody: { required: true, content: json({ type: 'object', required: ['reason'], properties: { reason: { type: 'string' } } }) }, responses: { '200': { description: 'open again', content: json(ref('Campaign')) }, ...errors(400, 401, 403, 404, 409, 422) } },
    },
    '/campaigns/{id}/extensions': {
      parameters: [idParam],
      put: {
        summary: 'Extend the deadline for one agency (admin), with a reason; the agency is notified; audited old → new',
        requestBody: { required: true, content: json({ type: 'object', required: ['agency', 'deadline', 'reason'], properties: { agency: id, deadline: day, reason: { type: 'string' } } }) },
        responses: { '200': { description: 'the campaign with its extensions', content: json(ref('Campaign')) }, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    '/campaigns/{id}/coordinators': {
      parameters: [idParam],
      put: {
        summary: 'Name the coordinating agencies (cơ quan phối hợp; admin). Their users read every submission of the campaign and comment (threads on rows, paragraphs, report sections) but never edit, decide, dispose or accept (403); newly named agencies are notified; audited',
        requestBody: { required: true, content: json({ type: 'object', required: ['coordinators'], properties: { coordinators: { type: 'array', items: id }, rev: { type: 'integer' } } }) },
        responses: { '200': { description: 'the campaign', content: json(ref('Campaign')) }, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    '/campaigns/{id}/assignments': {
      parameters: [idParam],
      put: {
        summary: 'Give agencies of the campaign to one reviewer (reviewer null: take them back); audited. Only the assigned reviewer and admins act on a submission; other reviewers read it (403 on actions).',
        requestBody: { required: true, content: json({ type: 'object', required: ['agencies'], properties: { reviewer: { type: ['string', 'null'], pattern: '^[0-9a-f]{24}$' }, agencies: { type: 'array', items: id } } }) },
        responses: { '200': { description: 'the campaign’s assignments', content: json({ type: 'object', properties: { id, assignments: { type: 'array', items: { type: 'object', properties: { agency: id, reviewer: id } } }, reviewers: { type: 'array', items: id } } }) }, ...errors(400, 401, 403, 404, 422) },
      },
    },
    '/workload': {
      get: {
        summary: 'Per reviewer over open campaigns: submissions assigned, waiting for review, overdue (agency late), open threads (admin, reviewer)',
        responses: { '200': { description: 'rows', content: json({ type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { reviewer: { type: ['object', 'null'] }, assigned: { type: 'integer' }, waiting: { type: 'integer' }, overdue: { type: 'integer' }, openThreads: { type: 'integer' } } } }, next: { type: 'null' } } }) }, ...errors(401, 403) },
      },
    },
    '/campaigns/{id}/progress': {
      parameters: [idParam],
      get: { summary: 'Per-agency progress and counts, from one aggregation (admin, reviewer)', responses: { '200': { description: 'progress', content: json(ref('CampaignProgress')) }, ...errors(400, 401, 403, 404) } },
    },
  },
};
