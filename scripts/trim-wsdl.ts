// Cuts the official Campaign Management v13 WSDL down to the three conversion-goal operations.
// The full WSDL costs node-soap ~170 ms and ~15 MB of retained heap per client; the subset costs a tenth.
// The DOM decides what to keep; kept declarations are copied as source text so the subset stays
// byte-for-byte comparable with the official file.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { type Element } from "@xmldom/xmldom";
import { goalsWsdlPath } from "../wsdl/location";
import { OFFICIAL_CONTRACT, OfficialContractUnavailable, obtainOfficialContract } from "./official-contract";
import { elementChildren, is, parseStrict } from "./dom";

/** The operations the trimmed WSDL keeps, in no particular order. */
export const keptOperations: readonly string[] = ["AddConversionGoals", "UpdateConversionGoals", "GetConversionGoalsByIds"];

/** Where the trimmed WSDL is shipped from. */
export const trimmedWsdlPath: string = goalsWsdlPath;

const WSDL_NS = "http://schemas.xmlsoap.org/wsdl/";
const SOAP_NS = "http://schemas.xmlsoap.org/wsdl/soap/";
const XS_NS = "http://www.w3.org/2001/XMLSchema";

const HEADER_COMMENT = [
  "<!--",
  "  GENERATED FILE: do not edit by hand. Regenerate with `npm run wsdl:trim`.",
  "  Produced by scripts/trim-wsdl.ts from the official Microsoft Advertising Campaign Management v13 WSDL",
  `  (BingAds Python SDK ${OFFICIAL_CONTRACT.version}, ${OFFICIAL_CONTRACT.member}, ${OFFICIAL_CONTRACT.license} license).`,
  `  Keeps only ${keptOperations.join(", ")}, the schema declarations they reach,`,
  "  and every complexType derived from a kept complexType (needed to read xsi:type in responses).",
  "-->",
].join("\n");

// Attributes whose values are QNames naming a schema or WSDL component.
const QNAME_ATTRIBUTES = ["type", "base", "itemType", "memberTypes", "ref", "substitutionGroup", "element", "message", "binding"];

type Kind = "element" | "type" | "attribute" | "group" | "attributeGroup";

interface Component {
  readonly key: string;
  readonly kind: Kind;
  readonly namespace: string;
  readonly el: Element;
}

const DECLARATION_KINDS: Record<string, Kind> = {
  element: "element",
  complexType: "type",
  simpleType: "type",
  attribute: "attribute",
  group: "group",
  attributeGroup: "attributeGroup",
};

function componentKey(kind: Kind, namespace: string, name: string): string {
  return `${kind} {${namespace}}${name}`;
}

function resolveQName(context: Element, qname: string): { namespace: string; name: string } {
  const colon = qname.indexOf(":");
  const prefix = colon < 0 ? null : qname.slice(0, colon);
  const namespace = context.lookupNamespaceURI(prefix);
  if (namespace == null) throw new Error(`undeclared prefix in QName "${qname}" on <${context.tagName}>`);
  return { namespace, name: qname.slice(colon + 1) };
}

