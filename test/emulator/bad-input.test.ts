import assert from "node:assert/strict";
import * as net from "node:net";
import { ARRAYS, SOAP, SoapResponse, TestEmulator, V13, accessToken, addGoals, adminState, envelopeXml, getGoals, postSoap, startTestEmulator } from "../support/emulator";

const DISPATCHER = "http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher";
const ADDRESSING_NONE = "http://schemas.microsoft.com/ws/2005/05/addressing/none";
const SOAP12 = "http://www.w3.org/2003/05/soap-envelope";

/** The namespace a QName-valued faultcode's prefix is bound to in the response. */
function faultcodeNamespace(r: SoapResponse): string | null {
  const el = r.nodes("//s:Fault/faultcode")[0] as Element | undefined;
  assert.ok(el, "a faultcode element");
  const prefix = (el.textContent ?? "").split(":")[0];
  return el.lookupNamespaceURI(prefix);
}

/** Asserts the WCF fault for a body that could not be deserialized: HTTP 500, a:DeserializationFailed, no detail. */
function assertDeserializationFailed(r: SoapResponse, mentions: RegExp): void {
  assert.equal(r.status, 500, r.text.slice(0, 400));
  assert.equal(r.str("//s:Fault/faultcode"), "a:DeserializationFailed");
  assert.equal(faultcodeNamespace(r), DISPATCHER);
  assert.equal(r.nodes("//s:Fault/detail").length, 0, "no detail");
  assert.match(r.str("//s:Fault/faultstring"), /deserialize/);
  assert.match(r.str("//s:Fault/faultstring"), mentions);
}

/** Asserts the fault for a message that could not be read at all: HTTP 400, s:Client. */
function assertClientFault(r: SoapResponse, mentions: RegExp): void {
  assert.equal(r.status, 400, r.text.slice(0, 400));
  assert.equal(r.str("//s:Fault/faultcode"), "s:Client");
  assert.equal(faultcodeNamespace(r), SOAP);
  assert.match(r.str("//s:Fault/faultstring"), mentions);
}

const goalBody = (goal: string) => `<ConversionGoals>${goal}</ConversionGoals>`;
const offlineGoal = (inner: string) => `<ConversionGoal i:type="OfflineConversionGoal">${inner}</ConversionGoal>`;

