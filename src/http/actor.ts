import type { Role } from '../users/roles.js';

/**
 * Who is acting: the logged-in user (page) or the owner of an API token.
 * Services take it as their first argument to check permission, scope
 * queries and write the audit log.
 */
export interface Actor {
  id: string;
  email: string;
  name: string;
  role: Role;
  agencyId: string;
  agencyCode: string;
  ip: string;
  via: 'session' | 'token';
  /**
   * Campaigns (ids) the user's agency coordinates: it reads every submission of these.
   * Loaded by requireAuth; absent means none.
   */
  coordinates?: readonly string[];
}

/** For work done by the system itself (first start, seeding). */
export interface SystemActor {
  system: true;
  label: string;
  ip?: string;
}

export type AnyActor = Actor | SystemActor;

export function isSystemActor(a: AnyActor | null | undefined): a is SystemActor {
  return !!a && 'system' in a;
}

/** Someone not logged in (a failed login attempt, a reset link). */
export interface AnonymousActor {
  anonymous: true;
  ip: string;
  email?: string;
}
