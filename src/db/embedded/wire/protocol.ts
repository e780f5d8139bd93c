import { calculateObjectSize, deserialize, serialize, type Document } from 'bson';
import { bsonDepth, crc32c, MAX_DEPTH } from './checks.js';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

/** What `hello` promises the driver, and the largest frame accepted before the connection is dropped. */
export const MAX_BSON_SIZE = 16 * 1024 * 1024;
export const MAX_MESSAGE_SIZE = 48_000_000;
const HEADER = 16;
const MORE_TO_COME = 1 << 1;
const CHECKSUM_PRESENT = 1 << 0;
/** Bits 0–15 of OP_MSG flags are required: a receiver must refuse any it does not know. */
const KNOWN_REQUIRED = CHECKSUM_PRESENT | MORE_TO_COME;

export class ProtocolError extends Error {}

/** A well-framed request the server refuses with an error reply rather than by closing the connection. */
export class RequestError extends Error {
  constructor(
    readonly frame: Frame,
    readonly legacy: boolean,
    readonly reply: Document,
  ) {
    super(String(reply.errmsg));
  }
}

export interface Frame {
  requestId: number;
  opCode: number;
  body: Buffer;
  /** The whole message, header included, for the checksum. */
  message: Buffer;
}

/**
 * Splits a byte stream into frames. Throws ProtocolError on a length that
 * cannot be a message; the caller then drops the connection.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private size = 0;

  /** Bytes held for a frame not yet complete. */
  get pending(): number {
    return this.size;
  }

  push(chunk: Buffer): Frame[] {
    this.chunks.push(chunk);
    this.size += chunk.length;
    const frames: Frame[] = [];
    while (this.size >= 4) {
      const head = this.peek(HEADER);
      const length = head.readInt32LE(0);
      if (length < HEADER || length > MAX_MESSAGE_SIZE + HEADER) {
        throw new ProtocolError(`invalid message length ${length}`);
      }
      if (this.size < length) break;
      const msg = this.take(length);
      frames.push({ requestId: msg.readInt32LE(4), opCode: msg.readInt32LE(12), body: msg.subarray(HEADER), message: msg });
    }
    return frames;
  }

  private peek(n: number): Buffer {
    if (this.chunks[0]!.length >= n || this.chunks.length === 1) return this.chunks[0]!;
    this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0]!;
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const msg = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.size = rest.length;
    return msg;
  }
}

export interface Request {
  requestId: number;
  legacy: boolean;
  moreToCome: boolean;
  command: Document;
  /** Raw BSON of kind-1 document sequences, so inserted documents keep their exact bytes. */
  sequences: Map<string, Buffer[]>;
  /** The body's own bytes, for commands that need the un-promoted values. */
  rawBody: Buffer;
}

export function parseFrame(frame: Frame): Request {
  if (frame.opCode === OP_MSG) return parseMsg(frame);
  if (frame.opCode === OP_QUERY) return parseQuery(frame);
  throw new ProtocolError(`unsupported opCode ${frame.opCode}`);
}

function parseMsg(frame: Frame): Request {
  const b = frame.body;
  if (b.length < 5) throw new ProtocolError('truncated OP_MSG');
  const flags = b.readUInt32LE(0);
  if ((flags & 0xffff & ~KNOWN_REQUIRED) !== 0) throw new ProtocolError(`unknown required OP_MSG flags 0x${flags.toString(16)}`);
  const end = flags & CHECKSUM_PRESENT ? b.length - 4 : b.length;
  if (flags & CHECKSUM_PRESENT) {
    if (b.length < 9) throw new ProtocolError('truncated OP_MSG checksum');
    if (crc32c(frame.message.subarray(0, frame.message.length - 4)) !== b.readUInt32LE(b.length - 4)) {
      throw new ProtocolError('OP_MSG checksum mismatch');
    }
  }
  let pos = 4;
  let command: Document | undefined;
  let rawBody: Buffer | undefined;
  const sequences = new Map<string, Buffer[]>();
  while (pos < end) {
    const kind = b[pos++];
    if (kind === 0) {
      const len = docLength(b, pos, end);
      rawBody = b.subarray(pos, pos + len);
      checkDepth(frame, false, b, pos);
      command = deserialize(rawBody, commandOptions(rawBody));
      pos += len;
    } else if (kind === 1) {
      const size = b.readInt32LE(pos);
      const secEnd = pos + size;
      if (size < 5 || secEnd > end) throw new ProtocolError('bad document sequence');
      const nul = b.indexOf(0, pos + 4);
      if (nul < 0 || nul >= secEnd) throw new ProtocolError('bad sequence identifier');
      const id = b.toString('utf8', pos + 4, nul);
      const docs: Buffer[] = [];
      for (let p = nul + 1; p < secEnd; ) {
        const len = docLength(b, p, secEnd);
        checkDepth(frame, false, b, p);
        docs.push(b.subarray(p, p + len));
        p += len;
      }
      sequences.set(id, docs);
      pos = secEnd;
    } else {
      throw new ProtocolError(`unknown section kind ${kind}`);
    }
  }
  if (!command || !rawBody) throw new ProtocolError('OP_MSG without a body');
  return { requestId: frame.requestId, legacy: false, moreToCome: (flags & MORE_TO_COME) !== 0, command, sequences, rawBody };
}

