import { expect } from "chai";
import { readFileSync } from "node:fs";
import { Types } from "mongoose";
import { planTemplate, ReportItemBuilder, type ReportTemplate } from "../../../src/reports/report.rows.js";

// A campaign's submissions are read a few at once and their rows arrive in any order; a
// document's group heading must still be cited from the first row that names it in the
// report's order of agencies, so the same data always gives the same file.
describe("reports: rows of several submissions become report items", () => {
  const template = JSON.parse(readFileSync(new URL("../../../templates/de-an-06.json", import.meta.url), "utf8")) as ReportTemplate;
  const plan = planTemplate(template);
  const decree = { input: "137/2015/NĐ-CP", text: "137/2015/NĐ-CP", key: "137/2015/NĐ-CP", typeCode: "nghi-dinh", number: "137", year: 2015, symbol: "NĐ-CP", issuer: "Chính phủ", normative: true, rank: 5 };
  const row = (trichYeu: string, date: string) => ({
    _id: new Types.ObjectId(),
    values: { ten_loai: "nghi-dinh", so_ky_hieu: decree, ngay_ban_hanh: date, trich_yeu: trichYeu, hinh_thuc_kien_nghi: "sua-doi", noi_dung_kien_nghi: "Sửa Điều 5" },
  });

  it("when rows naming one document arrive out of the agencies' order, then every row carries the citation of the first agency's first row", () => {
    const builder = new ReportItemBuilder(plan);
    const third = builder.item(row("quy định về hộ tịch", "2015-12-30"), "Ủy ban nhân dân Thành phố Hà Nội", 2);
    const first = builder.item(row("quy định chi tiết Luật Căn cước công dân", "2015-12-31"), "Bộ Công an", 0);
    const firstLater = builder.item(row("về một việc khác", "2015-12-29"), "Bộ Công an", 0);
    const second = builder.item(row("về cư trú", "2015-12-28"), "Bộ Y tế", 1);
    const items = [first, firstLater, second, third];
    builder.cite(items);
    const expected = "Nghị định số 137/2015/NĐ-CP ngày 31/12/2015 của Chính phủ quy định chi tiết Luật Căn cước công dân";
    for (const item of items) {
      expect(item).to.include({ docKey: "137/2015/NĐ-CP", docCitation: expected, docRank: 5, docNumber: 137, docYear: 2015 });
    }
    expect(third.values.ngay_ban_hanh, "each row keeps its own values").to.deep.equal(new Date(Date.UTC(2015, 11, 30)));
    expect([first.agencyName, third.agencyName]).to.deep.equal(["Bộ Công an", "Ủy ban nhân dân Thành phố Hà Nội"]);
  });

  it("when a row names no document, then it carries no citation and stays out of the groups", () => {
    const builder = new ReportItemBuilder(plan);
    const stored = { _id: new Types.ObjectId(), values: { ten_loai: "nghi-dinh", hinh_thuc_kien_nghi: "ban-hanh-moi", noi_dung_kien_nghi: "Ban hành nghị định mới" } };
    const item = builder.item(stored, "Bộ Tư pháp", 0);
    builder.cite([item]);
    expect(item).to.not.have.property("docKey");
    expect(item).to.not.have.property("docCitation");
    expect(item.recommendation).to.equal("ban-hanh-moi");
  });

  it("when a document is cited again in a later report, with the same or other details, then each citation is the one its row's details give", () => {
    const cite = (trichYeu: string, date: string, agency: string): string | undefined => {
      const builder = new ReportItemBuilder(plan);
      const item = builder.item(row(trichYeu, date), agency, 0);
      builder.cite([item]);
      return item.docCitation;
    };
    const first = cite("quy định chi tiết Luật Căn cước công dân", "2015-12-31", "Bộ Công an");
    expect(cite("quy định chi tiết Luật Căn cước công dân", "2015-12-31", "Bộ Công an")).to.equal(first);
    expect(cite("về căn cước", "2015-12-31", "Bộ Công an")).to.equal("Nghị định số 137/2015/NĐ-CP ngày 31/12/2015 của Chính phủ về căn cước");
    expect(cite("quy định chi tiết Luật Căn cước công dân", "2015-12-30", "Bộ Công an")).to.include("ngày 30/12/2015");
  });
});
