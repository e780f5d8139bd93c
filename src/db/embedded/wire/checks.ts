/** CRC-32C (Castagnoli), the checksum an OP_MSG may carry in its last four bytes. */
const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32c(buf: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Nesting MongoDB allows in a document. */
export const MAX_DEPTH = 100;

const FIXED: Record<number, number> = { 0x01: 8, 0x07: 12, 0x08: 1, 0x09: 8, 0x0a: 0, 0x06: 0, 0x10: 4, 0x11: 8, 0x12: 8, 0x13: 16, 0x7f: 0, 0xff: 0 };

/**
 * The deepest nesting of embedded documents and arrays in a BSON document,
 * found without recursion so that a hostile depth cannot exhaust the stack;
 * stops counting past `limit`. Malformed bytes are left to the decoder.
 */
export function bsonDepth(b: Buffer, start: number, limit: number): number {
  const ends: number[] = [start + b.readInt32LE(start) - 1];
  let pos = start + 4;
  let deepest = 1;
  while (ends.length) {
    if (pos >= ends[ends.length - 1]!) {
      pos = ends.pop()! + 1;
      continue;
    }
    const type = b[pos++]!;
    const nul = b.indexOf(0, pos);
    if (nul < 0) return deepest;
    pos = nul + 1;
    if (type === 0x03 || type === 0x04) {
      ends.push(pos + b.readInt32LE(pos) - 1);
      pos += 4;
      deepest = Math.max(deepest, ends.length);
      if (deepest > limit) return deepest;
    } else if (type === 0x02 || type === 0x0d || type === 0x0e) pos += 4 + b.readInt32LE(pos);
    else if (type === 0x05) pos += 5 + b.readInt32LE(pos);
    else if (type === 0x0b) {
      pos = b.indexOf(0, pos) + 1;
      pos = b.indexOf(0, pos) + 1;
    } else if (type === 0x0c) pos += 4 + b.readInt32LE(pos) + 12;
    else if (type === 0x0f) pos += b.readInt32LE(pos);
    else if (type in FIXED) pos += FIXED[type]!;
    else return deepest;
    if (pos <= 0 || pos > b.length) return deepest;
  }
  return deepest;
}
