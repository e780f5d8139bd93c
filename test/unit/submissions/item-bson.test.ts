import { expect } from "chai";
import { mongo, Types } from "mongoose";
import { itemRowReader, rowSubmissionHex } from "../../../src/submissions/item.bson.js";

// Rows are read for reports and the rows table from their BSON bytes, taking only the values shown:
// what comes out must be what the driver itself would have decoded.
describe("submission rows read from their BSON", () => {
  const docref = { input: "nđ 104/2022", text: "104/2022/NĐ-CP", key: "nghi-dinh:104/2022/nd-cp", typeCode: "nghi-dinh", number: "104", year: 2022, symbol: "NĐ-CP", issuer: null, normative: true, rank: 4 };
  const row = {
    _id: new Types.ObjectId(),
    campaign: new Types.ObjectId(),
    submission: new Types.ObjectId(),
    agency: new Types.ObjectId(),
    position: 7,
    values: {
      so_ky_hieu: docref,
      trich_yeu: "Quy định chi tiết một số điều của Luật Cư trú",
      ngay_ban_hanh: "2022-12-21",
      so_luong: 3.5,
      so_nguoi: 12,
      trong: null,
      ghi_chu: "Không đọc",
      dai: 2 ** 40,
      lon: mongo.BSON.Long.fromNumber(2 ** 40),
      ngay_nhan: { at: new Date("2026-03-04T00:00:00Z"), text: "04/03/2026" },
      danh_sach: ["a", "b"],
      luc: new Date("2026-01-02T03:04:05Z"),
      co: true,
    },
    docKey: "nghi-dinh:104/2022/nd-cp",
    searchText: "quy dinh chi tiet mot so dieu cua luat cu tru ".repeat(20),
    createdAt: new Date(),
  };
  const bytes = Buffer.from(mongo.BSON.serialize(row));

  it("when a row is read, then its id, submission and the asked values equal the driver's decoding, other values are left out", () => {
    const keys = ["so_ky_hieu", "trich_yeu", "ngay_ban_hanh", "so_luong", "so_nguoi", "trong", "khong_co"];
    const read = itemRowReader(keys)(bytes);
    const decoded = mongo.BSON.deserialize(bytes) as typeof row;
    expect(read._id.equals(row._id)).to.equal(true);
    expect(read.submission.equals(row.submission)).to.equal(true);
    const wanted = Object.fromEntries(keys.filter((k) => k in decoded.values).map((k) => [k, (decoded.values as Record<string, unknown>)[k]]));
    expect(read.values).to.deep.equal(wanted);
    expect(read.values).to.not.have.property("ghi_chu");
    expect(read.values).to.not.have.property("khong_co");
  });

  it("when asked values are of rarer types (long, array, date, boolean), then they read as the driver reads them", () => {
    const keys = ["dai", "lon", "ngay_nhan", "danh_sach", "luc", "co", "trich_yeu"];
    const read = itemRowReader(keys)(bytes);
    const decoded = mongo.BSON.deserialize(bytes) as typeof row;
    expect(read.values).to.deep.equal(Object.fromEntries(keys.map((k) => [k, (decoded.values as Record<string, unknown>)[k]])));
    expect(read.values.luc).to.be.instanceOf(Date);
    expect(read.values.lon).to.equal(2 ** 40);
  });

  it("when a text holds multi-byte letters, then it reads whole and composed as stored", () => {
    const text = "Ủy ban nhân dân Thành phố Hà Nội — “khoản 3 Điều 38” 🙂";
    const b = Buffer.from(mongo.BSON.serialize({ ...row, values: { ly_do: text } }));
    expect(itemRowReader(["ly_do"])(b).values.ly_do).to.equal(text);
  });

  it("when a document reference repeats its input in its text and key, or has texts of one length that differ, then each reads as the driver reads it", () => {
    const values = {
      so_ky_hieu: { input: "1/2010/NĐ-CP", text: "1/2010/NĐ-CP", key: "1/2010/NĐ-CP", typeCode: "nghi-dinh", number: "1", year: 2010, symbol: "NĐ-CP", issuer: "Chính phủ", normative: true, rank: 5 },
      van_ban: { input: "2/2011/NĐ-CP", text: "3/2011/NĐ-CP", key: "", typeCode: "nghi-dinh", number: "3", rank: null, extra: "x" },
    };
    const b = Buffer.from(mongo.BSON.serialize({ ...row, values }));
    const read = itemRowReader(["so_ky_hieu", "van_ban"])(b).values;
    expect(read).to.deep.equal(mongo.BSON.deserialize(b).values);
    expect(Object.keys(read.van_ban as object)).to.deep.equal(Object.keys(values.van_ban));
  });

  it("when a row's submission is asked before the rest, then it is the stored submission's id, and a row without one has none", () => {
    expect(rowSubmissionHex(bytes)).to.equal(row.submission.toHexString());
    expect(rowSubmissionHex(Buffer.from(mongo.BSON.serialize({ _id: row._id, values: {} })))).to.equal(undefined);
  });
});