describe("emulator: bad input", () => {
  let emu: TestEmulator;
  let token: string;
  let existingId: string;
  let before: unknown;

  const start = async (options: { maxBodyBytes?: number } = {}) => {
    emu = await startTestEmulator(options);
    token = await accessToken(emu);
    const added = await addGoals(emu, { token }, [{ GoalCategory: "Purchase", Name: "Existing" }]);
    assert.equal(added.status, 200);
    existingId = added.ids[0]!;
    before = await adminState(emu);
  };

  /** The store is exactly as before the bad request, and the server still answers a valid call. */
  async function assertUnchangedAndAlive(): Promise<void> {
    assert.deepEqual(await adminState(emu), before, "the store changed");
    const r = await getGoals(emu, { token }, [existingId]);
    assert.equal(r.status, 200, "a later valid call is answered");
    assert.equal(r.str("//v:ConversionGoals/v:ConversionGoal/v:Name"), "Existing");
  }

  afterEach(() => emu.close());

  describe("with the default limits", () => {
    beforeEach(() => start());

    describe("XML the service cannot read (400 s:Client)", () => {
      it("refuses malformed XML", async () => {
        const xml = envelopeXml("AddConversionGoals", { token }, goalBody(offlineGoal("<Name>Unclosed</Name><GoalCategory>Purchase")));
        assertClientFault(await postSoap(emu, "AddConversionGoals", xml), /Malformed XML/);
        await assertUnchangedAndAlive();
      });

      it("refuses a body that is not XML at all", async () => {
        assertClientFault(await postSoap(emu, "AddConversionGoals", "name=Injected&category=Purchase"), /Malformed XML/);
        await assertUnchangedAndAlive();
      });

      it("refuses a reference to an undeclared entity without expanding anything", async () => {
        const xml = envelopeXml("AddConversionGoals", { token }, goalBody(offlineGoal("<GoalCategory>Purchase</GoalCategory><Name>&nbsp;x</Name>")));
        assertClientFault(await postSoap(emu, "AddConversionGoals", xml), /undeclared entity 'nbsp'/);
        await assertUnchangedAndAlive();
      });

      it("refuses a billion-laughs DTD without expanding it", async () => {
        const entities = ['<!ENTITY lol "lol">'];
        for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? "" : i - 1};`.repeat(10)}">`);
        const xml =
          `<?xml version="1.0"?><!DOCTYPE lolz [${entities.join("")}]>` +
          envelopeXml("AddConversionGoals", { token }, goalBody(offlineGoal("<GoalCategory>Purchase</GoalCategory><Name>&lol9;</Name>")));
        const r = await postSoap(emu, "AddConversionGoals", xml);
        assertClientFault(r, /DTD is prohibited/);
        assert.ok(!r.text.includes("lollol"), "the response holds an expansion");
        assert.ok(r.text.length < 4096, `a ${r.text.length}-character response`);
        await assertUnchangedAndAlive();
      });

      it("refuses an external entity to file:///etc/passwd without reading the file", async () => {
        const xml =
          `<?xml version="1.0"?><!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` +
          envelopeXml("AddConversionGoals", { token }, goalBody(offlineGoal("<GoalCategory>Purchase</GoalCategory><Name>&xxe;</Name>")));
        const r = await postSoap(emu, "AddConversionGoals", xml);
        assertClientFault(r, /DTD is prohibited/);
        assert.ok(!/root:.*:0:0:/.test(r.text), "the response holds the file");
        assert.ok(!r.text.includes("/bin/"), "the response holds the file");
        assert.ok(!r.text.includes("&xxe;"), "the response echoes the entity");
        const goals = await getGoals(emu, { token }, null);
        assert.ok(!goals.text.includes("root:"), "a goal holds the file");
        await assertUnchangedAndAlive();
      });

      it("refuses a DTD whatever the case of DOCTYPE", async () => {
        const xml = `<!doctype s:Envelope>` + envelopeXml("GetConversionGoalsByIds", { token }, "<ConversionGoalTypes>OfflineConversion</ConversionGoalTypes>");
        assertClientFault(await postSoap(emu, "GetConversionGoalsByIds", xml), /DTD is prohibited/);
        await assertUnchangedAndAlive();
      });

      it("refuses a SOAP 1.2 envelope", async () => {
        const xml = envelopeXml("AddConversionGoals", { token }, goalBody(offlineGoal("<GoalCategory>Purchase</GoalCategory><Name>Via 1.2</Name>"))).replaceAll(SOAP, SOAP12);
        assertClientFault(await postSoap(emu, "AddConversionGoals", xml), /SOAP 1\.2/);
        await assertUnchangedAndAlive();
      });

      it("refuses a document whose root is not a SOAP Envelope", async () => {
        const xml = `<AddConversionGoalsRequest xmlns="${V13}">${goalBody("")}</AddConversionGoalsRequest>`;
        assertClientFault(await postSoap(emu, "AddConversionGoals", xml), /not a SOAP 1\.1 Envelope/);
        await assertUnchangedAndAlive();
      });

      // XML 1.0 (section 2.2) allows neither NUL, other C0 controls nor lone surrogates, as characters or as references;
      // WCF's reader refuses them ("hexadecimal value 0x00, is an invalid character").
      for (const [what, name] of [
        ["the character reference &#0;", "Nul&#0;Name"],
        ["the character reference &#xD800; (a lone surrogate)", "Half&#xD800;Name"],
        ["a raw U+0001 control character", "Ctrl\u0001Name"],
      ] as const) {
        it(`refuses ${what}, which XML forbids, as malformed`, async () => {
          const xml = envelopeXml("AddConversionGoals", { token }, goalBody(offlineGoal(`<GoalCategory>Purchase</GoalCategory><Name>${name}</Name>`)));
          assertClientFault(await postSoap(emu, "AddConversionGoals", xml), /./);
          await assertUnchangedAndAlive();
        });
      }

      it("answers a deeply nested document with a SOAP fault, not an internal error", async () => {
        const depth = 200;
        const nested = `${"<Deep>".repeat(depth)}${"</Deep>".repeat(depth)}`;
        const xml = envelopeXml("AddConversionGoals", { token }, goalBody(offlineGoal(`<GoalCategory>Purchase</GoalCategory><Name>Deep</Name>${nested}`)));
        const r = await postSoap(emu, "AddConversionGoals", xml);
        assert.ok([400, 500].includes(r.status), `status ${r.status}`);
        assert.ok(r.text.startsWith("<s:Envelope"), `a SOAP envelope, not: ${r.text.slice(0, 120)}`);
        assert.equal(r.nodes("//s:Fault").length, 1, "a SOAP fault");
        assert.notEqual(r.str("//s:Fault/faultcode"), "");
        await assertUnchangedAndAlive();
      });
    });

    describe("HTTP the service does not accept", () => {
      for (const type of ["application/soap+xml; charset=utf-8", "application/json", "text/plain"]) {
        it(`answers 415 to content type ${type}`, async () => {
          const xml = envelopeXml("AddConversionGoals", { token }, goalBody(offlineGoal("<GoalCategory>Purchase</GoalCategory><Name>Wrong type</Name>")));
          const r = await postSoap(emu, "AddConversionGoals", xml, { "content-type": type });
          assert.equal(r.status, 415);
          assert.match(r.text, /Unsupported Media Type/);
          await assertUnchangedAndAlive();
        });
      }

      it("answers 500 a:ActionNotSupported to an unknown SOAPAction, naming it", async () => {
        const xml = envelopeXml("DeleteConversionGoals", { token }, `<ConversionGoalIds xmlns:a="${ARRAYS}"><a:long>${existingId}</a:long></ConversionGoalIds>`);
        const r = await postSoap(emu, "DeleteConversionGoals", xml);
        assert.equal(r.status, 500);
        assert.equal(r.str("//s:Fault/faultcode"), "a:ActionNotSupported");
        assert.equal(faultcodeNamespace(r), ADDRESSING_NONE);
        assert.match(r.str("//s:Fault/faultstring"), /Action 'DeleteConversionGoals' cannot be processed/);
        assert.equal(r.nodes("//s:Fault/detail").length, 0);
        await assertUnchangedAndAlive();
      });

      it("answers 500 a:ActionNotSupported when the SOAPAction header is missing", async () => {
        const xml = envelopeXml("AddConversionGoals", { token }, goalBody(offlineGoal("<GoalCategory>Purchase</GoalCategory><Name>No action</Name>")));
        const res = await fetch(emu.url, { method: "POST", headers: { "content-type": "text/xml; charset=utf-8" }, body: xml });
        assert.equal(res.status, 500);
        assert.match(await res.text(), /<faultcode xmlns:a="[^"]+">a:ActionNotSupported<\/faultcode>/);
        await assertUnchangedAndAlive();
      });

      it("answers 413 to a body over the default 1 MiB", async () => {
        const padding = " ".repeat(1024 * 1024);
        const xml = envelopeXml("GetConversionGoalsByIds", { token }, `<ConversionGoalTypes>OfflineConversion</ConversionGoalTypes>${padding}`);
        const r = await postSoap(emu, "GetConversionGoalsByIds", xml);
        assert.equal(r.status, 413);
        await assertUnchangedAndAlive();
      });
    });

    describe("bodies WCF cannot deserialize (500 a:DeserializationFailed, no detail)", () => {
      it("refuses a letter where xs:long is expected (Update Id)", async () => {
        const xml = envelopeXml("UpdateConversionGoals", { token }, goalBody(offlineGoal(`<Id>${existingId}x</Id><Name>Renamed</Name>`)));
        assertDeserializationFailed(await postSoap(emu, "UpdateConversionGoals", xml), /type long/);
        await assertUnchangedAndAlive();
      });

      it("refuses a letter where xs:long is expected (Get ids)", async () => {
        const r = await getGoals(emu, { token }, ["12a4"]);
        assertDeserializationFailed(r, /type long/);
        await assertUnchangedAndAlive();
      });

      it("refuses a letter where xs:int is expected (ConversionWindowInMinutes), adding nothing of the batch", async () => {
        const xml = envelopeXml(
          "AddConversionGoals",
          { token },
          goalBody(
            offlineGoal("<GoalCategory>Purchase</GoalCategory><Name>Valid sibling</Name>") +
              offlineGoal("<ConversionWindowInMinutes>ten</ConversionWindowInMinutes><GoalCategory>Purchase</GoalCategory><Name>Bad window</Name>"),
          ),
        );
        assertDeserializationFailed(await postSoap(emu, "AddConversionGoals", xml), /type int/);
        await assertUnchangedAndAlive();
      });

      it("refuses elements out of WSDL order", async () => {
        const xml = envelopeXml("AddConversionGoals", { token }, goalBody(offlineGoal("<Name>Out of order</Name><GoalCategory>Purchase</GoalCategory>")));
        assertDeserializationFailed(await postSoap(emu, "AddConversionGoals", xml), /out of order/);
        await assertUnchangedAndAlive();
      });

      it("refuses an unknown element", async () => {
        const xml = envelopeXml("AddConversionGoals", { token }, goalBody(offlineGoal("<GoalCategory>Purchase</GoalCategory><Name>Coloured</Name><Colour>Red</Colour>")));
        assertDeserializationFailed(await postSoap(emu, "AddConversionGoals", xml), /Colour/);
        await assertUnchangedAndAlive();
      });

      it("refuses an unknown element in an Update", async () => {
        const xml = envelopeXml("UpdateConversionGoals", { token }, goalBody(offlineGoal(`<Id>${existingId}</Id><Name>Renamed</Name><Colour>Red</Colour>`)));
        assertDeserializationFailed(await postSoap(emu, "UpdateConversionGoals", xml), /Colour/);
        await assertUnchangedAndAlive();
      });

      it("refuses a ConversionGoal without i:type", async () => {
        const xml = envelopeXml("AddConversionGoals", { token }, goalBody("<ConversionGoal><GoalCategory>Purchase</GoalCategory><Name>Abstract</Name></ConversionGoal>"));
        assertDeserializationFailed(await postSoap(emu, "AddConversionGoals", xml), /i:type/);
        await assertUnchangedAndAlive();
      });

      it("refuses a request element that does not match the SOAPAction", async () => {
        const xml = envelopeXml("GetConversionGoalsByIds", { token }, "<ConversionGoalTypes>OfflineConversion</ConversionGoalTypes>");
        assertDeserializationFailed(await postSoap(emu, "AddConversionGoals", xml), /AddConversionGoalsRequest/);
        await assertUnchangedAndAlive();
      });

      // WCF's text encoder reads UTF-8 strictly; decoding leniently would store U+FFFD in a name the real service refuses.
      for (const [what, bytes] of [
        ["a byte 0xFF", [0xff]],
        ["a stray continuation byte", [0x80]],
        ["an overlong encoding of '/'", [0xc0, 0xaf]],
        ["an encoded surrogate (CESU-8)", [0xed, 0xa0, 0x80]],
        ["a sequence cut short", [0xe6, 0x97]],
      ] as const) {
        it(`refuses a Name holding ${what}, which is not UTF-8, storing nothing`, async () => {
          const [head, tail] = envelopeXml("AddConversionGoals", { token }, goalBody(offlineGoal("<GoalCategory>Purchase</GoalCategory><Name>Bad@</Name>"))).split("@");
          const body = Buffer.concat([Buffer.from(head, "utf8"), Buffer.from(bytes), Buffer.from(tail, "utf8")]);
          assertDeserializationFailed(await postSoap(emu, "AddConversionGoals", body), /Invalid UTF-8: byte 0x[0-9A-F]{2} at offset \d+/);
          await assertUnchangedAndAlive();
        });
      }

      it("accepts names in multibyte UTF-8 after the strict decoding", async () => {
        const r = await addGoals(emu, { token }, [{ GoalCategory: "Purchase", Name: "Café 日本 😀" }]);
        assert.equal(r.status, 200, r.text.slice(0, 400));
        const stored = (await adminState(emu)).goals.find((g) => g.id === r.ids[0]);
        assert.equal(stored?.name, "Café 日本 😀");
      });

      it("refuses mixed content in a Name instead of storing its first text node", async () => {
        const xml = envelopeXml("AddConversionGoals", { token }, goalBody(offlineGoal("<GoalCategory>Purchase</GoalCategory><Name>Mixed<b>content</b></Name>")));
        assertDeserializationFailed(await postSoap(emu, "AddConversionGoals", xml), /Name: element '\{https:\/\/bingads\.microsoft\.com\/CampaignManagement\/v13\}b' found where only text is expected/);
        await assertUnchangedAndAlive();
      });

      it("refuses an xi:include in a Name, including nothing", async () => {
        const include = `<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file:///etc/hostname" parse="text"/>`;
        const xml = envelopeXml("AddConversionGoals", { token }, goalBody(offlineGoal(`<GoalCategory>Purchase</GoalCategory><Name>Host ${include}</Name>`)));
        assertDeserializationFailed(await postSoap(emu, "AddConversionGoals", xml), /XInclude\}include' found where only text is expected/);
        await assertUnchangedAndAlive();
      });

      it("refuses mixed content in a revenue field of an Update", async () => {
        const xml = envelopeXml("UpdateConversionGoals", { token }, goalBody(offlineGoal(`<Id>${existingId}</Id><Revenue><CurrencyCode>US<i>D</i></CurrencyCode><Type>FixedValue</Type><Value>1</Value></Revenue>`)));
        assertDeserializationFailed(await postSoap(emu, "UpdateConversionGoals", xml), /Revenue\.CurrencyCode: element/);
        await assertUnchangedAndAlive();
      });
    });
  });

  describe("a client that goes away", () => {
    it("is logged as a client abort, not an internal error, when it closes mid-body", async () => {
      const lines: string[] = [];
      emu = await startTestEmulator({ log: (l) => lines.push(l) });
      const { port } = new URL(emu.url);
      const socket = net.connect(Number(port), "127.0.0.1");
      await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
      const partial = envelopeXml("AddConversionGoals", {}, goalBody(offlineGoal("<GoalCategory>Purchase</GoalCategory><Name>Cut</Name>"))).slice(0, 100);
      socket.write(`POST ${new URL(emu.url).pathname} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\nSOAPAction: "AddConversionGoals"\r\nContent-Length: 5000\r\n\r\n${partial}`);
      await new Promise((r) => setTimeout(r, 50));
      socket.destroy();
      const deadline = Date.now() + 5000;
      while (!lines.some((l) => l.includes("client-aborted")) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      assert.ok(lines.some((l) => /^POST \/Api\/Advertiser\/CampaignManagement\/v13\/CampaignManagementService\.svc client-aborted 0 /.test(l)), lines.join("\n"));
      assert.ok(!lines.some((l) => l.includes("internal error")), lines.join("\n"));
      assert.deepEqual((await adminState(emu)).goals, []);
    });
  });

  describe("with maxBodyBytes 4096", () => {
    beforeEach(() => start({ maxBodyBytes: 4096 }));

    it("answers 413 to a declared body one byte over the limit", async () => {
      const base = envelopeXml("GetConversionGoalsByIds", { token }, "<ConversionGoalTypes>OfflineConversion</ConversionGoalTypes>");
      const xml = base.replace("</s:Body>", `${" ".repeat(4097 - Buffer.byteLength(base))}</s:Body>`);
      assert.equal(Buffer.byteLength(xml), 4097);
      const r = await postSoap(emu, "GetConversionGoalsByIds", xml);
      assert.equal(r.status, 413);
      assert.match(r.text, /Request Entity Too Large/);
      await assertUnchangedAndAlive();
    });

    it("answers a body of exactly the limit", async () => {
      const base = envelopeXml("GetConversionGoalsByIds", { token }, "<ConversionGoalTypes>OfflineConversion</ConversionGoalTypes>");
      const xml = base.replace("</s:Body>", `${" ".repeat(4096 - Buffer.byteLength(base))}</s:Body>`);
      assert.equal(Buffer.byteLength(xml), 4096);
      const r = await postSoap(emu, "GetConversionGoalsByIds", xml);
      assert.equal(r.status, 200);
    });

    it("answers 413 to a chunked body that grows over the limit, adding nothing", async () => {
      const xml = envelopeXml(
        "AddConversionGoals",
        { token },
        goalBody(offlineGoal(`<GoalCategory>Purchase</GoalCategory><Name>Streamed</Name>`)) + `<!--${"x".repeat(8192)}-->`,
      );
      const bytes = new TextEncoder().encode(xml);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 1024) controller.enqueue(bytes.subarray(i, i + 1024));
          controller.close();
        },
      });
      const res = await fetch(emu.url, {
        method: "POST",
        headers: { "content-type": "text/xml; charset=utf-8", soapaction: "AddConversionGoals" },
        body: stream,
        duplex: "half",
      } as RequestInit & { duplex: "half" });
      assert.equal(res.status, 413);
      await res.text();
      await assertUnchangedAndAlive();
    });
  });
});
