import { z } from 'zod';

const day = z
  .string()
  .regex(/^\d{2}\/\d{2}\/\d{4}$|^\d{4}-\d{2}-\d{2}$/, 'validation.date')
  .transform((s) => {
    const [a, b, c] = s.includes('/') ? s.split('/').reverse() : s.split('-');
    // Days are Vietnam days (UTC+7).
    return new Date(`${a}-${b}-${c}T00:00:00+07:00`);
  })
  .refine((d) => !Number.isNaN(d.getTime()), 'validation.date');

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const AuditQuerySchema = z.object({
  action: optional(z.string().max(100)),
  actor: optional(z.string().max(200)),
  object: optional(z.string().max(100)),
  from: optional(day),
  to: optional(day),
  limit: optional(z.string()),
  cursor: optional(z.string().max(100)),
});
