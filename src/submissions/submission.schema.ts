import { z } from 'zod';

/** Request shapes of the submission API and forms; row values are checked against the template by the service. */
const version = z.coerce.number({ error: 'submissions.errors.version_required' }).int().min(1);

export const itemBodySchema = z.object({ version, values: z.record(z.string(), z.unknown()) });

export const replaceBodySchema = z.object({
  version,
  items: z.array(z.object({ id: z.string().optional(), values: z.record(z.string(), z.unknown()) })).max(5000),
  report: z.record(z.string(), z.unknown()).optional(),
});

export const versionOnlySchema = z.object({ version });

export const reportBodySchema = z.object({ version, report: z.record(z.string(), z.unknown()) });

export const transitionBodySchema = z.object({
  action: z.enum(['submit', 'start_review', 'request_changes', 'accept', 'reopen'], { error: 'reviews.errors.unknown_action' }),
  message: z.string().max(5000).optional().default(''),
});

export const diffQuerySchema = z.object({
  from: z.coerce.number().int().min(1).optional(),
  to: z.coerce.number().int().min(1).optional(),
});

export const searchQuerySchema = z.object({
  q: z.string().max(200).optional(),
  docType: z.string().max(60).optional(),
  recommendation: z.string().max(60).optional(),
  agency: z.string().regex(/^[0-9a-f]{24}$/i).optional().or(z.literal('')),
});

export const queueQuerySchema = z.object({
  campaign: z.string().regex(/^[0-9a-f]{24}$/i).optional().or(z.literal('')),
  agency: z.string().regex(/^[0-9a-f]{24}$/i).optional().or(z.literal('')),
  status: z.enum(['', 'draft', 'submitted', 'in_review', 'changes_requested', 'accepted']).optional(),
  mine: z.enum(['', '1']).optional(),
  overdue: z.enum(['', '1']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
});
