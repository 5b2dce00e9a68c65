import { strict as assert } from "node:assert";
import { ConversionGoal } from "../../provider/client";
import { ClientHarness, startClientHarness } from "../support/client";

// A newer service adds elements the trimmed WSDL does not declare; the emulator's extraGoalElements option puts
// such elements in every goal of a Get answer (one redeclares the default namespace, which node-soap keeps in
// one map for the whole document) and after PartialErrors. Reads must come out exactly as without them.
describe("client: tolerates elements a newer service adds to goals", () => {
  // Two emulators get the same goals; only the first adds unknown elements to its answers.
  let h: ClientHarness;
  let plain: ClientHarness;
  let ids: string[];
  before(async () => {
    [h, plain] = await Promise.all([startClientHarness({ extraGoalElements: true }), startClientHarness()]);
    const sent: ConversionGoal[] = [
      {
        name: "Leads",
        goalCategory: "SubmitLeadForm",
        conversionWindowInMinutes: 10080,
        countType: "Unique",
        excludeFromBidding: true,
        revenue: { type: "FixedValue", value: "12.50" },
        scope: "Account",
        status: "Active",
        isExternallyAttributed: true,
      },
      { name: "Sales", goalCategory: "Purchase", revenue: { type: "VariableValue", value: "0.30000000000000004" }, isExternallyAttributed: false },
      { name: "Signups", goalCategory: "Signup", scope: "Customer", status: "Paused", isExternallyAttributed: true },
    ];
    const [added, addedPlain] = await Promise.all([h.client.addConversionGoals(sent), plain.client.addConversionGoals(sent)]);
    assert.deepEqual(added.partialErrors, []);
    assert.deepEqual(added.goalIds, addedPlain.goalIds);
    ids = added.goalIds as string[];
  });
  after(() => Promise.all([h.emu.close(), plain.emu.close()]));

  it("reads goals by id with ids, values and types intact, and a nil goal still aligned", async () => {
    h.recorder.responses.length = 0;
    const asked = [ids[0], "9007199254749999", ids[1], ids[2]];
    const res = await h.client.getConversionGoalsByIds(asked);
    const body = h.recorder.responses.at(-1)!.body;
    // The answer really carries the unknown elements, in every goal and after PartialErrors.
    assert.equal(body.match(/<FutureInheritedField xmlns="https:\/\/adapi\.microsoft\.com">/g)?.length, 3, body);
    assert.equal(body.match(/<FutureAttribution><Id>1<\/Id><Name>decoy<\/Name>/g)?.length, 3, body);
    assert.match(body, /<\/PartialErrors><FutureSummary>/);

    assert.deepEqual(res.goals, (await plain.client.getConversionGoalsByIds(asked)).goals);
    assert.deepEqual(res.goals.map((g) => g?.id ?? null), ["9007199254741001", null, "9007199254741002", "9007199254741003"]);
    assert.deepEqual(res.goals.map((g) => g?.name ?? null), ["Leads", null, "Sales", "Signups"]);
    assert.deepEqual(res.goals.map((g) => g?.isExternallyAttributed ?? null), [true, null, false, true]);
    assert.deepEqual(res.goals.map((g) => g?.revenue?.value ?? null), ["12.50", null, "0.30000000000000004", null]);
    assert.deepEqual(res.goals.map((g) => g?.conversionWindowInMinutes ?? null), [10080, null, 43200, 43200]);
    assert.deepEqual(res.goals.map((g) => g?.scope ?? null), ["Account", null, "Account", "Customer"]);
    assert.deepEqual(res.partialErrors.map((e) => [e.index, e.code]), [[1, 5314]]);
  });

  it("lists goals with every field intact", async () => {
    const listed = await h.client.listOfflineConversionGoals();
    assert.deepEqual(listed, await plain.client.listOfflineConversionGoals());
    assert.deepEqual(listed.map((g) => [g.id, g.name, g.status, g.isExternallyAttributed]), [
      ["9007199254741001", "Leads", "Active", true],
      ["9007199254741002", "Sales", "Active", false],
      ["9007199254741003", "Signups", "Paused", true],
    ]);
  });
});
