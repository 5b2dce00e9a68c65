import { XMLParser, XMLValidator } from "fast-xml-parser";
import { NS } from "./namespaces";

/** An element with its namespace resolved, the only shape the emulator reads requests through. */
export interface XmlElement {
  ns: string;
  local: string;
  attrs: XmlAttr[];
  children: XmlElement[];
  /** Concatenated character data (text and CDATA) directly inside this element. */
  text: string;
  /** In-scope prefix → namespace bindings, needed to resolve QName values such as xsi:type. */
  scope: ReadonlyMap<string, string>;
}

export interface XmlAttr {
  ns: string;
  local: string;
  value: string;
}

/** Why a document was refused before any of it was interpreted. */
export class XmlRejected extends Error {
  constructor(
    message: string,
    /** malformed: not well-formed XML; dtd: a DTD, refused outright; encoding: bytes that are not UTF-8. */
    readonly reason: "malformed" | "dtd" | "encoding",
  ) {
    super(message);
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Entities are decoded by decodeEntities below: only XML's five and character references exist
  // once DTDs are refused, and the library's HTML entity table would accept what XML does not.
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: "#cdata",
  commentPropName: "#comment",
});

// A DTD can declare entities (billion laughs, external entities); WCF refuses DTDs outright, so do we.
// Deliberately broad: a comment that mentions <!DOCTYPE is refused too, which no SOAP client sends.
const DTD = /<!\s*(DOCTYPE|ENTITY)/i;

// Characters XML 1.0 does not allow (§2.2), raw or as lone surrogates; a name holding one could never be
// written back as well-formed XML.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

/** Parses an XML document into a namespace-resolved tree; refuses DTDs and malformed input. */
export function parseXml(xml: string): XmlElement {
  if (DTD.test(xml)) throw new XmlRejected("For security reasons DTD is prohibited in this XML document.", "dtd");
  const bad = FORBIDDEN_CHAR.exec(xml);
  if (bad) throw new XmlRejected(`The character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")} is not allowed in XML.`, "malformed");
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new XmlRejected(`Malformed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`, "malformed");
  }
  let nodes: RawNode[];
  try {
    nodes = parser.parse(xml) as RawNode[];
  } catch (e) {
    // The parser's own limits (nesting depth, among others) are malformed input, not an emulator bug.
    throw new XmlRejected(`The XML could not be read: ${(e as Error).message}`, "malformed");
  }
  const roots = nodes.filter((n) => elementName(n) !== undefined);
  if (roots.length !== 1) throw new XmlRejected("An XML document must have exactly one root element.", "malformed");
  return toElement(roots[0], new Map([["xml", NS.xml]]));
}

type RawNode = Record<string, unknown>;

function elementName(node: RawNode): string | undefined {
  return Object.keys(node).find((k) => k !== ":@" && k !== "#text" && k !== "#cdata" && k !== "#comment");
}

function toElement(node: RawNode, parentScope: ReadonlyMap<string, string>): XmlElement {
  const qname = elementName(node)!;
  const rawAttrs = (node[":@"] ?? {}) as Record<string, string>;
  let scope = parentScope;
  for (const [name, value] of Object.entries(rawAttrs)) {
    if (name === "xmlns" || name.startsWith("xmlns:")) {
      if (scope === parentScope) scope = new Map(parentScope);
      (scope as Map<string, string>).set(name === "xmlns" ? "" : name.slice(6), decodeEntities(value));
    }
  }
  const [prefix, local] = splitQName(qname);
  const ns = scope.get(prefix) ?? (prefix === "" ? "" : undeclared(prefix, qname));
  const attrs: XmlAttr[] = [];
  for (const [name, value] of Object.entries(rawAttrs)) {
    if (name === "xmlns" || name.startsWith("xmlns:")) continue;
    const [aPrefix, aLocal] = splitQName(name);
    // Unprefixed attributes are in no namespace (XML Namespaces §6.2), unlike unprefixed elements.
    const aNs = aPrefix === "" ? "" : (scope.get(aPrefix) ?? undeclared(aPrefix, name));
    attrs.push({ ns: aNs, local: aLocal, value: decodeEntities(value) });
  }
  const children: XmlElement[] = [];
  let text = "";
  for (const child of (node[qname] ?? []) as RawNode[]) {
    if ("#text" in child) text += decodeEntities(String(child["#text"]));
    else if ("#cdata" in child) text += ((child["#cdata"] as RawNode[]) ?? []).map((c) => String(c["#text"] ?? "")).join("");
    else if ("#comment" in child) continue;
    else children.push(toElement(child, scope));
  }
  return { ns, local, attrs, children, text, scope };
}

function splitQName(qname: string): [string, string] {
  const i = qname.indexOf(":");
  return i < 0 ? ["", qname] : [qname.slice(0, i), qname.slice(i + 1)];
}

function undeclared(prefix: string, name: string): never {
  throw new XmlRejected(`The prefix '${prefix}' of '${name}' is not bound to a namespace.`, "malformed");
}

const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (all, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!Number.isFinite(code) || !isXmlChar(code)) throw new XmlRejected(`Invalid character reference '${all}'.`, "malformed");
      return String.fromCodePoint(code);
    }
    const named = NAMED[ref];
    if (named === undefined) throw new XmlRejected(`Reference to undeclared entity '${ref}'.`, "malformed");
    return named;
  });
}

/** The attribute in the given namespace, if present. */
export function attr(el: XmlElement, ns: string, local: string): string | undefined {
  return el.attrs.find((a) => a.ns === ns && a.local === local)?.value;
}

/** True when the element carries xsi:nil="true". */
export function isNil(el: XmlElement): boolean {
  const v = attr(el, NS.xsi, "nil")?.trim();
  return v === "true" || v === "1";
}

/** Resolves the xsi:type QName of an element against its in-scope namespaces. */
export function xsiType(el: XmlElement): { ns: string; local: string } | undefined {
  const v = attr(el, NS.xsi, "type")?.trim();
  if (v === undefined) return undefined;
  const [prefix, local] = splitQName(v);
  const ns = el.scope.get(prefix);
  return { ns: ns ?? (prefix === "" ? "" : `(unbound prefix ${prefix})`), local };
}

/** Element children with the given namespace and local name. */
export function childrenNamed(el: XmlElement, ns: string, local: string): XmlElement[] {
  return el.children.filter((c) => c.ns === ns && c.local === local);
}
