/**
 * Paragraph comments point at (attachment, paragraph index, quoted text). When
 * a new version of the file arrives, paragraphs shift; the quote is what the
 * reviewer meant, so it is looked up again. A quote that is gone leaves the
 * comment "outdated" at its old place — the comment itself is never dropped.
 */
export interface ParagraphAnchor {
  paragraph: number;
  quote: string;
}

export interface ReanchorResult {
  paragraph: number;
  outdated: boolean;
  /** how it was found, for the audit trail and tests */
  how: 'same' | 'moved' | 'fuzzy' | 'lost';
}

/** NFC, one space between words, typographic quotes and dashes made plain, lower case. */
export function normalizeQuote(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u2018\u2019\u201A\u201B]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\s\u00A0\u200B\uFEFF]+/g, ' ')
    .trim()
    .toLocaleLowerCase('vi');
}

/** Diacritics off too: a retyped paragraph may have lost or changed tone marks. */
function fold(text: string): string {
  return normalizeQuote(text).normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').normalize('NFC');
}

function nearest(candidates: number[], from: number): number {
  return candidates.reduce((best, i) => (Math.abs(i - from) < Math.abs(best - from) ? i : best), candidates[0]!);
}

/**
 * Finds the quote among the new paragraphs. An empty quote (the whole
 * paragraph was meant, nothing selected) keeps its index if that paragraph
 * still exists, since there is nothing better to go by.
 */
export function reanchor(anchor: ParagraphAnchor, paragraphs: readonly string[]): ReanchorResult {
  const quote = normalizeQuote(anchor.quote ?? '');
  if (!quote) {
    return anchor.paragraph < paragraphs.length
      ? { paragraph: anchor.paragraph, outdated: false, how: 'same' }
      : { paragraph: anchor.paragraph, outdated: true, how: 'lost' };
  }
  const normalized = paragraphs.map(normalizeQuote);
  if (normalized[anchor.paragraph]?.includes(quote)) return { paragraph: anchor.paragraph, outdated: false, how: 'same' };
  const exact = normalized.flatMap((p, i) => (p.includes(quote) ? [i] : []));
  if (exact.length) return { paragraph: nearest(exact, anchor.paragraph), outdated: false, how: 'moved' };
  const folded = fold(quote);
  const loose = paragraphs.flatMap((p, i) => (fold(p).includes(folded) ? [i] : []));
  if (loose.length) return { paragraph: nearest(loose, anchor.paragraph), outdated: false, how: 'fuzzy' };
  return { paragraph: anchor.paragraph, outdated: true, how: 'lost' };
}
