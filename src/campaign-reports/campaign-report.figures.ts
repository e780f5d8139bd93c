import type { AgencyKind } from '../agencies/agency.model.js';
import type { RecommendationType, ReportItem } from '../reports/report.types.js';

// Figures of a campaign computed from its rows, for the MoJ's page and for the summary the
// report falls back to. Pure: the service hands in what it read.

export interface Count {
  readonly label: string;
  readonly count: number;
}

export interface AgencyReturn {
  readonly kind: AgencyKind;
  /** When the report was first sent; absent while it is a draft. */
  readonly submittedAt?: Date;
  readonly rows: number;
}

export interface CampaignFigures {
  readonly agencies: number;
  readonly sent: number;
  readonly onTime: number;
  readonly late: number;
  readonly notSent: number;
  readonly rows: number;
  readonly documents: number;
  readonly byRecommendation: readonly Count[];
  readonly byDocumentType: readonly Count[];
  readonly byLevel: readonly Count[];
  /** Rows by the kind of the proposing agency. */
  readonly byAgencyKind: readonly Count[];
}

const KIND_LABELS: Record<AgencyKind, string> = {
  ministry: 'Bộ, cơ quan ngang bộ',
  'gov-agency': 'Cơ quan thuộc Chính phủ',
  province: 'Ủy ban nhân dân cấp tỉnh',
  moj: 'Bộ Tư pháp',
};

// The issuing level read from the document's symbol: the key is "137/2015/NĐ-CP", or
// "25/2019/QĐ-UBND@ha-noi" for a local document.
const LEVELS: readonly [RegExp, string][] = [
  [/^(ubtvqh|nq-ubtvqh)/, 'Ủy ban Thường vụ Quốc hội'],
  [/^qh|^nq-qh/, 'Quốc hội'],
  [/^(nđ-cp|nq-cp|nd-cp)/, 'Chính phủ'],
  [/^qđ-ttg|^qd-ttg/, 'Thủ tướng Chính phủ'],
  [/^(ttlt|tt)-/, 'Bộ, cơ quan ngang bộ'],
  [/(hđnd|ubnd|hdnd)/, 'Chính quyền địa phương'],
];
export const UNKNOWN_LEVEL = 'Chưa xác định';

export function issuingLevel(docKey: string | undefined): string {
  const symbol = docKey?.split('@')[0]?.split('/').at(-1)?.toLowerCase() ?? '';
  return LEVELS.find(([re]) => re.test(symbol))?.[1] ?? UNKNOWN_LEVEL;
}

function tally(values: Iterable<string>, order: readonly string[] = []): Count[] {
  const counts = new Map<string, number>(order.map((k) => [k, 0]));
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 0).map(([label, count]) => ({ label, count }));
}

export function campaignFigures(input: {
  readonly items: readonly ReportItem[];
  readonly agencies: readonly AgencyReturn[];
  readonly deadline: Date;
  readonly recommendationTypes: readonly RecommendationType[];
  readonly typeField?: string;
  readonly kindOf: (item: ReportItem) => AgencyKind | undefined;
}): CampaignFigures {
  const { items, agencies, deadline } = input;
  const sent = agencies.filter((a) => a.submittedAt);
  const onTime = sent.filter((a) => a.submittedAt! <= deadline).length;
  const labels = new Map(input.recommendationTypes.map((t) => [t.code, t.label]));
  return {
    agencies: agencies.length,
    sent: sent.length,
    onTime,
    late: sent.length - onTime,
    notSent: agencies.length - sent.length,
    rows: items.length,
    documents: new Set(items.flatMap((i) => (i.docKey ? [i.docKey] : []))).size,
    byRecommendation: tally(
      items.map((i) => labels.get(i.recommendation ?? '') ?? UNKNOWN_LEVEL),
      input.recommendationTypes.map((t) => t.label),
    ),
    byDocumentType: tally(items.map((i) => String((input.typeField ? i.values[input.typeField] : undefined) ?? '') || UNKNOWN_LEVEL)),
    byLevel: tally(items.map((i) => issuingLevel(i.docKey)), LEVELS.map(([, l]) => l)),
    byAgencyKind: tally(items.map((i) => KIND_LABELS[input.kindOf(i) ?? 'ministry']), Object.values(KIND_LABELS)),
  };
}

const list = (counts: readonly Count[]): string => counts.map((c) => `${c.label.charAt(0).toLocaleLowerCase('vi')}${c.label.slice(1)} ${c.count}`).join('; ');

/**
 * What the report says under a heading the MoJ has not written: who reported (the first
 * heading) and the figures (the results heading). Generated from the data, never the
 * agencies' own words.
 */
export function summaryParagraphs(f: CampaignFigures, role: 'participation' | 'results' | 'other', appendixRef: string): string[] {
  if (role === 'participation') {
    return [
      `Bộ Tư pháp đã đề nghị ${f.agencies} cơ quan thực hiện rà soát. Đến nay, ${f.sent} cơ quan đã gửi báo cáo kết quả rà soát (${f.onTime} cơ quan gửi đúng hạn, ${f.late} cơ quan gửi muộn); ${f.notSent} cơ quan chưa gửi báo cáo.`,
    ];
  }
  if (role === 'results') {
    if (f.rows === 0) return ['Các cơ quan chưa kiến nghị xử lý quy định nào.'];
    return [
      `Các cơ quan đã kiến nghị xử lý ${f.rows} quy định tại ${f.documents} văn bản quy phạm pháp luật, trong đó: ${list(f.byRecommendation)}.`,
      `Theo loại văn bản: ${list(f.byDocumentType)}. Theo cấp ban hành: ${list(f.byLevel)}.`,
      `Theo cơ quan kiến nghị: ${list(f.byAgencyKind)}.`,
      `Danh mục chi tiết tại ${appendixRef} kèm theo Báo cáo này.`,
    ];
  }
  return [];
}
