import type { Types } from 'mongoose';
import { AgencyModel, REVIEWING_AGENCY_CODE, type Agency } from '../agencies/agency.model.js';
import { audit } from '../audit/audit.service.js';
import { hashPassword, verifyPassword } from '../auth/password.js';
import type { Actor, AnyActor } from '../http/actor.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import type { Role } from './roles.js';
import { UserModel, type User } from './user.model.js';
import type { UserCreateInput, UserUpdateInput } from './user.schema.js';

export type UserView = Omit<User, 'passwordHash'> & { agencyDoc?: Pick<Agency, '_id' | 'code' | 'nameVi' | 'nameEn'> };

/** MoJ staff (admins, reviewers) belong to the MoJ; the agency must exist and be active. */
async function checkRoleAgency(role: Role, agencyId: string): Promise<Agency> {
  const agency = await AgencyModel.findById(toObjectId(agencyId)).lean<Agency>();
  if (!agency || !agency.active) throw new Invalid([{ field: 'agency', message: 'validation.choice' }]);
  if (role !== 'agency' && agency.code !== REVIEWING_AGENCY_CODE) {
    throw new Invalid([{ field: 'agency', message: 'users.errors.staff_in_moj' }]);
  }
  return agency;
}

const PAGE_SIZE = 25;

export interface UserFilter {
  q?: string;
  role?: string;
  agency?: string;
  status?: string;
  page?: number;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function listUsers(filter: UserFilter): Promise<{ items: UserView[]; page: number; pages: number; total: number }> {
  const q: Record<string, unknown> = {};
  if (filter.role) q.role = filter.role;
  if (filter.agency) q.agency = toObjectId(filter.agency);
  if (filter.status === 'active') q.active = true;
  if (filter.status === 'inactive') q.active = false;
  if (filter.q) {
    const re = new RegExp(escapeRegex(filter.q), 'i');
    q.$or = [{ email: re }, { name: re }];
  }
  const total = await UserModel.countDocuments(q);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(filter.page ?? 1, pages);
  const users = await UserModel.find(q)
    .sort({ email: 1 })
    .skip((page - 1) * PAGE_SIZE)
    .limit(PAGE_SIZE)
    .lean<User[]>();
  const agencies = await AgencyModel.find({ _id: { $in: [...new Set(users.map((u) => u.agency.toString()))] } })
    .select({ code: 1, nameVi: 1, nameEn: 1 })
    .lean<Agency[]>();
  const byId = new Map(agencies.map((a) => [a._id.toString(), a]));
  return { items: users.map((u) => ({ ...u, agencyDoc: byId.get(u.agency.toString()) })), page, pages, total };
}

export async function getUser(id: string | Types.ObjectId): Promise<User> {
  const user = await UserModel.findById(toObjectId(id)).lean<User>();
  if (!user) throw new NotFound();
  return user;
}

/** Creates the account without a password; the admin then hands over a one-time link. */
export async function createUser(actor: AnyActor, input: UserCreateInput, password?: string): Promise<User> {
  await checkRoleAgency(input.role, input.agency);
  if (await UserModel.exists({ email: input.email })) {
    throw new Conflict('users.errors.email_taken', { details: [{ field: 'email', message: 'users.errors.email_taken' }] });
  }
  const doc = await UserModel.create({
    ...input,
    agency: toObjectId(input.agency),
    passwordHash: password ? await hashPassword(password) : undefined,
  });
  await audit(actor, 'user.create', { type: 'user', id: doc._id, label: doc.email }, {
    role: input.role,
    agency: input.agency,
  });
  const { passwordHash: _omit, ...rest } = doc.toObject();
  return rest;
}

export async function updateUser(actor: Actor, id: string, input: UserUpdateInput): Promise<User> {
  const before = await getUser(id);
  if (before._id.toString() === actor.id && input.role !== 'admin') throw new Forbidden('users.errors.own_role');
  await checkRoleAgency(input.role, input.agency);
  await UserModel.updateOne({ _id: before._id }, { $set: { name: input.name, role: input.role, agency: toObjectId(input.agency) } });
  const changes: Record<string, unknown> = {};
  if (before.name !== input.name) changes.name = { from: before.name, to: input.name };
  if (before.role !== input.role) changes.role = { from: before.role, to: input.role };
  if (before.agency.toString() !== input.agency) changes.agency = { from: before.agency.toString(), to: input.agency };
  await audit(actor, 'user.update', { type: 'user', id: before._id, label: before.email }, changes);
  return { ...before, name: input.name, role: input.role, agency: toObjectId(input.agency) };
}

export async function setUserActive(actor: Actor, id: string, active: boolean): Promise<User> {
  const user = await getUser(id);
  if (!active && user._id.toString() === actor.id) throw new Forbidden('users.errors.own_deactivate');
  if (user.active === active) return user;
  await UserModel.updateOne({ _id: user._id }, { $set: { active } });
  await audit(actor, active ? 'user.activate' : 'user.deactivate', { type: 'user', id: user._id, label: user.email });
  return { ...user, active };
}

export async function changeOwnPassword(actor: Actor, current: string, next: string): Promise<Date> {
  const user = await UserModel.findById(actor.id).select('+passwordHash');
  if (!user) throw new NotFound();
  if (!(await verifyPassword(user.passwordHash, current))) {
    throw new Invalid([{ field: 'current', message: 'profile.errors.current_wrong' }]);
  }
  const changedAt = new Date();
  await UserModel.updateOne({ _id: user._id }, { $set: { passwordHash: await hashPassword(next), passwordChangedAt: changedAt } });
  await audit(actor, 'user.password_change', { type: 'user', id: user._id, label: user.email });
  return changedAt;
}

export async function countUsers(): Promise<number> {
  return UserModel.countDocuments({});
}
