import { PassThrough } from "node:stream";
import { expect } from "chai";
import { Packer } from "docx";
import { buildConsolidatedAppendix } from "../../../src/reports/consolidated.appendix.js";
import { docxBuffer, writeDocx } from "../../../src/reports/report.package.js";
import { DEFAULT_RECOMMENDATION_TYPES } from "../../../src/reports/report.text.js";
import { CAMPAIGN_SPEC, syntheticCampaign } from "../../../bench/lib/campaign-data.js";
import { body, cells, dataTables, rows, unzip } from "./docx-reader.js";

describe("reports: docx package", () => {
  const items = syntheticCampaign(3000);
  const report = (): ReturnType<typeof buildConsolidatedAppendix> =>
    buildConsolidatedAppendix({ spec: CAMPAIGN_SPEC, items, recommendationTypes: DEFAULT_RECOMMENDATION_TYPES });

  it("when a table spans many compression blocks, then every entry passes its CRC check and every row is there", async () => {
    const parts = await unzip(await docxBuffer(report()));
    const groups = new Set(items.map((i) => i.docKey)).size;
    expect(rows(dataTables(body(parts))[0]!)).to.have.length(1 + groups + items.length);
    expect(body(parts)).not.to.include("rasoat-table-");
  });

  it("when the report is written, then the package keeps every part docx made for the skeleton", async () => {
    const r = report();
    const skeleton = await unzip(await Packer.toBuffer(r.document));
    const written = await unzip(await docxBuffer(r));
    expect([...written.keys()].sort()).to.deep.equal([...skeleton.keys()].sort());
    expect(written.get("word/styles.xml")).to.equal(skeleton.get("word/styles.xml"));
  });

  it("when one cell is larger than an encoding block, then its multi-byte text arrives whole", async () => {
    const long = "Điều khoản được sửa đổi, bổ sung; ".repeat(40_000);
    const big = { ...items[0]!, values: { ...items[0]!.values, noi_dung: long } };
    const parts = await unzip(await docxBuffer(buildConsolidatedAppendix({ spec: CAMPAIGN_SPEC, items: [big], recommendationTypes: [] })));
    expect(Buffer.byteLength(long)).to.be.greaterThan(1 << 20);
    expect(cells(rows(dataTables(body(parts))[0]!)[2]!)).to.include(long);
  });

  it("when the report is piped to a stream, then the stream receives the whole package", async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (c: Buffer) => chunks.push(c));
    await writeDocx(report(), out);
    const parts = await unzip(Buffer.concat(chunks));
    expect(rows(dataTables(body(parts))[1]!)).to.have.length(1 + DEFAULT_RECOMMENDATION_TYPES.length + 1);
  });
});
