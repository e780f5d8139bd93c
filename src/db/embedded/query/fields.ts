import { deserialize, type DeserializeOptions } from 'bson';
import { Elements, nameIndex } from '../../bson-elements.js';
import { isPlainObject, type Doc } from './values.js';

/**
 * Reading only the top-level fields a command looks at. A submission carries its report's
 * narrative, a row its long texts: decoding them to test `{campaign, status}` or to return
 * three projected fields is most of a query's cost, so the bytes of the other fields are
 * skipped without being decoded.
 */

/** Fields a filter reads, by their first path segment; undefined when it may read anything ($expr, $where …). */
export function filterFields(filter: Doc, out = new Set<string>(['_id'])): Set<string> | undefined {
  for (const [key, cond] of Object.entries(filter)) {
    if (key === '$comment') continue;
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (!Array.isArray(cond)) return undefined;
      for (const sub of cond) if (!isPlainObject(sub) || !filterFields(sub, out)) return undefined;
      continue;
    }
    if (key.startsWith('$')) return undefined;
    out.add(key.split('.')[0]!);
  }
  return out;
}

/** The fields a sort reads; undefined when it sorts by text score (which reads the indexed text). */
export function sortFields(sort: Doc | undefined, out: Set<string>): Set<string> | undefined {
  for (const [key, dir] of Object.entries(sort ?? {})) {
    if (isPlainObject(dir)) return undefined;
    out.add(key.split('.')[0]!);
  }
  return out;
}

export interface FieldSelection {
  keep?: ReadonlySet<string>;
  drop?: ReadonlySet<string>;
}

/**
 * The BSON of only the named top-level fields (`keep`), or of all but the named ones
 * (`drop`), copied from stored BSON in its order without decoding anything; undefined for
 * bytes it cannot walk.
 */
export function pickBytes(raw: Buffer, select: FieldSelection): Buffer | undefined {
  // Where each wanted element starts and ends: copied once into a document of the exact size.
  const spans = keptSpans;
  spans.length = 0;
  let size = 5;
  try {
    for (const e = new Elements(raw, 0); e.next(); ) {
      const wanted = select.keep ? named(raw, e, select.keep) : !select.drop || !named(raw, e, select.drop);
      if (!wanted) continue;
      spans.push(e.start, e.end);
      size += e.end - e.start;
    }
  } catch {
    return undefined;
  }
  const out = Buffer.allocUnsafe(size);
  out.writeInt32LE(size, 0);
  let w = 4;
  for (let k = 0; k < spans.length; k += 2) w += raw.copy(out, w, spans[k]!, spans[k + 1]!);
  out[w] = 0;
  return out;
}
const keptSpans: number[] = [];

/**
 * One buffer a nested projection is written into before it is copied out at its size: it is
 * never longer than its document, and the embedded documents' lengths are known only once
 * their fields are written.
 */
let scratch = Buffer.allocUnsafe(64 * 1024);
function scratchFor(raw: Buffer): Buffer {
  if (raw.length <= scratch.length) return scratch;
  // Kept up to 1 MB; a larger document (up to BSON's 16 MB) gets a buffer of its own.
  if (raw.length > 1 << 20) return Buffer.allocUnsafe(raw.length);
  return (scratch = Buffer.allocUnsafe(Math.min(1 << 20, Math.max(raw.length, scratch.length * 2))));
}

/** The document written from 0 to `w` in `out`, closed and copied at its size. */
function closed(out: Buffer, w: number): Buffer {
  out[w++] = 0;
  out.writeInt32LE(w, 0);
  return Buffer.from(out.subarray(0, w));
}

const encodedNames = new WeakMap<ReadonlySet<string>, Buffer[]>();

/** Whether the element's name is one of `names`, compared as bytes (no string is made). */
function named(raw: Buffer, e: Elements, names: ReadonlySet<string>): boolean {
  let encoded = encodedNames.get(names);
  if (!encoded) encodedNames.set(names, (encoded = [...names].map((n) => Buffer.from(n, 'utf8'))));
  return nameIndex(raw, e.nameStart, e.nameEnd, encoded) >= 0;
}

