import { Paragraph } from "docx";
import type { ICommentOptions } from "docx";
import { nfc, shortDate } from "./report.text.js";
import type { Run, RichText } from "./table.model.js";
import type { ReportComment } from "./report.types.js";

// Reviewer comments in two forms: native Word comments (one per comment and one per reply,
// a reply pointing at its parent so Word threads it), and the text of a table cell.

export interface WordComments {
  /** Definitions for `comments.xml`, parents before their replies. */
  readonly definitions: ICommentOptions[];
  /** Word comment ids to anchor on each item's row (a comment and its replies share the row). */
  readonly byItem: Map<string, number[]>;
  /** Ids of comments on no row (or on a row not in the report), anchored on the appendix title. */
  readonly general: number[];
}

const initialsOf = (name: string): string =>
  nfc(name)
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w[0]!.toLocaleUpperCase("vi"))
    .join("")
    .slice(0, 4);

const paragraphs = (text: string): Paragraph[] => nfc(text).split("\n").map((line) => new Paragraph({ text: line }));

export function wordComments(comments: readonly ReportComment[], itemIds: ReadonlySet<string>): WordComments {
  const definitions: ICommentOptions[] = [];
  const byItem = new Map<string, number[]>();
  const general: number[] = [];
  for (const comment of comments) {
    const id = definitions.length;
    const ids = [id];
    definitions.push({
      id,
      author: nfc(comment.author),
      initials: comment.initials ?? initialsOf(comment.author),
      date: comment.date,
      resolved: comment.resolved,
      children: paragraphs(comment.text),
    });
    for (const reply of comment.replies ?? []) {
      const replyId = definitions.length;
      ids.push(replyId);
      definitions.push({
        id: replyId,
        parentId: id,
        author: nfc(reply.author),
        initials: reply.initials ?? initialsOf(reply.author),
        date: reply.date,
        children: paragraphs(reply.text),
      });
    }
    const anchor = comment.itemId !== undefined && itemIds.has(comment.itemId) ? comment.itemId : undefined;
    if (anchor === undefined) general.push(...ids);
    else byItem.set(anchor, [...(byItem.get(anchor) ?? []), ...ids]);
  }
  return { definitions, byItem, general };
}

/** A thread as cell text: "Author (dd/mm/yyyy): text", replies below in italics. */
export function commentThreadText(comments: readonly ReportComment[]): RichText {
  const line = (author: string, date: Date, text: string, italic: boolean): Run[] => [
    { text: `${author} (${shortDate(date)}): `, bold: true, italic },
    { text, italic },
  ];
  return {
    paragraphs: comments.flatMap((c) => [
      line(c.author, c.date, c.text, false),
      ...(c.replies ?? []).map((r) => line(`– ${r.author}`, r.date, r.text, true)),
    ]),
  };
}
