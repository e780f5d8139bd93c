import { expect } from 'chai';
import { Binary, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import { encodeCompound, encodeValue } from '../../../src/db/embedded/storage/keys.js';

/** Values in MongoDB's comparison order; each group holds values MongoDB treats as equal. */
const ORDERED: unknown[][] = [
  [new MinKey()],
  [null, undefined],
  [Number.NaN],
  [-Infinity],
  [-1e300],
  [-2.5],
  [-1, new Int32(-1), Long.fromNumber(-1), new Double(-1)],
  [0, -0, new Int32(0), Long.ZERO, Decimal128.fromString('0')],
  [0.5],
  [1, new Double(1), Long.ONE],
  [2 ** 40],
  [Infinity],
  [''],
  ['\0'],
  ['\0a'],
  ['A'],
  ['a'],
  ['a\0'],
  ['ab'],
  ['b'],
  ['Á'],
  ['á'],
  ['Đ'],
  [{}],
  [{ a: 1 }],
  [{ a: 1, b: 1 }],
  [{ a: 2 }],
  [{ b: 1 }],
  // The value's type counts before the field's name.
  [{ a: 'x' }],
  [[]],
  [[1]],
  [[1, 2]],
  [[2]],
  [new Binary(Buffer.from([9]), 0)],
  [new Binary(Buffer.from([1, 2]), 0)],
  [new Binary(Buffer.from([1, 2]), 4)],
  [new ObjectId('000000000000000000000001')],
  [new ObjectId('ffffffffffffffffffffff00')],
  [false],
  [true],
  [new Date(-1000)],
  [new Date(0)],
  [new Date(1_700_000_000_000)],
  [new Timestamp({ t: 1, i: 1 })],
  [new Timestamp({ t: 2, i: 0 })],
  [/a/],
  [/b/],
  [new MaxKey()],
];

describe('embedded engine: ordered key encoding', () => {
  it('when values are encoded, then byte order is MongoDB order and equal values encode the same', () => {
    const groups = ORDERED.map((g) => g.map((v) => encodeValue(v)));
    for (const [i, g] of groups.entries()) {
      for (const enc of g) expect(enc.equals(g[0]!), `group ${i} encodes alike`).to.equal(true);
      if (i > 0) expect(Buffer.compare(groups[i - 1]![0]!, g[0]!), `group ${i - 1} < group ${i}`).to.equal(-1);
    }
  });

  it('when a compound key has a descending field, then that field sorts in reverse and the next field still ascends', () => {
    const keys = [
      ['x', 3, 'a'],
      ['x', 3, 'b'],
      ['x', 2, 'a'],
      ['x', 'str', 'a'],
      ['y', 9, 'a'],
    ].map((t) => encodeCompound(t, [false, true, false]));
    // Strings come after numbers ascending, so before them descending.
    const expected = [keys[3], keys[0], keys[1], keys[2], keys[4]];
    expect([...keys].sort(Buffer.compare)).to.deep.equal(expected);
  });
});
