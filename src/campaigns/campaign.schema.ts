import { z } from 'zod';
import { AGENCY_KINDS } from '../agencies/agency.model.js';
import { parseVnDate } from '../review-templates/vn-text.js';
import { CAMPAIGN_STATUSES } from './campaign.model.js';

const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'campaigns.errors.id');
/** Forms send one value as a string and several as an array. */
const idList = z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v.filter((x) => x !== '') : [v]), z.array(objectId).max(500));
const kindList = z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.enum(AGENCY_KINDS, { error: 'campaigns.errors.kind' })));

/** dd/mm/yyyy (forms), yyyy-mm-dd (date inputs, API) → the end of that day in Vietnam. */
export const vnDay = (key: string) =>
  z.string({ error: key }).transform((s, ctx) => {
    const d = parseVnDate(s);
    if (!d) {
      ctx.addIssue({ code: 'custom', message: key });
      return z.NEVER;
    }
    return new Date(Date.UTC(d.year, d.month - 1, d.day, 16, 59, 59));
  });

export const CampaignInputSchema = z.object({
  title: z.string({ error: 'campaigns.errors.title' }).transform((s) => s.normalize('NFC').replace(/\s+/g, ' ').trim()).pipe(z.string().min(1, 'campaigns.errors.title').max(300, 'campaigns.errors.title')),
  instructions: z.string().transform((s) => s.normalize('NFC').replace(/\r\n?/g, '\n').trim()).pipe(z.string().max(20_000, 'campaigns.errors.too_long')).optional().default(''),
  template: objectId,
  agencies: idList.optional().default([]),
  /** "all provinces", "all ministries": every active agency of these kinds is added. */
  agencyKinds: kindList.optional().default([]),
  reviewers: idList.optional().default([]),
  /** Cơ quan phối hợp; absent on an update keeps those already named. */
  coordinators: idList.optional(),
  startDate: z.preprocess((v) => (v === '' ? undefined : v), vnDay('campaigns.errors.date').optional()),
  deadline: vnDay('campaigns.errors.deadline'),
  rev: z.coerce.number().int().min(1).optional(),
}).superRefine((v, ctx) => {
  if (v.startDate && v.startDate > v.deadline) ctx.addIssue({ code: 'custom', path: ['startDate'], message: 'campaigns.errors.start_after_deadline' });
});
export type CampaignInput = z.infer<typeof CampaignInputSchema>;

export const CampaignListQuerySchema = z.object({
  status: z.enum(CAMPAIGN_STATUSES).or(z.literal('')).optional(),
  q: z.string().trim().max(100).optional(),
});

/** Checkbox lists: one value is a string, several an array (or, past qs's array limit, an object). */
const boxes = z.preprocess((v) => {
  if (v === undefined || v === '') return [];
  const list = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : [v];
  return list.filter((x) => x !== '');
}, z.array(objectId).max(500));
const cleanTitle = z.string({ error: 'campaigns.errors.title' }).transform((s) => s.normalize('NFC').replace(/\s+/g, ' ').trim()).pipe(z.string().min(1, 'campaigns.errors.title').max(300, 'campaigns.errors.title'));

/** Wizard step 1: title, template version, instructions. */
export const BasicsSchema = z.object({
  title: cleanTitle,
  template: z.string({ error: 'campaigns.errors.template_required' }).regex(/^[0-9a-f]{24}$/i, 'campaigns.errors.template_required'),
  instructions: z.string().transform((s) => s.normalize('NFC').replace(/\r\n?/g, '\n').trim()).pipe(z.string().max(20_000, 'campaigns.errors.too_long')).optional().default(''),
});

/** Wizard step 2: the boxes shown and ticked, and which button was pressed. */
export const AgencyPickSchema = z.object({
  agencies: boxes.optional().default([]),
  shown: boxes.optional().default([]),
  action: z.string().max(40).optional().default(''),
});

/** Wizard step 3. */
export const ScheduleSchema = z.object({
  startDate: z.preprocess((v) => (v === '' ? undefined : v), vnDay('campaigns.errors.date').optional()),
  deadline: vnDay('campaigns.errors.deadline'),
  reviewers: boxes.optional().default([]),
});

export const AgencyStepQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  kind: z.enum(AGENCY_KINDS).or(z.literal('')).optional(),
});

export const ExtensionSchema = z.object({
  agency: objectId,
  deadline: vnDay('campaigns.errors.deadline'),
  reason: z.string().max(2000).optional().default(''),
});

export const CoordinatorsSchema = z.object({
  coordinators: boxes.optional().default([]),
  rev: z.coerce.number().int().min(1).optional(),
});

export const ReasonSchema = z.object({ reason: z.string().max(2000).optional().default('') });
