import { expect } from "chai";
import { buildDispositionTable } from "../../../src/reports/dispositions.table.js";
import { buildSubmissionWithComments } from "../../../src/reports/submission.comments.js";
import { body, cells, dataTables, elements, openDocx, part, rows, text, type Parts } from "./docx-reader.js";
import { COMMENTS, DISPOSITIONS, ITEMS, SPEC } from "./fixtures.js";

const SUBMISSION = ITEMS.filter((i) => ["r1", "r2", "r5", "r6"].includes(i.id));

describe("reports: submission with Word comments", () => {
  let parts: Parts;
  let comments: string[];
  before(async () => {
    parts = await openDocx(buildSubmissionWithComments({ spec: SPEC, agencyName: "Bộ Tư pháp", items: SUBMISSION, comments: COMMENTS }));
    comments = elements(part(parts, "word/comments.xml"), "w:comment");
  });

  it("when a submission has reviewer comments, then comments.xml holds each comment and reply with its author and date", () => {
    const summary = comments.map((c) => ({
      id: /w:id="(\d+)"/.exec(c)![1],
      author: /w:author="([^"]+)"/.exec(c)![1],
      date: /w:date="([^"]+)"/.exec(c)![1],
      text: text(c),
    }));
    expect(summary).to.deep.equal([
      { id: "0", author: "Nguyễn Thị Hương", date: "2026-03-02T02:00:00.000Z", text: "Đề nghị nêu rõ điều, khoản cụ thể cần sửa đổi." },
      { id: "1", author: "Trần Văn Bình", date: "2026-03-03T08:30:00.000Z", text: "Đã bổ sung Điều 5, khoản 2." },
      { id: "2", author: "Lê Minh Đức", date: "2026-03-04T09:00:00.000Z", text: "Nghị định này còn hiệu lực, đề nghị xem lại kiến nghị bãi bỏ." },
      { id: "3", author: "Nguyễn Thị Hương", date: "2026-03-05T01:00:00.000Z", text: "Báo cáo cần bổ sung số liệu tổng hợp." },
    ]);
    expect(comments[0]).to.match(/w:initials="NTH"/);
  });

  it("when a comment has a reply, then commentsExtended threads the reply under its parent", () => {
    const paraId = (c: string): string => /w14:paraId="([0-9A-F]+)"/.exec(c)![1]!;
    const extended = part(parts, "word/commentsExtended.xml");
    expect(extended).to.include(`<w15:commentEx w15:paraId="${paraId(comments[1]!)}" w15:paraIdParent="${paraId(comments[0]!)}"/>`);
    expect(extended).not.to.include(`w15:paraId="${paraId(comments[2]!)}" w15:paraIdParent`);
  });

  it("when comments concern rows, then each is anchored on the row of its item, start to end, with its reference", () => {
    const trs = rows(dataTables(body(parts))[0]!);
    const anchored = (tr: string): string[] => [...tr.matchAll(/<w:commentRangeStart w:id="(\d+)"\/>/g)].map((m) => m[1]!);
    const rowOf = (id: string): string => trs[1 + SUBMISSION.findIndex((i) => i.id === id)]!;
    expect(anchored(rowOf("r2"))).to.deep.equal(["0", "1"]);
    expect(anchored(rowOf("r5"))).to.deep.equal(["2"]);
    expect(anchored(rowOf("r1"))).to.deep.equal([]);
    expect(anchored(rowOf("r6"))).to.deep.equal([]);
    for (const id of ["0", "1"]) {
      const tr = rowOf("r2");
      expect(tr.indexOf(`<w:commentRangeStart w:id="${id}"/>`)).to.be.lessThan(tr.indexOf(`<w:commentRangeEnd w:id="${id}"/>`));
      expect(tr).to.include(`<w:commentReference w:id="${id}"/>`);
    }
    expect(cells(rowOf("r2"))[2]).to.equal("137/2015/NĐ-CP");
  });

  it("when a comment concerns no row, then it is anchored on the appendix title", () => {
    const title = elements(body(parts), "w:p")[1]!;
    expect(text(title)).to.equal("DANH MỤC VĂN BẢN QUY PHẠM PHÁP LUẬT CẦN SỬA ĐỔI, BỔ SUNG PHỤC VỤ ĐỀ ÁN 06");
    expect(title).to.include('<w:commentRangeStart w:id="3"/>').and.include('<w:commentRangeEnd w:id="3"/>');
    expect(title).to.include('<w:commentReference w:id="3"/>');
  });

  it("when the package is read, then the comments parts are registered with Word", () => {
    expect(part(parts, "[Content_Types].xml")).to.include("/word/comments.xml").and.include("/word/commentsExtended.xml");
    expect(part(parts, "word/_rels/document.xml.rels")).to.include('Target="comments.xml"');
  });
});

describe("reports: tiếp thu – giải trình table", () => {
  let trs: string[][];
  let raw: string[];
  before(async () => {
    const parts = await openDocx(buildDispositionTable({ spec: SPEC, agencyName: "Bộ Tư pháp", items: SUBMISSION, comments: COMMENTS, dispositions: DISPOSITIONS }));
    raw = rows(dataTables(body(parts))[0]!);
    trs = raw.map(cells);
  });

  it("when the table is built, then it has the header row and one row per item", () => {
    expect(trs).to.have.length(1 + SUBMISSION.length);
    expect(trs[0]).to.deep.equal(["STT", "Nội dung kiến nghị của cơ quan", "Ý kiến của chuyên viên rà soát", "Kết quả tiếp thu", "Giải trình"]);
    expect(raw[0]).to.include("<w:tblHeader/>");
  });

  it("when rows have dispositions, then each shows its Vietnamese label and explanation; rows without stay blank", () => {
    expect(trs.slice(1).map((c) => [c[3], c[4]])).to.deep.equal([
      ["Tiếp thu một phần", "Tiếp thu phần sổ hộ khẩu; giữ nguyên quy định về sổ tạm trú."],
      ["Tiếp thu", "Đã bổ sung Điều 5, khoản 2 vào nội dung kiến nghị."],
      ["Không tiếp thu", "Khoản 3 Điều 2 đã hết hiệu lực, cần bãi bỏ để bảo đảm tính thống nhất."],
      ["", ""],
    ]);
  });

  it("when a row has comments, then its comment cell holds each comment with author and date, replies after it", () => {
    expect(trs[2]![2]!.split("\n")).to.deep.equal([
      "Nguyễn Thị Hương (02/03/2026): Đề nghị nêu rõ điều, khoản cụ thể cần sửa đổi.",
      "– Trần Văn Bình (03/03/2026): Đã bổ sung Điều 5, khoản 2.",
    ]);
    expect(trs[1]![2]).to.equal("");
    const reply = elements(raw[2]!, "w:p").find((p) => text(p).startsWith("– Trần"))!;
    expect(reply).to.include("<w:i/>");
  });

  it("when a row is shown, then its proposal cell lists the filled fields as label: value", () => {
    expect(trs[2]![1]!.split("\n")).to.include("Số, ký hiệu: 137/2015/NĐ-CP");
    expect(trs[4]![1]!.split("\n").some((l) => l.startsWith("Số, ký hiệu"))).to.equal(false);
  });
});
