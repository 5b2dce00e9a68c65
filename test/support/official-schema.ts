// Validates XML fragments against the schemas embedded in the OFFICIAL Campaign Management WSDL, so tests
// check what the code sends and answers against Microsoft's contract rather than against our own trimmed copy.
import * as fs from "node:fs";
import { XMLSerializer, type Element } from "@xmldom/xmldom";
import { validateXML, type XMLFileInfo } from "xmllint-wasm";
import { officialWsdlPath } from "./paths";
import { elementChildren, is, parseStrict } from "../../scripts/dom";

const WSDL_NS = "http://schemas.xmlsoap.org/wsdl/";
const XS_NS = "http://www.w3.org/2001/XMLSchema";
const XMLNS_NS = "http://www.w3.org/2000/xmlns/";
const SOAP_ENVELOPE_NAMESPACES = ["http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/2003/05/soap-envelope"];
const QNAME_ATTRIBUTES = ["type", "base", "itemType", "ref", "substitutionGroup"];

/** The outcome of one validation: libxml2's messages without file names and line numbers. */
export interface SchemaValidation {
  valid: boolean;
  errors: string[];
}

/** A WSDL's schemas as separate XSD files: `entry` imports all of them, `files` are what it imports. */
export interface SplitSchemas {
  entry: XMLFileInfo;
  files: XMLFileInfo[];
}

function namespaceDeclarations(el: Element): Array<{ name: string; prefix: string; uri: string }> {
  const out: Array<{ name: string; prefix: string; uri: string }> = [];
  for (let i = 0; i < el.attributes.length; i++) {
    const attr = el.attributes.item(i)!;
    if (attr.name === "xmlns") out.push({ name: attr.name, prefix: "", uri: attr.value });
    else if (attr.prefix === "xmlns") out.push({ name: attr.name, prefix: attr.localName ?? "", uri: attr.value });
  }
  return out;
}

// An element cut out of its document loses the namespace declarations of its ancestors; prefixes used in
// attribute values (xsi:type="q1:Foo", type="tns:Bar") would then dangle, so every in-scope one is copied.
function withInScopeNamespaces(el: Element): Element {
  const declared = new Set(namespaceDeclarations(el).map((d) => d.prefix));
  for (let node = el.parentNode; node && node.nodeType === 1; node = node.parentNode) {
    for (const d of namespaceDeclarations(node as Element)) {
      if (declared.has(d.prefix)) continue;
      declared.add(d.prefix);
      el.setAttributeNS(XMLNS_NS, d.name, d.uri);
    }
  }
  return el;
}

function standalone(el: Element): string {
  return new XMLSerializer().serializeToString(withInScopeNamespaces(el));
}

function soapBody(envelopeXml: string): Element {
  const envelope = parseStrict(envelopeXml);
  const soapNs = envelope.namespaceURI ?? "";
  if (envelope.localName !== "Envelope" || !SOAP_ENVELOPE_NAMESPACES.includes(soapNs)) {
    throw new Error(`not a SOAP envelope: root is {${soapNs}}${envelope.localName}`);
  }
  const body = elementChildren(envelope).find((c) => is(c, soapNs, "Body"));
  if (!body) throw new Error("SOAP envelope has no Body");
  return body;
}

/** Returns every element inside soap:Header, each as a standalone document carrying every in-scope namespace. */
export function extractHeaderChildren(envelopeXml: string): string[] {
  const envelope = parseStrict(envelopeXml);
  const header = elementChildren(envelope).find((c) => is(c, envelope.namespaceURI ?? "", "Header"));
  return header ? elementChildren(header).map(standalone) : [];
}

/** Returns the first element inside soap:Body as a standalone document carrying every in-scope namespace. */
export function extractBodyChild(envelopeXml: string): string {
  const child = elementChildren(soapBody(envelopeXml))[0];
  if (!child) throw new Error("SOAP Body is empty");
  return standalone(child);
}

/** Returns the first element inside a soap:Fault's detail as a standalone document carrying every in-scope namespace. */
export function extractFaultDetailChild(envelopeXml: string): string {
  const body = soapBody(envelopeXml);
  const soapNs = body.namespaceURI ?? "";
  const fault = elementChildren(body).find((c) => is(c, soapNs, "Fault"));
  if (!fault) throw new Error("SOAP Body holds no Fault");
  // SOAP 1.1 leaves <detail> unqualified; SOAP 1.2 qualifies it as env:Detail.
  const detail = elementChildren(fault).find(
    (c) => (c.localName === "detail" && !c.namespaceURI) || is(c, soapNs, "Detail"),
  );
  if (!detail) throw new Error("SOAP Fault has no detail");
  const child = elementChildren(detail)[0];
  if (!child) throw new Error("SOAP Fault detail is empty");
  return standalone(child);
}