// Source offsets come from xmldom's locator (1-based line and column of each element's "<").
class SourceText {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
  }

  start(el: Element): number {
    if (el.lineNumber == null || el.columnNumber == null) throw new Error(`no source position for <${el.tagName}>`);
    const offset = this.lineStarts[el.lineNumber - 1] + el.columnNumber - 1;
    if (!this.text.startsWith(`<${el.tagName}`, offset)) throw new Error(`source position of <${el.tagName}> is off`);
    return offset;
  }

  indent(el: Element): string {
    const offset = this.start(el);
    const lead = this.text.slice(this.lineStarts[el.lineNumber! - 1], offset);
    return /^[ \t]*$/.test(lead) ? lead : "";
  }

  startTag(el: Element): string {
    const from = this.start(el);
    let quote = "";
    for (let i = from; i < this.text.length; i++) {
      const c = this.text[i];
      if (quote) {
        if (c === quote) quote = "";
      } else if (c === '"' || c === "'") {
        quote = c;
      } else if (c === ">") {
        return this.text.slice(from, i + 1);
      }
    }
    throw new Error(`unterminated start tag <${el.tagName}>`);
  }

  // The element's own text runs up to whatever follows it: its next sibling element or its parent's end tag.
  // Only whitespace may sit in between, which rules out comments or text being swallowed.
  elementText(el: Element): string {
    return this.text.slice(this.start(el), this.boundaryAfter(el)).trimEnd();
  }

  private boundaryAfter(el: Element): number {
    for (let n = el.nextSibling; n; n = n.nextSibling) {
      if (n.nodeType === 1) return this.start(n as Element);
      if (n.nodeType !== 3 || (n.nodeValue ?? "").trim() !== "") {
        throw new Error(`unexpected non-whitespace content after <${el.tagName} name="${el.getAttribute("name")}">`);
      }
    }
    const parent = el.parentNode;
    if (!parent || parent.nodeType !== 1) return this.text.length;
    const parentEl = parent as Element;
    const close = this.text.lastIndexOf(`</${parentEl.tagName}`, this.boundaryAfter(parentEl));
    if (close < this.start(el)) throw new Error(`no end tag for <${parentEl.tagName}>`);
    return close;
  }
}

function indexSchemaComponents(types: Element): Map<string, Component> {
  const index = new Map<string, Component>();
  for (const schema of elementChildren(types)) {
    if (!is(schema, XS_NS, "schema")) continue;
    const namespace = schema.getAttribute("targetNamespace") ?? "";
    for (const el of elementChildren(schema)) {
      const kind = el.namespaceURI === XS_NS ? DECLARATION_KINDS[el.localName ?? ""] : undefined;
      const name = el.getAttribute("name");
      if (!kind || !name) continue;
      const key = componentKey(kind, namespace, name);
      if (index.has(key)) throw new Error(`duplicate schema declaration ${key}`);
      index.set(key, { key, kind, namespace, el });
    }
  }
  return index;
}

// The keys of every component a declaration refers to. Annotations are skipped: their appinfo carries
// WCF serialization hints whose attributes are not schema references.
function referencesOf(root: Element): string[] {
  const out: string[] = [];
  const visit = (el: Element): void => {
    if (is(el, XS_NS, "annotation")) return;
    const typeRefs = ["type", "base", "itemType"].map((a) => el.getAttribute(a)).filter((v): v is string => !!v);
    typeRefs.push(...(el.getAttribute("memberTypes") ?? "").split(/\s+/).filter(Boolean));
    const refs: Array<[Kind, string]> = typeRefs.map((q) => ["type", q] as [Kind, string]);
    const ref = el.getAttribute("ref");
    if (ref) refs.push([DECLARATION_KINDS[el.localName ?? ""] ?? "element", ref]);
    const substitutionGroup = el.getAttribute("substitutionGroup");
    if (substitutionGroup) refs.push(["element", substitutionGroup]);
    for (const [kind, qname] of refs) {
      const { namespace, name } = resolveQName(el, qname);
      if (namespace !== XS_NS) out.push(componentKey(kind, namespace, name));
    }
    elementChildren(el).forEach(visit);
  };
  visit(root);
  return out;
}

function derivationBase(complexType: Element): string | undefined {
  for (const content of elementChildren(complexType)) {
    if (!is(content, XS_NS, "complexContent") && !is(content, XS_NS, "simpleContent")) continue;
    for (const derivation of elementChildren(content)) {
      const base = derivation.getAttribute("base");
      if (!base) continue;
      const { namespace, name } = resolveQName(derivation, base);
      return componentKey("type", namespace, name);
    }
  }
  return undefined;
}

