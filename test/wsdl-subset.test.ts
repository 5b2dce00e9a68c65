// Proves the shipped goals WSDL is a faithful, self-contained subset of the official Campaign Management WSDL,
// independently of how scripts/trim-wsdl.ts chose what to keep.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { type Element } from "@xmldom/xmldom";
import { keptOperations, trimWsdl, trimmedWsdlPath } from "../scripts/trim-wsdl";
import { splitWsdlSchemas, validateAgainstSchemas } from "./support/official-schema";
import { officialWsdlPath } from "./support/paths";
import { elementChildren, parseStrict } from "../scripts/dom";

const WSDL_NS = "http://schemas.xmlsoap.org/wsdl/";
const SOAP_NS = "http://schemas.xmlsoap.org/wsdl/soap/";
const XS_NS = "http://www.w3.org/2001/XMLSchema";
const WSP_NS = "http://schemas.xmlsoap.org/ws/2004/09/policy";
const V13 = "https://bingads.microsoft.com/CampaignManagement/v13";

// Attribute values that are QNames; they are compared after resolving the prefix, since prefixes may differ.
const QNAME_ATTRIBUTES = new Set(["type", "base", "itemType", "ref", "substitutionGroup", "element", "message", "binding"]);

function descendants(el: Element): Element[] {
  return elementChildren(el).flatMap((c) => [c, ...descendants(c)]);
}

function is(el: Element, ns: string, localName: string): boolean {
  return el.namespaceURI === ns && el.localName === localName;
}

function only(parent: Element, ns: string, localName: string): Element {
  const found = elementChildren(parent).filter((c) => is(c, ns, localName));
  assert.equal(found.length, 1, `expected exactly one <${localName}> under <${parent.tagName}>, found ${found.length}`);
  return found[0];
}

/** Resolves a QName against the namespace declarations in scope at `context`, as "{namespace}local". */
function resolve(context: Element, qname: string): string {
  const colon = qname.indexOf(":");
  const prefix = colon < 0 ? null : qname.slice(0, colon);
  const namespace = context.lookupNamespaceURI(prefix);
  return `{${namespace ?? `undeclared prefix ${prefix}`}}${qname.slice(colon + 1)}`;
}

function nodeName(el: Element): string {
  return el.namespaceURI === XS_NS ? `xs:${el.localName}` : `{${el.namespaceURI ?? ""}}${el.localName}`;
}

interface CanonicalNode {
  path: string;
  descriptor: string;
}

// A prefix-free rendering of a declaration, one entry per element in document order.
function canonical(el: Element, path = nodeName(el)): CanonicalNode[] {
  const attributes: string[] = [];
  for (let i = 0; i < el.attributes.length; i++) {
    const attr = el.attributes.item(i)!;
    if (attr.name === "xmlns" || attr.prefix === "xmlns") continue;
    let value = attr.value;
    if (!attr.namespaceURI && QNAME_ATTRIBUTES.has(attr.name)) value = resolve(el, value);
    if (!attr.namespaceURI && attr.name === "memberTypes") value = value.split(/\s+/).map((q) => resolve(el, q)).join(" ");
    attributes.push(`${attr.namespaceURI ? `{${attr.namespaceURI}}` : ""}${attr.localName}=${value}`);
  }
  attributes.sort();
  let text = "";
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 3 || n.nodeType === 4) text += n.nodeValue ?? "";
  text = text.trim();
  const self = { path, descriptor: `[${attributes.join(" ")}]${text ? ` "${text}"` : ""}` };
  return [self, ...elementChildren(el).flatMap((c, i) => canonical(c, `${path} > ${i + 1}:${nodeName(c)}`))];
}

function targetNamespaceOf(definitions: Element): string {
  return definitions.getAttribute("targetNamespace") ?? "";
}

/** Every top-level schema declaration and wsdl:message, keyed "kind {namespace}name". */
function declarations(definitions: Element): Map<string, Element> {
  const out = new Map<string, Element>();
  const add = (key: string, el: Element): void => {
    assert.ok(!out.has(key), `${key} is declared twice`);
    out.set(key, el);
  };
  for (const schema of elementChildren(only(definitions, WSDL_NS, "types")).filter((s) => is(s, XS_NS, "schema"))) {
    const namespace = schema.getAttribute("targetNamespace") ?? "";
    for (const el of elementChildren(schema)) {
      const name = el.getAttribute("name");
      if (el.namespaceURI === XS_NS && name) add(`${el.localName} {${namespace}}${name}`, el);
    }
  }
  for (const message of elementChildren(definitions).filter((c) => is(c, WSDL_NS, "message"))) {
    add(`message {${targetNamespaceOf(definitions)}}${message.getAttribute("name")}`, message);
  }
  return out;
}

