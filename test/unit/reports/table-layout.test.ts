import { expect } from "chai";
import { buildConsolidatedAppendix } from "../../../src/reports/consolidated.appendix.js";
import { buildAgencyAppendix } from "../../../src/reports/agency.appendix.js";
import { STYLE_IDS, textWidth } from "../../../src/reports/report.styles.js";
import { CELL_MARGIN_TW, TIGHT_CELL_MARGIN_TW, tableLayout, textWidthTw } from "../../../src/reports/table.layout.js";
import { STT_COLUMN } from "../../../src/reports/table.model.js";
import { REAL_RECOMMENDATIONS, REAL_SPEC, realisticCampaign } from "../../../bench/lib/realistic-campaign.js";
import { body, dataTables, elements, openDocx, rows, text } from "./docx-reader.js";

const ROWS = realisticCampaign(24);
const gridWidths = (tbl: string): number[] => [...tbl.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
const column = (key: string): number => REAL_SPEC.columns.findIndex((c) => c.key === key);

describe("reports: table layout from content", () => {
  it("when the built-in template's appendix is laid out, then every date, number/symbol and choice fits its column whole, even inside long texts", () => {
    const model = { columns: [STT_COLUMN, ...REAL_SPEC.columns.map((c) => ({ label: c.label, kind: c.kind }))], rows: ROWS.map((r, i) => ({ cells: [i + 1, ...REAL_SPEC.columns.map((c) => r.values[c.key])] })) };
    const { widths, marginTw, sizePt } = tableLayout(model, textWidth("landscape"));
    expect(widths.reduce((a, b) => a + b, 0)).to.equal(textWidth("landscape"));
    // Fourteen columns of whole citations do not fit a landscape page at 12 pt.
    expect(sizePt).to.equal(11);
    expect(marginTw).to.be.within(TIGHT_CELL_MARGIN_TW, CELL_MARGIN_TW);
    const inner = (key: string): number => widths[1 + column(key)]! - 2 * marginTw;
    const tokens = (key: string, digits: boolean): string[] =>
      ROWS.flatMap((r) => String(r.values[key] instanceof Date ? "15/05/2021" : r.values[key]).split(/\s+/)).filter((t) => !digits || /\d/.test(t));
    for (const key of ["so_ky_hieu", "ten_loai", "hinh_thuc_kien_nghi", "ngay_ban_hanh", "thoi_han"]) {
      for (const t of tokens(key, false)) expect(inner(key), `${key}: ${t}`).to.be.at.least(textWidthTw(t, sizePt));
    }
    // Citations quoted in texts: "104/2022/NĐ-CP" is not wrapped at its slash or hyphen.
    for (const key of ["trich_yeu", "bat_cap", "ly_do"]) {
      for (const t of tokens(key, true)) expect(inner(key), `${key}: ${t}`).to.be.at.least(textWidthTw(t, sizePt));
    }
    expect(tokens("ly_do", true)).to.include("104/2022/NĐ-CP");
  });

  it("when columns must share the room, then long texts get it and wrap to about as many lines as each other", () => {
    const model = { columns: [STT_COLUMN, ...REAL_SPEC.columns.map((c) => ({ label: c.label, kind: c.kind }))], rows: ROWS.map((r, i) => ({ cells: [i + 1, ...REAL_SPEC.columns.map((c) => r.values[c.key])] })) };
    const { widths } = tableLayout(model, textWidth("landscape"), 11);
    const date = widths[1 + column("ngay_ban_hanh")]!;
    // A date column holds "15/05/2021" and little more.
    expect(date).to.be.below(textWidthTw("15/05/2021", 11) + 2 * CELL_MARGIN_TW + 120);
    const longTexts = ["quy_dinh_hien_hanh", "bat_cap", "noi_dung_kien_nghi", "ly_do"].map((k) => widths[1 + column(k)]!);
    const enums = ["ten_loai", "hinh_thuc_kien_nghi", "tinh_hinh"].map((k) => widths[1 + column(k)]!);
    expect(Math.min(...longTexts)).to.be.above(Math.max(...enums));
  });

  it("when a table has few columns, then the text columns take the room by volume, not the dates", () => {
    const model = {
      columns: [STT_COLUMN, { label: "Ngày", kind: "date" as const }, { label: "Nội dung", kind: "longtext" as const }, { label: "Ghi chú", kind: "text" as const }],
      rows: ROWS.map((r, i) => ({ cells: [i + 1, r.values.ngay_ban_hanh, r.values.bat_cap, r.values.dieu_khoan] })),
    };
    const [stt, date, long, note] = tableLayout(model, textWidth("landscape"), 12).widths;
    expect(date).to.be.below(textWidthTw("15/05/2021", 12) + 2 * CELL_MARGIN_TW + 120);
    expect(stt).to.be.below(date!);
    expect(long).to.be.above(note! * 3);
  });

  it("when the consolidated appendix has fifteen columns, then its text is 11 pt; fourteen stay at 12 pt where their tokens fit", async () => {
    const consolidated = body(await openDocx(buildConsolidatedAppendix({ spec: REAL_SPEC, items: ROWS, recommendationTypes: REAL_RECOMMENDATIONS })));
    const short = ROWS.slice(0, 4).map((r) => ({ ...r, values: { ...r.values, trich_yeu: "Luật Cư trú", ly_do: "Không còn phù hợp.", bat_cap: "Không còn phù hợp." } }));
    const agency = body(await openDocx(buildAgencyAppendix({ spec: REAL_SPEC, agencyName: "Bộ Công an", items: short })));
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
