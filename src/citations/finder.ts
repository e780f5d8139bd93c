import { parseDocRef, type DocRef } from '../review-templates/docref.js';
import { foldKeepLength, foldPhrase, isUpper } from './fold.js';
import { nameExtent } from './names.js';
import {
  isTypeWordAt, NAMED_TYPES, NUMBER_RE, OLD_NUMBER_RE, plausibleBare, readNumber, TYPE_RE, typeName, type NumberMatch,
} from './numbered.js';
import { readSuffix, readTitle } from './suffix.js';
import { linkMentions } from './links.js';

/**
 * The one citation finder: every mention of another legal document in a running text (an
 * uploaded report, a decree, a letter), with its span in the NFC text and what the text says
 * about the document. Mentions are kept in text order; a law cited by name points at the
 * mention that gave its number, an amending citation at the one it amends.
 */

export interface CitationMention {
  start: number;
  end: number;
  text: string;
  kind: 'numbered' | 'named';
  /** The type as written ("Nghị định", "Luật"), or the parser's when the text gives none. */
  typeName: string | null;
  typeCode: string | null;
  /** Canonical number/symbol ("137/2015/NĐ-CP"); for a named law, the one resolved from the same text. */
  number: string | null;
  /** Key under which two mentions of the same document are one (docref key, or a name key). */
  key: string | null;
  /** Name of a law, code or ordinance: "Đất đai", "Dân sự". */
  name: string | null;
  year: number | null;
  /** ISO date of issue, when written. */
  date: string | null;
  issuer: string | null;
  title: string | null;
  sentence: string;
  /** Index of the citation this one amends or is amended by ("… được sửa đổi, bổ sung bởi …"). */
  parent: number | null;
  /** Index of the numbered mention a named one took its number from. */
  resolvedFrom: number | null;
  ref: DocRef | null;
}

export interface FindOptions {
  /** The document's own number, when known; otherwise read from its "Số:" line. */
  ownNumber?: string;
  today?: Date;
}

interface TypeHit {
  start: number;
  end: number;
  word: string;
}

function typeHits(folded: string): TypeHit[] {
  const out: TypeHit[] = [];
  for (const m of folded.matchAll(TYPE_RE)) {
    const word = m[0].replace(/\s+/g, ' ');
    if (isTypeWordAt(folded, m.index, word)) out.push({ start: m.index, end: m.index + m[0].length, word });
  }
  return out;
}

const GAP_PLAIN = /^[ \t]*(?:so[ \t]*:?\s*)?$/;
const FORM_BEFORE = /(?:mau|bieu|phu luc|bang|so do|chi tieu|ma)(?:[ \t]+so)?[ \t]*:?[ \t]*$/;
const GAP_NAMED = /^[ \t]+([^.;:\n()\d]{1,120}?)[ \t]+so[ \t]*:?[ \t]*$/;

function canonical(n: string): string {
  return foldPhrase(n).replace(/\s+/g, '');
}

function refFor(core: string, type: string | null, issuer: string | null, today: Date | undefined): DocRef | null {
  const opts = { allowNonNormative: true, today, issuer: issuer ?? undefined };
  const typed = type ? parseDocRef(core, { ...opts, type }) : null;
  if (typed?.ok) return typed.ref;
  const plain = parseDocRef(core, opts);
  return plain.ok ? plain.ref : null;
}

/** The number on the document's own "Số:" line, near its top. */
function ownNumberOf(text: string, folded: string): string | null {
  const head = folded.slice(0, 2500);
  const m = /(?:^|\n)[^\n]{0,40}?so[ \t]*:[ \t]*/.exec(head);
  if (!m) return null;
  NUMBER_RE.lastIndex = 0;
  const rest = folded.slice(m.index + m[0].length, m.index + m[0].length + 60).trimStart();
  const n = new RegExp(NUMBER_RE.source).exec(rest);
  return n && n.index === 0 ? canonical(n[0]) : null;
}

/** The name a law gives itself ("LUẬT / TRỢ GIÚP PHÁP LÝ", "Quốc hội ban hành Luật …"), not a citation. */
function ownNameOf(folded: string): string | null {
  const head = folded.slice(0, 6000);
  const title = /(?:^|\n)[ \t]*(?:bo luat|luat|phap lenh)[ \t]*\n\s*([^\n]{2,120})/.exec(head.slice(0, 3000));
  if (title) return foldPhrase(title[1]);
  const m = /ban hanh (?:bo luat|luat|phap lenh) ([^;.\n]{2,120})/.exec(head);
  if (!m) return null;
  const at = m.index + m[0].length - m[1].length - 1;
  const ext = nameExtent(folded, folded, at, false);
  return ext ? foldPhrase(folded.slice(at, ext.end)) : null;
}

