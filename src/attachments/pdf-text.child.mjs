// Reads a PDF on stdin and writes the text of its pages, as a JSON array, on stdout.
// A process of its own: a large PDF is parsed without the server's memory or event loop.
import { extractText, getDocumentProxy } from 'unpdf';

const parts = [];
for await (const chunk of process.stdin) parts.push(chunk);
const bytes = Buffer.concat(parts);
const pdf = await getDocumentProxy(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
const { text } = await extractText(pdf, { mergePages: false });
process.stdout.write(JSON.stringify(text));
