import type { OpenApiPart } from '../api/openapi.js';
import { MAIL_PREFS } from '../users/user.model.js';
import { OUTBOX_KINDS, OUTBOX_STATUSES } from './outbox.model.js';

/** E-mail in the OpenAPI document: the outbox (admin), each user's preference, "Nhắc", the leader's address. */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), { $ref: `#/components/responses/E${c}` }]));
const id = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{24}$' } });
const ok = (schema: string, description: string) => ({ '200': { description, content: json(ref(schema)) } });

export const mailOpenApi: OpenApiPart = {
  schemas: {
    OutboxMessage: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        kind: { type: 'string', enum: [...OUTBOX_KINDS] },
        to: { type: 'string' },
        subject: { type: 'string' },
        status: { type: 'string', enum: [...OUTBOX_STATUSES] },
        attempts: { type: 'integer' },
        lastError: { type: ['object', 'null'], properties: { code: { type: ['string', 'null'] }, message: { type: 'string' } } },
        nextAttemptAt: { type: ['string', 'null'], format: 'date-time' },
        sentAt: { type: ['string', 'null'], format: 'date-time' },
        createdAt: { type: 'string', format: 'date-time' },
      },
    },
    MailPreference: {
      type: 'object',
      required: ['mailPref'],
      properties: {
        mailPref: { type: 'string', enum: [...MAIL_PREFS], description: 'each: an e-mail per notification; digest: one a day; none' },
        digestHour: { type: 'integer', readOnly: true, description: 'hour (Vietnam time) the digest is sent' },
        enabled: { type: 'boolean', readOnly: true, description: 'false when the server has no SMTP_URL' },
      },
    },
    RemindResult: {
      type: 'object',
      properties: { agency: { type: 'string' }, notified: { type: 'integer' }, mailed: { type: 'integer' }, withoutUsers: { type: 'boolean', description: 'the agency has no active user: nobody was reminded' } },
    },
    AgencyLeader: {
      type: 'object',
      required: ['leaderEmail'],
      properties: { id: { type: 'string', readOnly: true }, code: { type: 'string', readOnly: true }, nameVi: { type: 'string', readOnly: true }, leaderEmail: { type: ['string', 'null'], description: 'empty string clears it' } },
    },
  },
  paths: {
    '/admin/outbox': {
      get: {
        summary: 'E-mail waiting or failed (admin); failed and waiting counts',
        parameters: [{ name: 'status', in: 'query', schema: { type: 'string', enum: [...OUTBOX_STATUSES] } }, { name: 'limit', in: 'query', schema: { type: 'integer' } }, { name: 'cursor', in: 'query', schema: { type: 'string' } }],
        responses: { '200': { description: 'a page of messages', content: json({ type: 'object', properties: { items: { type: 'array', items: ref('OutboxMessage') }, next: { type: ['string', 'null'] }, failed: { type: 'integer' }, waiting: { type: 'integer' }, enabled: { type: 'boolean' } } }) }, ...errors(400, 401, 403) },
      },
    },
    '/admin/outbox/{id}/resend': {
      post: { summary: 'Queue a failed message again (admin)', parameters: [id('id')], responses: { ...ok('OutboxMessage', 'queued again'), ...errors(400, 401, 403, 404, 409) } },
    },
    '/me/mail-preference': {
      get: { summary: 'How the caller receives notifications by e-mail', responses: { ...ok('MailPreference', 'the preference'), ...errors(401) } },
      put: { summary: 'Change it', requestBody: { required: true, content: json(ref('MailPreference')) }, responses: { ...ok('MailPreference', 'saved'), ...errors(401, 422) } },
    },
    '/campaigns/{id}/agencies/{agencyId}/remind': {
      post: {
        summary: 'Nhắc: remind an agency to send its report (admin, the agency’s reviewer); once an hour',
        parameters: [id('id'), id('agencyId')],
        responses: { ...ok('RemindResult', 'reminded (or nobody to remind: withoutUsers)'), ...errors(400, 401, 403, 404, 409) },
      },
    },
    '/agencies/{id}/leader': {
      get: { summary: 'The address overdue reports are escalated to (admin)', parameters: [id('id')], responses: { ...ok('AgencyLeader', 'the address'), ...errors(400, 401, 403, 404) } },
      put: { summary: 'Set or clear it (admin)', parameters: [id('id')], requestBody: { required: true, content: json(ref('AgencyLeader')) }, responses: { ...ok('AgencyLeader', 'saved'), ...errors(400, 401, 403, 404, 422) } },
    },
  },
};
