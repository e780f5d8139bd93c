import { foldPhrase } from './fold.js';
import type { CitationMention } from './finder.js';

/**
 * What ties mentions together: the sentence each sits in, the citation an amending one
 * belongs to ("Nghị định số 01/2015/NĐ-CP được sửa đổi, bổ sung bởi Nghị định số 12/2018/NĐ-CP"),
 * and the number of a law cited only by name elsewhere in the same text.
 */

const AMENDED_BY = /^[^.;\n]{0,80}?(?:da |duoc |da duoc )?(?:sua doi|bo sung|thay the|bai bo)[^.;\n]{0,60}?(?:boi|theo|tai|cua)[ \t]*$/;
const LIST_GAP = /^[ \t]*(?:,|va|;)[ \t]*$/;

function sentenceOf(text: string, start: number, end: number): string {
  let a = start;
  while (a > 0 && start - a < 300 && text[a - 1] !== '\n' && !(/[.;]/.test(text[a - 1]) && /\s/.test(text[a] ?? ''))) a--;
  let b = end;
  while (b < text.length && b - end < 300 && text[b] !== '\n' && !(/[.;]/.test(text[b]) && /\s|$/.test(text[b + 1] ?? ''))) b++;
  return text.slice(a, b + (/[.;]/.test(text[b] ?? '') ? 1 : 0)).trim();
}

export function linkMentions(text: string, folded: string, mentions: CitationMention[]): void {
  for (let i = 0; i < mentions.length; i++) {
    const m = mentions[i];
    m.sentence = sentenceOf(text, m.start, m.end);
    // A mention inside another's span is the law an amending law names.
    const outer = mentions.findIndex((o, k) => k !== i && o.start < m.start && o.end >= m.end);
    if (outer >= 0) {
      m.parent = outer;
      continue;
    }
    if (i === 0) continue;
    const prev = mentions[i - 1];
    const gap = folded.slice(prev.end, m.start);
    if (prev.end <= m.start && AMENDED_BY.test(gap)) m.parent = amendedTarget(text, mentions, i - 1);
    else if (prev.parent !== null && prev.end <= m.start && LIST_GAP.test(gap)) m.parent = prev.parent;
  }
  resolveNames(mentions);
}

/** "A quy định chi tiết Luật B, được sửa đổi bởi C": C amends A, whose title B sits in. */
function amendedTarget(text: string, mentions: CitationMention[], prev: number): number {
  let target = prev;
  for (let k = prev - 1; k >= 0 && k >= prev - 4; k--) {
    const m = mentions[k];
    if (!m.title) continue;
    const at = text.indexOf(m.title, m.end);
    if (at >= 0 && at <= mentions[target].start && at + m.title.length >= mentions[target].end) target = k;
  }
  return target;
}

function family(typeName: string | null): string {
  return typeName ? foldPhrase(typeName).replace(/^bo /, '') : '';
}

function resolveNames(mentions: CitationMention[]): void {
  mentions.forEach((m, i) => {
    if (m.kind !== 'named' || !m.name) return;
    const name = foldPhrase(m.name);
    const candidates = mentions
      .map((c, k) => ({ c, k }))
      .filter(({ c }) => c.kind === 'numbered' && c.name && foldPhrase(c.name) === name && family(c.typeName) === family(m.typeName))
      .filter(({ c }) => m.year === null || c.year === m.year || c.ref?.year === m.year);
    const keys = new Set(candidates.map(({ c }) => c.key));
    if (keys.size !== 1) return;
    const { c, k } = candidates[0];
    m.number = c.number;
    m.key = c.key;
    m.typeCode = c.typeCode;
    m.resolvedFrom = k;
    m.date ??= c.date;
    m.year ??= c.year;
  });
}
