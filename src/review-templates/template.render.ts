import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import type { TemplateField, TemplateSpec } from './template.schema.js';
import { columnHeading } from './template.validate.js';

/**
 * marked parses nested quotes and lists recursively: thousands of levels overflow the
 * stack, and a few hundred indented levels take seconds. Real instructions never nest
 * this deep, so deeper text is shown as written instead of being parsed.
 */
const MAX_NESTING = 12;
const CONTAINER_MARKERS = /^(?:[ \t]*(?:>|[-+*]|\d{1,9}[.)])(?=[ \t]|$))+/;

function nestsTooDeep(md: string): boolean {
  for (const line of md.split('\n')) {
    const indent = /^[ \t]*/.exec(line)![0].replace(/\t/g, '    ').length;
    if (indent > MAX_NESTING * 4) return true;
    const markers = CONTAINER_MARKERS.exec(line)?.[0].match(/>|[-+*]|\d{1,9}[.)]/g)?.length ?? 0;
    if (markers > MAX_NESTING) return true;
  }
  return false;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The text itself, escaped, one paragraph per blank-line-separated block. */
function plainText(md: string): string {
  return md
    .split(/\n{2,}/)
    .map((block) => `<p>${escapeHtml(block).replace(/\n/g, '<br />')}</p>`)
    .join('\n');
}

/**
 * Scope, method and guidance are Markdown written by admins and read by every agency:
 * rendered, then sanitised to a small set of tags (no scripts, styles or event handlers).
 * Text nested too deep for the parser is shown escaped rather than failing the page.
 */
export function renderMarkdown(md: string | undefined | null): string {
  if (!md) return '';
  // A campaign's instructions and a template's scope are shown on every page of a submission:
  // the same text renders to the same HTML, so it is parsed and sanitised once.
  const hit = rendered.get(md);
  if (hit !== undefined) return hit;
  const html = renderUncached(md);
  if (md.length > RENDERED_MAX_CHARS) return html;
  if (rendered.size >= RENDERED_MAX) rendered.delete(rendered.keys().next().value!);
  rendered.set(md, html);
  return html;
}

const RENDERED_MAX = 200;
const RENDERED_MAX_CHARS = 20_000;
const rendered = new Map<string, string>();

function renderUncached(md: string): string {
  const text = md.normalize('NFC');
  if (nestsTooDeep(text)) return plainText(text);
  let html: string;
  try {
    html = marked.parse(text, { async: false, gfm: true, breaks: true });
  } catch {
    return plainText(text);
  }
  return sanitizeHtml(html, {
    allowedTags: ['p', 'br', 'strong', 'em', 'b', 'i', 'u', 'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'hr'],
    allowedAttributes: { a: ['href', 'title'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer' }) },
  });
}

const SAMPLES: Record<string, [string, string]> = {
  ten_loai: ['Nghị định', 'Thông tư'],
  so_ky_hieu: ['137/2015/NĐ-CP', '55/2021/TT-BCA'],
  ngay_ban_hanh: ['31/12/2015', '15/05/2021'],
  trich_yeu: [
    'Quy định chi tiết một số điều và biện pháp thi hành Luật Căn cước công dân',
    'Quy định chi tiết một số điều và biện pháp thi hành Luật Cư trú',
  ],
  dieu_khoan: ['khoản 2 Điều 5', 'điểm a khoản 1 Điều 10'],
};

/** A document the sample rows cite: its type, number and date agree, as the row form requires. */
const SAMPLE_DOCS: [string, string, string][] = [
  ['Nghị định', '104/2022/NĐ-CP', '21/12/2022'],
  ['Quyết định', '19/2025/QĐ-TTg', '30/06/2025'],
];

function sampleValue(field: TemplateField, row: 0 | 1, fields: readonly TemplateField[]): string {
  const known = SAMPLES[field.key];
  if (known) return known[row];
  const [docType, docNumber, docDate] = SAMPLE_DOCS[row]!;
  const typeOf = fields.some((f) => f.type === 'docref' && f.docref?.typeField === field.key);
  if (typeOf && field.type === 'enum') {
    const same = field.options.find((o) => o.label_vi.toLocaleLowerCase('vi') === docType.toLocaleLowerCase('vi'));
    if (same) return same.label_vi;
  }
  switch (field.type) {
    case 'date':
      return docDate;
    case 'number':
      return row === 0 ? '1' : '12';
    case 'docref':
      return docNumber;
    case 'enum':
      return field.options[Math.min(row, field.options.length - 1)]?.label_vi ?? '';
    case 'longtext':
      return row === 0 ? 'Yêu cầu xuất trình sổ hộ khẩu khi thực hiện thủ tục…' : 'Bỏ yêu cầu nộp bản sao giấy tờ đã có trong Cơ sở dữ liệu quốc gia về dân cư…';
    default:
      return row === 0 ? `${field.label_vi} (ví dụ 1)` : `${field.label_vi} (ví dụ 2)`;
  }
}

export interface AppendixPreview {
  title: string;
  orientation: string;
  headings: { label: string; width: number }[];
  rows: string[][];
}

/** The appendix table with two invented rows, so an admin sees the layout before publishing. */
export function appendixPreview(spec: Pick<TemplateSpec, 'fields' | 'appendix'>, lang: 'vi' | 'en' = 'vi'): AppendixPreview {
  const cols = spec.appendix.columns.filter((c) => spec.fields.some((f) => f.key === c.fieldKey));
  const total = (spec.appendix.sttWidth ?? 4) + cols.reduce((s, c) => s + (c.width ?? 10), 0) || 1;
  const pct = (w: number) => Math.round((w / total) * 1000) / 10;
  const headings = [
    { label: lang === 'en' ? 'No.' : 'STT', width: pct(spec.appendix.sttWidth ?? 4) },
    ...cols.map((c) => ({ label: columnHeading(spec, c, lang), width: pct(c.width ?? 10) })),
  ];
  const rows = ([0, 1] as const).map((r) => [
    String(r + 1),
    ...cols.map((c) => sampleValue(spec.fields.find((f) => f.key === c.fieldKey)!, r, spec.fields)),
  ]);
  return { title: spec.appendix.title, orientation: spec.appendix.orientation, headings, rows };
}