/** Computes the schema components to keep: what the messages reach, plus derived complexTypes and their elements. */
function closeOver(index: Map<string, Component>, rootKeys: Iterable<string>): Set<string> {
  const kept = new Set<string>();
  const keep = (key: string, from: string): void => {
    if (kept.has(key)) return;
    const component = index.get(key);
    if (!component) throw new Error(`${from} refers to ${key}, which the official WSDL does not declare`);
    kept.add(key);
    for (const ref of referencesOf(component.el)) keep(ref, key);
  };
  for (const key of rootKeys) keep(key, "a kept message");

  for (let grew = true; grew; ) {
    grew = false;
    for (const component of index.values()) {
      if (kept.has(component.key)) continue;
      const isComplexType = is(component.el, XS_NS, "complexType");
      const base = isComplexType ? derivationBase(component.el) : undefined;
      // WCF pairs each type with a global element of the same type; node-soap and WCF look types up through them.
      const typeAttr = component.kind === "element" ? component.el.getAttribute("type") : null;
      const elementType = typeAttr ? resolveQName(component.el, typeAttr) : undefined;
      const elementTypeKey = elementType && componentKey("type", elementType.namespace, elementType.name);
      if ((base && kept.has(base)) || (elementTypeKey && kept.has(elementTypeKey))) {
        keep(component.key, "derivation");
        grew = true;
      }
    }
  }
  return kept;
}

function usedPrefixes(el: Element, into: Set<string>, deep: boolean): void {
  if (el.prefix) into.add(el.prefix);
  for (let i = 0; i < el.attributes.length; i++) {
    const attr = el.attributes.item(i)!;
    if (attr.name === "xmlns" || attr.prefix === "xmlns") continue;
    if (attr.prefix) into.add(attr.prefix);
    if (!QNAME_ATTRIBUTES.includes(attr.name)) continue;
    for (const qname of attr.value.split(/\s+/)) if (qname.includes(":")) into.add(qname.split(":")[0]);
  }
  if (deep) for (const child of elementChildren(el)) usedPrefixes(child, into, true);
}