function numberedAt(text: string, folded: string, hits: TypeHit[], n: NumberMatch, prev: CitationMention | undefined) {
  let hit: TypeHit | undefined;
  let name: string | null = null;
  for (let k = hits.length - 1; k >= 0; k--) {
    const h = hits[k];
    if (h.end > n.start) continue;
    if (n.start - h.end > 130) break;
    const gap = folded.slice(h.end, n.start);
    if (GAP_PLAIN.test(gap)) hit = h;
    else if (NAMED_TYPES.has(h.word)) {
      const g = GAP_NAMED.exec(gap);
      if (g) {
        hit = h;
        name = text.slice(h.end, n.start).replace(/\s+số\s*:?\s*$/iu, '').trim();
      }
    }
    break;
  }
  const before = folded.slice(Math.max(0, n.start - 8), n.start);
  // Form and table numbers ("Mẫu số 01/CLĐ", "Biểu số 02/TB-TSDĐ") are not documents.
  if (!hit && FORM_BEFORE.test(folded.slice(Math.max(0, n.start - 24), n.start))) return null;
  const hasSo = /(?:^|[^a-z])so[ \t]*:?[ \t]*$/.test(before);
  let typeWord = hit ? hit.word : null;
  if (!hit && prev && /^[ \t]*(?:,|va|;|hoac)[ \t]*(?:so[ \t]*)?$/.test(folded.slice(prev.end, n.start))) {
    typeWord = prev.typeName ? foldPhrase(prev.typeName) : null;
  } else if (!hit && !(hasSo && isUpper(n.symbol[0])) && !plausibleBare(n)) return null;
  return { start: hit ? hit.start : n.start, typeWord, name };
}

export function findCitations(input: string, opts: FindOptions = {}): CitationMention[] {
  const text = input.normalize('NFC');
  const folded = foldKeepLength(text);
  const hits = typeHits(folded);
  const own = opts.ownNumber ? canonical(opts.ownNumber) : ownNumberOf(text, folded);
  const ownYear = own ? Number(/\/((?:19|20)\d\d)\//.exec(own)?.[1] ?? 0) || null : null;
  const numbers: NumberMatch[] = [];
  for (const m of folded.matchAll(NUMBER_RE)) {
    const n = readNumber(text, m as RegExpExecArray);
    if (n) numbers.push(n);
  }
  for (const h of hits) {
    const lead = /^[ \t]*(?:so[ \t]*:?[ \t]*)?/.exec(folded.slice(h.end, h.end + 12))![0];
    OLD_NUMBER_RE.lastIndex = h.end + lead.length;
    const m = OLD_NUMBER_RE.exec(folded);
    if (m && isUpper(text[m.index + m[1].length + 1]) && !numbers.some((x) => x.start <= m.index && x.end > m.index)) {
      const symbol = text.slice(m.index + m[1].length + 1, m.index + m[0].length);
      numbers.push({ start: m.index, end: m.index + m[0].length, number: m[1], year: null, symbol, old: true });
    }
  }
  numbers.sort((a, b) => a.start - b.start);

  const out: CitationMention[] = [];
  for (const n of numbers) {
    const core = n.old ? `${n.number}-${n.symbol}` : n.year ? `${n.number}/${n.year}/${n.symbol}` : `${n.number}/${n.symbol}`;
    if (own && canonical(core) === own) continue;
    const at = numberedAt(text, folded, hits, n, out.at(-1));
    if (!at) continue;
    const suffix = readSuffix(text, folded, n.end, false);
    const tName = at.typeWord ? typeName(at.typeWord) : null;
    const ref = n.old ? null : refFor(core, tName, suffix.issuer, opts.today);
    if (ref && suffix.date) ref.date ??= suffix.date;
    out.push({
      start: at.start, end: suffix.end, text: text.slice(at.start, suffix.end), kind: 'numbered',
      typeName: tName ?? ref?.typeName ?? null, typeCode: ref?.typeCode ?? null,
      number: ref?.text ?? core, key: ref?.key ?? `raw:${canonical(core)}`,
      name: at.name, year: n.year ? Number(n.year) : (suffix.year ?? null), date: suffix.date ?? ref?.date ?? null,
      issuer: suffix.issuer ?? ref?.issuer ?? null, title: readTitle(text, folded, suffix.end),
      sentence: '', parent: null, resolvedFrom: null, ref,
    });
  }
  out.push(...namedMentions(text, folded, hits, out, ownNameOf(folded), ownYear));
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  linkMentions(text, folded, out);
  return out;
}

function namedMentions(
  text: string, folded: string, hits: TypeHit[], numbered: CitationMention[], ownName: string | null, ownYear: number | null,
) {
  const out: CitationMention[] = [];
  for (const h of hits) {
    if (!NAMED_TYPES.has(h.word) || !isUpper(text[h.start])) continue;
    if (numbered.some((c) => c.start <= h.start && c.end > h.start)) continue;
    const typed = text.slice(h.start, h.end);
    if (typed === typed.toUpperCase() && !/\p{L}[^\n]*$/u.test(text.slice(Math.max(0, h.start - 200), h.start))) continue;
    const hien = h.word === 'hien phap';
    const ext = nameExtent(text, folded, h.end, hien, h.word === 'bo luat');
    if (!ext) continue;
    const suffix = readSuffix(text, folded, ext.end, true);
    const name = ext.hasName ? text.slice(h.end, ext.end).trim() : null;
    if (hien && !name && !suffix.year && !/can cu[ \t]*$/.test(folded.slice(Math.max(0, h.start - 8), h.start))) continue;
    if (!hien && ownName && name && foldPhrase(name) === ownName && (!suffix.year || suffix.year === ownYear)) continue;
    const tName = typeName(h.word);
    const nameKey = name ? foldPhrase(name) : '';
    out.push({
      start: h.start, end: suffix.end, text: text.slice(h.start, suffix.end), kind: 'named',
      typeName: tName, typeCode: h.word.replace(' ', '-'), number: null,
      key: `name:${h.word.replace(' ', '-')}:${nameKey}${suffix.year ? `:${suffix.year}` : ''}`,
      name, year: suffix.year, date: suffix.date, issuer: suffix.issuer, title: null,
      sentence: '', parent: null, resolvedFrom: null, ref: null,
    });
  }
  return out;
}
