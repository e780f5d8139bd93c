import type { Actor } from '../http/actor.js';
import type { User } from '../users/user.model.js';

export function toActor(user: Pick<User, '_id' | 'email' | 'name' | 'role' | 'agency'>, agencyCode: string, ip: string, via: Actor['via']): Actor {
  return {
    id: user._id.toString(),
    email: user.email,
    name: user.name,
    role: user.role,
    agencyId: user.agency.toString(),
    agencyCode,
    ip,
    via,
  };
}
