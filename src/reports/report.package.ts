import { randomUUID } from "node:crypto";
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Packer, Paragraph, TextRun, type Document } from "docx";
import { tableXml } from "./table.xml.js";
import type { TableModel } from "./table.model.js";
import { deflatedEntry, entryContent, readZip, zipChunks, type ZipSource } from "./zip.js";

// `docx` writes the document skeleton (styles, sections, headers, comments, headings) with a
// placeholder paragraph where each table goes; on the way out the placeholders are replaced
// by table XML generated row by row (table.xml.ts) and the package is re-zipped as a stream.

/** A report ready to be written: the `docx` skeleton plus the tables to splice into it. */
export interface DocxReport {
  readonly document: Document;
  /** Placeholder token → the table's XML, generated lazily when the report is written. */
  readonly tables: ReadonlyMap<string, () => Iterable<string>>;
}

/** Collects the tables of one report while its `docx` skeleton is being built. */
export class TableSlots {
  private readonly slots = new Map<string, () => Iterable<string>>();
  // A random token cannot collide with any text a user typed into the report.
  private readonly prefix = `rasoat-table-${randomUUID()}-`;

  /** A placeholder paragraph that the table replaces in the written document. */
  place(model: TableModel, widthTw: number): Paragraph {
    const token = `${this.prefix}${this.slots.size}`;
    this.slots.set(token, () => tableXml(model, widthTw));
    return new Paragraph({ children: [new TextRun(token)] });
  }

  report(document: Document): DocxReport {
    return { document, tables: this.slots };
  }
}

const DOCUMENT_PART = "word/document.xml";

/** The bounds of the `<w:p>` element holding `token`. */
function paragraphAround(xml: string, token: string): { start: number; end: number } {
  const at = xml.indexOf(token);
  if (at < 0) throw new Error(`table placeholder ${token} not found in ${DOCUMENT_PART}`);
  const start = Math.max(xml.lastIndexOf("<w:p>", at), xml.lastIndexOf("<w:p ", at));
  const close = xml.indexOf("</w:p>", at);
  if (start < 0 || close < 0) throw new Error(`table placeholder ${token} is not inside a paragraph`);
  return { start, end: close + "</w:p>".length };
}

function* splicedDocument(xml: string, tables: ReadonlyMap<string, () => Iterable<string>>): Generator<string> {
  const places = [...tables].map(([token, table]) => ({ ...paragraphAround(xml, token), table })).sort((a, b) => a.start - b.start);
  let from = 0;
  for (const place of places) {
    yield xml.slice(from, place.start);
    yield* place.table();
    from = place.end;
  }
  yield xml.slice(from);
}

type Parts = ReadonlyMap<string, string | Uint8Array>;

// `docx` compiles a document into its parts and then zips them in JavaScript, which for a
// report costs more than all its other parts together, only for the document part to be
// unzipped again here. Its compiler hands over the parts unzipped; where a release of `docx`
// no longer has it where it is looked for, the zipped package serves as before.
const compiler = (Packer as unknown as { compiler?: { compile?: (document: Document) => Parts } }).compiler;

async function skeletonParts(document: Document): Promise<Parts> {
  if (typeof compiler?.compile === "function") return compiler.compile(document);
  return new Map(readZip(await Packer.toBuffer(document)).map((entry) => [entry.name, entryContent(entry)]));
}

const bytesOf = (data: string | Uint8Array): Uint8Array => (typeof data === "string" ? Buffer.from(data, "utf8") : data);
const textOf = (data: string | Uint8Array): string => (typeof data === "string" ? data : Buffer.from(data).toString("utf8"));

async function packageSources(report: DocxReport): Promise<ZipSource[]> {
  return [...(await skeletonParts(report.document))].map(([name, data]) =>
    name === DOCUMENT_PART
      ? { kind: "generate", name, chunks: splicedDocument(textOf(data), report.tables) }
      : { kind: "copy", entry: deflatedEntry(name, bytesOf(data)) },
  );
}

/** The .docx as a byte stream (what a route pipes to the response). */
export function docxStream(report: DocxReport): Readable {
  async function* bytes(): AsyncGenerator<Buffer> {
    yield* zipChunks(await packageSources(report));
  }
  return Readable.from(bytes(), { objectMode: false });
}

export async function writeDocx(report: DocxReport, out: Writable): Promise<void> {
  await pipeline(docxStream(report), out);
}

export async function docxBuffer(report: DocxReport): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of docxStream(report)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
