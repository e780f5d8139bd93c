import type { OpenApiPart } from '../api/openapi.js';

/** Submissions, rows, import, files, transitions, versions, comments, dispositions, notifications and search (API.md). */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), { $ref: `#/components/responses/E${c}` }]));
const id = { type: 'string', pattern: '^[0-9a-f]{24}$' };
const path = (name: string) => ({ name, in: 'path', required: true, schema: id });
const list = (item: string) => ({ type: 'object', required: ['items', 'next'], properties: { items: { type: 'array', items: ref(item) }, next: { type: ['string', 'null'] } } });
const listParams = [
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
  { name: 'cursor', in: 'query', schema: { type: 'string' } },
];
const ok = (description: string, schema: unknown, status = '200') => ({ [status]: { description, content: json(schema) } });
const body = (schema: unknown) => ({ required: true, content: json(schema) });
const multipart = (extra: Record<string, unknown> = {}) => ({
  required: true,
  content: { 'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' }, ...extra } } } },
});
const values = { type: 'object', additionalProperties: true, description: 'template field key → value; enums by code or label, dates dd/mm/yyyy or ISO, docref as typed' };
const version = { type: 'integer', minimum: 1, description: 'the submission version the change is based on; stale → 409' };

const searchParams = ['q', 'docType', 'recommendation', 'agency'].map((name) => ({ name, in: 'query', schema: { type: 'string' } }));

