import { z } from 'zod';
import { AGENCY_KINDS } from './agency.model.js';

const name = z.string().trim().min(1).max(200);

export const AgencyCreateSchema = z.object({
  code: z
    .string()
    .trim()
    .toLowerCase()
    .min(1)
    .max(60)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'agencies.errors.code_format'),
  nameVi: name,
  nameEn: name,
  kind: z.enum(AGENCY_KINDS.filter((k) => k !== 'moj') as ['ministry', 'gov-agency', 'province']),
});
export type AgencyCreateInput = z.infer<typeof AgencyCreateSchema>;

export const AgencyRenameSchema = z.object({
  nameVi: name,
  nameEn: name,
  /** Empty: reports use the name. */
  formalNameVi: z.string().trim().max(300).optional().transform((v) => (v ? v.normalize('NFC') : undefined)),
});
export type AgencyRenameInput = z.infer<typeof AgencyRenameSchema>;

export const AgencyListQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  kind: z.enum(AGENCY_KINDS).or(z.literal('')).optional(),
  status: z.enum(['active', 'inactive', '']).optional(),
});

/** Empty clears the address: the agency is then not escalated (and the admin is told so). */
export const AgencyLeaderSchema = z.object({
  leaderEmail: z
    .string('mail.errors.leader_email')
    .trim()
    .toLowerCase()
    .max(200, 'mail.errors.leader_email')
    .refine((v) => v === '' || z.email().safeParse(v).success, 'mail.errors.leader_email'),
});
export type AgencyLeaderInput = z.infer<typeof AgencyLeaderSchema>;
