import mammoth from 'mammoth';
import { foldDiacritics } from '../review-templates/vn-text.js';
import type { AttachmentType } from './attachment.model.js';

/**
 * The plain text of an uploaded file, extracted once at upload and stored, so search
 * never opens a file again. Word files now; other types return '' until they get an
 * extractor here (the one place that knows file formats' text).
 */
export async function extractText(buffer: Buffer, detectedType: AttachmentType): Promise<string> {
  if (detectedType === 'docx') return (await mammoth.extractRawText({ buffer })).value.normalize('NFC').replace(/\s+/g, ' ').trim();
  return '';
}

/** Folded for diacritic-insensitive search, as rows' searchText. */
export function searchFold(text: string): string {
  return foldDiacritics(text.normalize('NFC')).toLowerCase().replace(/\s+/g, ' ');
}
