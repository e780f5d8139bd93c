import { fileTypeFromBuffer } from 'file-type';
import { Types } from 'mongoose';
import type { Readable } from 'node:stream';
import { audit } from '../audit/audit.service.js';
import type { Actor } from '../http/actor.js';
import { Invalid, NotFound, UnsupportedType } from '../http/errors.js';
import { toObjectId } from '../http/ids.js';
import { agencyScope } from '../http/scope.js';
import { assertEditable, loadContext } from '../submissions/submission.service.js';
import { SubmissionModel } from '../submissions/submission.model.js';
import { AttachmentModel, type Attachment, type AttachmentType } from './attachment.model.js';
import { attachmentBucket, confirmFile, purgeFile, storeBuffer, type StoredUpload } from './attachment.storage.js';
import { canConvertDoc, convertDocToDocx } from './text.extract.js';
import { renderDocx } from './docx.render.js';
import { extractText, extractTextLater, searchFold } from './attachment.text.js';
import { inspectZip, officeKind } from './zip.guard.js';
import { importWordComments, type ImportResult } from '../reviews/comment.import.js';

/**
 * Files of a submission: what arrives is checked by content (magic bytes, zip
 * structure), never by name; a refused file is deleted from GridFS before the
 * error leaves this module, so nothing is left behind.
 */
const MIME: Record<AttachmentType, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/** NFC, no path, no control or reserved characters, at most 150 characters, the extension of what it really is. */
export function sanitizeFileName(original: string, type: AttachmentType): string {
  const base = (original ?? '')
    .normalize('NFC')
    .split(/[\\/]/)
    .pop()!
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .replace(/\.(docx?|pdf|xlsx?|exe|bin|zip)$/i, '');
  const stem = [...(base || 'tai-lieu')].slice(0, 140).join('');
  return `${stem}.${type}`;
}

export interface Detected {
  type: AttachmentType;
  docx?: Awaited<ReturnType<typeof renderDocx>>;
  /** a legacy .doc converted by LibreOffice: these bytes are kept instead of the upload's */
  converted?: Buffer;
}

/**
 * An old binary Word file becomes .docx through LibreOffice where it is installed, so the
 * reader, the comments and the citations work on it as on any Word file; anything else in
 * the old binary format (or no LibreOffice) is refused with a message saying how to fix it.
 */
async function fromLegacy(buffer: Buffer): Promise<Detected> {
  if (!(await canConvertDoc())) throw new UnsupportedType('attachments.errors.legacy_office');
  let converted: Buffer;
  try {
    converted = await convertDocToDocx(buffer);
  } catch {
    throw new UnsupportedType('attachments.errors.legacy_office');
  }
  const detected = await detectType(converted);
  if (detected.type !== 'docx') throw new UnsupportedType('attachments.errors.legacy_office');
  return { ...detected, converted };
}

/** What the bytes are. Old binary Office files get their own message: people can fix that themselves. */
export async function detectType(buffer: Buffer): Promise<Detected> {
  const ft = await fileTypeFromBuffer(buffer);
  if (ft?.ext === 'pdf') return { type: 'pdf' };
  if (ft?.ext === 'cfb') return fromLegacy(buffer);
  if (ft && !['docx', 'xlsx', 'zip'].includes(ft.ext)) throw new UnsupportedType('attachments.errors.type', { params: { detected: ft.ext } });
  if (!ft) throw new UnsupportedType('attachments.errors.type_unknown');
  const zip = await inspectZip(buffer);
  const kind = officeKind(zip.names);
  if (kind === 'xlsx') return { type: 'xlsx' };
  if (kind === 'docx') return { type: 'docx', docx: await renderDocx(buffer) };
  throw new UnsupportedType('attachments.errors.type', { params: { detected: ft.ext } });
}

export async function countActive(submission: Types.ObjectId): Promise<number> {
  return AttachmentModel.countDocuments({ submission, status: 'active' });
}

/**
 * Second half of an upload: the bytes are in GridFS; decide whether to keep
 * them. Any refusal deletes the stored file first.
 */
export async function finishUpload(
  actor: Actor,
  submissionId: string,
  stored: StoredUpload | undefined,
  originalName: string,
  opts: { maxFiles: number; replaces?: string },
): Promise<Attachment & { wordComments?: ImportResult }> {
  if (!stored) throw new Invalid([{ field: 'file', message: 'attachments.errors.no_file' }]);
  const kept = await keepUpload(actor, submissionId, stored, originalName, opts);
  if (kept.attachment.textPending) extractTextLater(kept.attachment);
  // The file is kept from here on: its comments are an addition, not a condition of the upload.
  const docx = kept.detected.docx;
  const wordComments = docx?.comments.length
    ? await importWordComments(actor, { submission: kept.ctx.submission._id, campaign: kept.ctx.campaign._id, agency: kept.ctx.submission.agency, attachmentId: kept.attachment._id, paragraphs: docx.paragraphs, atVersion: kept.ctx.submission.submittedVersion ?? 0 }, docx.comments)
    : undefined;
  return { ...kept.attachment, wordComments };
}

