/**
 * Every route × every role → the expected status. Add a row for each route
 * you add. `path` may use the fixtures in MatrixContext; POST rows get a
 * valid CSRF token (pages) or the role's bearer token (/api).
 */
export interface MatrixContext {
  agencyUserId: string;
  targetUserId: string;
  provinceId: string;
  ownTokenIdOf: Record<MatrixRole, string>;
  missingId: string;
  /** the built-in template (published) and a draft one */
  templateId: string;
  draftTemplateId: string;
  /** open campaigns with and without the agency user's agency (ha-noi), and a draft */
  campaignId: string;
  otherCampaignId: string;
  draftCampaignId: string;
}

export type MatrixRole = 'anonymous' | 'agency' | 'reviewer' | 'admin';

export interface MatrixRow {
  /** PUT only under /api. */
  method: 'GET' | 'POST' | 'PUT';
  path: string | ((ctx: MatrixContext, role: MatrixRole) => string);
  body?: Record<string, string>;
  expect: Record<MatrixRole, number>;
}

// anonymous pages: GET → 302 to /login, POST → 401
const adminPage = { anonymous: 302, agency: 403, reviewer: 403, admin: 200 };
const adminPost = (adminStatus: number) => ({ anonymous: 401, agency: 403, reviewer: 403, admin: adminStatus });
const anyUser = (status: number, anonymous = 302) => ({ anonymous, agency: status, reviewer: status, admin: status });
const staffPage = { anonymous: 302, agency: 403, reviewer: 200, admin: 200 };

