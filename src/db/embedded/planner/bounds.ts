import { encodeCompound, encodeValue, MAX_KEY_BYTES, prefixEnd } from '../storage/keys.js';
import type { Doc } from '../query/values.js';

export interface KeyRange {
  /** First key of the range (inclusive). */
  start: Buffer;
  /** Key after the range (exclusive). */
  end: Buffer;
}

export interface Bounds {
  ranges: KeyRange[];
  /** Some key was longer than the store keeps: the range is a superset to test. */
  cut: boolean;
  /** The range condition is answered whole by the key range (no test needed for it). */
  rangeExact: boolean;
}

interface PathShape {
  prefix: Buffer;
  descending: boolean[];
}

const invert = (b: Buffer) => {
  const out = Buffer.allocUnsafe(b.length);
  for (let i = 0; i < b.length; i++) out[i] = ~b[i]! & 0xff;
  return out;
};

/**
 * Key ranges for equality points on the leading fields (every combination
 * of their $in values, in key order) and an optional range on the next
 * field. A range keeps to its bound's type, as MongoDB's comparisons do; on
 * a multikey path only the lower bound is used, since different elements
 * of one array may satisfy the two bounds.
 */
export function boundsOf(path: PathShape, points: unknown[][], range: Doc | undefined, multikey: boolean): Bounds {
  let cut = false;
  let combos: Buffer[] = [path.prefix];
  points.forEach((values, i) => {
    const encs = values.map((v) => encodeCompound([v], [path.descending[i]!]));
    encs.sort(Buffer.compare);
    combos = combos.flatMap((c) => encs.map((e) => Buffer.concat([c, e])));
  });
  const field = points.length;
  const desc = path.descending[field] ?? false;
  let rangeExact = false;
  const ranges = combos.map((prefix): KeyRange => {
    if (prefix.length > MAX_KEY_BYTES) {
      cut = true;
      prefix = prefix.subarray(0, MAX_KEY_BYTES);
    }
    if (!range) return { start: prefix, end: prefixEnd(prefix) };
    const lowOp = range.$gte !== undefined ? '$gte' : range.$gt !== undefined ? '$gt' : undefined;
    const highOp = range.$lte !== undefined ? '$lte' : range.$lt !== undefined ? '$lt' : undefined;
    const low = lowOp ? range[lowOp] : undefined;
    const high = highOp && !multikey ? range[highOp] : undefined;
    const t = encodeValue(low !== undefined ? low : range[highOp!])[0]!;
    const lowEnc = low !== undefined ? encodeValue(low) : undefined;
    const highEnc = high !== undefined ? encodeValue(high) : undefined;
    if ((lowEnc?.length ?? 0) > MAX_KEY_BYTES || (highEnc?.length ?? 0) > MAX_KEY_BYTES) cut = true;
    rangeExact = !multikey && (!highOp || high !== undefined) && sameType([low, high], t);
    let start: Buffer;
    let end: Buffer;
    if (!desc) {
      start = lowEnc ? (lowOp === '$gt' ? prefixEnd(lowEnc) : lowEnc) : Buffer.from([t]);
      end = highEnc ? (highOp === '$lte' ? prefixEnd(highEnc) : highEnc) : Buffer.from([t + 1]);
    } else {
      // Inverted bytes reverse the order: the high value comes first.
      start = highEnc ? (highOp === '$lte' ? invert(highEnc) : prefixEnd(invert(highEnc))) : Buffer.from([255 - t]);
      end = lowEnc ? (lowOp === '$gte' ? prefixEnd(invert(lowEnc)) : invert(lowEnc)) : Buffer.from([256 - t]);
    }
    return { start: Buffer.concat([prefix, start]), end: Buffer.concat([prefix, end]) };
  });
  return { ranges, cut, rangeExact };
}

/** Both bounds of the range's type, and numbers that compare exactly as doubles. */
function sameType(values: unknown[], t: number): boolean {
  return values.every(
    (v) => v === undefined || (encodeValue(v)[0] === t && (typeof v !== 'number' || Number.isFinite(v))),
  );
}
