import type { Types } from 'mongoose';
import { foldDiacritics } from '../review-templates/vn-text.js';
import { AttachmentModel, type AttachmentType } from './attachment.model.js';
import { UnsupportedType } from '../http/errors.js';
import { attachmentBucket, readStoredFile } from './attachment.storage.js';
import { extractPdfTextFrom, extractText as fileText } from './text.extract.js';

/**
 * The plain text of an uploaded file, extracted once at upload and stored, so search
 * never opens a file again: Word and PDF (its text layer) through the one extractor in
 * text.extract.ts; spreadsheets give ''. A PDF whose text cannot be read is still kept,
 * only without text to search.
 */
export async function extractText(buffer: Buffer, detectedType: AttachmentType): Promise<string> {
  if (detectedType === 'xlsx') return '';
  try {
    return (await fileText(buffer, detectedType)).replace(/\s+/g, ' ').trim();
  } catch {
    return '';
  }
}

/** Folded for diacritic-insensitive search, as rows' searchText. */
export function searchFold(text: string): string {
  return foldDiacritics(text.normalize('NFC')).toLowerCase().replace(/\s+/g, ' ');
}

/** Reads a kept file's text from its stored bytes and records it; the file stays pending if anything fails on the way. */
export async function extractStoredText(a: { _id: Types.ObjectId; fileId: Types.ObjectId; type: AttachmentType }): Promise<void> {
  const raw = a.type === 'pdf' ? await extractPdfTextFrom(attachmentBucket().openDownloadStream(a.fileId)).catch(unreadable) : await extractText(await readStoredFile(a.fileId), a.type);
  const text = raw.replace(/\s+/g, ' ').trim();
  await AttachmentModel.updateOne({ _id: a._id, textPending: true }, { $set: { text, searchText: searchFold(text) }, $unset: { textPending: 1 } });
}

/** A PDF whose text cannot be read is kept without text, as at upload; a stored file that cannot be read stays pending. */
function unreadable(err: unknown): string {
  if (err instanceof UnsupportedType) return '';
  throw err;
}

let queue: Promise<void> = Promise.resolve();

/**
 * A PDF's text is read after its upload is answered, one file at a time:
 * parsing a large PDF would otherwise hold the upload for the whole parse.
 * Search finds the file a moment later; a restart before then leaves it
 * pending for the upload sweep.
 */
export function extractTextLater(a: { _id: Types.ObjectId; fileId: Types.ObjectId; type: AttachmentType }): void {
  queue = queue.then(() => extractStoredText(a)).catch(() => undefined);
}

/** Resolves once every text queued by extractTextLater is recorded (or has failed). */
export async function pendingTextsSettled(): Promise<void> {
  let last: Promise<void>;
  do {
    last = queue;
    await last;
  } while (last !== queue);
}
