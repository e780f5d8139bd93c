import type { Types } from 'mongoose';
import { foldDiacritics } from '../review-templates/vn-text.js';
import { AttachmentModel, type AttachmentType } from './attachment.model.js';
import { readStoredFile } from './attachment.storage.js';
import { extractText as fileText } from './text.extract.js';

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

const running = new Set<Promise<void>>();

/** Reads a kept file's text from its stored bytes and records it; the file stays pending if the database fails. */
export async function extractStoredText(a: { _id: Types.ObjectId; fileId: Types.ObjectId; type: AttachmentType }): Promise<void> {
  const text = await extractText(await readStoredFile(a.fileId), a.type);
  await AttachmentModel.updateOne({ _id: a._id, textPending: true }, { $set: { text, searchText: searchFold(text) }, $unset: { textPending: 1 } });
}

/**
 * A PDF's text is read after its upload is answered: parsing a large PDF
 * would otherwise hold the upload, and the event loop with it, for the
 * whole parse. Search finds the file a moment later; a restart before then
 * leaves it pending for the upload sweep.
 */
export function extractTextLater(a: { _id: Types.ObjectId; fileId: Types.ObjectId; type: AttachmentType }): void {
  const job: Promise<void> = extractStoredText(a)
    .catch(() => undefined)
    .finally(() => running.delete(job));
  running.add(job);
}

/** Resolves once every text started by extractTextLater is recorded (or has failed). */
export async function pendingTextsSettled(): Promise<void> {
  while (running.size) await Promise.all(running);
}
