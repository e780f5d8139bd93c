import { valuesAt, type Doc } from './values.js';

/**
 * Text search as MongoDB's text index v3 does it for our purpose: case and
 * Vietnamese diacritics are ignored, so "quyet dinh" finds "Quyết định".
 */
export function foldText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
}

export function tokenize(s: string): string[] {
  return foldText(s).match(/[\p{L}\p{N}]+/gu) ?? [];
}

export interface TextQuery {
  terms: string[];
  phrases: string[];
  negated: string[];
}

export function parseTextSearch(search: string): TextQuery {
  const phrases: string[] = [];
  const rest = search.replace(/"([^"]*)"/g, (_m, p: string) => {
    const folded = tokenize(p).join(' ');
    if (folded) phrases.push(folded);
    return ' ';
  });
  const terms: string[] = [];
  const negated: string[] = [];
  for (const word of rest.split(/\s+/).filter(Boolean)) {
    if (word.startsWith('-')) negated.push(...tokenize(word.slice(1)));
    else terms.push(...tokenize(word));
  }
  for (const p of phrases) terms.push(...p.split(' '));
  return { terms: [...new Set(terms)], phrases, negated };
}

/** The fields a text index covers, with their weights; `$**` covers every string field. */
export interface TextSpec {
  fields: Map<string, number>;
  wildcard: boolean;
}

export function textSpecOf(key: Doc, weights: Doc | undefined): TextSpec {
  const fields = new Map<string, number>();
  let wildcard = false;
  for (const [path, kind] of Object.entries(key)) {
    if (kind !== 'text') continue;
    if (path === '$**') wildcard = true;
    else fields.set(path, 1);
  }
  for (const [path, w] of Object.entries(weights ?? {})) {
    if (path === '$**') wildcard = true;
    else fields.set(path, Number(w) || 1);
  }
  return { fields, wildcard };
}

/** Folded text of each covered field, joined with its weight. */
export function textOfDoc(doc: Doc, spec: TextSpec): Array<{ text: string; weight: number }> {
  const out: Array<{ text: string; weight: number }> = [];
  for (const [path, weight] of spec.fields) {
    const strings = valuesAt(doc, path).filter((v): v is string => typeof v === 'string');
    if (strings.length) out.push({ text: tokenize(strings.join(' ')).join(' '), weight });
  }
  if (spec.wildcard) {
    const strings: string[] = [];
    collectStrings(doc, strings);
    out.push({ text: tokenize(strings.join(' ')).join(' '), weight: 1 });
  }
  return out;
}

function collectStrings(v: unknown, out: string[]): void {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((e) => collectStrings(e, out));
  else if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    Object.values(v).forEach((e) => collectStrings(e, out));
  }
}

/** The score of a document, or 0 when it does not match. */
export function scoreText(fields: Array<{ text: string; weight: number }>, q: TextQuery): number {
  const padded = fields.map((f) => ({ ...f, padded: ` ${f.text} ` }));
  for (const n of q.negated) if (padded.some((f) => f.padded.includes(` ${n} `))) return 0;
  for (const p of q.phrases) if (!padded.some((f) => f.padded.includes(` ${p} `))) return 0;
  let score = 0;
  for (const f of padded) {
    const words = f.text.split(' ');
    for (const term of q.terms) {
      const count = words.reduce((c, w) => (w === term ? c + 1 : c), 0);
      if (count) score += f.weight * (count / words.length + 0.5) * 1.0;
    }
  }
  return score;
}
