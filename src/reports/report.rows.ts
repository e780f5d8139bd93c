import type { Types } from 'mongoose';
import { formatCitation } from '../review-templates/citation.js';
import { parseDocRef } from '../review-templates/docref.js';
import type { DocRefValue } from '../review-templates/item-values.js';
import type { ReviewTemplate } from '../review-templates/template.model.js';
import type { TemplateField } from '../review-templates/template.schema.js';
import { foldDiacritics } from '../review-templates/vn-text.js';
import type { Comment } from '../reviews/comment.model.js';
import type { Disposition as DispositionDoc } from '../reviews/disposition.model.js';
import type { AgencyNarrative } from './full.report.js';
import { DEFAULT_RECOMMENDATION_TYPES } from './report.text.js';
import type { ColumnKind } from './table.model.js';
import type { AppendixSpec, CellValue, Disposition, RecommendationType, ReportComment, ReportItem } from './report.types.js';

// From stored documents to the builders' plain inputs: codes become the labels people read,
// ISO dates become dates, the docref of the row's document becomes its group key and
// citation. Pure functions, so this module stays free of the database and of docx/exceljs
// (only types are imported from the builders: routes load those lazily).

/** The template settings a report reads, as projected from the pinned version. */
export type ReportTemplate = Pick<ReviewTemplate, 'title' | 'outline' | 'fields' | 'appendix' | 'recommendationField' | 'documentField'> & Partial<Pick<ReviewTemplate, 'groupField'>>;

export interface StoredItem {
  _id: Types.ObjectId;
  values?: Record<string, unknown>;
}

/** The fields a report needs from a template, worked out once per report. */
export interface TemplatePlan {
  readonly spec: AppendixSpec;
  readonly fields: ReadonlyMap<string, TemplateField>;
  readonly documentField?: TemplateField;
  /** Trích yếu of the row's document, used in the group heading's citation. */
  readonly titleField?: TemplateField;
  readonly recommendationField?: string;
  /** Heading of the totals table: the recommendation field's own label. */
  readonly recommendationLabel?: string;
  readonly recommendationTypes: readonly RecommendationType[];
  /** How the consolidated appendix groups rows: by document, by a declared enum field, or not at all. */
  readonly grouping: Grouping;
  /** Every value key a report reads: the projection of `items.values`. */
  readonly valueKeys: readonly string[];
}

export type Grouping = { readonly kind: 'document' } | { readonly kind: 'field'; readonly field: TemplateField } | { readonly kind: 'none' };

const isTitleField = (f: TemplateField): boolean =>
  (f.type === 'text' || f.type === 'longtext') && (f.key === 'trich_yeu' || foldDiacritics(f.label_vi).toLowerCase().startsWith('trich yeu'));

const KIND_OF_TYPE: Record<TemplateField['type'], ColumnKind> = {
  text: 'text',
  longtext: 'longtext',
  date: 'date',
  enum: 'enum',
  number: 'number',
  docref: 'code',
};

const columnKind = (field: TemplateField | undefined): ColumnKind => (field ? KIND_OF_TYPE[field.type] : 'text');

export function planTemplate(t: ReportTemplate): TemplatePlan {
  const fields = new Map(t.fields.map((f) => [f.key, f]));
  const spec: AppendixSpec = {
    title: t.appendix.title,
    orientation: t.appendix.orientation === 'portrait' ? 'portrait' : 'landscape',
    columns: t.appendix.columns.map((c) => {
      const field = fields.get(c.fieldKey);
      return {
        key: c.fieldKey,
        label: c.label_vi || field?.label_vi || c.fieldKey,
        kind: columnKind(field),
        ...(c.note_vi ? { note: c.note_vi } : {}),
      };
    }),
  };
  const groupField = t.groupField ? fields.get(t.groupField) : undefined;
  // A template that declares a grouping field is not about documents: its docref fields (an
  // issuing document, say) are values, not what the rows are grouped by.
  const documentField = fields.get(t.documentField ?? '') ?? (groupField ? undefined : t.fields.find((f) => f.type === 'docref'));
  const grouping: Grouping = documentField ? { kind: 'document' } : groupField?.type === 'enum' ? { kind: 'field', field: groupField } : { kind: 'none' };
  const titleField = t.fields.find(isTitleField);
  const recField = fields.get(t.recommendationField ?? '');
  // The eight document actions only make sense for a template about documents.
  const recommendationTypes =
    recField?.type === 'enum' && recField.options.length > 0
      ? recField.options.map((o) => ({ code: o.value, label: o.label_vi }))
      : documentField
        ? DEFAULT_RECOMMENDATION_TYPES
        : [];
  const keys = new Set(spec.columns.map((c) => c.key));
  for (const key of [documentField?.key, documentField?.docref?.dateField, documentField?.docref?.issuerField, documentField?.docref?.typeField, titleField?.key, recField?.key, groupField?.key]) {
    if (key) keys.add(key);
  }
  return {
    spec, fields, documentField, titleField, recommendationField: recField?.key, recommendationLabel: recField?.label_vi, recommendationTypes, grouping, valueKeys: [...keys],
  };
}

