import { expect } from "chai";
import { isPlainText, xmlText } from "../../../src/reports/report.text.js";

// Cells written without normalizing or escaping must be exactly what the full path would write.
describe("reports: cell text for WordprocessingML", () => {
  const plainChars = (): string[] => {
    const out: string[] = [];
    for (let c = 0; c < 0x10000; c++) if (isPlainText(String.fromCharCode(c))) out.push(String.fromCharCode(c));
    return out;
  };

  it("when text is taken as plain, then no pair of its characters changes under NFC, so any text of them is already NFC", () => {
    const chars = plainChars();
    expect(chars).to.include.members(["a", "Đ", "ơ", "ư", "ế", "ộ", "–", "“", "…", "/"]);
    for (const first of chars) {
      const pairs = chars.map((second) => first + second).join("");
      expect(pairs.normalize("NFC") === pairs, `U+${first.charCodeAt(0).toString(16)} followed by another plain character`).to.equal(true);
    }
  });

  it("when text is decomposed, holds XML specials or controls, then it is not plain and is normalized and escaped", () => {
    const decomposed = "Bỏ yêu cầu xuất trình sổ hộ khẩu".normalize("NFD");
    expect(isPlainText(decomposed)).to.equal(false);
    expect(xmlText(decomposed)).to.equal("Bỏ yêu cầu xuất trình sổ hộ khẩu".normalize("NFC"));
    expect(xmlText('Điều 5 <khoản 2> & "điểm a"')).to.equal("Điều 5 &lt;khoản 2&gt; &amp; &quot;điểm a&quot;");
    expect(xmlText("a\u0001b\uFFFEc")).to.equal("abc");
    // The two space singletons of General Punctuation become other spaces under NFC.
    expect(xmlText("a\u2000b")).to.equal("a\u2002b");
    expect(xmlText("Nghị định số 104/2022/NĐ-CP")).to.equal("Nghị định số 104/2022/NĐ-CP");
  });
});
