// DOM helpers shared by the WSDL trimming script and the tests that compare schemas.
import { DOMParser, type Element } from "@xmldom/xmldom";

/** Parses XML and throws on any error or warning: xmldom only logs non-fatal ones, which would hide a broken input. */
export function parseStrict(xml: string): Element {
  const doc = new DOMParser({
    onError: (level, message) => {
      throw new Error(`XML ${level}: ${message}`);
    },
  }).parseFromString(xml, "text/xml");
  if (!doc.documentElement) throw new Error("XML has no root element");
  return doc.documentElement;
}

/** The element children of an element, in document order. */
export function elementChildren(el: Element): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as Element);
  return out;
}

/** True when el is the element {ns}localName. */
export function is(el: Element, ns: string, localName: string): boolean {
  return el.namespaceURI === ns && el.localName === localName;
}
