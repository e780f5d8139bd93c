import { expect } from "chai";
import { buildAgencyAppendix } from "../../../src/reports/agency.appendix.js";
import { STYLE_IDS } from "../../../src/reports/report.styles.js";
import { body, cells, dataTables, elements, headerOf, openDocx, part, rows, sections, text, type Parts } from "./docx-reader.js";
import { ISSUER, ITEMS, NFC_TEXT, NFD_TEXT, SPEC } from "./fixtures.js";

describe("reports: agency appendix", () => {
  let parts: Parts;
  before(async () => {
    parts = await openDocx(buildAgencyAppendix({ spec: SPEC, agencyName: "Bộ Tư pháp", items: ITEMS, attachedTo: ISSUER }));
  });

  it("when the template's appendix is landscape, then the section is A4 landscape with the Decree 30 margins", () => {
    const [sect] = sections(body(parts));
    expect(sect).to.match(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
    expect(sect).to.match(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/);
  });

  it("when the template's appendix is portrait, then the section is A4 portrait", async () => {
    const portrait = await openDocx(buildAgencyAppendix({ spec: { ...SPEC, orientation: "portrait" }, agencyName: "Bộ Tư pháp", items: ITEMS }));
    const [sect] = sections(body(portrait));
    expect(sect).to.match(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(sect).not.to.include("landscape");
  });

  it("when the appendix is built, then page numbers start at 1, centered in the header, and not on page 1", () => {
    const [sect] = sections(body(parts));
    expect(sect).to.include("<w:titlePg/>");
    expect(sect).to.match(/<w:pgNumType w:start="1"\/>/);
    const first = headerOf(parts, sect!, "first");
    const other = headerOf(parts, sect!, "default");
    expect(first).not.to.match(/PAGE/);
    expect(other).to.match(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
    expect(other).to.include('<w:jc w:val="center"/>');
  });

  it("when the appendix is built, then it opens with the Phụ lục, UPPERCASE title and italic (Kèm theo …) lines", () => {
    const paragraphs = elements(body(parts), "w:p").slice(0, 3);
    expect(paragraphs.map(text)).to.deep.equal([
      "Phụ lục",
      "DANH MỤC VĂN BẢN QUY PHẠM PHÁP LUẬT CẦN SỬA ĐỔI, BỔ SUNG PHỤC VỤ ĐỀ ÁN 06",
      "(Kèm theo Văn bản số 05/BC-KTrVB ngày 05 tháng 01 năm 2026 của Cục Kiểm tra văn bản và Quản lý xử lý vi phạm hành chính)",
    ]);
    for (const p of paragraphs) expect(p).to.include('<w:jc w:val="center"/>');
    expect(paragraphs[0]).to.include("<w:b/>").and.include('<w:sz w:val="28"/>');
    expect(paragraphs[1]).to.include("<w:b/>").and.include('<w:sz w:val="28"/>');
    expect(paragraphs[2]).to.include("<w:i/>").and.not.include("<w:b/>");
  });

  it("when the covering document is not registered yet, then the (Kèm theo …) line keeps blanks and names the agency", async () => {
    const draft = await openDocx(buildAgencyAppendix({ spec: SPEC, agencyName: "Bộ Tư pháp", items: ITEMS }));
    const line = text(elements(body(draft), "w:p")[2]!);
    expect(line).to.match(/^\(Kèm theo Văn bản số\s+\/\s+ngày\s+tháng\s+năm\s+của Bộ Tư pháp\)$/);
  });

  it("when the appendix is built, then the table has one repeated header row and one row per item, none splitting", () => {
    const [table] = dataTables(body(parts));
    const trs = rows(table!);
    expect(trs).to.have.length(1 + ITEMS.length);
    expect(trs[0]).to.include("<w:tblHeader/>");
    expect(trs.slice(1).every((tr) => !tr.includes("<w:tblHeader/>"))).to.equal(true);
    expect(trs.every((tr) => tr.includes("<w:cantSplit/>"))).to.equal(true);
    expect(cells(trs[0]!)).to.deep.equal(["STT", ...SPEC.columns.map((c) => c.label)]);
  });

  it("when the appendix is built, then rows are numbered and hold the template's columns in order, dates as dd/mm/yyyy", () => {
    const trs = rows(dataTables(body(parts))[0]!).slice(1);
    expect(trs.map((tr) => cells(tr)[0])).to.deep.equal(ITEMS.map((_, i) => String(i + 1)));
    expect(cells(trs[1]!)).to.deep.equal([
      "2",
      "Nghị định",
      "137/2015/NĐ-CP",
      "31/12/2015",
      "Quy định chi tiết một số điều và biện pháp thi hành Luật Căn cước công dân",
      "Sửa đổi, bổ sung",
      "Sửa đổi Điều 5 theo hướng khai thác thông tin trong Cơ sở dữ liệu quốc gia về dân cư.",
    ]);
  });

  it("when text arrives decomposed (NFD), then the document holds it composed (NFC)", () => {
    const xml = body(parts);
    expect(xml).to.include(NFC_TEXT);
    expect(xml).not.to.include(NFD_TEXT);
    expect(xml).to.equal(xml.normalize("NFC"));
  });

  it("when a value holds XML markup characters, then they are escaped and the text survives", async () => {
    const tricky = { ...ITEMS[0]!, values: { ...ITEMS[0]!.values, noi_dung: 'Điều 5 <khoản 2> & "điểm a"' } };
    const xml = body(await openDocx(buildAgencyAppendix({ spec: SPEC, agencyName: "Bộ Tư pháp", items: [tricky] })));
    expect(cells(rows(dataTables(xml)[0]!)[1]!)).to.include('Điều 5 <khoản 2> & "điểm a"');
  });

  it("when a value begins or ends with a space, then Word is told to keep it; other runs carry no such mark", async () => {
    const spaced = { ...ITEMS[0]!, values: { ...ITEMS[0]!.values, noi_dung: " Điều 5", trich_yeu: "khoản 2\u00a0" } };
    const xml = body(await openDocx(buildAgencyAppendix({ spec: SPEC, agencyName: "Bộ Tư pháp", items: [spaced] })));
    expect(xml).to.include('<w:t xml:space="preserve"> Điều 5</w:t>');
    expect(xml).to.include('<w:t xml:space="preserve">khoản 2\u00a0</w:t>');
    expect(xml).to.include("<w:t>Nội dung kiến nghị</w:t>");
  });

  it("when the styles are read, then every default and heading style is black Times New Roman", () => {
    const styles = part(parts, "word/styles.xml");
    const defaults = /<w:docDefaults>[\s\S]*?<\/w:docDefaults>/.exec(styles)![0];
    expect(defaults).to.include('<w:rFonts w:ascii="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman" w:hAnsi="Times New Roman"/>');
    expect(defaults).to.include('<w:color w:val="000000"/>');
    const colors = [...styles.matchAll(/<w:color w:val="([0-9A-Fa-f]{6}|auto)"/g)].map((m) => m[1]);
    expect(colors.filter((c) => c !== "000000")).to.deep.equal([]);
    const fonts = [...styles.matchAll(/w:(?:ascii|hAnsi|cs|eastAsia)="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(fonts)).to.deep.equal(new Set(["Times New Roman"]));
  });

  it("when the document is read, then no run asks for another font or colour", () => {
    const xml = body(parts);
    expect([...xml.matchAll(/w:ascii="([^"]+)"/g)].map((m) => m[1]).filter((f) => f !== "Times New Roman")).to.deep.equal([]);
    expect([...xml.matchAll(/<w:color w:val="([^"]+)"/g)].map((m) => m[1]).filter((c) => c !== "000000")).to.deep.equal([]);
  });

  it("when the table cells are read, then they use the 12 pt table style based on the black Times New Roman defaults", () => {
    const styles = part(parts, "word/styles.xml");
    const tableStyle = new RegExp(`<w:style w:type="paragraph" w:styleId="${STYLE_IDS.tableText}">[\\s\\S]*?</w:style>`).exec(styles)![0];
    expect(tableStyle).to.include('<w:sz w:val="24"/>');
    const table = dataTables(body(parts))[0]!;
    const ids: string[] = [STYLE_IDS.tableText, STYLE_IDS.tableHeading];
    const styled = elements(table, "w:p").every((p) => ids.includes(/<w:pStyle w:val="([^"]+)"\/>/.exec(p)?.[1] ?? ""));
    expect(styled).to.equal(true);
  });
});
