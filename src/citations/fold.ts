/**
 * A folded copy of a text with the same length as the NFC text it came from: lower case,
 * no diacritics, đ → d. Patterns run on the copy (so "NGHI DINH SO", "nghị định số" and
 * "Nghi dinh so" read alike) while spans still point into the original.
 */

const cache = new Map<string, string>();

function foldChar(ch: string): string {
  let out = cache.get(ch);
  if (out !== undefined) return out;
  const base = ch.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐÐð]/g, 'd').toLowerCase();
  out = base.length === 1 ? base : ch.toLowerCase().length === 1 ? ch.toLowerCase() : ch;
  // Typographic dashes and no-break spaces read as their ASCII forms.
  if (/[\u2010-\u2015\u2212]/.test(out)) out = '-';
  else if (/[\u00A0\u2000-\u200A\u202F]/.test(out)) out = ' ';
  cache.set(ch, out);
  return out;
}

/** Same length as `nfc` (one UTF-16 unit per unit). */
export function foldKeepLength(nfc: string): string {
  let out = '';
  for (let i = 0; i < nfc.length; i++) {
    const code = nfc.charCodeAt(i);
    // Surrogate pairs (emoji) are kept as they are, unit for unit.
    out += code >= 0xd800 && code <= 0xdfff ? nfc[i] : code < 0x80 ? nfc[i].toLowerCase() : foldChar(nfc[i]);
  }
  return out;
}

/** Fold a short phrase for comparison: "Đất  đai" → "dat dai". */
export function foldPhrase(s: string): string {
  return foldKeepLength(s.normalize('NFC')).replace(/\s+/g, ' ').trim();
}

export function isUpper(ch: string | undefined): boolean {
  return Boolean(ch) && ch !== ch!.toLowerCase() && ch === ch!.toUpperCase();
}
