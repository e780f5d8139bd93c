import { expect } from "chai";
import {
  UNGROUPED_HEADING,
  buildConsolidatedAppendix,
  groupByDocument,
  recommendationTotals,
} from "../../../src/reports/consolidated.appendix.js";
import { DEFAULT_RECOMMENDATION_TYPES } from "../../../src/reports/report.text.js";
import type { ReportItem } from "../../../src/reports/report.types.js";
import { body, cells, dataTables, openDocx, rows, sections, text, type Parts } from "./docx-reader.js";
import { ITEMS, SPEC } from "./fixtures.js";

const ORDER = ["luat|68|2020|qh14", "nghi-dinh|104|2022|nđ-cp", "nghi-dinh|137|2015|nđ-cp", "thong-tu|55|2021|tt-bca", null];

describe("reports: consolidated campaign appendix", () => {
  let parts: Parts;
  before(async () => {
    parts = await openDocx(buildConsolidatedAppendix({ spec: SPEC, items: ITEMS, recommendationTypes: DEFAULT_RECOMMENDATION_TYPES, numeral: "II" }));
  });

  it("when rows concern the same document, then they form one group; groups go by rank, then number, rows without a document last", () => {
    const groups = groupByDocument(ITEMS);
    expect(groups.map((g) => g.key)).to.deep.equal(ORDER);
    expect(groups[2]!.items.map((i) => i.id)).to.deep.equal(["r2", "r4", "r7"]);
    expect(groups[4]!.citation).to.equal(UNGROUPED_HEADING);
  });

  it("when a document has no rank, then its group comes after every ranked document", () => {
    const unranked = { ...ITEMS[0]!, id: "x", docKey: "khac|1", docRank: undefined, docNumber: 1 };
    expect(groupByDocument([unranked, ...ITEMS]).map((g) => g.key).slice(-2)).to.deep.equal(["khac|1", null]);
  });

  it("when the appendix is written, then the table has the header row, one row per group and one per item", () => {
    const trs = rows(dataTables(body(parts))[0]!);
    expect(trs).to.have.length(1 + ORDER.length + ITEMS.length);
    expect(cells(trs[0]!)).to.deep.equal(["STT", "Cơ quan đề xuất", ...SPEC.columns.map((c) => c.label)]);
    expect(trs[0]).to.include("<w:tblHeader/>");
  });

  it("when the appendix is written, then each group is headed by the document's full citation, its rows naming the proposing agency", () => {
    const trs = rows(dataTables(body(parts))[0]!).slice(1).map(cells);
    const layout = trs.map((c) => (c.length === 2 ? `group ${c[0]}: ${c[1]}` : `${c[0]} ${c[1]}`));
    expect(layout).to.deep.equal([
      "group 1: Luật Cư trú số 68/2020/QH14 ngày 13/11/2020 của Quốc hội",
      "1.1 Tỉnh Thanh Hóa",
      "group 2: Nghị định số 104/2022/NĐ-CP ngày 21/12/2022 của Chính phủ sửa đổi, bổ sung một số điều của các nghị định liên quan đến việc nộp, xuất trình sổ hộ khẩu, sổ tạm trú giấy",
      "2.1 Thành phố Hồ Chí Minh",
      "group 3: Nghị định số 137/2015/NĐ-CP ngày 31/12/2015 của Chính phủ quy định chi tiết một số điều và biện pháp thi hành Luật Căn cước công dân",
      "3.1 Bộ Tư pháp",
      "3.2 Bộ Y tế",
      "3.3 Bộ Công an",
      "group 4: Thông tư số 55/2021/TT-BCA ngày 15/5/2021 của Bộ trưởng Bộ Công an quy định chi tiết một số điều và biện pháp thi hành Luật Cư trú",
      "4.1 Bộ Công an",
      `group 5: ${UNGROUPED_HEADING}`,
      "5.1 Bộ Tư pháp",
    ]);
  });

  it("when a group heading row is written, then it spans the columns after STT, is bold and stays with its first row", () => {
    const group = rows(dataTables(body(parts))[0]!)[1]!;
    expect(group).to.include(`<w:gridSpan w:val="${SPEC.columns.length + 1}"/>`);
    expect(group).to.include("<w:b/>");
    expect(group).to.include("<w:keepNext/>");
  });

  it("when totals are counted, then each recommendation type counts its rows and distinct documents", () => {
    const totals = recommendationTotals(ITEMS, DEFAULT_RECOMMENDATION_TYPES);
    const byCode = Object.fromEntries(totals.map((t) => [t.code, [t.proposals, t.documents]]));
    expect(byCode).to.deep.equal({
      "dinh-chi-thi-hanh": [0, 0],
      "ngung-hieu-luc": [0, 0],
      "sua-doi": [2, 2],
      "bo-sung": [1, 1],
      "sua-doi-bo-sung": [1, 1],
      "thay-the": [1, 1],
      "bai-bo": [1, 1],
      "ban-hanh-moi": [1, 0],
    });
  });

  it("when a row has an unknown recommendation, then it is counted on a last line rather than lost", () => {
    const odd = { ...ITEMS[0]!, id: "odd", recommendation: "tam-dung" };
    const totals = recommendationTotals([...ITEMS, odd], DEFAULT_RECOMMENDATION_TYPES);
    expect(totals.at(-1)).to.deep.include({ code: "", proposals: 1 });
    expect(totals.reduce((sum, t) => sum + t.proposals, 0)).to.equal(ITEMS.length + 1);
  });

  it("when the appendix is written, then the totals table lists every type in order and a bold grand total", () => {
    const totals = rows(dataTables(body(parts))[1]!).map(cells);
    expect(totals[0]).to.deep.equal(["STT", "Kiến nghị xử lý", "Số kiến nghị", "Số văn bản"]);
    expect(totals.slice(1, -1).map((c) => c[1])).to.deep.equal(DEFAULT_RECOMMENDATION_TYPES.map((t) => t.label));
    expect(totals.find((c) => c[1] === "Sửa đổi")).to.deep.equal(["3", "Sửa đổi", "2", "2"]);
    expect(totals.at(-1)).to.deep.equal(["", "Tổng cộng", "7", "4"]);
    expect(rows(dataTables(body(parts))[1]!).at(-1)).to.include("<w:b/>");
  });

  it("when the appendix is written, then it is one landscape section headed Phụ lục II", () => {
    const xml = body(parts);
    expect(sections(xml)).to.have.length(1);
    expect(sections(xml)[0]).to.match(/w:w="16838" w:h="11906" w:orient="landscape"/);
    expect(xml).to.include(">Phụ lục II<");
  });
});

