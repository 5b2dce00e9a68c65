import { strict as assert } from "node:assert";
import { GoalOutputs } from "../../provider/resource/outputs";
import { GoalOwnership } from "../../provider/resource/ownership";
import { GoalProvider } from "../../provider/resource/provider";
import { retiredName } from "../../provider/resource/delete";
import { adminState } from "../support/emulator";
import { rejection } from "../support/client";
import { ProviderHarness, resetProviderHarness, startProviderHarness } from "../support/provider";

const outs = (over: Partial<GoalOutputs> = {}): GoalOutputs => ({
  goalId: "9007199254741001",
  name: "Leads",
  goalCategory: "SubmitLeadForm",
  conversionWindowInMinutes: 43200,
  countType: "All",
  excludeFromBidding: false,
  revenue: { type: "NoValue" },
  scope: "Account",
  status: "Active",
  isExternallyAttributed: false,
  customerId: "1000001",
  accountId: "2000001",
  adoptExisting: false,
  ...over,
});
const ID = "9007199254741001";

describe("resource: one goal, one owner (the deployment's registry)", () => {
  it("refuses to retire a goal another resource adopted in this deployment, whatever the outputs", () => {
    const o = new GoalOwnership();
    o.created(ID, outs({ adoptExisting: true }), true);
    assert.match(o.refusal(ID, outs())!, /^not retiring goal 9007199254741001 \("Leads"\): another resource of this stack adopted it in this update/);
    assert.ok(o.refusal(ID, outs({ adoptExisting: true })), "even with identical outputs: an adopted goal is never its own old resource");
  });

  it("refuses to retire a goal that a resource which stays declares (another state entry of the same id)", () => {
    const o = new GoalOwnership();
    o.diffed(ID, outs({ name: "Leads" }), false);
    assert.match(o.refusal(ID, outs({ name: "Old leads" }))!, /another resource of this stack declares it \(as "Leads"\)/);
  });

  it("lets a resource retire its own goal: the holder's latest outputs are the delete's (forced replacement, successive steps)", () => {
    const o = new GoalOwnership();
    o.diffed(ID, outs(), false);
    assert.equal(o.refusal(ID, { ...outs(), __provider: "x" } as GoalOutputs), undefined);
    o.updated(ID, outs(), outs({ status: "Paused" }));
    assert.ok(o.refusal(ID, outs()), "after the update the holder's outputs are the new ones");
    assert.equal(o.refusal(ID, outs({ status: "Paused" })), undefined);
  });

  it("does not count a diff that replaces: the replaced goal's delete must retire it", () => {
    const o = new GoalOwnership();
    o.diffed(ID, outs(), true);
    assert.equal(o.holderOf(ID), undefined);
    o.diffed(ID, outs(), false);
    o.diffed(ID, outs(), true);
    assert.equal(o.holderOf(ID), undefined, "a replacing diff drops the same resource's earlier entry");
  });

  it("a replacing diff of one resource leaves another resource's adoption alone", () => {
    const o = new GoalOwnership();
    o.created(ID, outs({ adoptExisting: true }), true);
    o.diffed(ID, outs(), true);
    assert.equal(o.holderOf(ID)?.kind, "adopted");
  });

  it("does not count reads, nor the diff that follows a read (up --refresh reads and diffs the resources about to be deleted)", () => {
    const o = new GoalOwnership();
    o.read(ID);
    o.diffed(ID, outs(), false);
    assert.equal(o.holderOf(ID), undefined);
    assert.equal(o.refusal(ID, outs()), undefined);
    o.diffed(ID, outs(), false);
    assert.equal(o.holderOf(ID)?.kind, "kept", "the plan's diff, after the refresh's, counts");
  });

  it("forgets a goal once it is retired", () => {
    const o = new GoalOwnership();
    o.created(ID, outs(), false);
    o.released(ID);
    assert.equal(o.holderOf(ID), undefined);
  });
});

describe("resource: the provider keeps one owner per goal against the emulator", () => {
  let h: ProviderHarness;
  let warnings: string[];
  let p: GoalProvider;
  before(async () => (h = await startProviderHarness()));
  after(() => h.emu.close());
  beforeEach(async () => {
    await resetProviderHarness(h);
    warnings = [];
    p = new GoalProvider(h.env, { transport: h.recorder.transport, sleep: async () => {}, now: h.emu.clock.now, random: () => 0.5 }, (m) => void warnings.push(m));
  });
  const goals = async () => (await adminState(h.emu)).goals as Array<Record<string, unknown>>;
  const leads = { name: "Leads", goalCategory: "SubmitLeadForm" };

  it("a renamed key that adopted the goal keeps it: the old key's delete warns and changes nothing", async () => {
    // The previous deployment created the goal under the old key.
    const before = await new GoalProvider(h.env, { transport: h.recorder.transport }).create(leads);
    // This deployment: the new key adopts it, then the engine deletes the old key.
    const adopted = await p.create({ ...leads, adoptExisting: true });
    assert.equal(adopted.id, before.id);
    h.recorder.requests.length = 0;
    await p.delete(before.id, before.outs);
    assert.equal(h.recorder.soap("UpdateConversionGoals").length, 0, "no retirement sent");
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /not retiring goal \d+ \("Leads"\): another resource of this stack adopted it in this update .*aliases: \[<previous key>\]/);
    const [g] = await goals();
    assert.deepEqual([g.status, g.name], ["Active", "Leads"]);
  });

  it("refuses to adopt a goal that another resource created or adopted in this deployment", async () => {
    await p.create(leads);
    const e = await rejection(p.create({ ...leads, adoptExisting: true }));
    assert.match(e.message, /^name: cannot adopt goal "Leads" \(id \d+\): another resource of this stack holds it in this update \(it created it\); a goal has one owner/);
    assert.equal((await goals()).length, 1);
  });

  it("a second resource of a name equal ignoring case is told another resource of this update holds the goal, not to adopt it", async () => {
    await p.create(leads);
    const e = await rejection(p.create({ ...leads, name: "LEADS", goalCategory: "Purchase" }));
    assert.match(e.message, /^name: cannot create goal "Leads" \(id \d+\): another resource of this stack holds it in this update \(it created it\); a goal has one owner, and names are unique per customer regardless of case/);
    assert.doesNotMatch(e.message, /set adoptExisting: true/);
    assert.equal((await goals()).length, 1);
  });

  it("a replacement may adopt its predecessor's goal (a pending or forced replacement), and the old delete then leaves it alone", async () => {
    const old = await new GoalProvider(h.env, { transport: h.recorder.transport }).create(leads);
    await p.diff(old.id, old.outs, leads); // no change: the engine replaces anyway
    const replacement = await p.create({ ...leads, adoptExisting: true });
    assert.equal(replacement.id, old.id);
    await p.delete(old.id, old.outs);
    assert.equal(warnings.length, 1);
    assert.equal((await goals())[0].status, "Active");
  });

  it("a forced replacement of a kept resource still retires its own goal", async () => {
    const c = await new GoalProvider(h.env, { transport: h.recorder.transport }).create(leads);
    await p.diff(c.id, c.outs, leads);
    await p.delete(c.id, c.outs);
    assert.deepEqual(warnings, []);
    const [g] = await goals();
    assert.deepEqual([g.status, g.name], ["Paused", retiredName("Leads", c.id)]);
  });

  it("destroy (deletes only) retires every goal", async () => {
    const a = await new GoalProvider(h.env, { transport: h.recorder.transport }).create(leads);
    await p.read(a.id, a.outs);
    await p.delete(a.id, a.outs);
    assert.equal((await goals())[0].status, "Paused");
  });
});