export const ROUTES: MatrixRow[] = [
  { method: 'GET', path: '/healthz', expect: anyUser(200, 200) },
  { method: 'GET', path: '/login', expect: anyUser(302, 200) },
  { method: 'GET', path: '/lang/en?back=/', expect: anyUser(302, 302) },
  { method: 'GET', path: '/', expect: anyUser(200) },
  { method: 'GET', path: '/profile', expect: anyUser(200) },
  { method: 'GET', path: '/getting-started', expect: anyUser(200) },
  { method: 'POST', path: '/profile/password', body: {}, expect: anyUser(422, 401) },
  { method: 'POST', path: '/profile/tokens', body: { name: 'matrix' }, expect: anyUser(201, 401) },
  { method: 'POST', path: (c, r) => `/profile/tokens/${r === 'anonymous' ? c.missingId : c.ownTokenIdOf[r]}/revoke`, expect: anyUser(302, 401) },
  { method: 'POST', path: (c) => `/profile/tokens/${c.missingId}/revoke`, expect: anyUser(404, 401) },

  { method: 'GET', path: '/admin/users', expect: adminPage },
  { method: 'GET', path: '/admin/users/new', expect: adminPage },
  { method: 'POST', path: '/admin/users', body: {}, expect: adminPost(422) },
  { method: 'GET', path: (c) => `/admin/users/${c.agencyUserId}`, expect: adminPage },
  { method: 'GET', path: '/admin/users/not-an-id', expect: { anonymous: 302, agency: 403, reviewer: 403, admin: 404 } },
  { method: 'GET', path: (c) => `/admin/users/${c.missingId}`, expect: { anonymous: 302, agency: 403, reviewer: 403, admin: 404 } },
  { method: 'POST', path: (c) => `/admin/users/${c.targetUserId}`, body: {}, expect: adminPost(422) },
  { method: 'POST', path: (c) => `/admin/users/${c.targetUserId}/deactivate`, expect: adminPost(302) },
  { method: 'POST', path: (c) => `/admin/users/${c.targetUserId}/activate`, expect: adminPost(302) },
  { method: 'POST', path: (c) => `/admin/users/${c.targetUserId}/reset-link`, expect: adminPost(200) },

  { method: 'GET', path: '/admin/agencies', expect: adminPage },
  { method: 'GET', path: '/admin/agencies/new', expect: adminPage },
  { method: 'POST', path: '/admin/agencies', body: {}, expect: adminPost(422) },
  { method: 'GET', path: (c) => `/admin/agencies/${c.provinceId}`, expect: adminPage },
  { method: 'GET', path: '/admin/agencies/12345', expect: { anonymous: 302, agency: 403, reviewer: 403, admin: 404 } },
  { method: 'POST', path: (c) => `/admin/agencies/${c.provinceId}`, body: {}, expect: adminPost(422) },
  { method: 'POST', path: (c) => `/admin/agencies/${c.provinceId}/deactivate`, expect: adminPost(302) },
  { method: 'POST', path: (c) => `/admin/agencies/${c.provinceId}/activate`, expect: adminPost(302) },

  { method: 'GET', path: '/admin/audit', expect: adminPage },
  { method: 'GET', path: '/no-such-page', expect: anyUser(404, 404) },

  // review templates
  // template admin pages are the admin's; reviewers read templates through their campaigns
  { method: 'GET', path: '/admin/templates', expect: adminPage },
  { method: 'GET', path: (c) => `/admin/templates/${c.templateId}`, expect: adminPage },
  { method: 'GET', path: '/admin/templates/new', expect: adminPage },
  { method: 'GET', path: (c) => `/admin/templates/new?from=${c.templateId}`, expect: adminPage },
  { method: 'POST', path: '/admin/templates/new', body: { action: 'add_field' }, expect: adminPost(200) },
  { method: 'POST', path: '/admin/templates/new', body: {}, expect: adminPost(422) },
  { method: 'GET', path: (c) => `/admin/templates/${c.draftTemplateId}/edit`, expect: adminPage },
  { method: 'GET', path: (c) => `/admin/templates/${c.templateId}/edit`, expect: { anonymous: 302, agency: 403, reviewer: 403, admin: 409 } },
  { method: 'POST', path: (c) => `/admin/templates/${c.draftTemplateId}/edit`, body: {}, expect: adminPost(422) },
  { method: 'POST', path: (c) => `/admin/templates/${c.templateId}/duplicate`, expect: adminPost(302) },
  { method: 'POST', path: (c) => `/admin/templates/${c.missingId}/publish`, expect: adminPost(404) },
  // drafts sent for comments: only consulted agencies (none here) and the admin
  { method: 'GET', path: (c) => `/templates/${c.draftTemplateId}/consultation`, expect: { anonymous: 302, agency: 404, reviewer: 403, admin: 302 } },
  { method: 'POST', path: (c) => `/templates/${c.draftTemplateId}/comments`, body: { text: 'Ý kiến' }, expect: { anonymous: 401, agency: 404, reviewer: 403, admin: 422 } },
  { method: 'POST', path: (c) => `/admin/templates/${c.draftTemplateId}/consultation`, body: {}, expect: adminPost(422) },
  { method: 'POST', path: (c) => `/admin/templates/${c.templateId}/consultation`, body: {}, expect: adminPost(409) },
  { method: 'GET', path: (c) => `/api/v1/templates/${c.draftTemplateId}/comments`, expect: { anonymous: 401, agency: 404, reviewer: 403, admin: 200 } },
  { method: 'POST', path: (c) => `/api/v1/templates/${c.draftTemplateId}/consultations`, body: {}, expect: { anonymous: 401, agency: 403, reviewer: 403, admin: 422 } },
  { method: 'POST', path: (c) => `/api/v1/template-comments/${c.missingId}/resolve`, expect: { anonymous: 401, agency: 403, reviewer: 403, admin: 404 } },
  { method: 'POST', path: '/admin/templates/markdown-preview', body: { text: '**x**' }, expect: adminPost(200) },

  // campaigns and progress
  { method: 'GET', path: '/campaigns', expect: anyUser(200) },
  { method: 'GET', path: '/campaigns/new', expect: adminPage },
  { method: 'POST', path: '/campaigns/new', body: {}, expect: adminPost(422) },
  { method: 'GET', path: (c) => `/campaigns/${c.campaignId}`, expect: anyUser(200) },
  { method: 'GET', path: (c) => `/campaigns/${c.otherCampaignId}`, expect: { anonymous: 302, agency: 404, reviewer: 200, admin: 200 } },
  { method: 'GET', path: (c) => `/campaigns/${c.draftCampaignId}`, expect: { anonymous: 302, agency: 404, reviewer: 200, admin: 200 } },
  { method: 'GET', path: (c) => `/campaigns/${c.missingId}`, expect: anyUser(404) },
  { method: 'GET', path: (c) => `/campaigns/${c.campaignId}/progress`, expect: staffPage },
  { method: 'GET', path: (c) => `/campaigns/${c.campaignId}/progress?sort=items&dir=desc&status=draft`, expect: staffPage },
  { method: 'GET', path: (c) => `/campaigns/${c.campaignId}/progress.xlsx`, expect: staffPage },
  { method: 'GET', path: (c) => `/campaigns/${c.draftCampaignId}/setup/agencies`, expect: adminPage },
  { method: 'GET', path: (c) => `/campaigns/${c.draftCampaignId}/setup/review`, expect: adminPage },
  { method: 'GET', path: (c) => `/campaigns/${c.campaignId}/setup/agencies`, expect: { anonymous: 302, agency: 403, reviewer: 403, admin: 409 } },
  { method: 'POST', path: (c) => `/campaigns/${c.draftCampaignId}/setup/schedule`, body: {}, expect: adminPost(422) },
  { method: 'POST', path: (c) => `/campaigns/${c.campaignId}/open`, expect: adminPost(409) },
  { method: 'POST', path: (c) => `/campaigns/${c.missingId}/close`, expect: adminPost(404) },
  // assignments and workload
  { method: 'GET', path: (c) => `/campaigns/${c.campaignId}/assignments`, expect: adminPage },
  { method: 'GET', path: (c) => `/campaigns/${c.missingId}/assignments`, expect: { anonymous: 302, agency: 403, reviewer: 403, admin: 404 } },
  { method: 'POST', path: (c) => `/campaigns/${c.campaignId}/assignments`, body: {}, expect: adminPost(422) },
  // coordinating agencies: named by the admin only
  { method: 'GET', path: (c) => `/campaigns/${c.campaignId}/coordinators`, expect: adminPage },
  { method: 'GET', path: (c) => `/campaigns/${c.missingId}/coordinators`, expect: { anonymous: 302, agency: 403, reviewer: 403, admin: 404 } },
  { method: 'POST', path: (c) => `/campaigns/${c.campaignId}/coordinators`, body: { coordinators: 'not-an-id' }, expect: adminPost(422) },
  { method: 'PUT', path: (c) => `/api/v1/campaigns/${c.campaignId}/coordinators`, body: { coordinators: 'not-an-id' }, expect: { anonymous: 401, agency: 403, reviewer: 403, admin: 422 } },
  { method: 'PUT', path: (c) => `/api/v1/campaigns/${c.missingId}/coordinators`, body: { coordinators: '' }, expect: { anonymous: 401, agency: 403, reviewer: 403, admin: 404 } },
  { method: 'GET', path: '/reviews/workload', expect: staffPage },
  { method: 'GET', path: (c) => `/campaigns/${c.campaignId}/threads`, expect: staffPage },
  { method: 'GET', path: (c) => `/campaigns/${c.missingId}/threads`, expect: { anonymous: 302, agency: 403, reviewer: 404, admin: 404 } },
  { method: 'GET', path: (c) => `/api/v1/campaigns/${c.campaignId}/threads?status=open`, expect: { anonymous: 401, agency: 403, reviewer: 200, admin: 200 } },
  { method: 'GET', path: '/api/v1/workload', expect: { anonymous: 401, agency: 403, reviewer: 200, admin: 200 } },

  { method: 'GET', path: '/api/v1/templates', expect: anyUser(200, 401) },
  { method: 'POST', path: '/api/v1/templates', body: {}, expect: { anonymous: 401, agency: 403, reviewer: 403, admin: 422 } },
  { method: 'GET', path: (c) => `/api/v1/templates/${c.draftTemplateId}`, expect: { anonymous: 401, agency: 404, reviewer: 200, admin: 200 } },
  { method: 'GET', path: '/api/v1/campaigns', expect: anyUser(200, 401) },
  { method: 'POST', path: '/api/v1/campaigns', body: {}, expect: { anonymous: 401, agency: 403, reviewer: 403, admin: 422 } },
  { method: 'GET', path: (c) => `/api/v1/campaigns/${c.otherCampaignId}`, expect: { anonymous: 401, agency: 404, reviewer: 200, admin: 200 } },
  { method: 'GET', path: (c) => `/api/v1/campaigns/${c.campaignId}/progress`, expect: { anonymous: 401, agency: 403, reviewer: 200, admin: 200 } },

  // reports: staff-only campaign reports, submission reports as the submission; unknown kind → 400 under /api
  { method: 'GET', path: (c) => `/campaigns/${c.campaignId}/reports/consolidated-appendix.docx`, expect: staffPage },
  { method: 'GET', path: (c) => `/campaigns/${c.campaignId}/reports/full-report.xlsx`, expect: { anonymous: 302, agency: 403, reviewer: 404, admin: 404 } },
  { method: 'GET', path: (c) => `/submissions/${c.missingId}/reports/with-comments.docx`, expect: anyUser(404) },
  { method: 'GET', path: (c) => `/api/v1/campaigns/${c.campaignId}/reports/consolidated-appendix.xlsx`, expect: { anonymous: 401, agency: 403, reviewer: 200, admin: 200 } },
  { method: 'GET', path: (c) => `/api/v1/campaigns/${c.campaignId}/reports/summary.docx`, expect: { anonymous: 401, agency: 403, reviewer: 400, admin: 400 } },
  // The built-in document review has no list given to agencies: its list page and reconciliation do not exist.
  { method: 'GET', path: (c) => `/campaigns/${c.campaignId}/reference`, expect: { anonymous: 302, agency: 403, reviewer: 404, admin: 404 } },
  { method: 'POST', path: (c) => `/campaigns/${c.campaignId}/reference`, expect: adminPost(404) },
  { method: 'GET', path: (c) => `/api/v1/campaigns/${c.campaignId}/reference-rows`, expect: { anonymous: 401, agency: 403, reviewer: 404, admin: 404 } },
  { method: 'GET', path: (c) => `/campaigns/${c.campaignId}/reports/reconciliation.docx`, expect: { anonymous: 302, agency: 403, reviewer: 404, admin: 404 } },
  { method: 'GET', path: (c) => `/api/v1/campaigns/${c.missingId}/reports/dispositions.docx`, expect: { anonymous: 401, agency: 403, reviewer: 404, admin: 404 } },
  { method: 'GET', path: (c) => `/api/v1/submissions/${c.missingId}/reports/appendix.docx`, expect: anyUser(404, 401) },
  { method: 'GET', path: (c) => `/api/v1/submissions/${c.missingId}/reports/summary.docx`, expect: anyUser(400, 401) },
  // the MoJ's report on a campaign: staff only; an empty body is a 422, an unknown campaign 404
  { method: 'GET', path: (c) => `/campaigns/${c.campaignId}/report`, expect: staffPage },
  { method: 'POST', path: (c) => `/campaigns/${c.campaignId}/report`, body: {}, expect: { anonymous: 401, agency: 403, reviewer: 422, admin: 422 } },
  { method: 'GET', path: (c) => `/api/v1/campaigns/${c.campaignId}/report`, expect: { anonymous: 401, agency: 403, reviewer: 200, admin: 200 } },
  { method: 'PUT', path: (c) => `/api/v1/campaigns/${c.campaignId}/report`, body: {}, expect: { anonymous: 401, agency: 403, reviewer: 422, admin: 422 } },
  { method: 'PUT', path: (c) => `/api/v1/campaigns/${c.missingId}/report`, body: { version: '0', symbol: 'BC-BTP', signerTitle: 'Thứ trưởng', archive: 'VT' }, expect: { anonymous: 401, agency: 403, reviewer: 404, admin: 404 } },
  // PDF copies and the ZIP of every agency's appendix: the same guards as the Word files
  { method: 'GET', path: (c) => `/campaigns/${c.campaignId}/reports/agency-appendices.zip`, expect: staffPage },
  { method: 'GET', path: (c) => `/api/v1/campaigns/${c.campaignId}/reports/agency-appendices.docx`, expect: { anonymous: 401, agency: 403, reviewer: 404, admin: 404 } },
  { method: 'GET', path: (c) => `/api/v1/campaigns/${c.missingId}/reports/full-report.pdf`, expect: { anonymous: 401, agency: 403, reviewer: 404, admin: 404 } },
  { method: 'GET', path: (c) => `/api/v1/campaigns/${c.missingId}/reports/agency-appendices.zip`, expect: { anonymous: 401, agency: 403, reviewer: 404, admin: 404 } },
  { method: 'GET', path: (c) => `/submissions/${c.missingId}/reports/appendix.pdf`, expect: anyUser(404) },
  { method: 'GET', path: (c) => `/api/v1/submissions/${c.missingId}/reports/with-comments.pdf`, expect: anyUser(404, 401) },

  { method: 'GET', path: '/api/v1/me', expect: anyUser(200, 401) },
  { method: 'GET', path: '/api/v1/agencies', expect: anyUser(200, 401) },
  { method: 'GET', path: '/api/v1/audit', expect: { anonymous: 401, agency: 403, reviewer: 403, admin: 200 } },
  { method: 'GET', path: '/api/v1/openapi.json', expect: anyUser(200, 200) },
  { method: 'GET', path: '/api/v1/no-such-thing', expect: anyUser(404, 404) },
  // E-mail: the outbox is the admin's; the preference is each user's own.
  { method: 'GET', path: '/admin/mail', expect: adminPage },
  { method: 'POST', path: (c) => `/admin/mail/${c.missingId}/resend`, expect: adminPost(404) },
  { method: 'POST', path: '/profile/mail', body: {}, expect: anyUser(422, 401) },
  { method: 'GET', path: '/api/v1/admin/outbox', expect: { anonymous: 401, agency: 403, reviewer: 403, admin: 200 } },
  { method: 'POST', path: (c) => `/api/v1/admin/outbox/${c.missingId}/resend`, expect: { anonymous: 401, agency: 403, reviewer: 403, admin: 404 } },
  { method: 'GET', path: '/api/v1/me/mail-preference', expect: anyUser(200, 401) },
  { method: 'PUT', path: '/api/v1/me/mail-preference', body: {}, expect: anyUser(422, 401) },
  { method: 'POST', path: (c) => `/campaigns/${c.campaignId}/agencies/${c.missingId}/remind`, expect: { anonymous: 401, agency: 403, reviewer: 404, admin: 404 } },
  { method: 'POST', path: (c) => `/admin/agencies/${c.provinceId}/leader`, body: { leaderEmail: 'x' }, expect: adminPost(422) },
  { method: 'GET', path: (c) => `/api/v1/agencies/${c.provinceId}/leader`, expect: { anonymous: 401, agency: 403, reviewer: 403, admin: 200 } },
  { method: 'PUT', path: (c) => `/api/v1/agencies/${c.provinceId}/leader`, body: { leaderEmail: 'x' }, expect: { anonymous: 401, agency: 403, reviewer: 403, admin: 422 } },
  { method: 'POST', path: (c) => `/api/v1/campaigns/${c.campaignId}/agencies/${c.missingId}/remind`, expect: { anonymous: 401, agency: 403, reviewer: 404, admin: 404 } },
];
