import { Readable, pipeline } from "node:stream";
import { constants, crc32, createDeflateRaw, deflateRawSync, inflateRawSync } from "node:zlib";

// Just enough ZIP to take apart the small package `docx` writes and stream a new one out:
// unchanged parts are copied still compressed, the large part is deflated as it is generated.

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const DATA_DESCRIPTOR = 0x08074b50;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;
const FLAG_DATA_DESCRIPTOR = 0x0008;
/** Names in UTF-8 (APPNOTE 4.4.4 bit 11); without it readers take them as code page 437. */
const FLAG_UTF8 = 0x0800;
const utf8Flag = (name: string): number => (/[^\x00-\x7f]/.test(name) ? FLAG_UTF8 : 0);
const ZIP32_LIMIT = 0xffffffff;
/** Version made by: host 3 (Unix), ZIP 2.0. */
const MADE_BY_UNIX = (3 << 8) | 20;
/** External attributes of a regular file, mode 0644, as Unix hosts write them. */
const FILE_MODE = (0o100644 << 16) >>> 0;

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly crc: number;
  readonly size: number;
  /** The entry's bytes as stored (compressed when `method` is deflate). */
  readonly data: Buffer;
  readonly dosTime: number;
  readonly dosDate: number;
}

export function readZip(zip: Buffer): ZipEntry[] {
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== END_OF_CENTRAL_DIRECTORY) eocd--;
  if (eocd < 0) throw new Error("not a zip file: no end of central directory");
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL_HEADER) throw new Error("corrupt zip central directory");
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    if (zip.readUInt32LE(local) !== LOCAL_HEADER) throw new Error("corrupt zip local header");
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const compressedSize = zip.readUInt32LE(at + 20);
    entries.push({
      name: zip.toString("utf8", at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      dosTime: zip.readUInt16LE(at + 12),
      dosDate: zip.readUInt16LE(at + 14),
      crc: zip.readUInt32LE(at + 16),
      size: zip.readUInt32LE(at + 24),
      data: zip.subarray(dataStart, dataStart + compressedSize),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

export function entryContent(entry: ZipEntry): Buffer {
  if (entry.method === METHOD_STORED) return entry.data;
  if (entry.method === METHOD_DEFLATE) return inflateRawSync(entry.data);
  throw new Error(`unsupported zip compression method ${entry.method} for ${entry.name}`);
}

/** An entry to write: copied as stored, or deflated from generated text. */
export type ZipSource =
  | { readonly kind: "copy"; readonly entry: ZipEntry }
  | { readonly kind: "generate"; readonly name: string; readonly chunks: Iterable<string> };

interface Written {
  readonly name: Buffer;
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly offset: number;
  readonly dosTime: number;
  readonly dosDate: number;
}

function localHeader(w: Omit<Written, "offset">): Buffer {
  const b = Buffer.alloc(30);
  b.writeUInt32LE(LOCAL_HEADER, 0);
  b.writeUInt16LE(20, 4);
  b.writeUInt16LE(w.flags, 6);
  b.writeUInt16LE(w.method, 8);
  b.writeUInt16LE(w.dosTime, 10);
  b.writeUInt16LE(w.dosDate, 12);
  b.writeUInt32LE(w.crc, 14);
  b.writeUInt32LE(w.compressedSize, 18);
  b.writeUInt32LE(w.size, 22);
  b.writeUInt16LE(w.name.length, 26);
  return Buffer.concat([b, w.name]);
}

function centralHeader(w: Written): Buffer {
  const b = Buffer.alloc(46);
  b.writeUInt32LE(CENTRAL_HEADER, 0);
  // Made by a Unix host: Info-ZIP's unzip takes a DOS host's names for code page 437 and
  // garbles "Phụ lục", whatever the UTF-8 flag says; the mode is then a plain rw-r--r-- file.
  b.writeUInt16LE(MADE_BY_UNIX, 4);
  b.writeUInt16LE(20, 6);
  b.writeUInt16LE(w.flags, 8);
  b.writeUInt16LE(w.method, 10);
  b.writeUInt16LE(w.dosTime, 12);
  b.writeUInt16LE(w.dosDate, 14);
  b.writeUInt32LE(w.crc, 16);
  b.writeUInt32LE(w.compressedSize, 20);
  b.writeUInt32LE(w.size, 24);
  b.writeUInt16LE(w.name.length, 28);
  b.writeUInt32LE(FILE_MODE, 38);
  b.writeUInt32LE(w.offset, 42);
  return Buffer.concat([b, w.name]);
}

function endOfCentralDirectory(count: number, size: number, offset: number): Buffer {
  const b = Buffer.alloc(22);
  b.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  b.writeUInt16LE(count, 8);
  b.writeUInt16LE(count, 10);
  b.writeUInt32LE(size, 12);
  b.writeUInt32LE(offset, 16);
  return b;
}

// Generated text is encoded into blocks of this size: small enough to keep memory flat,
// large enough that stream overhead per block does not matter.
const BLOCK_BYTES = 1 << 20;

function* utf8Blocks(chunks: Iterable<string>, sums: { crc: number; size: number }): Generator<Buffer> {
  let block = Buffer.allocUnsafe(BLOCK_BYTES);
  let used = 0;
  const sum = (bytes: Buffer): Buffer => {
    sums.crc = crc32(bytes, sums.crc);
    sums.size += bytes.length;
    return bytes;
  };
  const flush = (): Buffer => {
    const full = sum(block.subarray(0, used));
    block = Buffer.allocUnsafe(BLOCK_BYTES);
    used = 0;
    return full;
  };
  for (const chunk of chunks) {
    // A UTF-16 unit takes at most 3 bytes: a chunk that surely fits is written in place, with
    // no view or encoder result per chunk (a row each, tens of thousands of them).
    if (used + 3 * chunk.length > BLOCK_BYTES) {
      if (used > 0) yield flush();
      if (3 * chunk.length > BLOCK_BYTES) {
        yield sum(Buffer.from(chunk, "utf8"));
        continue;
      }
    }
    used += block.write(chunk, used, "utf8");
  }
  if (used > 0) yield flush();
}

function dosNow(): { dosTime: number; dosDate: number } {
  const d = new Date();
  return {
    dosTime: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    dosDate: ((d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/** A small file deflated at once (a package's parts beside its large generated one). */
export function deflatedEntry(name: string, data: Uint8Array): ZipEntry {
  return { name, method: METHOD_DEFLATE, crc: crc32(data), size: data.length, data: deflateRawSync(data), ...dosNow() };
}

/** A file stored as it is (already compressed formats: .docx, .pdf), named in UTF-8. */
export function storedEntry(name: string, data: Buffer): ZipEntry {
  return { name, method: METHOD_STORED, crc: crc32(data), size: data.length, data, ...dosNow() };
}

/** The bytes of a ZIP package, entry by entry. */
export async function* zipChunks(sources: Iterable<ZipSource>): AsyncGenerator<Buffer> {
  const written: Written[] = [];
  let offset = 0;
  for (const source of sources) {
    if (source.kind === "copy") {
      const { entry } = source;
      const w = { ...entry, name: Buffer.from(entry.name, "utf8"), flags: utf8Flag(entry.name), compressedSize: entry.data.length, offset };
      const header = localHeader(w);
      yield header;
      yield entry.data;
      written.push(w);
      offset += header.length + entry.data.length;
      continue;
    }
    // Size and CRC are known only at the end, so they follow the data in a descriptor.
    const name = Buffer.from(source.name, "utf8");
    const head = { name, flags: FLAG_DATA_DESCRIPTOR | utf8Flag(source.name), method: METHOD_DEFLATE, crc: 0, compressedSize: 0, size: 0, ...dosNow() };
    const header = localHeader(head);
    yield header;
    const sums = { crc: 0, size: 0 };
    let compressedSize = 0;
    // The generated part is the large one (a campaign's table, tens of megabytes of repetitive
    // markup): the fastest level takes half the default's time or less, for a file about three
    // times as large that is still a few percent of the XML.
    const deflate = createDeflateRaw({ level: constants.Z_BEST_SPEED, chunkSize: 1 << 18 });
    pipeline(Readable.from(utf8Blocks(source.chunks, sums)), deflate, () => {
      // Errors reach the consumer through the iteration of `deflate` below.
    });
    for await (const chunk of deflate as AsyncIterable<Buffer>) {
      compressedSize += chunk.length;
      yield chunk;
    }
    if (sums.size > ZIP32_LIMIT || compressedSize > ZIP32_LIMIT) throw new Error(`${source.name} is too large for a ZIP32 package`);
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(DATA_DESCRIPTOR, 0);
    descriptor.writeUInt32LE(sums.crc, 4);
    descriptor.writeUInt32LE(compressedSize, 8);
    descriptor.writeUInt32LE(sums.size, 12);
    yield descriptor;
    written.push({ ...head, crc: sums.crc, compressedSize, size: sums.size, offset });
    offset += header.length + compressedSize + descriptor.length;
  }
  const central = Buffer.concat(written.map(centralHeader));
  yield central;
  yield endOfCentralDirectory(written.length, central.length, offset);
}
