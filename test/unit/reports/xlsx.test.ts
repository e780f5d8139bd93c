import { PassThrough } from "node:stream";
import { expect } from "chai";
import ExcelJS from "exceljs";
import { UNGROUPED_HEADING } from "../../../src/reports/consolidated.appendix.js";
import { DEFAULT_RECOMMENDATION_TYPES } from "../../../src/reports/report.text.js";
import { writeAgencyAppendixXlsx, writeConsolidatedAppendixXlsx, writeDispositionTableXlsx } from "../../../src/reports/report.xlsx.js";
import { unzip } from "./docx-reader.js";
import { COMMENTS, DISPOSITIONS, ITEMS, NFC_TEXT, SPEC } from "./fixtures.js";

async function reread(write: (out: PassThrough) => Promise<void>): Promise<ExcelJS.Workbook> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => out.on("end", resolve));
  await write(out);
  await ended;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return workbook;
}

const values = (row: ExcelJS.Row): unknown[] => (row.values as unknown[]).slice(1);

describe("reports: Excel exports", () => {
  it("when an agency appendix is exported, then the sheet has the title, header and one row per item with typed cells", async () => {
    const workbook = await reread((out) => writeAgencyAppendixXlsx({ spec: SPEC, agencyName: "Bộ Tư pháp", items: ITEMS }, out));
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).to.equal("Phụ lục");
    expect(sheet.getCell("A1").value).to.equal("DANH MỤC VĂN BẢN QUY PHẠM PHÁP LUẬT CẦN SỬA ĐỔI, BỔ SUNG PHỤC VỤ ĐỀ ÁN 06");
    expect(values(sheet.getRow(2))).to.deep.equal(["STT", ...SPEC.columns.map((c) => c.label)]);
    expect(sheet.getRow(2).getCell(2).font?.bold).to.equal(true);
    expect(sheet.rowCount).to.equal(2 + ITEMS.length);
    const second = sheet.getRow(4);
    expect(second.getCell(1).value).to.equal(2);
    expect(second.getCell(3).value).to.equal("137/2015/NĐ-CP");
    expect(second.getCell(4).value).to.be.instanceOf(Date);
    expect((second.getCell(4).value as Date).toISOString()).to.equal("2015-12-30T17:00:00.000Z");
    expect(second.getCell(4).numFmt).to.equal("dd/mm/yyyy");
    expect(sheet.getRow(3).getCell(7).value).to.equal(NFC_TEXT);
    expect(second.getCell(2).font?.name).to.equal("Times New Roman");
  });

  it("when the consolidated appendix is exported, then groups are merged bold rows and totals get their own sheet", async () => {
    const workbook = await reread((out) => writeConsolidatedAppendixXlsx({ spec: SPEC, items: ITEMS, recommendationTypes: DEFAULT_RECOMMENDATION_TYPES }, out));
    expect(workbook.worksheets.map((s) => s.name)).to.deep.equal(["Phụ lục tổng hợp", "Tổng hợp"]);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).to.equal(2 + 5 + ITEMS.length);
    expect(values(sheet.getRow(3)).slice(0, 2)).to.deep.equal([1, "Luật Cư trú số 68/2020/QH14 ngày 13/11/2020 của Quốc hội"]);
    expect(sheet.getRow(3).getCell(2).font?.bold).to.equal(true);
    expect(sheet.getCell("C3").isMerged).to.equal(true);
    expect(values(sheet.getRow(4)).slice(0, 3)).to.deep.equal(["1.1", "Tỉnh Thanh Hóa", "Luật"]);
    expect(sheet.getCell(`B${sheet.rowCount - 1}`).value).to.equal(UNGROUPED_HEADING);
    const totals = workbook.worksheets[1]!;
    expect(totals.getCell("A1").value).to.equal("TỔNG HỢP THEO HÌNH THỨC KIẾN NGHỊ XỬ LÝ");
    expect(values(totals.getRow(totals.rowCount)).slice(1)).to.deep.equal(["Tổng cộng", 7, 4]);
    expect(totals.getRow(totals.rowCount).getCell(2).font?.bold).to.equal(true);
    expect(values(totals.getRow(5))).to.deep.equal([3, "Sửa đổi", 2, 2]);
  });

  it("when the tiếp thu – giải trình table is exported, then each field has its own column and comments and dispositions read as text", async () => {
    const workbook = await reread((out) =>
      writeDispositionTableXlsx({ spec: SPEC, agencyName: "Bộ Tư pháp", items: ITEMS, comments: COMMENTS, dispositions: DISPOSITIONS }, out),
    );
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).to.equal("Tiếp thu, giải trình");
    expect(values(sheet.getRow(2))).to.deep.equal(["STT", ...SPEC.columns.map((c) => c.label), "Ý kiến của chuyên viên rà soát", "Kết quả tiếp thu", "Giải trình"]);
    const r2 = sheet.getRow(4);
    const review = 2 + SPEC.columns.length;
    expect(r2.getCell(3).value).to.equal("137/2015/NĐ-CP");
    expect(r2.getCell(4).value).to.be.instanceOf(Date);
    expect(r2.getCell(review).value).to.equal(
      "Nguyễn Thị Hương (02/03/2026): Đề nghị nêu rõ điều, khoản cụ thể cần sửa đổi.\n– Trần Văn Bình (03/03/2026): Đã bổ sung Điều 5, khoản 2.",
    );
    expect(r2.getCell(review + 1).value).to.equal("Tiếp thu");
    expect(sheet.getRow(3).getCell(review + 1).value).to.equal("Tiếp thu một phần");
  });

  it("when an appendix is exported, then it prints on A4 landscape, one page wide, with the header row on every page", async () => {
    const workbook = await reread((out) => writeConsolidatedAppendixXlsx({ spec: SPEC, items: ITEMS, recommendationTypes: DEFAULT_RECOMMENDATION_TYPES }, out));
    for (const sheet of workbook.worksheets) {
      const setup = sheet.pageSetup;
      expect(setup.paperSize, sheet.name).to.equal(9);
      expect(setup.orientation, sheet.name).to.equal("landscape");
      expect(setup.fitToPage, sheet.name).to.equal(true);
      expect(setup.fitToWidth, sheet.name).to.equal(1);
      expect(setup.fitToHeight, sheet.name).to.equal(0);
      expect(setup.printTitlesRow, sheet.name).to.equal("2:2");
    }
  });

  it("when a text starts with = + - or @, then its cell is marked quotePrefix so Excel keeps it text when edited; other cells are not", async () => {
    const items = [
      { ...ITEMS[0]!, id: "q1", values: { ...ITEMS[0]!.values, noi_dung: "=HYPERLINK(\"http://x\")", trich_yeu: "- Bỏ sổ hộ khẩu" } },
      { ...ITEMS[1]!, id: "q2", values: { ...ITEMS[1]!.values, noi_dung: "Bỏ yêu cầu nộp bản sao." } },
    ];
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (c: Buffer) => chunks.push(c));
    const ended = new Promise((resolve) => out.on("end", resolve));
    await writeAgencyAppendixXlsx({ spec: SPEC, agencyName: "Bộ Tư pháp", items }, out);
    await ended;
    const parts = await unzip(Buffer.concat(chunks));
    const cellXfs = parts.get("xl/styles.xml")!.split("<cellXfs")[1]!.split("</cellXfs>")[0]!;
    const xfList = [...cellXfs.matchAll(/<xf [^>]*>/g)].map((m) => m[0]);
    const sheet = parts.get("xl/worksheets/sheet1.xml")!;
    const styleOf = (ref: string): string => xfList[Number(new RegExp(`<c r="${ref}"[^>]* s="(\\d+)"`).exec(sheet)![1])]!;
    const column = (key: string): string => String.fromCharCode(66 + SPEC.columns.findIndex((c) => c.key === key));
    expect(styleOf(`${column("noi_dung")}3`)).to.include('quotePrefix="1"');
    expect(styleOf(`${column("trich_yeu")}3`)).to.include('quotePrefix="1"');
    expect(styleOf(`${column("noi_dung")}4`)).to.not.include("quotePrefix");
  });
});
