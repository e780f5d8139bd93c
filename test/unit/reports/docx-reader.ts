import yauzl from "yauzl";
import { docxBuffer, type DocxReport } from "../../../src/reports/report.package.js";

// Reads generated packages with yauzl (not with the zip code under test), which also checks
// every entry's CRC, and picks WordprocessingML apart with plain string matching.

export type Parts = Map<string, string>;

export function unzip(buffer: Buffer): Promise<Parts> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error("no zip"));
      const parts: Parts = new Map();
      zip.on("error", reject);
      zip.on("end", () => resolve(parts));
      zip.on("entry", (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err ?? new Error("no stream"));
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("error", reject);
          stream.on("end", () => {
            parts.set(entry.fileName, Buffer.concat(chunks).toString("utf8"));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

export async function openDocx(report: DocxReport): Promise<Parts> {
  return unzip(await docxBuffer(report));
}

export function part(parts: Parts, name: string): string {
  const xml = parts.get(name);
  if (xml === undefined) throw new Error(`${name} missing; parts: ${[...parts.keys()].join(", ")}`);
  return xml;
}

/** Top-level elements `<tag>…</tag>` (not nested in each other). */
export function elements(xml: string, tag: string): string[] {
  const found: string[] = [];
  const open = new RegExp(`<${tag}[ >]`, "g");
  const close = `</${tag}>`;
  let match: RegExpExecArray | null;
  while ((match = open.exec(xml))) {
    let depth = 1;
    let at = match.index + tag.length + 1;
    while (depth > 0) {
      const nextOpen = xml.slice(at).search(new RegExp(`<${tag}[ >]`));
      const nextClose = xml.indexOf(close, at);
      if (nextClose < 0) throw new Error(`unclosed <${tag}>`);
      if (nextOpen >= 0 && at + nextOpen < nextClose) {
        depth++;
        at += nextOpen + tag.length + 1;
      } else {
        depth--;
        at = nextClose + close.length;
      }
    }
    found.push(xml.slice(match.index, at));
    open.lastIndex = at;
  }
  return found;
}

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'" };

/** The text of the runs in a piece of WordprocessingML (a non-breaking hyphen as "-"), paragraphs separated by newlines. */
export function text(xml: string): string {
  return elements(xml, "w:p")
    .map((p) =>
      [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:noBreakHyphen\/>/g)].map((m) => (m[1] ?? "-").replace(/&[a-z]+;/g, (e) => ENTITIES[e] ?? e)).join(""),
    )
    .join("\n");
}

export const tables = (xml: string): string[] => elements(xml, "w:tbl");
export const rows = (tbl: string): string[] => elements(tbl, "w:tr");
export const cells = (tr: string): string[] => elements(tr, "w:tc").map(text);
export const body = (parts: Parts): string => part(parts, "word/document.xml");

/** Section properties in document order (sections end where their sectPr is). */
export function sections(documentXml: string): string[] {
  return [...documentXml.matchAll(/<w:sectPr[ >][\s\S]*?<\/w:sectPr>/g)].map((m) => m[0]);
}

/** The data tables (the ones written by table.xml.ts, which have a repeated header row). */
export const dataTables = (documentXml: string): string[] => tables(documentXml).filter((t) => t.includes("<w:tblHeader/>"));

/** The header part that a section uses for the given type ("first" | "default"). */
export function headerOf(parts: Parts, sectPr: string, type: "first" | "default"): string {
  const id = new RegExp(`<w:headerReference w:type="${type}" r:id="([^"]+)"`).exec(sectPr)?.[1];
  if (!id) throw new Error(`section has no ${type} header`);
  const rels = part(parts, "word/_rels/document.xml.rels");
  const target = new RegExp(`<Relationship[^>]*Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1]
    ?? new RegExp(`<Relationship[^>]*Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)?.[1];
  if (!target) throw new Error(`relationship ${id} not found`);
  return part(parts, `word/${target.replace(/^\/?word\//, "")}`);
}
