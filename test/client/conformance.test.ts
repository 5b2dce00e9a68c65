import { strict as assert } from "node:assert";
import { HttpRequest } from "../../provider/client";
import { extractBodyChild, extractHeaderChildren, validateAgainstOfficialSchema } from "../support/official-schema";
import { ClientHarness, resetEmulator, resetHarness, startClientHarness } from "../support/client";

// Every envelope shape the client can send, validated against the schemas of the OFFICIAL WSDL (element order,
// types, namespaces), not the project's trimmed copy.
describe("client: every envelope it sends conforms to the official schema", function () {
  this.timeout(60_000);
  let h: ClientHarness;
  let sent: HttpRequest[];

  before(async () => {
    h = await startClientHarness();
    await resetEmulator(h.emu);
    resetHarness(h);
    const c = h.client;
    const { goalIds } = await c.addConversionGoals([
      {
        name: "Every field",
        goalCategory: "Purchase",
        conversionWindowInMinutes: 129600,
        countType: "Unique",
        excludeFromBidding: true,
        revenue: { type: "FixedValue", value: "999.99", currencyCode: "USD" },
        scope: "Customer",
        status: "Paused",
        isExternallyAttributed: true,
      },
      { name: "Minimal", goalCategory: "Signup" },
    ]);
    const [a, b] = goalIds as string[];
    await c.updateConversionGoals([{ id: a, name: "Every field (renamed)", revenue: { type: "VariableValue", value: "1.5" } }, { id: b, status: "Paused" }]);
    await c.updateConversionGoals([{ id: a, conversionWindowInMinutes: 60, countType: "All", excludeFromBidding: false, goalCategory: "Contact", isExternallyAttributed: false }]);
    await c.getConversionGoalsByIds([a, b]);
    await c.listOfflineConversionGoals();
    sent = h.recorder.soap();
  });
  after(() => h.emu.close());

  it("sent one envelope per call made", () => {
    assert.deepEqual(
      sent.map((r) => r.headers.soapaction),
      ['"AddConversionGoals"', '"UpdateConversionGoals"', '"UpdateConversionGoals"', '"GetConversionGoalsByIds"', '"GetConversionGoalsByIds"'],
    );
    for (const r of sent) assert.equal(r.headers["content-type"], "text/xml; charset=utf-8");
  });

  it("has bodies valid against the official schema", async () => {
    for (const r of sent) {
      const v = await validateAgainstOfficialSchema(extractBodyChild(r.body));
      assert.deepEqual(v.errors, [], `${r.headers.soapaction}: ${r.body}`);
      assert.equal(v.valid, true);
    }
  });

  it("has the four headers, each valid against the official schema", async () => {
    const headers = extractHeaderChildren(sent[0].body);
    assert.deepEqual(headers.map((x) => /^<(\w+)/.exec(x)?.[1]), ["AuthenticationToken", "CustomerAccountId", "CustomerId", "DeveloperToken"]);
    for (const x of headers) {
      const v = await validateAgainstOfficialSchema(x);
      assert.equal(v.valid, true, `${x.slice(0, 80)}: ${v.errors.join("; ")}`);
    }
  });

  it("would catch an element out of order (the check is not vacuous)", async () => {
    const body = extractBodyChild(sent[0].body);
    const swapped = body.replace(/(<GoalCategory>[^<]*<\/GoalCategory>)(<Name>[^<]*<\/Name>)/, "$2$1");
    assert.notEqual(swapped, body);
    const v = await validateAgainstOfficialSchema(swapped);
    assert.equal(v.valid, false);
  });
});
