import { foldDiacritics } from '../review-templates/vn-text.js';
import type { AttachmentType } from './attachment.model.js';
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
