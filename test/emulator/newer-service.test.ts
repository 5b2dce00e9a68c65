import assert from "node:assert/strict";
import * as fs from "node:fs";
import { XMLSerializer, type Element } from "@xmldom/xmldom";
import { RunningEmulator } from "../../emulator";
import { goalsWsdlPath } from "../../wsdl/location";
import { SoapResponse, accessToken, addGoals, getGoals, startTestEmulator } from "../support/emulator";
import { Cli, endpoints, spawnCli } from "../support/cli-process";

const EXTRA = "GoalCategory IsExternallyAttributed";
const UNKNOWN_ID = "9007199254749999";

function elementsOf(el: Element): Element[] {
  const out: Element[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) out.push(c as Element);
  return out;
}

// A copy of el without the undeclared (Future*) elements nested in it, serialized.
function withoutNestedFuture(el: Element): string {
  const copy = el.cloneNode(true) as Element;
  const strip = (e: Element): void =>
    elementsOf(e).forEach((c) => (c.localName!.startsWith("Future") ? e.removeChild(c) : strip(c)));
  strip(copy);
  return new XMLSerializer().serializeToString(copy);
}

// The goals of a Get answer as [local name, serialized element] per child; nil goals as null.
function goalChildren(r: SoapResponse): Array<Array<[string, string]> | null> {
  return r.nodes("//v:ConversionGoals/v:ConversionGoal").map((n) => {
    const children = elementsOf(n as unknown as Element).map((c): [string, string] => [c.localName!, withoutNestedFuture(c)]);
    return children.length === 0 ? null : children;
  });
}

const isFuture = ([name]: [string, string]) => name.startsWith("Future");

/** Adds the same two goals and reads them back with an unknown id between them. */
async function addAndGet(emu: RunningEmulator): Promise<SoapResponse> {
  const token = await accessToken(emu);
  const added = await addGoals(emu, { token }, [
    { GoalCategory: "Purchase", Name: "Sales", Revenue: { Type: "FixedValue", Value: "10.50" }, IsExternallyAttributed: true },
    { GoalCategory: "Signup", Name: "Signups", Scope: "Customer" },
  ]);
  assert.equal(added.status, 200, added.text);
  return getGoals(emu, { token }, [added.ids[0]!, UNKNOWN_ID, added.ids[1]!], "OfflineConversion", EXTRA);
}

describe("emulator: extraGoalElements answers like a newer service", () => {
  it("adds undeclared elements to every goal and after PartialErrors, leaving the declared ones as they were", async () => {
    const [newer, plain] = await Promise.all([startTestEmulator({ extraGoalElements: true }), startTestEmulator()]);
    try {
      const [withExtra, without] = await Promise.all([addAndGet(newer), addAndGet(plain)]);
      assert.equal(withExtra.status, 200, withExtra.text);
      const goals = goalChildren(withExtra);
      const plainGoals = goalChildren(without);
      assert.deepEqual(goals.map((g) => g === null), [false, true, false]);
      assert.ok(!without.text.includes("<Future"), "the option is off by default");
      const wsdl = fs.readFileSync(goalsWsdlPath, "utf8");
      goals.forEach((g, i) => {
        if (g === null) return;
        const future = g.filter(isFuture);
        assert.ok(future.length >= 5, `goal ${i} carries ${future.length} unknown elements`);
        for (const [name] of future) assert.ok(!wsdl.includes(`name="${name}"`), `${name} is declared by the WSDL`);
        // Unknown elements go between the known ones; the known ones keep their order and values.
        assert.notEqual(g.findIndex(isFuture), g.length - 1);
        assert.deepEqual(g.filter((c) => !isFuture(c)), plainGoals[i]);
      });
      assert.ok(goals[0]!.some(([name]) => name === "Revenue"));
      assert.match(withExtra.text, /<Revenue><CurrencyCode>USD<\/CurrencyCode><FutureRevenueCap i:nil="true"\/><Type>FixedValue/);
      assert.match(withExtra.text, /<\/PartialErrors><FutureSummary>.*<\/FutureSummary><\/GetConversionGoalsByIdsResponse>/);
      assert.equal(withExtra.str("//v:PartialErrors/v:BatchError/v:Index"), "1");
    } finally {
      await Promise.all([newer.close(), plain.close()]);
    }
  });

  it("turns it on from the command line with --extra-goal-elements", async () => {
    const cli: Cli = spawnCli(["--port", "0", "--quiet", "--extra-goal-elements"]);
    try {
      const emu = await endpoints(cli);
      const answer = await addAndGet(emu);
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.text.match(/<FutureInheritedField /g)?.length, 2, answer.text);
    } finally {
      cli.child.kill("SIGTERM");
      await cli.exited;
    }
  });
});
