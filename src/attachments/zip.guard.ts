import yauzl from 'yauzl';
import { TooLarge, UnsupportedType } from '../http/errors.js';

/**
 * Word and Excel files are zip archives, and a zip can expand a few kilobytes
 * into gigabytes. Before mammoth or exceljs opens one, the central directory is
 * read (cheap, nothing inflated) and refused when its declared sizes are
 * absurd; then every entry is inflated once into a counter — yauzl checks the
 * real size against the declared one — so a directory that lies is caught
 * before a library trusts it.
 */
export interface ZipLimits {
  maxEntries: number;
  /** sum of declared uncompressed sizes */
  maxTotalBytes: number;
  /** per entry, uncompressed / compressed, only checked for entries above 1 MB */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 5000, maxTotalBytes: 200 * 1024 * 1024, maxRatio: 200 };

export interface ZipSummary {
  names: string[];
  totalBytes: number;
}

function corrupt(): UnsupportedType {
  return new UnsupportedType('attachments.errors.corrupt_zip');
}

function bomb(): TooLarge {
  return new TooLarge('attachments.errors.zip_bomb');
}

async function open(buffer: Buffer): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.fromBufferPromise(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch {
    throw corrupt();
  }
}

/** Reads the central directory only. Throws TooLarge (zip bomb) or UnsupportedType (not a readable zip). */
export async function readZipDirectory(buffer: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<{ zip: yauzl.ZipFile; entries: yauzl.Entry[] }> {
  const zip = await open(buffer);
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw bomb();
  }
  const entries: yauzl.Entry[] = [];
  let total = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      total += entry.uncompressedSize;
      const big = entry.uncompressedSize > 1024 * 1024;
      const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
      if (total > limits.maxTotalBytes || (big && ratio > limits.maxRatio)) {
        zip.close();
        reject(bomb());
        return;
      }
      entries.push(entry);
      zip.readEntry();
    });
    zip.once('end', () => resolve());
    zip.once('error', () => reject(corrupt()));
    zip.readEntry();
  });
  return { zip, entries };
}

function inflateCount(zip: yauzl.ZipFile, entry: yauzl.Entry, budget: { left: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(corrupt());
      stream.on('data', (chunk: Buffer) => {
        budget.left -= chunk.length;
        if (budget.left < 0) {
          stream.destroy();
          reject(bomb());
        }
      });
      // yauzl raises an error when the real size differs from the declared one.
      stream.once('error', () => reject(budget.left < 0 ? bomb() : corrupt()));
      stream.once('end', () => resolve());
    });
  });
}

/** The whole check: directory limits, then real inflation bounded by the same total. */
export async function inspectZip(buffer: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipSummary> {
  const { zip, entries } = await readZipDirectory(buffer, limits);
  const budget = { left: limits.maxTotalBytes };
  try {
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      await inflateCount(zip, entry, budget);
    }
  } finally {
    zip.close();
  }
  return { names: entries.map((e) => e.fileName), totalBytes: limits.maxTotalBytes - budget.left };
}

/** Which Office format a zip is, by its parts (file-type may say only "zip" for unusual part orders). */
export function officeKind(names: readonly string[]): 'docx' | 'xlsx' | null {
  const set = new Set(names.map((n) => n.replace(/^\/+/, '')));
  if (!set.has('[Content_Types].xml')) return null;
  if (set.has('word/document.xml') || [...set].some((n) => /^word\/document\d*\.xml$/.test(n))) return 'docx';
  if (set.has('xl/workbook.xml')) return 'xlsx';
  return null;
}

/**
 * The named parts of an archive already passed by inspectZip, each inflated into memory up
 * to `maxBytes` (a part over it is refused as a bomb). Missing parts are simply absent.
 */
export async function readZipParts(buffer: Buffer, names: readonly string[], maxBytes: number): Promise<Map<string, Buffer>> {
  const wanted = new Set(names);
  const { zip, entries } = await readZipDirectory(buffer);
  const parts = new Map<string, Buffer>();
  try {
    for (const entry of entries) {
      const name = entry.fileName.replace(/^\/+/, '');
      if (!wanted.has(name) || parts.has(name)) continue;
      if (entry.uncompressedSize > maxBytes) throw bomb();
      parts.set(name, await inflate(zip, entry, maxBytes));
    }
  } finally {
    zip.close();
  }
  return parts;
}

function inflate(zip: yauzl.ZipFile, entry: yauzl.Entry, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(corrupt());
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          stream.destroy();
          reject(bomb());
          return;
        }
        chunks.push(chunk);
      });
      stream.once('error', () => reject(size > maxBytes ? bomb() : corrupt()));
      stream.once('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}