export const submissionOpenApi: OpenApiPart = {
  schemas: {
    Disposition: { type: 'object', properties: { decision: { type: 'string', enum: ['accepted', 'partly_accepted', 'not_accepted'] }, explanation: { type: 'string' }, by: { type: 'string' }, at: { type: 'string', format: 'date-time' } } },
    SubmissionItem: { type: 'object', properties: { id, values, disposition: { oneOf: [ref('Disposition'), { type: 'null' }] } } },
    Attachment: {
      type: 'object',
      properties: { id, name: { type: 'string' }, originalName: { type: 'string' }, type: { type: 'string', enum: ['docx', 'pdf', 'xlsx'] }, size: { type: 'integer' }, sha256: { type: 'string' }, status: { type: 'string', enum: ['active', 'removed'] }, replaces: { type: ['string', 'null'] }, uploadedAt: { type: 'string', format: 'date-time' } },
    },
    Submission: {
      type: 'object',
      properties: {
        id, campaign: id, agency: id,
        status: { type: 'string', enum: ['draft', 'submitted', 'in_review', 'changes_requested', 'accepted'] },
        version: { type: 'integer' }, submittedVersion: { type: 'integer' },
        submittedAt: { type: ['string', 'null'], format: 'date-time' }, reviewMessage: { type: ['string', 'null'] },
        items: { type: 'array', items: ref('SubmissionItem') },
        report: { type: 'object', additionalProperties: { type: 'string' }, description: 'outline section key → text' },
        attachments: { type: 'array', items: ref('Attachment') },
      },
    },
    Receipt: {
      type: 'object',
      properties: {
        submission: id, agency: { type: 'string' }, campaign: { type: 'string' }, version: { type: 'integer' }, submittedAt: { type: 'string', format: 'date-time' }, submittedBy: { type: 'string' }, items: { type: 'integer' },
        files: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, size: { type: 'integer' }, sha256: { type: 'string' } } } },
        digest: { type: 'string', description: 'sha256 of the snapshot content' },
      },
    },
    VersionSummary: { type: 'object', properties: { n: { type: 'integer' }, submittedAt: { type: 'string', format: 'date-time' }, submittedBy: { type: 'string' }, items: { type: 'integer' }, attachments: { type: 'integer' } } },
    Comment: {
      type: 'object',
      properties: {
        id, parentId: { type: ['string', 'null'] },
        target: { type: 'object', properties: { kind: { type: 'string', enum: ['submission', 'item', 'paragraph', 'section'] }, sectionKey: { type: ['string', 'null'], description: 'report section (template outline key)' }, itemId: { type: ['string', 'null'] }, attachmentId: { type: ['string', 'null'] }, paragraph: { type: ['integer', 'null'], description: '0-based' }, quote: { type: ['string', 'null'] }, outdated: { type: 'boolean', description: 'the quote is no longer in the current file' } } },
        author: { type: 'object', properties: { id, name: { type: 'string' }, role: { type: 'string' } } },
        text: { type: 'string' }, status: { type: ['string', 'null'], enum: ['open', 'resolved', null] }, edited: { type: 'boolean' },
        createdAt: { type: 'string', format: 'date-time' }, replies: { type: 'array', items: ref('Comment') },
        fromWord: { type: ['object', 'null'], description: 'a comment read from the Word file itself: its author and date there', properties: { author: { type: 'string' }, date: { type: ['string', 'null'], format: 'date-time' } } },
      },
    },
    Notification: { type: 'object', properties: { id, kind: { type: 'string' }, message: { type: 'string' }, link: { type: ['string', 'null'] }, read: { type: 'boolean' }, createdAt: { type: 'string', format: 'date-time' } } },
  },
  paths: {
    '/campaigns/{id}/submissions': { get: { summary: 'Submissions of a campaign (agencies: their own)', parameters: [path('id'), ...listParams], responses: { ...ok('a page', list('Submission')), ...errors(400, 401, 404) } } },
    '/campaigns/{id}/items/search': {
      get: {
        summary: 'Rows of a campaign by text (diacritic-insensitive, "a quoted phrase" as a phrase), document type, recommended action, agency',
        parameters: [path('id'), ...searchParams, ...listParams],
        responses: { ...ok('a page of matching rows', { type: 'object' }), ...errors(400, 401, 404) },
      },
    },
    '/items/search': {
      get: {
        summary: 'Rows of every campaign the caller may see (agencies: their own rows only), by text, recommended action, agency',
        parameters: [...searchParams, ...listParams],
        responses: { ...ok('a page of matching rows, each with its campaign', { type: 'object' }), ...errors(400, 401) },
      },
    },
    '/campaigns/{id}/documents/search': {
      get: { summary: 'Narrative reports and attached files of a campaign by text', parameters: [path('id'), searchParams[0]!, ...listParams], responses: { ...ok('a page of reports, then files', { type: 'object' }), ...errors(400, 401, 404) } },
    },
    '/documents/search': {
      get: { summary: 'Narrative reports and attached files of every campaign the caller may see, by text', parameters: [searchParams[0]!, ...listParams], responses: { ...ok('a page of reports, then files', { type: 'object' }), ...errors(400, 401) } },
    },
    '/submissions/{id}': {
      get: { summary: 'A submission with rows, report, files and version', parameters: [path('id')], responses: { ...ok('the submission', ref('Submission')), ...errors(400, 401, 404) } },
      put: {
        summary: 'Replace rows and report (owner agency, draft or changes requested)',
        parameters: [path('id')],
        requestBody: body({ type: 'object', required: ['version', 'items'], properties: { version, items: { type: 'array', items: { type: 'object', properties: { id: { type: 'string', description: 'keep a row id so its comments and disposition stay attached' }, values } } }, report: { type: 'object', additionalProperties: { type: 'string' } } } }),
        responses: { ...ok('saved', ref('Submission')), ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    '/submissions/{id}/items': { post: { summary: 'Add a row', parameters: [path('id')], requestBody: body({ type: 'object', required: ['version', 'values'], properties: { version, values } }), responses: { ...ok('added', { type: 'object', properties: { item: ref('SubmissionItem'), version: { type: 'integer' } } }, '201'), ...errors(400, 401, 403, 404, 409, 422) } } },
    '/submissions/{id}/items/{itemId}': {
      put: { summary: 'Edit a row', parameters: [path('id'), path('itemId')], requestBody: body({ type: 'object', required: ['version', 'values'], properties: { version, values } }), responses: { ...ok('saved', { type: 'object' }), ...errors(400, 401, 403, 404, 409, 422) } },
      delete: { summary: 'Delete a row', parameters: [path('id'), path('itemId'), { name: 'version', in: 'query', required: true, schema: { type: 'integer' } }], responses: { ...ok('deleted', { type: 'object', properties: { version: { type: 'integer' } } }), ...errors(400, 401, 403, 404, 409) } },
    },
    '/submissions/{id}/items/template.xlsx': { get: { summary: 'Excel template with the campaign’s columns', parameters: [path('id')], responses: { '200': { description: '.xlsx', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {} } }, ...errors(401, 404) } } },
    '/submissions/{id}/items/import': { post: { summary: 'Import rows from .xlsx: all or none; details name row and column', parameters: [path('id')], requestBody: multipart({ version }), responses: { ...ok('imported', { type: 'object', properties: { added: { type: 'integer' }, version: { type: 'integer' } } }, '201'), ...errors(400, 401, 403, 404, 409, 413, 415, 422) } } },
    '/submissions/{id}/items/import/preview': {
      post: {
        summary: "An agency's own .xlsx layout: header rows found, column → field mapping proposed (or the one given), first rows with per-cell errors",
        parameters: [path('id')],
        requestBody: multipart({ mapping: { type: 'string', description: 'JSON: column number → field key, "__so_ky_hieu_ngay" (number and date in one column) or "" (ignored)' } }),
        responses: { ...ok('the preview', { type: 'object', properties: { sheet: { type: 'string' }, layout: { type: 'object' }, mapping: { type: 'object', additionalProperties: { type: 'string' } }, rows: { type: 'array', items: { type: 'object' } }, total: { type: 'integer' }, invalid: { type: 'integer' }, missing: { type: 'array', items: { type: 'string' } } } }), ...errors(400, 401, 403, 404, 409, 413, 415, 422) },
      },
    },
    '/submissions/{id}/items/import/mapped': { post: { summary: "Import an agency's own .xlsx layout through a mapping (proposed when omitted): all rows or none; the mapping is remembered per agency and template", parameters: [path('id')], requestBody: multipart({ version, mapping: { type: 'string' } }), responses: { ...ok('imported', { type: 'object', properties: { added: { type: 'integer' }, version: { type: 'integer' } } }, '201'), ...errors(400, 401, 403, 404, 409, 413, 415, 422) } } },
    '/attachments/{id}/citations': {
      get: {
        summary: 'Documents a Word or PDF file cites: type, number, date, issuer, title, sentence, whether a row exists, values to pre-fill a row',
        parameters: [path('id')],
        responses: { ...ok('cited documents', { type: 'object', properties: { attachment: { type: 'object' }, documents: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, type: { type: ['string', 'null'] }, number: { type: ['string', 'null'] }, name: { type: ['string', 'null'] }, year: { type: ['integer', 'null'] }, date: { type: ['string', 'null'] }, issuer: { type: ['string', 'null'] }, title: { type: ['string', 'null'] }, sentence: { type: 'string' }, mentions: { type: 'integer' }, rowExists: { type: 'boolean' }, prefill: { type: 'object', additionalProperties: { type: 'string' } } } } } } }), ...errors(400, 401, 404, 415) },
      },
    },
    '/submissions/{id}/attachments': { post: { summary: 'Upload a file (docx, pdf, xlsx by content; stored in GridFS; a legacy .doc is converted to .docx where LibreOffice is installed, else 415). A .docx\'s own comments become threads on its paragraphs (`wordComments`: threads, replies, known, unplaced)', parameters: [path('id')], requestBody: multipart({ replaces: id }), responses: { ...ok('stored', ref('Attachment'), '201'), ...errors(400, 401, 403, 404, 409, 413, 415, 422) } } },
    '/attachments/{id}': { get: { summary: 'The file as uploaded', parameters: [path('id')], responses: { '200': { description: 'the bytes' }, ...errors(400, 401, 404) } } },
    '/attachments/{id}/commented-copy': { post: { summary: 'Ministry staff: a commented Word copy of this file; its comments become the caller\'s threads on the matching paragraphs (unmatched: kept, marked outdated). The copy is not stored. Same copy twice adds nothing.', parameters: [path('id')], requestBody: multipart({}), responses: { ...ok('what was imported', { type: 'object', properties: { threads: { type: 'integer' }, replies: { type: 'integer' }, known: { type: 'integer' }, unplaced: { type: 'integer' } } }, '201'), ...errors(400, 401, 403, 404, 409, 413, 415, 422) } } },
    '/attachments/{id}/html': { get: { summary: 'A Word file as HTML, one data-p / id="p-N" anchor per paragraph; tracked changes as <ins class="docx-ins">/<del class="docx-del"> with author and date in title (deleted text is not part of the paragraph texts)', parameters: [path('id')], responses: { ...ok('html and paragraph texts', { type: 'object', properties: { html: { type: 'string' }, paragraphs: { type: 'array', items: { type: 'string' } } } }), ...errors(400, 401, 404) } } },
    '/submissions/{id}/transitions': {
      post: {
        summary: 'Move through draft → submitted → in_review → changes_requested → (resubmit) in_review → accepted; reopen (admin, with a reason). Accept without override when rows are undecided or threads open: 409 with details naming them. Reviewers not assigned to the submission: 403.',
        parameters: [path('id')],
        requestBody: body({ type: 'object', required: ['action'], properties: {
          action: { type: 'string', enum: ['submit', 'start_review', 'request_changes', 'accept', 'reopen'] },
          message: { type: 'string', description: 'required for request_changes, and for reopen (the reason)' },
          override: { type: 'boolean', description: 'accept although rows have no decision or threads are open; needs reason' },
          reason: { type: 'string', description: 'why an accept overrides the gate; kept and shown' },
        } }),
        responses: { ...ok('new state; a submit returns its receipt', { type: 'object', properties: { status: { type: 'string' }, version: { type: 'integer' }, receipt: { oneOf: [ref('Receipt'), { type: 'null' }] } } }), ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    '/submissions/{id}/versions': { get: { summary: 'Versions snapshotted at each submit, newest first', parameters: [path('id')], responses: { ...ok('versions', list('VersionSummary')), ...errors(400, 401, 404) } } },
    '/submissions/{id}/versions/{n}': { get: { summary: 'One version with its receipt', parameters: [path('id'), { name: 'n', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }], responses: { ...ok('the version', { type: 'object' }), ...errors(400, 401, 404) } } },
    '/submissions/{id}/diff': { get: { summary: 'What changed between two versions: rows added/removed/changed field by field, report text, files; `diff.wordFiles` lists each replaced Word file with its changed paragraphs (op changed/added/removed, from/to 0-based paragraph, word-level ops)', parameters: [path('id'), { name: 'from', in: 'query', schema: { type: 'integer' } }, { name: 'to', in: 'query', schema: { type: 'integer' } }], responses: { ...ok('the diff', { type: 'object' }), ...errors(400, 401, 404) } } },
    '/submissions/{id}/comments': {
      get: { summary: 'Threads (root comments with their replies)', parameters: [path('id')], responses: { ...ok('threads', list('Comment')), ...errors(400, 401, 404) } },
      post: {
        summary: 'Comment on the submission, a row ({itemId}), a paragraph ({attachmentId, paragraph, quote}) or a report section ({sectionKey}); parentId for a reply. Frozen (409) once accepted.',
        parameters: [path('id')],
        requestBody: body({ type: 'object', required: ['text'], properties: { text: { type: 'string' }, itemId: id, attachmentId: id, paragraph: { type: 'integer', minimum: 0 }, quote: { type: 'string' }, sectionKey: { type: 'string' }, parentId: id } }),
        responses: { ...ok('posted', ref('Comment'), '201'), ...errors(400, 401, 404, 409, 422) },
      },
    },
    '/comments/{id}': { put: { summary: 'Edit one’s own comment (shown as edited)', parameters: [path('id')], requestBody: body({ type: 'object', required: ['text'], properties: { text: { type: 'string' } } }), responses: { ...ok('edited', ref('Comment')), ...errors(400, 401, 403, 404, 422) } } },
    '/comments/{id}/resolve': { post: { summary: 'Resolve a thread (reviewer, admin, its author)', parameters: [path('id')], responses: { ...ok('resolved', ref('Comment')), ...errors(400, 401, 403, 404) } } },
    '/comments/{id}/reopen': { post: { summary: 'Reopen a thread', parameters: [path('id')], responses: { ...ok('reopened', ref('Comment')), ...errors(400, 401, 403, 404) } } },
    '/submissions/{id}/items/{itemId}/disposition': {
      put: { summary: 'Tiếp thu – giải trình of one row (reviewer, admin)', parameters: [path('id'), path('itemId')], requestBody: body({ type: 'object', required: ['decision'], properties: { decision: { type: 'string', enum: ['accepted', 'partly_accepted', 'not_accepted'] }, explanation: { type: 'string', description: 'required unless accepted' } } }), responses: { ...ok('saved', ref('Disposition')), ...errors(400, 401, 403, 404, 409, 422) } },
    },
    '/notifications': { get: { summary: 'The caller’s notifications, newest first', parameters: [...listParams, { name: 'unread', in: 'query', schema: { type: 'string', enum: ['1'] } }], responses: { ...ok('a page', list('Notification')), ...errors(400, 401) } } },
    '/notifications/{id}/read': { post: { summary: 'Mark one read', parameters: [path('id')], responses: { ...ok('read', ref('Notification')), ...errors(400, 401, 404) } } },
    '/notifications/read-all': { post: { summary: 'Mark all read', responses: { ...ok('count', { type: 'object', properties: { marked: { type: 'integer' } } }), ...errors(401) } } },
  },
};
