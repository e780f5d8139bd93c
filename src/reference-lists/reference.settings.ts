import type { ReviewTemplate } from '../review-templates/template.model.js';
import type { ReferenceSettings, TemplateField } from '../review-templates/template.schema.js';

/**
 * What a template's reference list means in fields: which ones the MoJ fills, which the agency
 * answers, and the columns that address a row to agencies. A template that names no lead or
 * coordinating field still gets those columns in the import (they address the row, nothing more).
 */
export const LEAD_KEY = '__lead';
export const COORDINATING_KEY = '__coordinating';

export interface ReferencePlan {
  readonly settings: ReferenceSettings;
  readonly central: readonly TemplateField[];
  /** The fields an agency fills for a row it was given; the answer field is required. */
  readonly answer: readonly TemplateField[];
  readonly answerField: TemplateField;
  /** The columns of the import: central fields, the lead column required. */
  readonly importFields: readonly TemplateField[];
  readonly leadKey: string;
  readonly coordinatingKey: string;
}

type PlanTemplate = Pick<ReviewTemplate, 'fields' | 'reference'>;

export function hasReference(t: PlanTemplate): boolean {
  return Boolean(t.reference && t.fields.some((f) => f.key === t.reference!.answerField));
}

const addressField = (key: string, label_vi: string, label_en: string, required: boolean): TemplateField => ({
  key, label_vi, label_en, type: 'text', required, options: [], help: '',
});

export function referencePlan(t: PlanTemplate): ReferencePlan | null {
  const settings = t.reference;
  if (!settings || !hasReference(t)) return null;
  const centralKeys = new Set(settings.fields);
  const central = t.fields.filter((f) => centralKeys.has(f.key));
  const answer = t.fields.filter((f) => !centralKeys.has(f.key)).map((f) => (f.key === settings.answerField ? { ...f, required: true } : f));
  const byKey = new Map(t.fields.map((f) => [f.key, f]));
  const lead = settings.leadField ? byKey.get(settings.leadField) : undefined;
  const coordinating = settings.coordinatingField ? byKey.get(settings.coordinatingField) : undefined;
  const importFields = [
    ...central.map((f) => (f.key === lead?.key ? { ...f, required: true } : f)),
    ...(lead ? [] : [addressField(LEAD_KEY, 'Cơ quan chủ trì', 'Lead agency', true)]),
    ...(coordinating ? [] : [addressField(COORDINATING_KEY, 'Cơ quan phối hợp', 'Coordinating agencies', false)]),
  ];
  return {
    settings,
    central,
    answer,
    answerField: answer.find((f) => f.key === settings.answerField)!,
    importFields,
    leadKey: lead?.key ?? LEAD_KEY,
    coordinatingKey: coordinating?.key ?? COORDINATING_KEY,
  };
}

export type Outcome = 'covered' | 'in_progress' | 'missing' | 'not_applicable' | 'other';

export function outcomeOf(settings: ReferenceSettings, code: unknown): Outcome {
  if (typeof code !== 'string' || !code) return 'other';
  for (const o of ['covered', 'in_progress', 'missing', 'not_applicable'] as const) if (settings.outcomes[o].includes(code)) return o;
  return 'other';
}
