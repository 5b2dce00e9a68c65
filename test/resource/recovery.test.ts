import { strict as assert } from "node:assert";
import { GoalOwnership } from "../../provider/resource/ownership";
import { GoalOutputs } from "../../provider/resource/outputs";
import { adminState, armFault } from "../support/emulator";
import { rejection } from "../support/client";
import { ProviderHarness, resetProviderHarness, startProviderHarness } from "../support/provider";

type Props = Record<string, unknown>;
type StepFailure = Error & { id: string; properties: GoalOutputs & { __provider?: unknown } };

// What create does with a goal an interrupted create left behind, and how every failure leaves a usable state.
describe("resource: recovering from interrupted and half-failed steps", () => {
  let h: ProviderHarness;
  before(async () => (h = await startProviderHarness()));
  after(() => h.emu.close());
  beforeEach(() => resetProviderHarness(h));

  const leads: Props = { name: "Leads", goalCategory: "SubmitLeadForm", revenue: { type: "FixedValue", value: 12.5 }, conversionWindowInMinutes: 10080 };
  // What an interrupted create of `leads` left in the account: the same settings, spelt as the service returns them.
  const leftBehind = { name: "Leads", goalCategory: "SubmitLeadForm" as const, revenue: { type: "FixedValue" as const, value: "12.50" }, conversionWindowInMinutes: 10080 };
  const goals = async () => (await adminState(h.emu)).goals as Array<Record<string, unknown>>;
  const PROVIDER = "exports.handler = …serialized trampoline…";

  it("takes a goal of the declared name and settings that no resource holds, and says so in the step's log", async () => {
    const { goalIds } = await h.client.addConversionGoals([leftBehind]);
    const log: string[] = [];
    const c = await h.fresh((m) => log.push(m)).create(leads);
    assert.equal(c.id, goalIds[0]);
    assert.equal((await goals()).length, 1, "taken, not duplicated");
    assert.equal(log.length, 1);
    assert.match(log[0], new RegExp(`goal "Leads" \\(id ${goalIds[0]}\\) already exists with exactly the declared settings and no resource of this stack holds it: taking it`));
  });

  it("refuses a goal of the declared name whose settings differ, with the conflict error", async () => {
    await h.client.addConversionGoals([{ ...leftBehind, conversionWindowInMinutes: 60 }]);
    const e = await rejection(h.fresh().create(leads));
    assert.match(e.message, /^name: a goal named "Leads" already exists \(id \d+, status Active, scope Account\).*adoptExisting: true/);
  });

  it("refuses a goal of the declared name that another resource of the deployment holds", async () => {
    // Created by an earlier `up`; this one diffs the resource that holds it (as every `up` does for the resources in the state).
    const held = await h.fresh().create(leads);
    const p = h.fresh();
    await p.diff(held.id, held.outs, leads);
    const e = await rejection(p.create(leads));
    assert.match(e.message, new RegExp(`^name: a goal named "Leads" already exists \\(id ${held.id},`));
    assert.equal((await goals()).length, 1);
  });

  it("a renamed logical name: the new resource takes the goal, and the old one's delete leaves it active", async () => {
    const old = await h.fresh().create(leads);
    const log: string[] = [];
    const p = h.fresh((m) => log.push(m));
    // One `up`: the engine creates the new resource first, then deletes the one the program no longer declares.
    const renamed = await p.create(leads);
    assert.equal(renamed.id, old.id);
    await p.delete(old.id, old.outs);
    const [goal] = await goals();
    assert.deepEqual([goal.id, goal.name, goal.status], [old.id, "Leads", "Active"]);
    assert.equal(h.recorder.soap("UpdateConversionGoals").length, 0, "nothing retired");
    assert.match(log[1], new RegExp(`^not retiring goal ${old.id} \\("Leads"\\): another resource of this stack adopted it in this update`));
  });

  it("never lets two creates in flight for one name both take the goal", () => {
    const ownership = new GoalOwnership();
    const first = ownership.startAdding("Leads");
    assert.equal(ownership.isBeingAddedElsewhere("leads"), false, "the caller alone");
    const second = ownership.startAdding("LEADS");
    assert.equal(ownership.isBeingAddedElsewhere("Leads"), true);
    second();
    second();
    assert.equal(ownership.isBeingAddedElsewhere("Leads"), false, "a release counts once");
    first();
  });

  it("fails an Add committed then dropped whose settling lookup fails, saying the goal may exist; the next create takes it", async () => {
    await armFault(h.emu, { operation: "AddConversionGoals", kind: "commitThenDrop" });
    await armFault(h.emu, { operation: "GetConversionGoalsByIds", kind: "http503", times: 4 });
    const e = await rejection(h.provider.create(leads));
    assert.match(e.message, /^name: goal "Leads" may have been created: AddConversionGoals failed after it was sent \(AddConversionGoals: ConnectionReset/);
    assert.match(e.message, /looking the name up to find out failed too \(GetConversionGoalsByIds: HttpServiceUnavailable/);
    assert.match(e.message, /Run pulumi up again: it looks the name up first/);
    assert.equal((await goals()).length, 1, "the goal exists");
    const log: string[] = [];
    const again = await h.fresh((m) => log.push(m)).create(leads);
    assert.equal(again.id, (await goals())[0].id);
    assert.equal((await goals()).length, 1);
    assert.equal(log.length, 1);
  });

  it("backs off through the client's sleep before resending an Add that a lookup proved absent", async () => {
    await armFault(h.emu, { operation: "AddConversionGoals", kind: "reset", times: 2 });
    const c = await h.provider.create(leads);
    assert.equal(h.recorder.soap("AddConversionGoals").length, 3);
    // random 0.5: half of the step plus half of the rest, the step doubling from 500 ms.
    assert.deepEqual(h.sleeps, [375, 750]);
    assert.equal(c.id, (await goals())[0].id);
  });

  it("gives up after three Adds proven absent, having backed off between them", async () => {
    await armFault(h.emu, { operation: "AddConversionGoals", kind: "reset", times: 3 });
    const e = await rejection(h.provider.create(leads));
    assert.match(e.message, /^goal "Leads" was not created: AddConversionGoals failed after it was sent 3 times \(last: AddConversionGoals: ConnectionReset.*proved that it had not been applied/);
    assert.deepEqual(h.sleeps, [375, 750]);
    assert.deepEqual(await goals(), []);
  });

  it("a create that fails after the goal exists records the serialized provider it was given", async () => {
    await armFault(h.emu, { operation: "GetConversionGoalsByIds", kind: "http503", times: 4 });
    const e = await rejection<StepFailure>(h.provider.create({ ...leads, __provider: PROVIDER }));
    assert.ok(e.id);
    assert.equal(e.properties.__provider, PROVIDER);
  });

  it("an update refused per goal records the serialized provider it was given", async () => {
    const c = await h.provider.create(leads);
    await h.client.addConversionGoals([{ name: "Taken", goalCategory: "Purchase" }]);
    const e = await rejection<StepFailure>(h.provider.update(c.id, { ...c.outs, __provider: "old" }, { ...leads, name: "Taken", __provider: PROVIDER }));
    assert.equal(e.id, c.id);
    assert.equal(e.properties.__provider, PROVIDER);
    assert.equal(e.properties.name, "Leads");
  });

  it("an adoption whose read-back fails records the serialized provider it was given", async () => {
    await h.client.addConversionGoals([{ name: "Legacy", goalCategory: "Contact" }]);
    await armFault(h.emu, { operation: "GetConversionGoalsByIds", kind: "delay", delayMs: 0 });
    await armFault(h.emu, { operation: "GetConversionGoalsByIds", kind: "http503", times: 4 });
    const e = await rejection<StepFailure>(h.provider.create({ name: "Legacy", goalCategory: "Contact", adoptExisting: true, __provider: PROVIDER }));
    assert.equal(e.properties.__provider, PROVIDER);
    assert.equal(e.properties.adoptExisting, true);
  });
});