async function keepUpload(
  actor: Actor,
  submissionId: string,
  stored: StoredUpload,
  originalName: string,
  opts: { maxFiles: number; replaces?: string },
): Promise<{ attachment: Attachment; detected: Detected; ctx: Awaited<ReturnType<typeof loadContext>> }> {
  try {
    const ctx = await loadContext(actor, submissionId);
    assertEditable(actor, ctx);
    if (stored.size === 0) throw new Invalid([{ field: 'file', message: 'attachments.errors.empty' }]);
    // A file whose first bytes said PDF was not kept in memory: nothing more is checked in a PDF.
    const detected: Detected = stored.buffer ? await detectType(stored.buffer) : { type: 'pdf' };
    if (detected.converted) stored = await keepConverted(stored, detected.converted);
    let replaces: Types.ObjectId | undefined;
    if (opts.replaces) {
      const old = await AttachmentModel.findOne({ _id: toObjectId(opts.replaces), submission: ctx.submission._id }).lean<Attachment>();
      if (!old) throw new Invalid([{ field: 'replaces', message: 'attachments.errors.replaces' }]);
      replaces = old._id;
    } else if (detected.type === 'docx') {
      // A new Word file under the same name is the next edition of that file: comments will follow it.
      const sameName = await AttachmentModel.findOne({ submission: ctx.submission._id, name: sanitizeFileName(originalName, 'docx') }).sort({ createdAt: -1 }).lean<Attachment>();
      replaces = sameName?._id;
    }
    const textLater = !stored.buffer;
    const text = stored.buffer ? await extractText(stored.buffer, detected.type) : '';
    const doc = await AttachmentModel.create({
      submission: ctx.submission._id,
      campaign: ctx.campaign._id,
      agency: ctx.submission.agency,
      originalName: (originalName || '').normalize('NFC').slice(0, 300) || 'tai-lieu',
      name: sanitizeFileName(originalName, detected.type),
      type: detected.type,
      mime: MIME[detected.type],
      size: stored.size,
      sha256: stored.sha256,
      fileId: stored.fileId,
      uploadedBy: new Types.ObjectId(actor.id),
      replaces,
      paragraphs: detected.docx?.paragraphs,
      html: detected.docx?.html,
      renderWarnings: detected.docx?.warnings.length ? detected.docx.warnings : undefined,
      text,
      searchText: searchFold(text),
      ...(textLater ? { textPending: true } : {}),
    });
    // Two uploads racing past the count check: the later one gives way.
    if ((await countActive(ctx.submission._id)) > opts.maxFiles) {
      await AttachmentModel.deleteOne({ _id: doc._id });
      throw new Invalid([{ field: 'file', message: 'attachments.errors.too_many', params: { max: opts.maxFiles } }]);
    }
    // Independent of one another: sent together, they share the database's next commit and its sync.
    await Promise.all([
      confirmFile(stored.fileId, doc._id),
      replaces && AttachmentModel.updateOne({ _id: replaces, status: 'active' }, { $set: { status: 'removed', removedAt: new Date() } }),
      SubmissionModel.updateOne({ _id: ctx.submission._id }, { $set: { lastActivityAt: new Date() } }),
      audit(actor, 'attachment.upload', { type: 'attachment', id: doc._id, label: doc.name }, { submission: submissionId, sha256: stored.sha256, size: stored.size, type: detected.type, ...(detected.converted ? { convertedFrom: 'doc' } : {}) }),
    ]);
    const { html: _html, paragraphs: _p, text: _t, searchText: _s, ...plain } = doc.toObject();
    return { attachment: plain as Attachment, detected, ctx };
  } catch (err) {
    await purgeFile(stored.fileId);
    throw err;
  }
}

/** The converted bytes replace the uploaded ones in GridFS; the original .doc is not kept. */
async function keepConverted(upload: StoredUpload, converted: Buffer): Promise<StoredUpload> {
  const stored = await storeBuffer(converted);
  await purgeFile(upload.fileId);
  return stored;
}

/** One attachment, through its submission's scope: another agency's file is "not found". */
export async function getAttachment(actor: Actor, id: string | Types.ObjectId, withHtml = false): Promise<Attachment> {
  const q = AttachmentModel.findOne({ _id: toObjectId(id), ...agencyScope(actor) });
  if (withHtml) q.select('+html +paragraphs');
  const a = await q.lean<Attachment>();
  if (!a) throw new NotFound();
  return a;
}

export async function listAttachments(actor: Actor, submissionId: Types.ObjectId, includeRemoved = false): Promise<Attachment[]> {
  const q: Record<string, unknown> = { submission: submissionId, ...agencyScope(actor) };
  if (!includeRemoved) q.status = 'active';
  return AttachmentModel.find(q).sort({ createdAt: 1 }).lean<Attachment[]>();
}

export function openDownload(a: Attachment): Readable {
  return attachmentBucket().openDownloadStream(a.fileId);
}

/** Removes a file from the current draft. Bytes that a submitted version refers to stay in GridFS. */
export async function removeAttachment(actor: Actor, id: string): Promise<Attachment> {
  const a = await getAttachment(actor, id);
  const ctx = await loadContext(actor, a.submission);
  assertEditable(actor, ctx);
  if (a.status !== 'active') throw new NotFound();
  if (a.inVersions.length === 0) {
    await AttachmentModel.deleteOne({ _id: a._id });
    await purgeFile(a.fileId);
  } else {
    await AttachmentModel.updateOne({ _id: a._id }, { $set: { status: 'removed', removedAt: new Date() } });
  }
  await audit(actor, 'attachment.remove', { type: 'attachment', id: a._id, label: a.name }, { submission: a.submission.toString(), kept: a.inVersions.length > 0 });
  return a;
}
