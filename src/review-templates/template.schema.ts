import { z } from 'zod';
import { cleanText } from './vn-text.js';

/**
 * The shape of a review template (mẫu rà soát): what the MoJ agrees with the agencies —
 * scope, method, report outline, the form of a proposal row, and the appendix table.
 * Messages are i18n keys (src/i18n/<lang>/templates.json); cross-field rules (duplicate
 * keys, columns pointing nowhere) live in template.validate.ts because they need params.
 */

export const FIELD_TYPES = ['text', 'longtext', 'date', 'enum', 'number', 'docref'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export const ORIENTATIONS = ['portrait', 'landscape'] as const;

export const KEY_RE = /^[a-z][a-z0-9_]{1,39}$/;
export const OPTION_RE = /^[a-z0-9][a-z0-9_-]{0,59}$/;

/** One line of Vietnamese: NFC, one space between words. */
const line = (max: number, requiredKey?: string) => {
  const base = z.string({ error: 'templates.errors.text' }).transform(cleanText);
  return requiredKey
    ? base.pipe(z.string().min(1, requiredKey).max(max, 'templates.errors.too_long'))
    : base.pipe(z.string().max(max, 'templates.errors.too_long'));
};

/** Markdown keeps its line breaks; only NFC and Windows line endings are normalised. */
const markdown = (max: number) =>
  z
    .string({ error: 'templates.errors.text' })
    .transform((s) => s.normalize('NFC').replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().max(max, 'templates.errors.too_long'));

const optionalLine = (max: number) => line(max).optional().default('');
/** One line of at most `max` characters, `messageKey` when longer. */
const boundedLine = (max: number, messageKey: string) => z.string({ error: 'templates.errors.text' }).transform(cleanText).pipe(z.string().max(max, messageKey));

export const COLUMN_LABEL_MAX = 80;
export const COLUMN_NOTE_MAX = 500;

export const enumOptionSchema = z.object({
  value: z.string({ error: 'templates.errors.option_value' }).trim().regex(OPTION_RE, 'templates.errors.option_value'),
  label_vi: line(300, 'templates.errors.label_vi_required'),
  label_en: optionalLine(300),
});

export const docrefSettingsSchema = z
  .object({
    typeField: z.string().trim().optional(),
    issuerField: z.string().trim().optional(),
    dateField: z.string().trim().optional(),
    allowNonNormative: z.boolean().optional(),
  })
  .partial();

/** Bounds of a number field; a template may also ask for whole numbers only. */
export const numberSettingsSchema = z
  .object({
    min: z.number({ error: 'templates.errors.number_bound' }).finite().optional(),
    max: z.number({ error: 'templates.errors.number_bound' }).finite().optional(),
    integer: z.boolean().optional(),
  })
  .refine((n) => n.min === undefined || n.max === undefined || n.min <= n.max, { message: 'templates.errors.number_range', path: ['max'] });

export const fieldSchema = z.object({
  key: z.string({ error: 'templates.errors.key_format' }).trim().regex(KEY_RE, 'templates.errors.key_format'),
  label_vi: line(300, 'templates.errors.label_vi_required'),
  label_en: optionalLine(300),
  type: z.enum(FIELD_TYPES, { error: 'templates.errors.field_type' }),
  required: z.boolean().optional().default(false),
  options: z.array(enumOptionSchema).max(200, 'templates.errors.too_many').optional().default([]),
  help: markdown(2000).optional().default(''),
  docref: docrefSettingsSchema.optional(),
  number: numberSettingsSchema.optional(),
});

export const sectionSchema = z.object({
  key: z.string().trim().regex(KEY_RE, 'templates.errors.key_format').optional(),
  heading: line(300, 'templates.errors.heading_required'),
  guidance: markdown(10_000).optional().default(''),
});

export const columnSchema = z.object({
  fieldKey: z.string({ error: 'templates.errors.column_field' }).trim().min(1, 'templates.errors.column_field'),
  width: z.coerce.number({ error: 'templates.errors.width' }).int('templates.errors.width').min(1, 'templates.errors.width').max(100, 'templates.errors.width').optional().default(10),
  // A header label is short ("Kiến nghị xử lý"): a long one makes a tall header row repeated on
  // every page; the full wording goes in the note under the table.
  label_vi: boundedLine(COLUMN_LABEL_MAX, 'templates.errors.column_label_long').optional().default(''),
  label_en: boundedLine(COLUMN_LABEL_MAX, 'templates.errors.column_label_long').optional().default(''),
  /** Written under the appendix table, e.g. the full wording of a short header label. */
  note_vi: boundedLine(COLUMN_NOTE_MAX, 'templates.errors.column_note_long').optional(),
});

export const appendixSchema = z.object({
  title: line(500, 'templates.errors.appendix_title_required'),
  orientation: z.enum(ORIENTATIONS, { error: 'templates.errors.orientation' }).optional().default('landscape'),
  sttWidth: z.coerce.number().int().min(1).max(20).optional().default(4),
  columns: z.array(columnSchema).min(1, 'templates.errors.columns_required').max(40, 'templates.errors.too_many'),
});

const fieldKey = z.string().trim().regex(KEY_RE, 'templates.errors.key_format');

/**
 * Rows prepared centrally and given to agencies (danh mục giao cho cơ quan): which fields the
 * MoJ fills (read-only for the agency), which enum field holds the agency's answer and what
 * each answer means for the reconciliation reports.
 */
export const referenceSchema = z.object({
  fields: z.array(fieldKey).min(1, 'templates.errors.reference_fields').max(40, 'templates.errors.too_many'),
  answerField: fieldKey,
  keyField: fieldKey.optional(),
  titleField: fieldKey.optional(),
  deadlineField: fieldKey.optional(),
  leadField: fieldKey.optional(),
  coordinatingField: fieldKey.optional(),
  /** Answer codes per outcome; an answer in none of them counts as answered only. */
  outcomes: z
    .object({
      covered: z.array(z.string()).optional().default([]),
      in_progress: z.array(z.string()).optional().default([]),
      missing: z.array(z.string()).optional().default([]),
      not_applicable: z.array(z.string()).optional().default([]),
    })
    .optional()
    .default({ covered: [], in_progress: [], missing: [], not_applicable: [] }),
  /** Fields the agency fills for a missing task (proposed document, deadline): shown in the missing-task list. */
  missingFields: z.array(fieldKey).max(10, 'templates.errors.too_many').optional().default([]),
});

export const templateSpecSchema = z.object({
  title: line(300, 'templates.errors.title_required'),
  description: markdown(20_000).optional().default(''),
  /** For admins only: the legal basis of the columns and what to check before a campaign opens. */
  legalNote: markdown(20_000).optional().default(''),
  scope: markdown(50_000).optional().default(''),
  method: markdown(50_000).optional().default(''),
  outline: z.array(sectionSchema).max(60, 'templates.errors.too_many').optional().default([]),
  fields: z.array(fieldSchema).min(1, 'templates.errors.fields_required').max(80, 'templates.errors.too_many'),
  appendix: appendixSchema,
  /** The enum field holding the recommended action: dashboard and report totals count by it. */
  recommendationField: z.string().trim().optional(),
  /** The docref field naming the document a row concerns: the consolidated appendix groups by its key. */
  documentField: z.string().trim().optional(),
  /** An enum field the reports group rows by when the template has no document field. */
  groupField: z.string().trim().optional(),
  reference: referenceSchema.optional(),
});

export type EnumOption = z.infer<typeof enumOptionSchema>;
export type DocrefSettings = z.infer<typeof docrefSettingsSchema>;
export type TemplateField = z.infer<typeof fieldSchema>;
export type ReferenceSettings = z.infer<typeof referenceSchema>;
export type OutlineSection = z.infer<typeof sectionSchema> & { key: string };
export type AppendixColumn = z.infer<typeof columnSchema>;
export type Appendix = z.infer<typeof appendixSchema>;
export type TemplateSpec = Omit<z.infer<typeof templateSpecSchema>, 'outline'> & { outline: OutlineSection[] };
/** What a client sends: defaults may be left out. */
export type TemplateSpecInput = z.input<typeof templateSpecSchema>;
