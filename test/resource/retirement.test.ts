import { strict as assert } from "node:assert";
import { retiredName } from "../../provider/resource/delete";
import { GoalRetirementProvider, RetirementInputs } from "../../provider/resource/retirement";
import { ClientHarness, useClientHarness } from "../support/client";

// The GoalRetirement record of `unmanagedGoals: retire`: its create is the goal resource's delete step.

describe("resource: GoalRetirement, the retirement of a goal no code declares", () => {
  const harness = useClientHarness();
  let h: ClientHarness;
  let provider: GoalRetirementProvider;
  beforeEach(async () => {
    h = harness();
    provider = new GoalRetirementProvider({}, { transport: h.recorder.transport, sleep: async () => {}, now: h.emu.clock.now, random: () => 0.5 });
    const cfg: Record<string, string> = {
      "msads:developerToken": "BBD37VB98",
      "msads:customerId": "1000001",
      "msads:accountId": "2000001",
      "msads:endpoint": h.emu.url,
      "msads:tokenUrl": h.emu.tokenUrl,
      "msads:clientId": "msads-emulator-client",
      "msads:refreshToken": "emulator-refresh-token",
    };
    await provider.configure({ config: { get: (k) => cfg[k] } });
  });

  const webUiGoal = async (name = "Web UI leads") => {
    const { goalIds } = await h.client.addConversionGoals([{ name, goalCategory: "Contact", revenue: { type: "FixedValue", value: "4.20" } }]);
    return goalIds[0]!;
  };
  const inputs = (id: string, was: string, status = "Active"): RetirementInputs => ({ goalId: id, customerId: "1000001", accountId: "2000001", name: retiredName(was, id), status: "Paused", previous: { name: was, status } });

  it("create pauses the goal and renames it as a delete of the goal resource does, its other settings untouched", async () => {
    const id = await webUiGoal();
    const created = await provider.create(inputs(id, "Web UI leads"));
    assert.equal(created.id, id);
    const { goals } = await h.client.getConversionGoalsByIds([id]);
    assert.deepEqual([goals[0]?.status, goals[0]?.name, goals[0]?.goalCategory, goals[0]?.revenue?.value], ["Paused", retiredName("Web UI leads", id), "Contact", "4.20"]);
  });

  it("create makes no call when the program saw the goal retired already", async () => {
    const id = await webUiGoal();
    await provider.create(inputs(id, "Web UI leads"));
    h.recorder.requests.length = 0;
    await provider.create(inputs(id, retiredName("Web UI leads", id), "Paused"));
    assert.equal(h.recorder.soap().length, 0);
  });

  it("diff ignores what the goal was, updates on another name, and replaces for another goal or placement", async () => {
    const a = inputs("9007199254741001", "A");
    assert.deepEqual(await provider.diff(a.goalId, a, { ...a, previous: { name: a.name, status: "Paused" } }), { changes: false, replaces: [], deleteBeforeReplace: false });
    assert.equal((await provider.diff(a.goalId, a, { ...a, name: retiredName("B", a.goalId) })).changes, true);
    assert.deepEqual((await provider.diff(a.goalId, a, { ...a, goalId: "9007199254741002" })).replaces, ["goalId"]);
  });

  it("plans the retirement again when the program finds the goal active again (re-activated in the web UI)", async () => {
    const a = inputs("9007199254741001", "A");
    assert.equal((await provider.diff(a.goalId, a, { ...a, previous: { name: "A", status: "Active" } })).changes, true);
    assert.equal((await provider.diff(a.goalId, a, { ...a, previous: { name: a.name, status: "Active" } })).changes, true);
    const id = await webUiGoal();
    const record = inputs(id, "Web UI leads");
    await provider.create({ ...record, previous: { name: "Web UI leads", status: "Active" } });
    await h.client.updateConversionGoals([{ id, status: "Active", name: "Web UI leads", goalCategory: "Contact" }]);
    await provider.update(id, record, { ...record, previous: { name: "Web UI leads", status: "Active" } });
    const { goals } = await h.client.getConversionGoalsByIds([id]);
    assert.deepEqual([goals[0]?.status, goals[0]?.name], ["Paused", record.name]);
  });

  it("check refuses a name without the goal's retired suffix, a status other than Paused, and ids that are not ids", async () => {
    const bad = await provider.check({}, { goalId: "12x", customerId: "1000001", accountId: "2000001", name: "Plain", status: "Active" });
    assert.deepEqual(bad.failures?.map((f) => f.property), ["goalId", "status"]);
    const unsuffixed = await provider.check({}, { ...inputs("9007199254741001", "A"), name: "A" });
    assert.match(unsuffixed.failures?.[0].reason ?? "", /must end with the retired suffix of goal 9007199254741001/);
    assert.equal((await provider.check({}, inputs("9007199254741001", "A"))).failures, undefined);
  });

  it("delete leaves the goal retired and calls nothing", async () => {
    const id = await webUiGoal();
    await provider.create(inputs(id, "Web UI leads"));
    h.recorder.requests.length = 0;
    await provider.delete();
    assert.equal(h.recorder.requests.length, 0);
    const { goals } = await h.client.getConversionGoalsByIds([id]);
    assert.equal(goals[0]?.status, "Paused");
  });
});
