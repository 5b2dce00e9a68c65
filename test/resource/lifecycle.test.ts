import { strict as assert } from "node:assert";
import { GoalOutputs } from "../../provider/resource/outputs";
import { retiredName } from "../../provider/resource/delete";
import { GoalStepError } from "../../provider/resource/context";
import { adminState, armFault } from "../support/emulator";
import { rejection, SECRET_SEED } from "../support/client";
import { ProviderHarness, resetProviderHarness, startProviderHarness } from "../support/provider";

type Props = Record<string, unknown>;

describe("resource: lifecycle against the emulator", () => {
  let h: ProviderHarness;
  before(async () => (h = await startProviderHarness()));
  after(() => h.emu.close());
  beforeEach(() => resetProviderHarness(h));

  const leads: Props = { name: "Leads", goalCategory: "SubmitLeadForm", revenue: { type: "FixedValue", value: 12.5 } };
  const goals = async () => (await adminState(h.emu)).goals as Array<Record<string, unknown>>;

  it("create → read → no-op diff → update → replace on scope → delete → re-create with the same name", async () => {
    const p = h.provider;
    // create
    const created = await p.create(leads);
    const outs = created.outs as GoalOutputs;
    assert.equal(created.id, "9007199254741001");
    assert.deepEqual(outs, {
      goalId: "9007199254741001",
      name: "Leads",
      goalCategory: "SubmitLeadForm",
      conversionWindowInMinutes: 43200,
      countType: "All",
      excludeFromBidding: false,
      revenue: { type: "FixedValue", value: "12.5", currencyCode: "USD" },
      scope: "Account",
      status: "Active",
      isExternallyAttributed: false,
      customerId: "1000001",
      accountId: "2000001",
      adoptExisting: false,
      __declared: leads,
    });
    // read of an untouched goal: the same outputs, and the declaration exactly as recorded for inputs
    const read = await p.read(created.id, { ...outs, __provider: "x" });
    assert.deepEqual(read, { id: created.id, props: outs, inputs: leads });
    // no-op diff
    assert.deepEqual(await p.diff(created.id, { ...outs, __provider: "x" }, { ...leads, __provider: "y" }), { changes: false, replaces: [], deleteBeforeReplace: false });
    // update in place: only what changed is sent
    const changedDecl = { ...leads, status: "Paused", conversionWindowInMinutes: 60 };
    const d = await p.diff(created.id, outs, changedDecl);
    assert.deepEqual(d, { changes: true, replaces: [], deleteBeforeReplace: false });
    h.recorder.requests.length = 0;
    const updated = (await p.update(created.id, outs, changedDecl)).outs as GoalOutputs;
    assert.equal(updated.status, "Paused");
    assert.equal(updated.conversionWindowInMinutes, 60);
    const body = h.recorder.soap("UpdateConversionGoals")[0].body;
    assert.match(body, /<ConversionWindowInMinutes>60<\/ConversionWindowInMinutes>/);
    assert.match(body, /<Status>Paused<\/Status>/);
    // Not even the category: the goal holds one, and sending the declared one could revert a category changed in
    // the web UI under ignoreChanges (only a goal holding None gets it, see the legacy cases below).
    assert.ok(!/<Name>|<Revenue>|<GoalCategory>/.test(body), `only changes are sent: ${body}`);
    assert.equal((await p.diff(created.id, updated, changedDecl)).changes, false);
    // replace on scope, same name: delete first
    const customerDecl = { ...changedDecl, scope: "Customer", revenue: { type: "FixedValue", value: 12.5, currencyCode: "USD" } };
    assert.deepEqual(await p.diff(created.id, updated, customerDecl), { changes: true, replaces: ["scope"], deleteBeforeReplace: true });
    await p.delete(created.id, updated);
    const replacement = await p.create(customerDecl);
    assert.notEqual(replacement.id, created.id);
    assert.equal((replacement.outs as GoalOutputs).scope, "Customer");
    assert.equal((replacement.outs as GoalOutputs).name, "Leads");
    const state = await goals();
    const old = state.find((g) => g.id === created.id)!;
    assert.equal(old.status, "Paused");
    assert.equal(old.name, retiredName("Leads", created.id));
    // delete, then re-create with the same name
    await p.delete(replacement.id, replacement.outs as GoalOutputs);
    const again = await p.create(leads);
    assert.equal((again.outs as GoalOutputs).name, "Leads");
    assert.equal((await goals()).filter((g) => g.status === "Active").length, 1);
  });

  it("records drift on read: outputs as the account holds them, inputs as the declaration with only the drift put in", async () => {
    const c = await h.provider.create(leads);
    await h.client.updateConversionGoals([{ id: c.id, name: "Leads (UI)", status: "Paused", revenue: { type: "FixedValue", value: "20" } }]);
    const r = await h.provider.read(c.id, c.outs);
    assert.equal(r.props.name, "Leads (UI)");
    assert.equal(r.props.status, "Paused");
    assert.equal(r.props.revenue.value, "20");
    // the declared keys, the declared number still a number, and status (undeclared) because it left its default
    const drifted = { name: "Leads (UI)", goalCategory: "SubmitLeadForm", revenue: { type: "FixedValue", value: 20 }, status: "Paused" };
    assert.deepEqual(r.inputs, drifted);
    assert.deepEqual(r.props.__declared, drifted);
    // and the next plan puts the declaration back in place
    const d = await h.provider.diff(c.id, r.props, leads);
    assert.equal(d.changes, true);
    const repaired = (await h.provider.update(c.id, r.props, leads)).outs as GoalOutputs;
    assert.equal(repaired.name, "Leads");
    assert.equal(repaired.status, "Active");
    assert.equal(repaired.revenue.value, "12.5");
  });

  it("records only what drifted when refreshing state written before the declaration was recorded", async () => {
    // State of the previous version: no __declared. The refresh's inputs are what the CLI compares with the
    // declaration to name properties, so defaults, the configured placement and the account's currency must not
    // appear in them as if declared (the plan would name every one of them).
    const c = await h.provider.create(leads);
    const { __declared: _none, ...legacyOuts } = c.outs as GoalOutputs;
    await h.client.updateConversionGoals([{ id: c.id, conversionWindowInMinutes: 120 }]);
    const r = await h.provider.read(c.id, legacyOuts);
    assert.deepEqual(r.inputs, { name: "Leads", goalCategory: "SubmitLeadForm", revenue: { type: "FixedValue", value: "12.5" }, conversionWindowInMinutes: 120 });
    const d = await h.provider.diff(c.id, r.props, leads);
    assert.equal(d.changes, true);
    const repaired = (await h.provider.update(c.id, r.props, leads)).outs as GoalOutputs;
    assert.equal(repaired.conversionWindowInMinutes, 43200);
    assert.equal((await h.provider.diff(c.id, repaired, leads)).changes, false);
  });

  it("reports a goal the service no longer returns as gone", async () => {
    const r = await h.provider.read("9007199254749999", { name: "Ghost", customerId: "1000001", accountId: "2000001" });
    assert.deepEqual(r, {});
  });

  it("delete pauses and renames in one call, and is idempotent", async () => {
    const c = await h.provider.create(leads);
    h.recorder.requests.length = 0;
    await h.provider.delete(c.id, c.outs);
    assert.equal(h.recorder.soap("UpdateConversionGoals").length, 1);
    await h.provider.delete(c.id, c.outs);
    assert.equal(h.recorder.soap("UpdateConversionGoals").length, 1, "a retired goal is left alone");
    const [g] = await goals();
    assert.deepEqual([g.status, g.name], ["Paused", `Leads (removed ${BigInt(c.id).toString(36)})`]);
  });

  it("retires long names within 100 characters, deterministically", () => {
    const n = retiredName("x".repeat(100), "9007199254741001");
    assert.equal(n.length, 100);
    assert.equal(retiredName(n, "9007199254741001"), n);
    assert.notEqual(retiredName("x".repeat(100), "9007199254741002"), n);
  });

  it("fails a create with a partial error naming the field and the code", async () => {
    const e = await rejection(h.provider.create({ name: "Leads", goalCategory: "Purchase", revenue: { type: "FixedValue", value: 1, currencyCode: "SEK" }, scope: "Account" }).then(() => h.provider.create({ name: "Other", goalCategory: "Purchase", revenue: { type: "FixedValue", value: 1, currencyCode: "XXX" } })));
    assert.match(e.message, /^revenue\.currencyCode: AddConversionGoals: 535\d \w+: /);
  });

  it("says which goal holds a name and how to adopt it", async () => {
    await h.client.addConversionGoals([{ name: "LEADS", goalCategory: "Purchase", status: "Paused" }]);
    const e = await rejection(h.provider.create(leads));
    assert.match(e.message, /^name: a goal named "LEADS" already exists \(id 9007199254741001, status Paused, scope Account\); .*set adoptExisting: true/);
    assert.equal((await goals()).length, 1);
  });

  it("adopts an existing goal with adoptExisting and updates it to the declaration", async () => {
    const { goalIds } = await h.client.addConversionGoals([{ name: "leads", goalCategory: "Purchase", status: "Paused", conversionWindowInMinutes: 60 }]);
    const c = await h.provider.create({ ...leads, adoptExisting: true });
    assert.equal(c.id, goalIds[0]);
    const outs = c.outs as GoalOutputs;
    assert.deepEqual([outs.name, outs.goalCategory, outs.status, outs.conversionWindowInMinutes, outs.adoptExisting], ["Leads", "SubmitLeadForm", "Active", 43200, true]);
    assert.equal((await goals()).length, 1);
  });

  it("refuses to adopt a goal of another scope, saying what to declare", async () => {
    await h.client.addConversionGoals([{ name: "Leads", goalCategory: "Purchase", scope: "Customer" }]);
    const e = await rejection(h.provider.create({ ...leads, adoptExisting: true }));
    assert.match(e.message, /^scope: cannot adopt goal "Leads" \(id \d+\): it has scope Customer and Account is declared; .*Declare scope: "Customer"/);
  });

  it("creates normally with adoptExisting when nothing holds the name", async () => {
    const c = await h.provider.create({ ...leads, adoptExisting: true });
    assert.equal((c.outs as GoalOutputs).adoptExisting, true);
    assert.equal((await goals()).length, 1);
  });

  it("settles an ambiguous create (commit-then-drop) by name: adopts its own goal, never duplicates", async () => {
    await armFault(h.emu, { operation: "AddConversionGoals", kind: "commitThenDrop" });
    const c = await h.provider.create(leads);
    assert.equal(h.recorder.soap("AddConversionGoals").length, 1, "Add was not resent");
    assert.equal((c.outs as GoalOutputs).name, "Leads");
    assert.equal((await goals()).length, 1);
  });

  it("resends an ambiguous create that did not land (reset before commit)", async () => {
    await armFault(h.emu, { operation: "AddConversionGoals", kind: "reset" });
    const c = await h.provider.create(leads);
    assert.equal(h.recorder.soap("AddConversionGoals").length, 2);
    assert.equal(c.id, "9007199254741001");
    assert.equal((await goals()).length, 1);
  });

  it("fails an update with a partial error and leaves the state as the account really is", async () => {
    const c = await h.provider.create(leads);
    await h.client.addConversionGoals([{ name: "Taken", goalCategory: "Purchase" }]);
    const e = await rejection<Error & { id: string; properties: GoalOutputs; reasons: string[] }>(h.provider.update(c.id, c.outs, { ...leads, name: "Taken", status: "Paused" }));
    assert.match(e.message, /could not update goal \d+: name: UpdateConversionGoals: 5317 ConversionGoalNameAlreadyExists/);
    assert.equal(e.id, c.id);
    assert.equal(e.properties.name, "Leads");
    assert.equal(e.properties.status, "Active", "the service applied nothing, and the state says so");
    assert.deepEqual(e.properties.__declared, leads, "the previous declaration stays, so the next up tries again");
  });

  it("records a goal that was created but could not be read back, instead of losing it", async () => {
    await armFault(h.emu, { operation: "GetConversionGoalsByIds", kind: "http503", times: 4 });
    const e = await rejection<Error & { id: string; properties: GoalOutputs; reasons: string[] }>(h.provider.create(leads));
    assert.match(e.message, /^goal 9007199254741001 was written but could not be read back: GetConversionGoalsByIds: HttpServiceUnavailable: .*run pulumi refresh/);
    assert.equal(e.id, "9007199254741001", "the engine records the id (ErrorResourceInitFailed)");
    assert.equal(e.properties.name, "Leads");
    assert.deepEqual(e.properties.__declared, leads, "what was sent is recorded as declared");
    assert.equal((await goals()).length, 1);
  });

  it("fails a delete whose rename the service refuses, so the engine keeps the goal", async () => {
    const c = await h.provider.create(leads);
    await h.client.addConversionGoals([{ name: retiredName("Leads", c.id), goalCategory: "Purchase" }]);
    const e = await rejection(h.provider.delete(c.id, c.outs));
    assert.match(e.message, new RegExp(`^could not retire goal ${c.id}: name: UpdateConversionGoals: 5317 ConversionGoalNameAlreadyExists`));
    assert.equal((await goals()).find((g) => g.id === c.id)!.status, "Active", "nothing half-applied");
  });

  it("reads stack config through configure, with MSADS_* fallbacks", async () => {
    const p = await h.configured({ "msads:developerToken": "BBD37VB98", "msads:customerId": "1000001", "msads:endpoint": h.emu.url, "msads:tokenUrl": h.emu.tokenUrl, "msads:clientId": "msads-emulator-client", "msads:refreshToken": "emulator-refresh-token" }, { MSADS_ACCOUNT_ID: "2000001" });
    const c = await p.create(leads);
    assert.equal((c.outs as GoalOutputs).accountId, "2000001");
  });

  it("names the config key and the variable of a missing setting", async () => {
    const p = await h.configured({ "msads:customerId": "1000001", "msads:accountId": "2000001" });
    const e = await rejection(p.create(leads));
    assert.match(e.message, /missing provider setting msads:developerToken \(pulumi config set --secret msads:developerToken …\) or the environment variable MSADS_DEVELOPER_TOKEN/);
    const q = await h.configured({ "msads:developerToken": "BBD37VB98", "msads:accountId": "2000001" });
    assert.match((await rejection(q.create(leads))).message, /msads:customerId .* MSADS_CUSTOMER_ID/);
  });

  it("creates a VariableValue goal without a value, records the service's 0, and plans no change", async () => {
    const sales: Props = { name: "Sales", goalCategory: "Purchase", revenue: { type: "VariableValue" } };
    const c = await h.provider.create(sales);
    const outs = c.outs as GoalOutputs;
    assert.deepEqual(outs.revenue, { type: "VariableValue", value: "0", currencyCode: "USD" });
    // An untouched goal reads back as its outputs and its declaration, unchanged: the service's 0 is no drift.
    assert.deepEqual(await h.provider.read(c.id, outs), { id: c.id, props: outs, inputs: outs.__declared });
    assert.deepEqual(outs.__declared, sales);
    assert.deepEqual(await h.provider.diff(c.id, outs, sales), { changes: false, replaces: [], deleteBeforeReplace: false });
    assert.equal((await h.provider.diff(c.id, outs, { ...sales, revenue: { type: "VariableValue", value: 5 } })).changes, true);
  });

  describe("a legacy goal holding category None (added before June 2021)", () => {
    const legacy = {
      id: "4000001", customerId: "1000001", accountId: "2000001", type: "OfflineConversion", name: "Leads", goalCategory: "None",
      conversionWindowInMinutes: 60, countType: "All", excludeFromBidding: false, revenue: { type: "NoValue", value: null, currencyCode: "USD" },
      scope: "Account", status: "Paused", isExternallyAttributed: false,
    };
    beforeEach(async () => {
      const res = await fetch(`${h.emu.adminUrl}/reset`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...SECRET_SEED, goals: [legacy] }) });
      assert.equal(res.status, 200, await res.text());
    });
    /**
     * The outputs a refresh of the legacy goal records, with `patch` applied, as state from before the declaration
     * was recorded (no __declared): the patched outputs are then the recorded settings.
     */
    const recorded = async (patch: Partial<GoalOutputs> = {}) => ({ ...((await h.provider.read(legacy.id, { customerId: "1000001", accountId: "2000001" })).props as GoalOutputs), __declared: undefined, ...patch });
    const stored = async () => (await goals()).find((g) => g.id === legacy.id)!;

    it("adopts it with adoptExisting and updates it to the declaration, category included", async () => {
      const c = await h.provider.create({ ...leads, adoptExisting: true });
      assert.equal(c.id, legacy.id);
      const outs = c.outs as GoalOutputs;
      assert.deepEqual([outs.goalCategory, outs.status, outs.conversionWindowInMinutes, outs.revenue.type], ["SubmitLeadForm", "Active", 43200, "FixedValue"]);
      assert.match(h.recorder.soap("UpdateConversionGoals")[0].body, /<GoalCategory>SubmitLeadForm<\/GoalCategory>/);
      assert.equal((await h.provider.diff(c.id, outs, { ...leads, adoptExisting: true })).changes, false);
    });

    it("updates it with the declared category when the recorded state shows None", async () => {
      const olds = await recorded();
      assert.equal(olds.goalCategory, "None");
      const outs = (await h.provider.update(legacy.id, olds, leads)).outs as GoalOutputs;
      assert.deepEqual([outs.status, outs.goalCategory], ["Active", "SubmitLeadForm"]);
      assert.match(h.recorder.soap("UpdateConversionGoals")[0].body, /<GoalCategory>SubmitLeadForm<\/GoalCategory>/);
    });

    it("converges when the recorded state wrongly shows a category: the refused update records None, the next one sets it", async () => {
      const base = await recorded();
      // The state says the goal holds the declared category and was declared with another window.
      const olds = { ...base, goalCategory: "SubmitLeadForm", __declared: { ...leads, conversionWindowInMinutes: 60 } as GoalOutputs["__declared"] };
      const e = await h.provider.update(legacy.id, olds, leads).then(() => undefined, (err: unknown) => err as GoalStepError);
      assert.ok(e instanceof GoalStepError, "the first update is refused by the service");
      assert.equal(e.properties.goalCategory, "None", "the step error records what the account holds");
      const outs = (await h.provider.update(legacy.id, e.properties, leads)).outs as GoalOutputs;
      assert.deepEqual([outs.conversionWindowInMinutes, outs.goalCategory], [43200, "SubmitLeadForm"]);
    });

    it("deletes it with the category the state records, pausing and renaming it", async () => {
      await h.provider.delete(legacy.id, await recorded({ goalCategory: "Contact" }));
      const g = await stored();
      assert.deepEqual([g.status, g.name, g.goalCategory], ["Paused", retiredName("Leads", legacy.id), "Contact"]);
    });

    it("deletes it as Other when the state holds None too", async () => {
      const olds = await recorded();
      assert.equal(olds.goalCategory, "None");
      await h.provider.delete(legacy.id, olds);
      const g = await stored();
      assert.deepEqual([g.status, g.name, g.goalCategory], ["Paused", retiredName("Leads", legacy.id), "Other"]);
    });
  });

  it("delete sends a goal that has a category its own, changing nothing but status and name", async () => {
    const c = await h.provider.create({ ...leads, goalCategory: "Contact" });
    // A later deployment (a fresh provider), with a state that records another category than the account holds.
    await h.fresh().delete(c.id, { ...(c.outs as GoalOutputs), goalCategory: "Purchase" });
    assert.match(h.recorder.soap("UpdateConversionGoals")[0].body, /<GoalCategory>Contact<\/GoalCategory>/);
    const [g] = await goals();
    assert.deepEqual([g.status, g.goalCategory], ["Paused", "Contact"]);
  });

  it("manages goals in another account given per resource (agencies)", async () => {
    const c = await h.provider.create({ ...leads, accountId: "2000002" });
    assert.equal((c.outs as GoalOutputs).accountId, "2000002");
    assert.equal((c.outs as GoalOutputs).revenue.currencyCode, "EUR", "the account's currency");
  });
});