function isDocRefValue(v: unknown): v is DocRefValue {
  return typeof v === 'object' && v !== null && typeof (v as DocRefValue).text === 'string';
}

/** ISO yyyy-mm-dd as stored → midnight UTC, which reads as the same day in Viet Nam (UTC+7) and in Excel. */
function isoDate(v: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

export function displayValue(field: TemplateField | undefined, raw: unknown): CellValue {
  return valueShower(field)(raw);
}

type Shower = (raw: unknown) => CellValue;
const showers = new WeakMap<TemplateField, Shower>();
const plainShower = makeShower(undefined);

/** displayValue for one field, with what it looks up worked out once per field: a table shows it thousands of times. */
function valueShower(field: TemplateField | undefined): Shower {
  if (!field) return plainShower;
  let show = showers.get(field);
  if (!show) showers.set(field, (show = makeShower(field)));
  return show;
}

function makeShower(field: TemplateField | undefined): Shower {
  const labels = field?.type === 'enum' ? new Map(field.options.map((o) => [o.value, o.label_vi] as const).reverse()) : undefined;
  const isDate = field?.type === 'date';
  return (raw) => {
    if (raw === null || raw === undefined || raw === '') return null;
    if (typeof raw === 'string') return labels ? (labels.get(raw) ?? raw) : isDate ? (isoDate(raw) ?? raw) : raw;
    if (isDocRefValue(raw)) return raw.text;
    if (typeof raw === 'number') return raw;
    if (raw instanceof Date) return raw;
    return null;
  };
}

interface DocInfo {
  readonly docKey: string;
  readonly docCitation: string;
  readonly docRank?: number;
  readonly docNumber?: number;
  readonly docYear?: number;
}

// A citation depends only on what citation() reads, and on the current year (a document
// dated later does not parse): an instance keeps the last ones it made, so a campaign's other
// reports and later downloads do not parse and cite the same documents again.
const CITATIONS_KEPT = 20_000;
const citations = new Map<string, string>();

function citation(ref: DocRefValue, issuer: string, date: string | undefined, title: string | undefined): string {
  // Fields joined by a control character typed text does not hold; U+0002 tells an absent date or title from an empty one.
  const key = `${new Date().getFullYear()}\u0001${ref.input}\u0001${ref.text}\u0001${ref.typeCode}\u0001${issuer}\u0001${date ?? '\u0002'}\u0001${title ?? '\u0002'}`;
  let text = citations.get(key);
  if (text === undefined) {
    const parsed = parseDocRef(ref.input || ref.text, { type: ref.typeCode, issuer, allowNonNormative: true });
    text = parsed.ok ? formatCitation(parsed.ref, { date, title }) : ref.text;
    if (citations.size >= CITATIONS_KEPT) citations.delete(citations.keys().next().value!);
    citations.set(key, text);
  }
  return text;
}

/** The group heading: the full citation (§II.6.b), from the first row that names the document. */
function docInfo(plan: TemplatePlan, values: Record<string, unknown>, agencyName: string): DocInfo | undefined {
  const field = plan.documentField;
  const ref = field ? values[field.key] : undefined;
  if (!field || !isDocRefValue(ref) || !ref.key) return undefined;
  const settings = field.docref ?? {};
  const date = settings.dateField && typeof values[settings.dateField] === 'string' ? (values[settings.dateField] as string) : undefined;
  const title = plan.titleField && typeof values[plan.titleField.key] === 'string' ? (values[plan.titleField.key] as string) : undefined;
  const issuerRaw = settings.issuerField ? values[settings.issuerField] : undefined;
  const issuer = ref.issuer ?? (typeof issuerRaw === 'string' ? issuerRaw : undefined) ?? agencyName;
  const number = Number.parseInt(ref.number, 10);
  return {
    docKey: ref.key,
    docCitation: citation(ref, issuer, date, title),
    docRank: ref.rank ?? undefined,
    docNumber: Number.isNaN(number) ? undefined : number,
    docYear: ref.year ?? undefined,
  };
}

/**
 * Rows as report items, in whatever order their submissions are read: a document is cited
 * from the first row that names it in the report's order of submissions (`order`), as a
 * reader going through the report would meet it, and the citation is put on its rows by `cite`.
 */
export class ReportItemBuilder {
  /** Per document, the row it is cited from so far; cited once all rows are in. */
  private readonly citing = new Map<string, { readonly order: number; readonly values: Record<string, unknown>; readonly agencyName: string }>();
  private readonly cited = new Map<string, DocInfo>();

  private readonly columns: readonly { readonly key: string; readonly show: (raw: unknown) => CellValue }[];
  private readonly showGroup?: (raw: unknown) => CellValue;

  constructor(private readonly plan: TemplatePlan) {
    this.columns = plan.spec.columns.map((c) => ({ key: c.key, show: valueShower(plan.fields.get(c.key)) }));
    if (plan.grouping.kind === 'field') this.showGroup = valueShower(plan.grouping.field);
  }

  item(stored: StoredItem, agencyName: string, order = 0): ReportItem {
    const { plan } = this;
    const raw = stored.values ?? {};
    const values: Record<string, CellValue> = {};
    for (const c of this.columns) values[c.key] = c.show(raw[c.key]);
    const ref = plan.documentField ? raw[plan.documentField.key] : undefined;
    const docKey = isDocRefValue(ref) && ref.key ? ref.key : undefined;
    if (docKey) {
      const seen = this.citing.get(docKey);
      if (!seen || order < seen.order) this.citing.set(docKey, { order, values: raw, agencyName });
    }
    const rec = plan.recommendationField ? raw[plan.recommendationField] : undefined;
    const item: { -readonly [K in keyof ReportItem]: ReportItem[K] } = { id: stored._id.toString(), agencyName, values, recommendation: typeof rec === 'string' ? rec : undefined };
    if (docKey) item.docKey = docKey;
    if (this.showGroup && plan.grouping.kind === 'field') {
      const group = this.showGroup(raw[plan.grouping.field.key]);
      if (typeof group === 'string') item.group = group;
    }
    return item;
  }

  /** Puts each document's citation on its rows, once every row is in. */
  cite(items: Iterable<ReportItem>): void {
    for (const item of items) {
      if (!item.docKey) continue;
      let doc = this.cited.get(item.docKey);
      if (!doc) {
        const row = this.citing.get(item.docKey)!;
        this.cited.set(item.docKey, (doc = docInfo(this.plan, row.values, row.agencyName)!));
      }
      Object.assign(item, doc);
    }
  }
}

/** One submission's rows as report items. */
export function reportItems(plan: TemplatePlan, agencyName: string, items: readonly StoredItem[]): ReportItem[] {
  const builder = new ReportItemBuilder(plan);
  const out = items.map((item) => builder.item(item, agencyName));
  builder.cite(out);
  return out;
}

export type StoredComment = Pick<Comment, '_id' | 'submission' | 'parent' | 'target' | 'authorName' | 'authorRole' | 'text' | 'status' | 'createdAt'>;

function commentText(c: StoredComment): string {
  // A comment on a paragraph of an attached Word file says which words it is about.
  return c.target.kind === 'paragraph' && c.target.quote ? `“${c.target.quote}” — ${c.text}` : c.text;
}

/**
 * Threads (a root and its replies, oldest first) per submission id. `rootFilter` picks which
 * threads count, e.g. only those the MoJ started for the tiếp thu – giải trình table.
 */
export function reportComments(rows: readonly StoredComment[], rootFilter: (c: StoredComment) => boolean = () => true): Map<string, ReportComment[]> {
  const sorted = [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const replies = new Map<string, StoredComment[]>();
  for (const c of sorted) if (c.parent) replies.set(c.parent.toString(), [...(replies.get(c.parent.toString()) ?? []), c]);
  const bySubmission = new Map<string, ReportComment[]>();
  for (const c of sorted) {
    if (c.parent || !rootFilter(c)) continue;
    const thread: ReportComment = {
      id: c._id.toString(),
      itemId: c.target.kind === 'item' && c.target.itemId ? c.target.itemId.toString() : undefined,
      author: c.authorName,
      date: c.createdAt,
      text: commentText(c),
      resolved: c.status === 'resolved',
      replies: (replies.get(c._id.toString()) ?? []).map((r) => ({ author: r.authorName, date: r.createdAt, text: r.text })),
    };
    const key = c.submission.toString();
    bySubmission.set(key, [...(bySubmission.get(key) ?? []), thread]);
  }
  return bySubmission;
}

export const startedByMoj = (c: StoredComment): boolean => c.authorRole === 'reviewer' || c.authorRole === 'admin';

export type StoredDisposition = Pick<DispositionDoc, 'item' | 'decision' | 'explanation'>;

export const reportDispositions = (rows: readonly StoredDisposition[]): Disposition[] =>
  rows.map((d) => ({ itemId: d.item.toString(), status: d.decision, explanation: d.explanation ?? '' }));

/** An agency's narrative under the template outline's headings, in the outline's order. */
export function agencyNarrative(t: ReportTemplate, agencyName: string, sections: readonly { key: string; text: string }[]): AgencyNarrative {
  const text = new Map(sections.map((s) => [s.key, s.text]));
  return {
    agencyName,
    sections: t.outline.map((s) => ({ heading: s.heading, paragraphs: text.get(s.key)?.trim() ? [text.get(s.key)!] : [] })),
  };
}
