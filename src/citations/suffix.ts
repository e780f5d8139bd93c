import { issuerLength } from './issuers.js';

/**
 * What follows a cited number or name and belongs to the citation: ", ngày 31 tháng 12 năm
 * 2015", "năm 2024", "của Chính phủ"; and the trích yếu after it ("quy định chi tiết …").
 */

const DATE_RE =
  /,?[ \t]*(?:ban hanh[ \t]+)?ngay[ \t]*(\d{1,2})[ \t]*(?:thang[ \t]*(\d{1,2})[ \t]*nam[ \t]*(\d{4})|[/.-][ \t]*(\d{1,2})[ \t]*[/.-][ \t]*(\d{4}))/y;
const YEAR_RE = /[ \t]+(?:nam[ \t]+)?((?:19|20)\d{2})(?![0-9/])/y;
const OF_RE = /,?[ \t]*cua[ \t]+/y;
const TITLE_OPENERS =
  /^,? ?(ve|quy dinh|huong dan|sua doi|bo sung|ban hanh|bai bo|thay the|phe duyet|cong bo|thanh lap|dieu chinh|xu phat|ngung|dinh chi|bao dam|cho phep|quan ly|giao|phan cap|hop nhat)(?![a-z])/;

export interface Suffix {
  end: number;
  date: string | null;
  year: number | null;
  issuer: string | null;
}

const pad = (n: string) => n.padStart(2, '0');

/** Extends a citation ending at `pos`; the folded text has newlines kept, so nothing crosses a line. */
export function readSuffix(text: string, folded: string, pos: number, allowYear: boolean): Suffix {
  const out: Suffix = { end: pos, date: null, year: null, issuer: null };
  DATE_RE.lastIndex = pos;
  const d = DATE_RE.exec(folded);
  if (d) {
    const [day, month, year] = d[3] ? [d[1], d[2], d[3]] : [d[1], d[4], d[5]];
    out.date = `${year}-${pad(month)}-${pad(day)}`;
    out.year = Number(year);
    out.end = d.index + d[0].length;
  } else if (allowYear) {
    YEAR_RE.lastIndex = pos;
    const y = YEAR_RE.exec(folded);
    if (y) {
      out.year = Number(y[1]);
      out.end = y.index + y[0].length;
    }
  }
  OF_RE.lastIndex = out.end;
  const of = OF_RE.exec(folded);
  if (of) {
    const len = issuerLength(text, folded, of.index + of[0].length);
    if (len > 0) {
      out.issuer = text.slice(of.index + of[0].length, of.index + of[0].length + len);
      out.end = of.index + of[0].length + len;
    }
  }
  return out;
}

/** The trích yếu right after a citation, when the text gives one. */
export function readTitle(text: string, folded: string, pos: number): string | null {
  const rest = folded.slice(pos, pos + 400);
  const m = TITLE_OPENERS.exec(rest);
  if (!m) return null;
  const stop = /[;\n]|\. |\.$|\)| (?:va|,) (?:nghi dinh|thong tu|quyet dinh|luat|nghi quyet) |, (?:ngay|co hieu luc)/.exec(rest);
  const len = stop ? stop.index : Math.min(rest.length, 250);
  const title = text.slice(pos, pos + len).replace(/^,?\s*/, '').trim();
  return title.length >= 3 ? title : null;
}