/** Lists every way the subset's declarations differ from the official ones, each message naming the declaration. */
function compareWithOfficial(subsetXml: string, officialXml: string): string[] {
  const official = declarations(parseStrict(officialXml));
  const mismatches: string[] = [];
  for (const [key, el] of declarations(parseStrict(subsetXml))) {
    const reference = official.get(key);
    if (!reference) {
      mismatches.push(`${key}: not declared in the official WSDL`);
      continue;
    }
    const mine = canonical(el);
    const theirs = canonical(reference);
    const length = Math.max(mine.length, theirs.length);
    for (let i = 0; i < length; i++) {
      const a = mine[i];
      const b = theirs[i];
      if (a && b && a.path === b.path && a.descriptor === b.descriptor) continue;
      const samePath = a && b && a.path === b.path;
      const describe = (n: CanonicalNode | undefined): string =>
        !n ? "nothing" : samePath ? n.descriptor : `${n.path} ${n.descriptor}`;
      mismatches.push(`${key} differs at ${(b ?? a).path}: official has ${describe(b)}; trimmed has ${describe(a)}`);
      break;
    }
  }
  return mismatches;
}

interface OperationContract {
  input: string;
  output: string;
  faults: string[];
  soapAction: string | null;
  inputHeaders: string[];
  outputHeaders: string[];
  bindingFaults: string[];
}

interface Operations {
  portType: string[];
  binding: string[];
  contracts: Map<string, OperationContract>;
}

// One prefix-free line per child, e.g. "{...soap/}header [message={v13}X_Headers part=UserName use=literal]".
function childLines(el: Element | undefined): string[] {
  return (el ? elementChildren(el) : []).map((c) => `${nodeName(c)} ${canonical(c).map((n) => n.descriptor).join(" ")}`);
}

function operationContracts(definitions: Element): Operations {
  const portTypeOps = elementChildren(only(definitions, WSDL_NS, "portType")).filter((c) => is(c, WSDL_NS, "operation"));
  const bindingOps = elementChildren(only(definitions, WSDL_NS, "binding")).filter((c) => is(c, WSDL_NS, "operation"));
  const contracts = new Map<string, OperationContract>();
  for (const op of portTypeOps) {
    const name = op.getAttribute("name") ?? "";
    const bound = bindingOps.find((b) => b.getAttribute("name") === name);
    const ofKind = (parent: Element | undefined, localName: string): Element[] =>
      parent ? elementChildren(parent).filter((c) => is(c, WSDL_NS, localName)) : [];
    const describe = (el: Element | undefined): string => (el ? canonical(el)[0].descriptor : "none");
    contracts.set(name, {
      input: describe(ofKind(op, "input")[0]),
      output: describe(ofKind(op, "output")[0]),
      faults: ofKind(op, "fault").map(describe),
      soapAction: bound ? only(bound, SOAP_NS, "operation").getAttribute("soapAction") : null,
      inputHeaders: childLines(ofKind(bound, "input")[0]),
      outputHeaders: childLines(ofKind(bound, "output")[0]),
      bindingFaults: ofKind(bound, "fault").flatMap((f) => [describe(f), ...childLines(f)]),
    });
  }
  const names = (ops: Element[]): string[] => ops.map((o) => o.getAttribute("name") ?? "");
  return { portType: names(portTypeOps), binding: names(bindingOps), contracts };
}

function headerParts(lines: string[]): string[] {
  return lines.filter((l) => l.includes("}header ")).map((l) => /part=(\S+)/.exec(l)?.[1] ?? "?");
}

// The complexType a complexType extends or restricts, as "{namespace}name".
function baseOf(complexType: Element): string | undefined {
  for (const content of elementChildren(complexType)) {
    if (!is(content, XS_NS, "complexContent") && !is(content, XS_NS, "simpleContent")) continue;
    const derivation = elementChildren(content).find((d) => d.getAttribute("base"));
    if (derivation) return resolve(derivation, derivation.getAttribute("base")!);
  }
  return undefined;
}

