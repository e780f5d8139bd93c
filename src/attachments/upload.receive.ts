import { fileTypeFromBuffer } from 'file-type';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { BadRequest, TooLarge, UnsupportedType } from '../http/errors.js';
import type { GridFsWriter } from './gridfs.writer.js';
import type { StoredUpload } from './attachment.storage.js';

/** What file-type needs to tell most formats apart. */
const HEAD_BYTES = 4100;

/**
 * What the first bytes say, before the rest has arrived: a PDF is stored as
 * it streams and never held whole; a zip or an old Office file is kept in
 * memory too, because the zip checks and Word's rendering read all of it (as
 * does the full check when the head says nothing); any other known type is
 * refused at once, so a large refused file is not stored first.
 */
async function sniff(head: Buffer): Promise<'pdf' | 'whole'> {
  const ft = await fileTypeFromBuffer(head);
  if (ft?.ext === 'pdf') return 'pdf';
  if (!ft || ['docx', 'xlsx', 'zip', 'cfb'].includes(ft.ext)) return 'whole';
  throw new UnsupportedType('attachments.errors.type', { params: { detected: ft.ext } });
}

/**
 * Streams one multipart file into GridFS as it arrives, hashing and
 * measuring it on the way. Any failure (too large, a refused type, the
 * client hanging up, the database) deletes what was written before the
 * error is reported. The source is paused while the database catches up,
 * so a fast client never fills the server's memory.
 */
export function receive(source: Readable, writer: GridFsWriter, maxBytes: number): Promise<StoredUpload> {
  const hash = createHash('sha256');
  let kept: Buffer[] | undefined = [];
  let size = 0;
  let sniffed: Promise<'pdf' | 'whole'> | undefined;
  let holds = 0;
  const hold = () => holds++ === 0 && source.pause();
  const release = () => --holds === 0 && source.resume();

  return new Promise<StoredUpload>((resolve, reject) => {
    let failed = false;
    let ended = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      kept = undefined;
      source.unpipe();
      source.resume();
      void writer.abort().then(
        () => reject(err),
        () => reject(err),
      );
    };
    const tooLarge = () => new TooLarge('errors.file_too_large', { params: { max: Math.round(maxBytes / 1048576) } });
    const decide = (head: Buffer) => {
      sniffed = sniff(head);
      sniffed.then((kind) => {
        if (kind === 'pdf') kept = undefined;
      }, fail);
      return sniffed;
    };

    source.on('data', (bytes: Buffer) => {
      if (failed) return;
      size += bytes.length;
      if (size > maxBytes) return fail(tooLarge());
      hash.update(bytes);
      kept?.push(bytes);
      if (!writer.write(bytes)) {
        hold();
        void writer.room().then(release);
      }
      if (writer.failed) return fail(writer.failed);
      if (!sniffed && size >= HEAD_BYTES) {
        hold();
        void decide(Buffer.concat(kept!)).then(release, () => undefined);
      }
    });
    // busboy stops a file at the size limit and says so.
    source.once('limit', () => fail(tooLarge()));
    source.once('error', fail);
    // A client that hangs up mid-file: the stream closes without ending, and what was written goes.
    source.once('close', () => {
      if (!ended) fail(new BadRequest('errors.bad_upload'));
    });
    source.once('end', () => {
      ended = true;
      if (failed) return;
      void (async () => {
        const kind = size === 0 ? 'whole' : await (sniffed ?? decide(Buffer.concat(kept!)));
        const fileId = await writer.end();
        if (failed) return;
        resolve({ fileId, size, sha256: hash.digest('hex'), ...(kind === 'pdf' ? {} : { buffer: Buffer.concat(kept!, size) }) });
      })().catch(fail);
    });
  });
}
