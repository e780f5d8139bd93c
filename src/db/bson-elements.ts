// Walking a BSON document's elements in its bytes, without decoding them: the embedded
// engine reads and projects stored documents this way, and reports read a campaign's rows.

/** Bytes after the element's name taken by a value of `type` at `at` (BSON spec 1.1); -1 for a type it does not know. */
export function valueLength(b: Buffer, type: number, at: number): number {
  switch (type) {
    case 0x01: case 0x09: case 0x11: case 0x12: return 8; // double, date, timestamp, int64
    case 0x02: case 0x0d: case 0x0e: return 4 + b.readInt32LE(at); // string, code, symbol
    case 0x03: case 0x04: case 0x0f: return b.readInt32LE(at); // document, array, code with scope
    case 0x05: return 5 + b.readInt32LE(at); // binary
    case 0x06: case 0x0a: case 0x7f: case 0xff: return 0; // undefined, null, max key, min key
    case 0x07: return 12; // ObjectId
    case 0x08: return 1; // boolean
    case 0x10: return 4; // int32
    case 0x13: return 16; // decimal128
    case 0x0b: return b.indexOf(0, b.indexOf(0, at) + 1) + 1 - at; // regex: two C strings
    case 0x0c: return 4 + b.readInt32LE(at) + 12; // DBPointer
    default: return -1;
  }
}

/**
 * The elements of the document at `start`, one at a time: `next()` moves to the next and
 * says whether there was one. Names are left as bytes, made strings only where kept. A type
 * it does not know throws (callers that can fall back to the BSON library catch it).
 */
export class Elements {
  type = 0;
  /** Where the element (its type byte) starts. */
  start = 0;
  nameStart = 0;
  nameEnd = 0;
  /** Where the value starts and ends. */
  at = 0;
  end = 0;
  private readonly last: number;

  constructor(
    private readonly b: Buffer,
    start: number,
  ) {
    this.last = start + b.readInt32LE(start) - 1;
    this.end = start + 4;
  }

  next(): boolean {
    const b = this.b;
    const i = this.end;
    if (i >= this.last) return false;
    let nameEnd = i + 1;
    while (b[nameEnd] !== 0) nameEnd++;
    this.type = b[i]!;
    this.start = i;
    this.nameStart = i + 1;
    this.nameEnd = nameEnd;
    this.at = nameEnd + 1;
    const length = valueLength(b, this.type, this.at);
    if (length < 0) throw new Error(`unknown BSON type 0x${this.type.toString(16)}`);
    this.end = this.at + length;
    return true;
  }
}

/** Which of `names` the bytes from..to spell, compared byte by byte; -1 for none. */
export function nameIndex(b: Buffer, from: number, to: number, names: readonly Buffer[]): number {
  const length = to - from;
  for (let k = 0; k < names.length; k++) {
    const name = names[k]!;
    if (name.length !== length) continue;
    let i = 0;
    while (i < length && b[from + i] === name[i]) i++;
    if (i === length) return k;
  }
  return -1;
}
