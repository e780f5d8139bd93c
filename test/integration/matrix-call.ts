import type { Express } from 'express';
import request from 'supertest';
import type { Session } from '../factories/index.js';

/**
 * One request of a role matrix: /api with the role's bearer token (if any),
 * pages through the role's session, form posts with a fresh CSRF token.
 */
export async function callAs(
  app: Express,
  row: { method: 'GET' | 'POST' | 'PUT'; body?: Record<string, string> },
  path: string,
  session: Session,
  authorization: string | undefined,
  anonymous: boolean,
): Promise<request.Response> {
  if (path.startsWith('/api/')) {
    const req =
      row.method === 'GET' ? request(app).get(path) : row.method === 'PUT' ? request(app).put(path).send(row.body ?? {}) : request(app).post(path).send(row.body ?? {});
    return authorization ? req.set('Authorization', authorization) : req;
  }
  if (row.method === 'GET') return session.agent.get(path);
  const token = await session.csrf(anonymous ? '/login' : '/profile');
  return session.agent.post(path).type('form').send({ ...(row.body ?? {}), _csrf: token });
}