function fileNameFor(namespace: string): string {
  return `${namespace.replace(/^[a-z]+:\/\//i, "").replace(/[^A-Za-z0-9.]+/g, "_").replace(/_+$/, "")}.xsd`;
}

function referencedNamespaces(schema: Element): Set<string> {
  const out = new Set<string>();
  const visit = (el: Element): void => {
    if (is(el, XS_NS, "annotation")) return;
    for (const attribute of QNAME_ATTRIBUTES) {
      const value = el.getAttribute(attribute);
      if (!value) continue;
      const colon = value.indexOf(":");
      const uri = el.lookupNamespaceURI(colon < 0 ? null : value.slice(0, colon));
      if (uri) out.add(uri);
    }
    elementChildren(el).forEach(visit);
  };
  visit(schema);
  return out;
}

/** Splits a WSDL's wsdl:types into one standalone XSD per target namespace, wired together by schemaLocation. */
export function splitWsdlSchemas(wsdlXml: string): SplitSchemas {
  const definitions = parseStrict(wsdlXml);
  const types = elementChildren(definitions).find((c) => is(c, WSDL_NS, "types"));
  if (!types) throw new Error("WSDL has no wsdl:types");
  const schemas = elementChildren(types).filter((c) => is(c, XS_NS, "schema"));
  const fileByNamespace = new Map<string, string>();
  for (const schema of schemas) {
    const namespace = schema.getAttribute("targetNamespace") ?? "";
    if (fileByNamespace.has(namespace)) throw new Error(`two xs:schema blocks for namespace "${namespace}"`);
    fileByNamespace.set(namespace, fileNameFor(namespace || "no-namespace"));
  }

  const files = schemas.map((schema): XMLFileInfo => {
    const own = schema.getAttribute("targetNamespace") ?? "";
    // Resolve before moving declarations around; the schema still sits inside wsdl:definitions here.
    const needed = referencedNamespaces(schema);
    withInScopeNamespaces(schema);
    const children = elementChildren(schema);
    const imported = new Set<string>();
    for (const imp of children.filter((c) => is(c, XS_NS, "import"))) {
      const namespace = imp.getAttribute("namespace") ?? "";
      imported.add(namespace);
      const location = fileByNamespace.get(namespace);
      if (location) imp.setAttribute("schemaLocation", location);
    }
    // libxml2 refuses references to namespaces a schema does not import, though WSDL tooling tolerates them.
    const firstComponent = children.find((c) => !is(c, XS_NS, "import") && !is(c, XS_NS, "annotation")) ?? null;
    for (const namespace of [...needed].sort()) {
      if (namespace === own || namespace === XS_NS || imported.has(namespace)) continue;
      const location = fileByNamespace.get(namespace);
      if (!location) throw new Error(`schema "${own}" references namespace "${namespace}" that no xs:schema declares`);
      const imp = schema.ownerDocument!.createElementNS(XS_NS, `${schema.prefix ? `${schema.prefix}:` : ""}import`);
      imp.setAttribute("namespace", namespace);
      imp.setAttribute("schemaLocation", location);
      schema.insertBefore(imp, firstComponent);
    }
    return { fileName: fileByNamespace.get(own)!, contents: new XMLSerializer().serializeToString(schema) };
  });

  const imports = [...fileByNamespace]
    .map(([namespace, location]) => `  <xs:import namespace="${namespace}" schemaLocation="${location}"/>`)
    .join("\n");
  const entry: XMLFileInfo = {
    fileName: "entry.xsd",
    contents: `<?xml version="1.0" encoding="utf-8"?>\n<xs:schema xmlns:xs="${XS_NS}">\n${imports}\n</xs:schema>\n`,
  };
  return { entry, files };
}

/** Validates a standalone XML document against a set of split schemas; an ill-formed document is simply invalid. */
export async function validateAgainstSchemas(xml: string, schemas: SplitSchemas): Promise<SchemaValidation> {
  try {
    parseStrict(xml);
  } catch (error) {
    return { valid: false, errors: [`not well-formed: ${(error as Error).message}`] };
  }
  const result = await validateXML({
    xml: { fileName: "instance.xml", contents: xml },
    schema: schemas.entry,
    preload: schemas.files,
  });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}

let officialSchemas: SplitSchemas | undefined;

/**
 * The official WSDL's schemas, split once per process: reading and splitting 1.5 MB is not free. Throws
 * OfficialContractUnavailable (with the way to provide it) when the contract could not be obtained.
 */
export function loadOfficialSchemas(): SplitSchemas {
  officialSchemas ??= splitWsdlSchemas(fs.readFileSync(officialWsdlPath(), "utf8"));
  return officialSchemas;
}

/** Validates a standalone XML document whose root is any global element of the official WSDL's schemas. */
export function validateAgainstOfficialSchema(xml: string): Promise<SchemaValidation> {
  return validateAgainstSchemas(xml, loadOfficialSchemas());
}
