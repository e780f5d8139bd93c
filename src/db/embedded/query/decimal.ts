import { Decimal128, Double, Int32, Long } from 'bson';
import { $push } from 'mingo/operators/accumulator';

/**
 * Exact Decimal128 arithmetic as a coefficient and a power of ten, so that
 * 0.1 + 0.2 is 0.3 as in MongoDB, not the binary double's 0.30000000000000004.
 */
interface Dec {
  c: bigint;
  e: number;
}

export const isDecimal = (v: unknown): v is Decimal128 => v instanceof Decimal128;

function parse(s: string): Dec | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m || (m[2] === '' && !m[3])) return undefined;
  const frac = m[3] ?? '';
  return { c: BigInt(m[1] + (m[2] || '0') + frac), e: Number(m[4] ?? 0) - frac.length };
}

function toDec(v: unknown): Dec | undefined {
  if (v instanceof Decimal128) return parse(v.toString());
  if (v instanceof Int32 || v instanceof Long || v instanceof Double) return toDec(Number(v.valueOf()));
  if (typeof v === 'bigint') return { c: v, e: 0 };
  // A double becomes the decimal of its shortest round-trip text, as MongoDB converts it.
  if (typeof v === 'number' && Number.isFinite(v)) return parse(String(v));
  return undefined;
}

function fromDec(d: Dec): Decimal128 {
  let { c, e } = d;
  // Decimal128 holds 34 significant digits; round half to even beyond that.
  while ((c < 0n ? -c : c).toString().length > 34) {
    const q = c / 10n;
    const r = c % 10n;
    const abs = r < 0n ? -r : r;
    c = abs > 5n || (abs === 5n && q % 2n !== 0n) ? q + (c < 0n ? -1n : 1n) : q;
    e += 1;
  }
  return Decimal128.fromString(`${c}E${e}`);
}

const align = (a: Dec, b: Dec): [bigint, bigint, number] => {
  const e = Math.min(a.e, b.e);
  return [a.c * 10n ** BigInt(a.e - e), b.c * 10n ** BigInt(b.e - e), e];
};

/** a + b as Decimal128, or undefined when either is not a finite number. */
export function decimalAdd(a: unknown, b: unknown): Decimal128 | undefined {
  const x = toDec(a);
  const y = toDec(b);
  if (!x || !y) return undefined;
  const [p, q, e] = align(x, y);
  return fromDec({ c: p + q, e });
}

export function decimalMul(a: unknown, b: unknown): Decimal128 | undefined {
  const x = toDec(a);
  const y = toDec(b);
  if (!x || !y) return undefined;
  return fromDec({ c: x.c * y.c, e: x.e + y.e });
}

const isNumber = (v: unknown) => typeof v === 'number' || v instanceof Int32 || v instanceof Long || v instanceof Double;

/** `$sum` that stays exact and Decimal128 once a Decimal128 is among its inputs. */
export const $sum = (coll: unknown[], expr: unknown, options: unknown) => {
  if (typeof expr === 'number') return coll.length * expr;
  const values = $push(coll as never, expr, options as never) as unknown[];
  if (!values.some(isDecimal)) return values.reduce<number>((n, v) => (isNumber(v) ? n + Number((v as number).valueOf()) : n), 0);
  let total: Decimal128 = Decimal128.fromString('0');
  for (const v of values) if (isDecimal(v) || isNumber(v)) total = decimalAdd(total, v) ?? total;
  return total;
};
