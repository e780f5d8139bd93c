import { z } from 'zod';

/** Request shapes; values are checked against the template's fields by the services. */
const rev = z.coerce.number({ error: 'submissions.errors.version_required' }).int().min(0);

export const answerBodySchema = z.object({ rev, values: z.record(z.string(), z.unknown()) });

export const listQuerySchema = z.object({ page: z.coerce.number().int().min(1).max(100_000).optional().default(1) });

/** The agency's task list: all rows, or only those still to answer. */
export const tasksQuerySchema = z.object({
  show: z.enum(['all', 'open']).optional().default('all'),
  edit: z.string().regex(/^[0-9a-f]{24}$/).optional(),
});