/** Returns the trimmed WSDL text for the official WSDL text; the same input always gives the same bytes. */
export function trimWsdl(officialXml: string): string {
  const text = officialXml.replace(/\r\n?/g, "\n");
  const source = new SourceText(text);
  const definitions = parseStrict(text);
  if (!is(definitions, WSDL_NS, "definitions")) throw new Error("not a WSDL 1.1 document");
  const targetNamespace = definitions.getAttribute("targetNamespace") ?? "";
  const sections = elementChildren(definitions);
  const only = (localName: string): Element => {
    const found = sections.filter((s) => is(s, WSDL_NS, localName));
    if (found.length !== 1) throw new Error(`expected one wsdl:${localName}, found ${found.length}`);
    return found[0];
  };
  const types = only("types");
  const portType = only("portType");
  const binding = only("binding");
  const wanted = new Set(keptOperations);

  const keptOps = (parent: Element): Element[] =>
    elementChildren(parent).filter((op) => is(op, WSDL_NS, "operation") && wanted.has(op.getAttribute("name") ?? ""));
  for (const parent of [portType, binding]) {
    if (keptOps(parent).length !== wanted.size) throw new Error(`wsdl:${parent.localName} lacks some of ${[...wanted].join(", ")}`);
  }

  const messageNames = new Set<string>();
  for (const op of [...keptOps(portType), ...keptOps(binding)]) {
    const walk = (el: Element): void => {
      const message = el.getAttribute("message");
      if (message) {
        const { namespace, name } = resolveQName(el, message);
        if (namespace !== targetNamespace) throw new Error(`message ${message} is outside the target namespace`);
        messageNames.add(name);
      }
      elementChildren(el).forEach(walk);
    };
    walk(op);
  }
  const messages = sections.filter((s) => is(s, WSDL_NS, "message") && messageNames.has(s.getAttribute("name") ?? ""));
  if (messages.length !== messageNames.size) throw new Error("some referenced wsdl:message is missing");

  const rootKeys: string[] = [];
  for (const message of messages) {
    for (const part of elementChildren(message)) {
      for (const [attribute, kind] of [["element", "element"], ["type", "type"]] as const) {
        const qname = part.getAttribute(attribute);
        if (!qname) continue;
        const { namespace, name } = resolveQName(part, qname);
        rootKeys.push(componentKey(kind, namespace, name));
      }
    }
  }
  const index = indexSchemaComponents(types);
  const kept = closeOver(index, rootKeys);
  const keptNamespaces = new Set([...kept].map((key) => index.get(key)!.namespace));
  const keptElements = new Set([...kept].map((key) => index.get(key)!.el));

  type Action = "copy" | "descend" | "drop";
  const decide = (el: Element): Action => {
    const parent = el.parentNode as Element;
    if (parent === definitions) {
      if (el === types || el === portType || el === binding) return "descend";
      if (is(el, WSDL_NS, "message")) return messages.includes(el) ? "copy" : "drop";
      if (is(el, WSDL_NS, "service")) return "copy";
      return "drop"; // the WS-Policy block: node-soap ignores it and it only describes HTTPS
    }
    if (parent === types) return keptNamespaces.has(el.getAttribute("targetNamespace") ?? "") ? "descend" : "drop";
    if (parent.parentNode === types) {
      if (is(el, XS_NS, "import")) return keptNamespaces.has(el.getAttribute("namespace") ?? "") ? "copy" : "drop";
      return keptElements.has(el) ? "copy" : "drop";
    }
    if (parent === portType || parent === binding) {
      if (is(el, WSDL_NS, "operation")) return wanted.has(el.getAttribute("name") ?? "") ? "copy" : "drop";
      return is(el, SOAP_NS, "binding") ? "copy" : "drop";
    }
    throw new Error(`no rule for <${el.tagName}>`);
  };

  const prefixes = new Set<string>();
  const body: string[] = [];
  const emit = (el: Element): void => {
    for (const child of elementChildren(el)) {
      const action = decide(child);
      if (action === "drop") continue;
      const indent = source.indent(child);
      usedPrefixes(child, prefixes, action === "copy");
      if (action === "copy") {
        body.push(`\n${indent}${source.elementText(child)}`);
      } else {
        body.push(`\n${indent}${source.startTag(child)}`);
        emit(child);
        body.push(`\n${indent}</${child.tagName}>`);
      }
    }
  };
  emit(definitions);
  usedPrefixes(definitions, prefixes, false);

  let rootTag = source.startTag(definitions);
  for (let i = 0; i < definitions.attributes.length; i++) {
    const attr = definitions.attributes.item(i)!;
    if (attr.prefix !== "xmlns" || prefixes.has(attr.localName ?? "")) continue;
    const declaration = ` ${attr.name}="${attr.value}"`;
    if (rootTag.split(declaration).length !== 2) throw new Error(`cannot find ${declaration} in the root start tag`);
    rootTag = rootTag.replace(declaration, "");
  }

  const declaration = text.startsWith("<?xml") ? text.slice(0, text.indexOf("?>") + 2) + "\n" : "";
  return `${declaration}${HEADER_COMMENT}\n${rootTag}${body.join("")}\n</${definitions.tagName}>\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      // Default: the verified official contract, fetched into the cache when needed (scripts/official-contract.ts).
      official: { type: "string" },
      out: { type: "string", default: trimmedWsdlPath },
    },
  });
  const officialPath = values.official ?? (await obtainOfficialContract({ log: (line) => console.error(line) }));
  const outPath = values.out!;
  const trimmed = trimWsdl(fs.readFileSync(officialPath, "utf8"));
  fs.mkdirSync(path.dirname(outPath), { recursive: true });
  fs.writeFileSync(outPath, trimmed);
  console.log(`wrote ${outPath} (${Buffer.byteLength(trimmed)} bytes) from ${officialPath}`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof OfficialContractUnavailable ? e.message : (e as Error).stack);
    process.exit(1);
  });
}
