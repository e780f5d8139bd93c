import { z } from 'zod';
import { parseVnDate } from '../review-templates/vn-text.js';
import { foldDiacritics } from '../review-templates/vn-text.js';
import { SIGNING_AUTHORITIES } from './campaign-report.model.js';

const E = (key: string) => `campaign_reports.errors.${key}`;
const text = (max: number, key: string) =>
  z.string({ error: E(key) }).transform((s) => s.normalize('NFC').replace(/\r\n?/g, '\n').trim()).pipe(z.string().max(max, E(key)));
const line = (max: number, key: string) =>
  z.string({ error: E(key) }).transform((s) => s.normalize('NFC').replace(/\s+/g, ' ').trim()).pipe(z.string().max(max, E(key)));
/** A list from the API (array) or a form's textarea (one per line); dashes and end marks typed by habit are dropped. */
const lines = (maxItems: number, key: string) =>
  z
    .preprocess((v) => (typeof v === 'string' ? v.split(/\r?\n/) : v), z.array(z.string({ error: E(key) })).max(200, E(key)))
    .transform((list) => list.map((s) => s.normalize('NFC').replace(/^\s*[-–•]\s*/, '').replace(/[;.,]\s*$/, '').replace(/\s+/g, ' ').trim()).filter((s) => s !== ''))
    .pipe(z.array(z.string().max(200, E(key))).max(maxItems, E(key)));

const fold = (s: string): string => foldDiacritics(s).toLowerCase().replace(/\s*\(.*?\)\s*/g, ' ').replace(/\s+/g, ' ').trim();

export const CampaignReportInputSchema = z
  .object({
    version: z.coerce.number({ error: E('version') }).int(E('version')).min(0, E('version')),
    /** Per outline section key (API) or `section_<key>` form fields, gathered by the route. */
    sections: z.record(z.string(), text(50_000, 'section_too_long')).optional().default({}),
    number: z.string().trim().regex(/^(\d{1,6})?$/, E('number')).optional().default(''),
    symbol: line(40, 'symbol').pipe(z.string().regex(/^[\p{Lu}\d]+(-[\p{Lu}\d]+)*$/u, E('symbol'))),
    date: z
      .string()
      .optional()
      .transform((s, ctx) => {
        if (!s || !s.trim()) return undefined;
        const d = parseVnDate(s);
        if (!d) {
          ctx.addIssue({ code: 'custom', message: E('date') });
          return z.NEVER;
        }
        return new Date(Date.UTC(d.year, d.month - 1, d.day, 3));
      }),
    addressees: lines(10, 'addressees').optional().default([]),
    authority: z.enum(SIGNING_AUTHORITIES, { error: E('authority') }).optional().default(''),
    headTitle: line(100, 'head_title').optional().default(''),
    signerTitle: line(100, 'signer_title').pipe(z.string().min(1, E('signer_title'))),
    signerName: line(100, 'signer_name').optional().default(''),
    recipients: lines(40, 'recipients').optional().default([]),
    archive: line(100, 'archive').pipe(z.string().min(1, E('archive'))),
  })
  .superRefine((v, ctx) => {
    if (v.authority !== '' && v.headTitle === '') ctx.addIssue({ code: 'custom', path: ['headTitle'], message: E('head_title_required') });
    // Nơi nhận lists where copies go: the one who signs keeps the original, never a copy.
    const signer = [v.signerTitle, ...(v.authority === '' ? [v.headTitle] : []), v.signerName].filter((s) => s !== '').map(fold);
    const own = v.recipients.find((r) => {
      const f = fold(r);
      return signer.some((s) => f === s || (v.signerName !== '' && f.includes(fold(v.signerName))));
    });
    if (own) ctx.addIssue({ code: 'custom', path: ['recipients'], message: E('signer_recipient') });
  });
export type CampaignReportInput = z.infer<typeof CampaignReportInputSchema>;