/** The selected fields decoded, the others never decoded. */
export function decodeFields(raw: Buffer, select: FieldSelection, opts?: DeserializeOptions): Doc {
  return deserialize(pickBytes(raw, select) ?? raw, opts) as Doc;
}

const REGEX_SYNTAX = /[\\^$.|?*+()[\]{}]/;

/**
 * Byte strings every matching document's BSON must contain: the literal text of the
 * case-sensitive `$regex` conditions (a search's words over a folded text). A document
 * without one of them cannot match, so it is skipped before anything is decoded.
 */
export function requiredBytes(filter: Doc, out: Buffer[] = []): Buffer[] {
  for (const [key, cond] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(cond)) {
      for (const sub of cond) if (isPlainObject(sub)) requiredBytes(sub, out);
      continue;
    }
    if (key.startsWith('$') || !isPlainObject(cond)) continue;
    const literal = regexLiteral(cond);
    if (literal) out.push(Buffer.from(literal, 'utf8'));
  }
  return out;
}

function regexLiteral(cond: Doc): string | undefined {
  const { $regex: re, $options: options, ...rest } = cond;
  if (options !== undefined && options !== '') return undefined;
  // Other operators beside $regex ($not, $in …) change what the field must hold.
  if (Object.keys(rest).length) return undefined;
  const source = typeof re === 'string' ? re : re instanceof RegExp && re.flags.replace(/[gu]/g, '') === '' ? re.source : undefined;
  if (source === undefined || source.length === 0) return undefined;
  // Escaped punctuation is the character itself; anything else of regex syntax: no literal.
  const unescaped = source.replace(/\\([^\w\s])/g, '$1');
  const plain = source.replace(/\\[^\w\s]/g, '');
  return REGEX_SYNTAX.test(plain) ? undefined : unescaped;
}

/** Wanted paths of an inclusion projection, as a tree: `true` keeps the whole value. */
export type PathTree = { [name: string]: PathTree | true };

/**
 * An inclusion projection with nested paths applied to stored bytes: an embedded document on
 * a path is cut to the wanted fields (kept, empty, when it has none of them), a scalar where
 * a document was asked for is left out, as MongoDB does. Undefined when an array lies on a
 * path (its elements follow MongoDB's per-element rule, left to the decoding path) or for
 * bytes it cannot walk.
 */
export function pickPaths(raw: Buffer, tree: PathTree): Buffer | undefined {
  const out = scratchFor(raw);
  try {
    const w = writePaths(raw, encodedTree(tree), 0, out, 4);
    return w < 0 ? undefined : closed(out, w);
  } catch {
    return undefined;
  }
}

/** A tree's names as bytes beside what each wants, made once per projection. */
interface EncodedTree {
  names: Buffer[];
  wants: (EncodedTree | true)[];
}
const encodedTrees = new WeakMap<PathTree, EncodedTree>();
function encodedTree(tree: PathTree): EncodedTree {
  let e = encodedTrees.get(tree);
  if (!e) {
    const entries = Object.entries(tree);
    e = { names: entries.map(([n]) => Buffer.from(n, 'utf8')), wants: entries.map(([, sub]) => (sub === true ? true : encodedTree(sub))) };
    encodedTrees.set(tree, e);
  }
  return e;
}

/** Writes at `w` the wanted elements of the document at `start`; the end of what it wrote, or -1 where an array lies on a path. */
function writePaths(raw: Buffer, tree: EncodedTree, start: number, out: Buffer, w: number): number {
  for (const e = new Elements(raw, start); e.next(); ) {
    const i = nameIndex(raw, e.nameStart, e.nameEnd, tree.names);
    if (i < 0) continue;
    const want = tree.wants[i]!;
    if (want === true) {
      w += raw.copy(out, w, e.start, e.end);
      continue;
    }
    if (e.type === 0x04) return -1;
    if (e.type !== 0x03) continue;
    w += raw.copy(out, w, e.start, e.at);
    const inner = w;
    w = writePaths(raw, want, e.at, out, w + 4);
    if (w < 0) return -1;
    out[w++] = 0;
    out.writeInt32LE(w - inner, inner);
  }
  return w;
}