/**
 * An insert's documents stay raw BSON (one slice of the message each): the
 * engine stores them as sent, and decoding a bulk insert of 100,000 documents
 * here would hold the engine's thread for as long as the whole batch.
 */
function commandOptions(body: Buffer): { fieldsAsRaw: { documents: true } } | undefined {
  return body.length > 11 && body.toString('latin1', 5, 12) === 'insert\0' ? { fieldsAsRaw: { documents: true } } : undefined;
}

function parseQuery(frame: Frame): Request {
  const b = frame.body;
  const nul = b.indexOf(0, 4);
  if (nul < 0) throw new ProtocolError('bad OP_QUERY namespace');
  const ns = b.toString('utf8', 4, nul);
  const pos = nul + 1 + 8;
  const len = docLength(b, pos, b.length);
  const rawBody = b.subarray(pos, pos + len);
  checkDepth(frame, true, b, pos);
  const query = deserialize(rawBody);
  // Legacy handshakes may wrap the command in $query.
  const command: Document = query.$query && typeof query.$query === 'object' ? query.$query : query;
  command.$db = ns.split('.')[0];
  return { requestId: frame.requestId, legacy: true, moreToCome: false, command, sequences: new Map(), rawBody };
}

/** A command wraps the documents it carries in a few levels of its own. */
const DEPTH_LIMIT = MAX_DEPTH + 8;
/**
 * Each level of nesting takes at least 7 bytes (type, empty name, length,
 * terminator), so a shorter document cannot be too deep: the many small
 * documents of a bulk insert are not walked at all.
 */
const SHALLOW_BYTES = 5 + 7 * (DEPTH_LIMIT - 1);

function checkDepth(frame: Frame, legacy: boolean, b: Buffer, pos: number): void {
  if (b.readInt32LE(pos) <= SHALLOW_BYTES) return;
  const limit = DEPTH_LIMIT;
  if (bsonDepth(b, pos, limit) > limit) {
    throw new RequestError(frame, legacy, { ok: 0, errmsg: `BSON document nesting depth exceeds ${MAX_DEPTH}`, code: 15, codeName: 'Overflow' });
  }
}

function docLength(b: Buffer, pos: number, end: number): number {
  if (pos + 5 > end) throw new ProtocolError('truncated document');
  const len = b.readInt32LE(pos);
  if (len < 5 || pos + len > end) throw new ProtocolError('bad document length');
  return len;
}

let nextResponseId = 1;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.allocUnsafe(HEADER);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(nextResponseId++ & 0x7fffffff, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

/** mongod's own allowance above 16 MB for the envelope of a reply. */
const MAX_REPLY_SIZE = MAX_BSON_SIZE + 16 * 1024;

/**
 * Encodes a reply; `reply` is a document or bytes already encoded (cursor
 * batches built from stored BSON). A reply too large to send becomes
 * MongoDB's BSONObjectTooLarge error, never an exception.
 */
export function encodeReply(req: Request, reply: Document | Buffer): Buffer {
  let doc: Buffer | Uint8Array;
  if (Buffer.isBuffer(reply)) doc = reply;
  else {
    const size = calculateObjectSize(reply);
    doc =
      size > MAX_REPLY_SIZE
        ? serialize({ ok: 0, errmsg: `BSONObj size: ${size} (0x${size.toString(16)}) is invalid. Size must be between 0 and ${MAX_BSON_SIZE}(16MB)`, code: 10334, codeName: 'BSONObjectTooLarge' })
        : serialize(reply);
  }
  if (req.legacy) {
    const prefix = Buffer.alloc(20);
    prefix.writeInt32LE(1, 16);
    return Buffer.concat([header(HEADER + 20 + doc.length, req.requestId, OP_REPLY), prefix, doc]);
  }
  const prefix = Buffer.alloc(5);
  return Buffer.concat([header(HEADER + 5 + doc.length, req.requestId, OP_MSG), prefix, doc]);
}
