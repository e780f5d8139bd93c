import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { UnsupportedType } from '../http/errors.js';

/**
 * Word's XML parts, parsed as data and nothing more. A part that declares a DTD is refused
 * outright: WordprocessingML never needs one, and refusing it means no entity of any kind
 * (external files, "billion laughs") is ever expanded, whatever the parser would do.
 */
export type XmlElement = Element;

const DTD = /<!DOCTYPE|<!ENTITY/i;

export function parseXml(bytes: Buffer): Document {
  const text = bytes.toString('utf8');
  if (DTD.test(text)) throw new UnsupportedType('attachments.errors.corrupt_zip');
  let failed = false;
  const doc = new DOMParser({
    errorHandler: {
      warning: () => undefined,
      error: () => undefined,
      fatalError: () => {
        failed = true;
      },
    },
  }).parseFromString(text, 'text/xml');
  if (failed || !doc?.documentElement) throw new UnsupportedType('attachments.errors.corrupt_zip');
  return doc;
}

export function serializeXml(doc: Document): string {
  return new XMLSerializer().serializeToString(doc);
}

/** Element children only, in order. */
export function elementsOf(node: Node): XmlElement[] {
  const out: XmlElement[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as XmlElement);
  return out;
}

/** All descendants with this qualified name, in document order. */
export function descendants(node: Document | XmlElement, name: string): XmlElement[] {
  return Array.from(node.getElementsByTagName(name) as unknown as ArrayLike<XmlElement>);
}

/** A `w:`/`w15:` attribute by its qualified name ('' when absent). */
export function attr(el: XmlElement, name: string): string {
  return el.getAttribute(name) ?? '';
}