// The top-level declaration (or WSDL section) an element sits in, to name it in messages.
function ownerName(el: Element): string {
  let n = el;
  while (n.parentNode && n.parentNode.nodeType === 1) {
    const parent = n.parentNode as Element;
    if (is(parent, XS_NS, "schema") || is(parent, WSDL_NS, "definitions")) break;
    n = parent;
  }
  return `${n.localName} ${n.getAttribute("name") ?? "(unnamed)"}`;
}

function inAnnotation(el: Element): boolean {
  for (let n = el.parentNode; n && n.nodeType === 1; n = n.parentNode) if (is(n as Element, XS_NS, "annotation")) return true;
  return false;
}

/** Lists every QName in a WSDL that resolves neither to one of its own declarations nor to XML Schema. */
function unresolvedReferences(definitions: Element): string[] {
  const declared = declarations(definitions);
  const problems: string[] = [];
  const check = (el: Element, attribute: string, kinds: string[]): void => {
    const value = el.getAttribute(attribute);
    for (const q of value ? value.split(/\s+/) : []) {
      const qname = resolve(el, q);
      if (qname.startsWith(`{${XS_NS}}`) || kinds.some((k) => declared.has(`${k} ${qname}`))) continue;
      problems.push(`${ownerName(el)}: ${attribute}="${q}" (${qname}) is not declared`);
    }
  };
  const types = only(definitions, WSDL_NS, "types");
  for (const el of descendants(types).filter((e) => e.namespaceURI === XS_NS && !inAnnotation(e))) {
    for (const attribute of ["type", "base", "itemType", "memberTypes"]) check(el, attribute, ["complexType", "simpleType"]);
    check(el, "ref", [el.localName ?? ""]);
    check(el, "substitutionGroup", ["element"]);
  }
  for (const el of descendants(definitions).filter((e) => !types.contains(e))) {
    if (is(el, WSDL_NS, "part")) check(el, "element", ["element"]);
    check(el, "message", ["message"]);
  }

  const targetNamespace = targetNamespaceOf(definitions);
  const binding = only(definitions, WSDL_NS, "binding");
  const portType = `{${targetNamespace}}${only(definitions, WSDL_NS, "portType").getAttribute("name")}`;
  if (resolve(binding, binding.getAttribute("type") ?? "") !== portType) problems.push("wsdl:binding: type is not the kept portType");
  for (const port of descendants(only(definitions, WSDL_NS, "service")).filter((e) => is(e, WSDL_NS, "port"))) {
    const target = resolve(port, port.getAttribute("binding") ?? "");
    if (target !== `{${targetNamespace}}${binding.getAttribute("name")}`) problems.push(`wsdl:port: binding ${target} is not kept`);
  }

  // A schema must import every namespace it uses, or schema processors will not look the namespace up.
  for (const schema of elementChildren(types)) {
    const own = schema.getAttribute("targetNamespace");
    const imported = new Set(elementChildren(schema).filter((c) => is(c, XS_NS, "import")).map((c) => c.getAttribute("namespace")));
    for (const el of descendants(schema).filter((e) => e.namespaceURI === XS_NS && !inAnnotation(e))) {
      for (const value of ["type", "base", "itemType", "ref"].map((a) => el.getAttribute(a)).filter((v) => !!v)) {
        const namespace = /^\{(.*)\}/.exec(resolve(el, value!))![1];
        if (namespace !== own && namespace !== XS_NS && !imported.has(namespace)) {
          problems.push(`${ownerName(el)}: uses namespace ${namespace}, which schema ${own} does not import`);
        }
      }
    }
  }
  return problems;
}

