import { z } from 'zod';
import { PASSWORD_MAX, PASSWORD_MIN } from '../auth/password.js';
import { ROLES } from './roles.js';

const email = z.string().trim().toLowerCase().min(1).max(200).pipe(z.email());
const name = z.string().trim().min(1).max(200);
const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'validation.choice');
export const password = z.string().min(PASSWORD_MIN).max(PASSWORD_MAX);

export const LoginSchema = z.object({
  email: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(PASSWORD_MAX),
  next: z.string().max(500).optional(),
});

export const UserCreateSchema = z.object({
  email,
  name,
  role: z.enum(ROLES),
  agency: objectId,
});
export type UserCreateInput = z.infer<typeof UserCreateSchema>;

export const UserUpdateSchema = z.object({ name, role: z.enum(ROLES), agency: objectId });
export type UserUpdateInput = z.infer<typeof UserUpdateSchema>;

export const PasswordChangeSchema = z
  .object({ current: z.string().min(1).max(PASSWORD_MAX), password, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'profile.errors.confirm_mismatch' });

export const PasswordSetSchema = z
  .object({ password, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'profile.errors.confirm_mismatch' });

export const SetupSchema = z
  .object({ email, name, password, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'profile.errors.confirm_mismatch' });

export const UserListQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  role: z.enum(ROLES).or(z.literal('')).optional(),
  agency: objectId.or(z.literal('')).optional(),
  status: z.enum(['active', 'inactive', '']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
});
