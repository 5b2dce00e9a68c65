import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { DOMParser, type Element } from "@xmldom/xmldom";
import { TestEmulator, accessToken, getGoals, startTestEmulator } from "../support/emulator";
import { repoRoot } from "../support/paths";

const WSDL_NS = "http://schemas.xmlsoap.org/wsdl/";
const SOAP_NS = "http://schemas.xmlsoap.org/wsdl/soap/";
const OPERATIONS = ["AddConversionGoals", "GetConversionGoalsByIds", "UpdateConversionGoals"];
const trimmedWsdl = path.join(repoRoot, "wsdl", "campaign-management-v13.goals.wsdl");

/** Parses strictly: any XML error fails the test. */
function parse(xml: string): Element {
  const doc = new DOMParser({
    onError: (level, message) => {
      throw new Error(`XML ${level}: ${message}`);
    },
  }).parseFromString(xml, "text/xml");
  assert.ok(doc.documentElement, "a root element");
  return doc.documentElement;
}

function elements(root: Element, ns: string, local: string): Element[] {
  return Array.from(root.getElementsByTagNameNS(ns, local));
}

/** GET through node:http, which lets the test choose the Host header. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
  });
}

describe("emulator: WSDL endpoint", () => {
  let emu: TestEmulator;
  beforeEach(async () => {
    emu = await startTestEmulator();
  });
  afterEach(() => emu.close());

  for (const query of ["?wsdl", "?singleWsdl"]) {
    describe(query, () => {
      let status: number;
      let contentType: string;
      let text: string;
      let root: Element;

      beforeEach(async () => {
        const res = await fetch(emu.url + query);
        status = res.status;
        contentType = res.headers.get("content-type") ?? "";
        text = await res.text();
        root = parse(text);
      });

      it("serves the trimmed WSDL as XML", () => {
        assert.equal(status, 200);
        assert.match(contentType, /^text\/xml/);
        assert.equal(root.namespaceURI, WSDL_NS);
        assert.equal(root.localName, "definitions");
      });

      it("rewrites soap:address to the emulator's own URL", () => {
        const addresses = elements(root, SOAP_NS, "address");
        assert.equal(addresses.length, 1);
        assert.equal(addresses[0].getAttribute("location"), emu.url);
      });

      it("changes nothing of the trimmed WSDL but the address", () => {
        const original = fs.readFileSync(trimmedWsdl, "utf8");
        const location = /<soap:address\s+location="([^"]*)"/.exec(original)?.[1];
        assert.ok(location, "the trimmed WSDL has a soap:address");
        assert.notEqual(location, emu.url);
        assert.equal(text, original.replace(location, emu.url));
      });

      it("declares exactly the three goal operations, in the port type and the binding", () => {
        for (const parentName of ["portType", "binding"]) {
          const parents = elements(root, WSDL_NS, parentName);
          assert.equal(parents.length, 1, `one ${parentName}`);
          const ops = Array.from(parents[0].childNodes)
            .filter((n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === WSDL_NS && (n as Element).localName === "operation")
            .map((op) => op.getAttribute("name"));
          assert.deepEqual([...ops].sort(), OPERATIONS, `${parentName} operations`);
        }
        const actions = elements(root, SOAP_NS, "operation").map((op) => op.getAttribute("soapAction"));
        assert.deepEqual(actions.sort(), OPERATIONS);
      });
    });
  }

  it("answers a plain GET of the service with an HTML page pointing at ?wsdl", async () => {
    const res = await fetch(emu.url);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /text\/html/);
    assert.match(await res.text(), /\?wsdl/);
  });

  it("serves a WSDL whose address a client can call", async () => {
    const wsdl = parse(await (await fetch(`${emu.url}?wsdl`)).text());
    const location = elements(wsdl, SOAP_NS, "address")[0].getAttribute("location")!;
    const token = await accessToken(emu);
    const r = await getGoals({ ...emu, url: location }, { token }, null);
    assert.equal(r.status, 200);
  });

  it("keeps the WSDL well-formed whatever the Host header holds", async () => {
    const { status, body } = await rawGet(`${emu.url}?wsdl`, { host: 'evil.example"><injected xmlns="urn:x"/><x y="' });
    assert.equal(status, 200);
    assert.ok(!body.includes("<injected"), "markup from the Host header reached the WSDL");
    const root = parse(body);
    assert.equal(elements(root, "urn:x", "injected").length, 0);
    assert.equal(elements(root, SOAP_NS, "address").length, 1);
  });
});
