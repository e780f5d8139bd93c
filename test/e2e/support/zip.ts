import yauzl from 'yauzl';

/** One entry of a zip (a .docx or .xlsx) as UTF-8 text. */
export function readZipEntry(buffer: Buffer, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('not a zip'));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error(`cannot read ${name}`));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
          stream.on('error', reject);
        });
      });
      zip.on('end', () => reject(new Error(`${name} is not in the zip`)));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** The visible text of WordprocessingML: the runs' text, one line per paragraph, entities decoded. */
export function docxText(documentXml: string): string {
  const decode = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return documentXml
    .split('</w:p>')
    // A non-breaking hyphen (inside "137/2015/NĐ-CP") reads as the hyphen it shows.
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:noBreakHyphen\/>/g)].map((m) => (m[1] === undefined ? '-' : decode(m[1]))).join(''))
    .join('\n');
}
