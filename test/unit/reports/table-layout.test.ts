import { expect } from "chai";
import { buildConsolidatedAppendix } from "../../../src/reports/consolidated.appendix.js";
import { buildAgencyAppendix } from "../../../src/reports/agency.appendix.js";
import { STYLE_IDS, textWidth } from "../../../src/reports/report.styles.js";
import { CELL_MARGIN_TW, contentWidths, textWidthTw } from "../../../src/reports/table.layout.js";
import { STT_COLUMN } from "../../../src/reports/table.model.js";
import { REAL_RECOMMENDATIONS, REAL_SPEC, realisticCampaign } from "../../../bench/lib/realistic-campaign.js";
import { body, dataTables, elements, openDocx, rows, text } from "./docx-reader.js";

const ROWS = realisticCampaign(24);
const gridWidths = (tbl: string): number[] => [...tbl.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
const column = (key: string): number => REAL_SPEC.columns.findIndex((c) => c.key === key);

describe("reports: table layout from content", () => {
  it("when the built-in template's appendix is laid out, then no date, number/symbol or choice is narrower than the column", () => {
    const model = { columns: [STT_COLUMN, ...REAL_SPEC.columns.map((c) => ({ label: c.label, kind: c.kind }))], rows: ROWS.map((r, i) => ({ cells: [i + 1, ...REAL_SPEC.columns.map((c) => r.values[c.key])] })) };
    const widths = contentWidths(model, textWidth("landscape"), 12);
    expect(widths.reduce((a, b) => a + b, 0)).to.equal(textWidth("landscape"));
    for (const key of ["so_ky_hieu", "ten_loai", "hinh_thuc_kien_nghi"]) {
      const longest = Math.max(...ROWS.flatMap((r) => String(r.values[key]).split(/\s+/).map((t) => textWidthTw(t, 12))));
      expect(widths[1 + column(key)]! - 2 * CELL_MARGIN_TW, key).to.be.at.least(longest);
    }
    expect(widths[1 + column("ngay_ban_hanh")]! - 2 * CELL_MARGIN_TW).to.be.at.least(textWidthTw("15/05/2021", 12));
    expect(widths[1 + column("thoi_han")]! - 2 * CELL_MARGIN_TW).to.be.at.least(textWidthTw("II/2027", 12));
    // Long texts wrap a citation only where the line-breaking rules allow ("104/2022/" | "NĐ-CP").
    for (const key of ["bat_cap", "ly_do"]) {
      expect(widths[1 + column(key)]! - 2 * CELL_MARGIN_TW, key).to.be.at.least(textWidthTw("104/2022/", 12));
    }
  });

  it("when the consolidated appendix has fifteen columns, then its text is 11 pt; an agency's fourteen stay at 12 pt", async () => {
    const consolidated = body(await openDocx(buildConsolidatedAppendix({ spec: REAL_SPEC, items: ROWS, recommendationTypes: REAL_RECOMMENDATIONS })));
    const agency = body(await openDocx(buildAgencyAppendix({ spec: REAL_SPEC, agencyName: "Bộ Công an", items: ROWS.slice(0, 4) })));
    const [main] = dataTables(consolidated);
    expect(gridWidths(main!)).to.have.length(15);
    expect(main).to.include(`w:val="${STYLE_IDS.compactText}"`);
    const [own] = dataTables(agency);
    expect(gridWidths(own!)).to.have.length(14);
    expect(own).to.include(`w:val="${STYLE_IDS.tableText}"`).and.not.include(`w:val="${STYLE_IDS.compactText}"`);
  });

  it("when the built-in template is used, then the header says 'Kiến nghị xử lý' and the full wording is a note under the table", async () => {
    const xml = body(await openDocx(buildAgencyAppendix({ spec: REAL_SPEC, agencyName: "Bộ Công an", items: ROWS.slice(0, 2) })));
    const header = rows(dataTables(xml)[0]!)[0]!;
    expect(text(header)).to.include("Kiến nghị xử lý").and.not.include("đình chỉ");
    const after = xml.slice(xml.lastIndexOf("</w:tbl>"));
    expect(text(after)).to.include("Ghi chú").and.include("đình chỉ việc thi hành, ngưng hiệu lực");
  });

  it("when rows are long, then they may continue on the next page while short rows and the header are kept whole", async () => {
    const long = ROWS.slice(0, 2);
    const short = [{ ...ROWS[0]!, id: "s", values: { ten_loai: "Luật", so_ky_hieu: "68/2020/QH14", hinh_thuc_kien_nghi: "Sửa đổi" } }];
    const xml = body(await openDocx(buildAgencyAppendix({ spec: REAL_SPEC, agencyName: "Bộ Công an", items: [...long, ...short] })));
    const trs = rows(dataTables(xml)[0]!);
    expect(trs[0]).to.include("<w:cantSplit/>").and.include("<w:tblHeader/>");
    expect(trs[1]).to.not.include("<w:cantSplit/>");
    expect(trs[2]).to.not.include("<w:cantSplit/>");
    expect(trs[3]).to.include("<w:cantSplit/>");
  });

  it("when an appendix is written, then its heading lines keep with the table so the table begins on the first page", async () => {
    const xml = body(await openDocx(buildAgencyAppendix({ spec: REAL_SPEC, agencyName: "Bộ Công an", items: ROWS.slice(0, 2) })));
    const before = xml.slice(0, xml.indexOf("<w:tbl>"));
    const paragraphs = elements(before, "w:p");
    expect(paragraphs.length).to.be.at.least(4);
    for (const p of paragraphs) expect(p, text(p)).to.include("<w:keepNext/>");
    expect(before).to.not.include('w:type="page"').and.not.include("<w:pageBreakBefore/>");
  });
});