describe("trimmed goals WSDL", () => {
  let officialXml: string;
  let subsetXml: string;
  let official: Element;
  let subset: Element;

  before(() => {
    officialXml = fs.readFileSync(officialWsdlPath(), "utf8");
    subsetXml = fs.readFileSync(trimmedWsdlPath, "utf8");
    official = parseStrict(officialXml);
    subset = parseStrict(subsetXml);
  });

  it("declares exactly the three goal operations, with the official soapActions, headers and faults", () => {
    const mine = operationContracts(subset);
    const theirs = operationContracts(official);
    const expected = [...keptOperations].sort();
    assert.deepEqual([...mine.portType].sort(), expected, "portType operations");
    assert.deepEqual([...mine.binding].sort(), expected, "binding operations");
    for (const op of expected) {
      const contract = mine.contracts.get(op)!;
      assert.deepEqual(contract, theirs.contracts.get(op), `operation ${op} differs from the official contract`);
      assert.equal(contract.soapAction, op, `operation ${op}: soapAction`);
      assert.deepEqual(
        headerParts(contract.inputHeaders),
        ["ApplicationToken", "AuthenticationToken", "CustomerAccountId", "CustomerId", "DeveloperToken", "Password", "UserName"],
        `operation ${op}: request header parts`,
      );
      assert.deepEqual(headerParts(contract.outputHeaders), ["TrackingId"], `operation ${op}: response header parts`);
      assert.deepEqual(
        contract.faults.map((f) => /name=(\S+)/.exec(f)?.[1]),
        ["AdApiFaultDetailFault", "ApiFaultDetail2Fault"],
        `operation ${op}: fault names`,
      );
    }
  });

  it("keeps the official service endpoint and binding transport but no WS-Policy", () => {
    const address = (defs: Element): string | null =>
      descendants(only(defs, WSDL_NS, "service")).find((e) => is(e, SOAP_NS, "address"))?.getAttribute("location") ?? null;
    assert.equal(address(subset), address(official), "soap:address location");
    const transport = (defs: Element): string | null => only(only(defs, WSDL_NS, "binding"), SOAP_NS, "binding").getAttribute("transport");
    assert.equal(transport(subset), transport(official), "soap:binding transport");
    const policy = [subset, ...descendants(subset)].filter(
      (e) => e.namespaceURI === WSP_NS || (e.getAttribute("xmlns:wsp") ?? "") !== "",
    );
    assert.deepEqual(policy.map((e) => e.tagName), [], "WS-Policy elements or declarations remain");
  });

  it("declares every type, element and message it keeps exactly as the official WSDL does", () => {
    const kept = declarations(subset);
    assert.ok(kept.has(`complexType {${V13}}OfflineConversionGoal`), "OfflineConversionGoal is missing");
    assert.ok(kept.has(`element {${V13}}AddConversionGoalsRequest`), "AddConversionGoalsRequest is missing");
    const mismatches = compareWithOfficial(subsetXml, officialXml);
    assert.deepEqual(mismatches, [], mismatches.join("\n"));
  });

  it("detects a reordered sequence and a changed type when comparing declarations", () => {
    const swapped = subsetXml.replace(
      /(<xs:element minOccurs="0" name="GoalCategory"[\s\S]*?<\/xs:element>)(\s*)(<xs:element minOccurs="0" name="Id"[^>]*\/>)/,
      "$3$2$1",
    );
    assert.notEqual(swapped, subsetXml, "the GoalCategory/Id swap did not apply");
    const reordered = compareWithOfficial(swapped, officialXml);
    assert.equal(reordered.length, 1, `expected one mismatch, got:\n${reordered.join("\n")}`);
    assert.match(reordered[0], /^complexType \{https:\/\/bingads\.microsoft\.com\/CampaignManagement\/v13\}ConversionGoal differs/);
    assert.match(reordered[0], /official has .*name=GoalCategory.*; trimmed has .*name=Id/);

    const retyped = subsetXml.replace(
      '<xs:element minOccurs="0" name="IsExternallyAttributed" nillable="true" type="xs:boolean">',
      '<xs:element minOccurs="0" name="IsExternallyAttributed" nillable="true" type="xs:string">',
    );
    assert.notEqual(retyped, subsetXml, "the IsExternallyAttributed retype did not apply");
    const changed = compareWithOfficial(retyped, officialXml);
    assert.equal(changed.length, 1, `expected one mismatch, got:\n${changed.join("\n")}`);
    assert.match(changed[0], /complexType \{[^}]+\}OfflineConversionGoal differs/);
    assert.match(changed[0], /\{http:\/\/www\.w3\.org\/2001\/XMLSchema\}string/);

    const unknown = subsetXml.replace('<xs:complexType name="InStoreTransactionGoal">', '<xs:complexType name="InStoreGoal">');
    assert.ok(
      compareWithOfficial(unknown, officialXml).some((m) => m.startsWith(`complexType {${V13}}InStoreGoal: not declared`)),
      "an invented type name went unnoticed",
    );
  });

  it("compares QNames by namespace, not by prefix", () => {
    // Attribute order is the official file's, which differs between SDK releases: find the block by its namespace.
    const start = subsetXml.search(/<xs:schema [^>]*targetNamespace="https:\/\/adapi\.microsoft\.com"/);
    assert.ok(start > 0, "the adapi schema block is missing");
    assert.ok(subsetXml.slice(start, subsetXml.indexOf(">", start)).includes('xmlns:tns="https://adapi.microsoft.com"'), "the adapi block declares no tns");
    const end = subsetXml.indexOf("</xs:schema>", start);
    const renamed = subsetXml.slice(0, start) + subsetXml.slice(start, end).replaceAll("tns", "ad") + subsetXml.slice(end);
    assert.ok(renamed.includes('xmlns:ad="https://adapi.microsoft.com"'), "the prefix rename did not apply");
    const mismatches = compareWithOfficial(renamed, officialXml);
    assert.deepEqual(mismatches, [], mismatches.join("\n"));
  });

  it("resolves every type, element and message it references within itself", () => {
    const problems = unresolvedReferences(subset);
    assert.deepEqual(problems, [], problems.join("\n"));
  });

  it("keeps every official complexType derived from a kept complexType", () => {
    const kept = declarations(subset);
    const baseByType = new Map<string, string | undefined>();
    for (const [key, el] of declarations(official)) {
      if (key.startsWith("complexType ")) baseByType.set(key.slice("complexType ".length), baseOf(el));
    }
    const missing: string[] = [];
    for (const type of baseByType.keys()) {
      if (kept.has(`complexType ${type}`)) continue;
      for (let base = baseByType.get(type); base; base = baseByType.get(base)) {
        if (kept.has(`complexType ${base}`)) {
          missing.push(`${type} derives from kept ${base} but is not kept`);
          break;
        }
      }
    }
    assert.deepEqual(missing, [], missing.join("\n"));
    const goals = ["UrlGoal", "EventGoal", "AppInstallGoal", "AppDownloadGoal", "DurationGoal", "PagesViewedPerVisitGoal"];
    goals.push("OfflineConversionGoal", "InStoreTransactionGoal");
    for (const goal of [...goals, "EditorialError"]) assert.ok(kept.has(`complexType {${V13}}${goal}`), `${goal} is not kept`);
    for (const goal of goals) assert.ok(kept.has(`element {${V13}}${goal}`), `the global element ${goal} is not kept`);
  });

  it("has schemas that compile on their own and accept a request and a fault", async () => {
    const schemas = splitWsdlSchemas(subsetXml);
    const request = `<AddConversionGoalsRequest xmlns="${V13}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
  <ConversionGoals>
    <ConversionGoal i:type="OfflineConversionGoal"><Name>n</Name><IsExternallyAttributed>true</IsExternallyAttributed></ConversionGoal>
  </ConversionGoals>
</AddConversionGoalsRequest>`;
    const fault = `<ApiFaultDetail xmlns="${V13}">
  <TrackingId xmlns="https://adapi.microsoft.com">t</TrackingId>
  <OperationErrors/>
</ApiFaultDetail>`;
    for (const [what, xml] of [["AddConversionGoalsRequest", request], ["ApiFaultDetail", fault]]) {
      const result = await validateAgainstSchemas(xml, schemas);
      assert.equal(result.valid, true, `${what} against the trimmed schemas:\n${result.errors.join("\n")}`);
    }
  });

  it("is exactly what scripts/trim-wsdl.ts generates, so nobody edits it by hand", () => {
    const regenerated = trimWsdl(officialXml);
    if (regenerated === subsetXml) return;
    const a = regenerated.split("\n");
    const b = subsetXml.split("\n");
    let line = 0;
    while (a[line] === b[line]) line++;
    assert.fail(
      `${trimmedWsdlPath} differs from the generator output at line ${line + 1}:\n  generated: ${a[line]}\n  shipped:   ${b[line]}\n` +
        "Run `npm run build && node dist/scripts/trim-wsdl.js` instead of editing the file.",
    );
  });
});
