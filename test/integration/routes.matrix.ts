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
}

export type MatrixRole = 'anonymous' | 'agency' | 'reviewer' | 'admin';

export interface MatrixRow {
  method: 'GET' | 'POST';
  path: string | ((ctx: MatrixContext, role: MatrixRole) => string);
  body?: Record<string, string>;
  expect: Record<MatrixRole, number>;
}

// anonymous pages: GET → 302 to /login, POST → 401
const adminPage = { anonymous: 302, agency: 403, reviewer: 403, admin: 200 };
const adminPost = (adminStatus: number) => ({ anonymous: 401, agency: 403, reviewer: 403, admin: adminStatus });
const anyUser = (status: number, anonymous = 302) => ({ anonymous, agency: status, reviewer: status, admin: status });

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

  { method: 'GET', path: '/api/v1/me', expect: anyUser(200, 401) },
  { method: 'GET', path: '/api/v1/agencies', expect: anyUser(200, 401) },
  { method: 'GET', path: '/api/v1/audit', expect: { anonymous: 401, agency: 403, reviewer: 403, admin: 200 } },
  { method: 'GET', path: '/api/v1/openapi.json', expect: anyUser(200, 200) },
  { method: 'GET', path: '/api/v1/no-such-thing', expect: anyUser(404, 404) },
];
