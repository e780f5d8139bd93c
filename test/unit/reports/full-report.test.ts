import { expect } from "chai";
import { buildFullReport } from "../../../src/reports/full.report.js";
import { body, cells, dataTables, elements, headerOf, openDocx, rows, sections, tables, text, type Parts } from "./docx-reader.js";
import { FULL_REPORT, ITEMS } from "./fixtures.js";

describe("reports: full report", () => {
  let parts: Parts;
  let xml: string;
  before(async () => {
    parts = await openDocx(buildFullReport(FULL_REPORT));
    xml = body(parts);
  });

  it("when the report is built, then the body is a portrait section followed by one landscape section per appendix", () => {
    const sects = sections(xml);
    expect(sects).to.have.length(3);
    expect(sects[0]).to.match(/<w:pgSz w:w="11906" w:h="16838"/).and.not.include("landscape");
    for (const s of sects.slice(1)) expect(s).to.match(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
  });

  it("when the report is built, then every section numbers its pages from 1 and hides the number on its first page", () => {
    for (const s of sections(xml)) {
      expect(s).to.include("<w:titlePg/>");
      expect(s).to.match(/<w:pgNumType w:start="1"\/>/);
      expect(headerOf(parts, s, "first")).not.to.match(/PAGE/);
      expect(headerOf(parts, s, "default")).to.match(/PAGE/);
    }
  });

  it("when the report is built, then page 1 opens with the borderless agency and national motto block", () => {
    const header = tables(xml)[0]!;
    expect(header).not.to.include("<w:tblHeader/>");
    expect(header).to.match(/<w:top w:val="none"/);
    const [top, registration] = rows(header).map(cells);
    expect(top![0]).to.equal("BỘ TƯ PHÁP\nCỤC KIỂM TRA VĂN BẢN VÀ QUẢN LÝ XỬ LÝ VI PHẠM HÀNH CHÍNH\n");
    expect(top![1]).to.equal("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n");
    expect(registration).to.deep.equal(["Số: 05/BC-KTrVB", "Hà Nội, ngày 05 tháng 01 năm 2026"]);
  });

  it("when the header block is built, then parent agency is plain, agency and motto bold, place and date italic", () => {
    const [top, registration] = rows(tables(xml)[0]!);
    const [agencyCell, nationCell] = elements(top!, "w:tc");
    const [parent, agency] = elements(agencyCell!, "w:p");
    expect(parent).not.to.include("<w:b/>");
    expect(agency).to.include("<w:b/>");
    expect(elements(nationCell!, "w:p").slice(0, 2).every((p) => p.includes("<w:b/>"))).to.equal(true);
    expect(elements(nationCell!, "w:p")[0]).to.include('<w:sz w:val="24"/>');
    expect(elements(registration!, "w:tc")[1]).to.include("<w:i/>");
    // The rules under agency name and motto are bottom borders of short paragraphs.
    expect(elements(agencyCell!, "w:p").at(-1)).to.include("<w:pBdr><w:bottom w:val=\"single\"");
    expect(elements(nationCell!, "w:p").at(-1)).to.include("<w:pBdr><w:bottom w:val=\"single\"");
  });

  it("when the report is built, then BÁO CÁO, its summary and the outline sections follow the header block", () => {
    const paragraphs = text(xml.slice(xml.indexOf("</w:tbl>"))).split("\n").filter(Boolean);
    expect(paragraphs.slice(0, 4)).to.deep.equal([
      "BÁO CÁO",
      FULL_REPORT.title,
      "Kính gửi: Thủ tướng Chính phủ.",
      "I. TÌNH HÌNH TRIỂN KHAI RÀ SOÁT",
    ]);
    for (const s of FULL_REPORT.sections) expect(paragraphs).to.include(s.heading);
    expect(paragraphs).to.include("Đến nay, 56/56 cơ quan đã gửi báo cáo kết quả rà soát.");
    const bodyPara = elements(xml, "w:p").find((p) => text(p).startsWith("Đến nay"))!;
    expect(bodyPara).to.include('<w:pStyle w:val="ReportBody"/>');
  });

  it("when the report is built, then it ends its body with Nơi nhận and the signer, level in one borderless table", () => {
    const signature = tables(xml)[1]!;
    const [received, signer] = cells(rows(signature)[0]!);
    expect(received!.split("\n")).to.deep.equal([
      "Nơi nhận:",
      "- Thủ tướng Chính phủ (để báo cáo);",
      "- Văn phòng Chính phủ;",
      "- Bộ trưởng (để báo cáo);",
      "- Lưu: VT, KTrVB.",
    ]);
    expect(signer!.split("\n")).to.deep.equal(["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Nguyễn Thanh Tịnh"]);
    const nơiNhận = elements(signature, "w:p")[0]!;
    expect(nơiNhận).to.include("<w:b/>").and.include("<w:i/>").and.include('<w:sz w:val="24"/>');
  });

  it("when the report has two appendices, then they are Phụ lục I and II, attached to the report's number and date", () => {
    const headings = elements(xml, "w:p").map(text).filter((t) => t.startsWith("Phụ lục"));
    expect(headings).to.deep.equal(["Phụ lục I", "Phụ lục II"]);
    const attached = elements(xml, "w:p").map(text).filter((t) => t.startsWith("(Kèm theo"));
    expect(attached).to.have.length(2);
    expect(attached[0]).to.equal("(Kèm theo Văn bản số 05/BC-KTrVB ngày 05 tháng 01 năm 2026 của Cục Kiểm tra văn bản và Quản lý xử lý vi phạm hành chính)");
  });

  it("when the report has appendices, then their tables are in their sections with the right row counts", () => {
    const data = dataTables(xml);
    expect(data).to.have.length(3); // consolidated, its totals, the agency appendix
    expect(rows(data[0]!)).to.have.length(1 + 5 + ITEMS.length);
    expect(rows(data[2]!)).to.have.length(1 + ITEMS.filter((i) => i.agencyName === "Bộ Tư pháp").length);
    const secondSection = xml.slice(xml.indexOf(sections(xml)[1]!));
    expect(secondSection).to.include(data[2]!);
  });

  it("when the body ends, then its last paragraph names Phụ lục I and II and closes with ./. before the signature, which never splits", () => {
    const paragraphs = elements(xml.slice(0, xml.indexOf(tables(xml)[1]!)), "w:p").map(text).filter((t) => t.trim() !== "");
    const last = paragraphs.at(-1)!;
    expect(last).to.match(/^Kèm theo Báo cáo này: Phụ lục I \(danh mục .*\); Phụ lục II \(danh mục văn bản do Bộ Tư pháp kiến nghị\)\.\/\.$/);
    expect(rows(tables(xml)[1]!)[0]).to.include("<w:cantSplit/>");
  });
});
