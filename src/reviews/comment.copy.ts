import { getAttachment } from '../attachments/attachment.service.js';
import type { Attachment } from '../attachments/attachment.model.js';
import { purgeFile, type StoredUpload } from '../attachments/attachment.storage.js';
import { renderedParagraph } from '../attachments/docx.comments.js';
import { renderDocx } from '../attachments/docx.render.js';
import { assertMayAct } from '../campaigns/assignment.service.js';
import type { Actor } from '../http/actor.js';
import { Forbidden, Invalid, UnsupportedType } from '../http/errors.js';
import { agencyUserIds, notifyUsers } from '../notifications/notification.service.js';
import { assertCampaignOpen, loadContext } from '../submissions/submission.service.js';
import { assertNotFrozen } from './acceptance.js';
import { importWordComments, type ImportResult } from './comment.import.js';

/**
 * A reviewer who annotated an agency's Word file in Word sends the annotated copy back:
 * its comments become the reviewer's threads on the agency's file, anchored to the matching
 * paragraphs of the agency's edition (by text, as the reader numbers them). Comments whose
 * paragraph is not in the agency's edition are kept on the file, marked as not found there.
 * The copy itself is read and discarded: it is not a file of the agency.
 */
export async function importCommentedCopy(actor: Actor, attachmentId: string, upload: StoredUpload | undefined): Promise<{ attachment: Attachment; result: ImportResult }> {
  if (!upload) throw new Invalid([{ field: 'file', message: 'attachments.errors.no_file' }]);
  try {
    if (actor.role === 'agency') throw new Forbidden('word_import.errors.reviewers_only');
    const a = await getAttachment(actor, attachmentId, true);
    if (a.type !== 'docx' || !a.paragraphs || a.status !== 'active') throw new Invalid([{ field: 'file', message: 'word_import.errors.not_word' }]);
    const ctx = await loadContext(actor, a.submission);
    assertCampaignOpen(ctx);
    assertNotFrozen(ctx);
    assertMayAct(actor, ctx);
    if (upload.size === 0) throw new Invalid([{ field: 'file', message: 'attachments.errors.empty' }]);
    // Only a file that is not a PDF is held in memory on arrival (see upload.receive.ts).
    if (!upload.buffer) throw new UnsupportedType('attachments.errors.not_docx');
    const copy = await renderDocx(upload.buffer);
    if (!copy.comments.length) throw new Invalid([{ field: 'file', message: 'word_import.errors.no_comments' }]);
    const mapped = copy.comments.map((c) => ({ ...c, paragraph: renderedParagraph(c.paragraph ?? -1, c.quote, copy.paragraphs, a.paragraphs!) }));
    const result = await importWordComments(
      actor,
      { submission: a.submission, campaign: a.campaign, agency: a.agency, attachmentId: a._id, paragraphs: a.paragraphs, atVersion: ctx.submission.submittedVersion ?? 0 },
      mapped,
      { asActor: true },
    );
    if (result.threads + result.replies > 0) {
      await notifyUsers(await agencyUserIds(ctx.submission.agency), {
        kind: 'comment',
        messageKey: 'notifications.comment',
        params: { author: actor.name, agency: ctx.agency.nameVi, campaign: ctx.campaign.title },
        link: `/submissions/${ctx.submission._id.toString()}/review?tab=document&file=${a._id.toString()}`,
        object: { type: 'attachment', id: a._id },
      });
    }
    return { attachment: a, result };
  } finally {
    await purgeFile(upload.fileId);
  }
}
