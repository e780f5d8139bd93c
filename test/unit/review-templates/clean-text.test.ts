import { expect } from "chai";
import { cleanText, slugify } from "../../../src/review-templates/vn-text.js";

// Text already clean comes back as it is after one scan; anything else is still cleaned.
describe("cleanText", () => {
  it("when text is already clean Vietnamese, then it comes back unchanged", () => {
    for (const s of ["Nghị định số 137/2015/NĐ-CP", "Quy định chi tiết một số điều của Luật Cư trú", "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư", "", "a"]) {
      expect(cleanText(s)).to.equal(s);
    }
  });

  it("when text has spaces at its ends, runs of spaces, odd spaces, Ð, typographic dashes or slashes, then each is tidied", () => {
    expect(cleanText(" Luật  Cư trú ")).to.equal("Luật Cư trú");
    expect(cleanText("Luật\tCư\u00A0trú\u2003")).to.equal("Luật Cư trú");
    expect(cleanText("Ðắk Nông, ðường")).to.equal("Đắk Nông, đường");
    expect(cleanText("QĐ\u2013UBND 12\u204415")).to.equal("QĐ-UBND 12/15");
    expect(cleanText("a\u200Bb\uFEFF")).to.equal("ab");
  });

  it("when text arrives decomposed, then it comes back composed (NFC)", () => {
    const decomposed = "Nghị định".normalize("NFD");
    expect(decomposed).to.not.equal("Nghị định");
    expect(cleanText(decomposed)).to.equal("Nghị định");
    // A combining mark after a clean letter is not clean text either.
    expect(cleanText("Lua\u0302t")).to.equal("Luât");
  });

  it("when a slug is made, then an existing slug comes back as it is and any other text is folded to one", () => {
    expect(slugify("nghi-dinh")).to.equal("nghi-dinh");
    expect(slugify("thong-tu-lien-tich")).to.equal("thong-tu-lien-tich");
    expect(slugify("Nghị định")).to.equal("nghi-dinh");
    expect(slugify("-nghi--dinh-")).to.equal("nghi-dinh");
    expect(slugify("Nghi-Dinh")).to.equal("nghi-dinh");
    expect(slugify("Đất & nhà")).to.equal("dat-nha");
  });
});