describe("consolidated appendix of a template that is not about documents", () => {
  const task = (id: string, group: string | undefined, answer: string): ReportItem => ({
    id, agencyName: "Bộ Công an", values: { noi_dung: `Đầu việc ${id}` }, recommendation: answer, ...(group ? { group } : {}),
  });
  const items = [task("a", "Nhóm 2", "da-co"), task("b", "Nhóm 1", "con-thieu"), task("c", undefined, "con-thieu"), task("d", "Nhóm 1", "da-co")];
  const spec = { title: "Kết quả đối chiếu", orientation: "landscape" as const, columns: [{ key: "noi_dung", label: "Nội dung" }] };
  const types = [{ code: "da-co", label: "Đã có" }, { code: "con-thieu", label: "Còn thiếu" }];

  it("when grouped by a declared field, then groups follow the field's options, with no document bucket and no document count", async () => {
    const parts = await openDocx(buildConsolidatedAppendix({ spec, items, recommendationTypes: types, recommendationLabel: "Kết quả đối chiếu", grouping: "field", groupOrder: ["Nhóm 1", "Nhóm 2"] }));
    const [table, totals] = dataTables(body(parts));
    const groupRows = rows(table!).map(cells).filter((r) => r.length === 2).map((r) => r[1]);
    expect(groupRows).to.deep.equal(["Nhóm 1", "Nhóm 2", "Chưa phân nhóm"]);
    expect(text(body(parts))).to.not.contain(UNGROUPED_HEADING);
    expect(text(body(parts))).to.contain("TỔNG HỢP THEO KẾT QUẢ ĐỐI CHIẾU");
    expect(rows(totals!).map(cells)).to.deep.equal([["STT", "Kết quả đối chiếu", "Số dòng"], ["1", "Đã có", "2"], ["2", "Còn thiếu", "2"], ["", "Tổng cộng", "4"]]);
  });

  it("when the template has neither document, grouping nor recommendation field, then rows are listed plainly and there is no totals table", async () => {
    const parts = await openDocx(buildConsolidatedAppendix({ spec, items, recommendationTypes: [], grouping: "none" }));
    const tablesFound = dataTables(body(parts));
    expect(tablesFound).to.have.length(1);
    expect(rows(tablesFound[0]!).map(cells).slice(1).map((r) => r[0])).to.deep.equal(["1", "2", "3", "4"]);
    expect(text(body(parts))).to.not.contain(UNGROUPED_HEADING).and.not.contain("Chưa xác định hình thức xử lý");
  });
});
