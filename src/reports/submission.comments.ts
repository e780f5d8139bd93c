import { CommentRangeEnd, CommentRangeStart, CommentReference, TextRun, type ParagraphChild } from "docx";
import { agencyAppendixContent } from "./agency.appendix.js";
import { wordComments } from "./comment.threads.js";
import { appendixReport } from "./report.document.js";
import type { DocxReport } from "./report.package.js";
import type { SubmissionCommentsInput } from "./report.types.js";

/**
 * The agency's appendix with every reviewer comment as a native Word comment: comments on
 * a row span that row, general comments span the appendix title. Replies are threaded.
 */
export function buildSubmissionWithComments(input: SubmissionCommentsInput): DocxReport {
  const comments = wordComments(input.comments, new Set(input.items.map((i) => i.id)));
  const titleBefore: ParagraphChild[] = comments.general.map((id) => new CommentRangeStart(id));
  const titleAfter: ParagraphChild[] = comments.general.flatMap((id) => [
    new CommentRangeEnd(id),
    new TextRun({ children: [new CommentReference(id)] }),
  ]);
  return appendixReport(
    agencyAppendixContent(input, comments.byItem),
    { numeral: input.numeral, attachedTo: input.attachedTo, titleBefore, titleAfter },
    comments.definitions,
  );
}
