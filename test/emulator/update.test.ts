import assert from "node:assert/strict";
import { DEFAULT_SEED, stateFromSeed } from "../../emulator/state";
import { TestEmulator, accessToken, addGoals, call, faultErrors, getGoals, partialErrors, startTestEmulator, updateGoals } from "../support/emulator";

describe("emulator: UpdateConversionGoals", () => {
  let emu: TestEmulator;
  let token: string;
  let id: string;
  const us = () => ({ token });
  const read = async (goalId = id, accountId?: string) => {
    const r = await getGoals(emu, accountId ? { token, accountId } : { token }, [goalId], "OfflineConversion", "GoalCategory IsExternallyAttributed");
    return (p: string) => r.str(`//v:ConversionGoal/v:${p}`);
  };

  beforeEach(async () => {
    emu = await startTestEmulator();
    token = await accessToken(emu);
    const r = await addGoals(emu, us(), [
      { ConversionWindowInMinutes: 1440, CountType: "Unique", GoalCategory: "SubmitLeadForm", Name: "Leads", Revenue: { Type: "FixedValue", Value: "25", CurrencyCode: "USD" } },
    ]);
    id = r.ids[0]!;
  });
  afterEach(() => emu.close());

  it("changes only the elements present and leaves absent or nil ones unchanged", async () => {
    const xml =
      `<ConversionGoals><ConversionGoal i:type="OfflineConversionGoal"><ConversionWindowInMinutes i:nil="true"/>` +
      `<Id>${id}</Id><Status>Paused</Status></ConversionGoal></ConversionGoals>`;
    const r = await call(emu, "UpdateConversionGoals", us(), xml);
    assert.equal(r.status, 200);
    assert.deepEqual(partialErrors(r), []);
    const g = await read();
    assert.equal(g("Status"), "Paused");
    assert.equal(g("ConversionWindowInMinutes"), "1440");
    assert.equal(g("CountType"), "Unique");
    assert.equal(g("Name"), "Leads");
    assert.equal(g("GoalCategory"), "SubmitLeadForm");
    assert.equal(g("Revenue/v:Value"), "25");
  });

  it("replaces the whole revenue when Revenue is present", async () => {
    const r = await updateGoals(emu, us(), [{ Id: id, Revenue: { Type: "VariableValue" } }]);
    assert.deepEqual(partialErrors(r), []);
    const g = await read();
    assert.equal(g("Revenue/v:Type"), "VariableValue");
    assert.equal(g("Revenue/v:Value"), "0", "a VariableValue without a value is worth 0, as the reference says");
    assert.equal(g("Revenue/v:CurrencyCode"), "USD", "an Account-scope goal falls back to its account's currency");
  });

  it("renames a goal, freeing the old name for another goal", async () => {
    assert.deepEqual(partialErrors(await updateGoals(emu, us(), [{ Id: id, Name: "Leads (retired)" }])), []);
    assert.equal((await read())("Name"), "Leads (retired)");
    const again = await addGoals(emu, us(), [{ GoalCategory: "Purchase", Name: "Leads" }]);
    assert.deepEqual(partialErrors(again), []);
  });

  it("accepts a change of case in a goal's own name", async () => {
    assert.deepEqual(partialErrors(await updateGoals(emu, us(), [{ Id: id, Name: "LEADS" }])), []);
    assert.equal((await read())("Name"), "LEADS");
  });

  it("leaves Scope as it was: the reference makes it read-only and has no error for it", async () => {
    const r = await updateGoals(emu, us(), [{ Id: id, Scope: "Customer", Status: "Paused" }]);
    assert.deepEqual(partialErrors(r), []);
    const g = await read();
    assert.equal(g("Scope"), "Account");
    assert.equal(g("Status"), "Paused");
  });

  it("refuses a change of Type with 5356", async () => {
    const r = await updateGoals(emu, us(), [{ Id: id, Type: "Url" }]);
    assert.deepEqual(partialErrors(r).map((e) => [e.index, e.code, e.errorCode]), [[0, 5356, "GoalTypeCannotBeChanged"]]);
  });

  it("refuses a missing Id with 5325, an unknown one with 5314 and a repeated one with 5315", async () => {
    const r = await updateGoals(emu, us(), [{ Name: "x" }, { Id: "123", Name: "y" }, { Id: id, Status: "Paused" }, { Id: id, Status: "Active" }]);
    assert.deepEqual(
      partialErrors(r).map((e) => [e.index, e.code]),
      [
        [0, 5325],
        [1, 5314],
        [2, 5315],
        [3, 5315],
      ],
    );
    assert.equal((await read())("Status"), "Active", "nothing of a refused item is applied");
  });

  it("refuses a nil goal with 5323 and still applies the valid items", async () => {
    const r = await updateGoals(emu, us(), [null, { Id: id, CountType: "All" }]);
    assert.deepEqual(partialErrors(r).map((e) => [e.index, e.code]), [[0, 5323]]);
    assert.equal((await read())("CountType"), "All");
  });

  it("refuses a name held by another goal with 5317, and two items taking one name with 5316", async () => {
    const other = (await addGoals(emu, us(), [{ GoalCategory: "Purchase", Name: "Sales" }])).ids[0]!;
    const conflict = await updateGoals(emu, us(), [{ Id: id, Name: "sales" }]);
    assert.deepEqual(partialErrors(conflict).map((e) => e.code), [5317]);
    const twins = await updateGoals(emu, us(), [
      { Id: id, Name: "Same" },
      { Id: other, Name: "same" },
    ]);
    assert.deepEqual(partialErrors(twins).map((e) => [e.index, e.code]), [[0, 5316], [1, 5316]]);
  });

  const rules: Array<[string, Record<string, unknown>, number]> = [
    ["an empty name", { Name: "" }, 5320],
    ["a name over 100 characters", { Name: "n".repeat(101) }, 5320],
    ["status Deleted", { Status: "Deleted" }, 5328],
    ["a window over 90 days", { ConversionWindowInMinutes: 200000 }, 5337],
    ["NoValue with a value", { Revenue: { Type: "NoValue", Value: "1" } }, 5333],
    ["an unknown currency", { Revenue: { Type: "FixedValue", Value: "1", CurrencyCode: "ABC" } }, 5351],
    ["category None", { GoalCategory: "None" }, 0],
  ];
  for (const [what, change, code] of rules) {
    it(`refuses ${what} with ${code} and changes nothing`, async () => {
      const r = await updateGoals(emu, us(), [{ Id: id, Status: "Paused", ...change }]);
      assert.ok(partialErrors(r).some((e) => e.index === 0 && e.code === code), JSON.stringify(partialErrors(r)));
      assert.equal((await read())("Status"), "Active");
    });
  }

  it("requires a currency when a Customer-scope goal gets a fixed value (5355)", async () => {
    const c = (await addGoals(emu, us(), [{ GoalCategory: "Purchase", Name: "Everywhere", Scope: "Customer" }])).ids[0]!;
    const r = await updateGoals(emu, us(), [{ Id: c, Revenue: { Type: "FixedValue", Value: "5" } }]);
    assert.deepEqual(partialErrors(r).map((e) => e.code), [5355]);
  });

  it("does not let another account update an Account-scope goal (5314)", async () => {
    const r = await updateGoals(emu, { token, accountId: "2000002" }, [{ Id: id, Status: "Paused" }]);
    assert.deepEqual(partialErrors(r).map((e) => e.code), [5314]);
  });

  it("lets every account of the customer update a Customer-scope goal", async () => {
    const c = (await addGoals(emu, us(), [{ GoalCategory: "Purchase", Name: "Shared", Scope: "Customer" }])).ids[0]!;
    const r = await updateGoals(emu, { token, accountId: "2000002" }, [{ Id: c, ExcludeFromBidding: true }]);
    assert.deepEqual(partialErrors(r), []);
    assert.equal((await read(c, "2000002"))("ExcludeFromBidding"), "true");
  });

  it("answers a fault with 5321 without goals and 5322 over 100", async () => {
    assert.deepEqual(faultErrors(await call(emu, "UpdateConversionGoals", us(), "<ConversionGoals/>")).map((e) => e.code), [5321]);
    const many = Array.from({ length: 101 }, () => ({ Id: id }));
    assert.deepEqual(faultErrors(await updateGoals(emu, us(), many)).map((e) => e.code), [5322]);
  });
});

describe("emulator: legacy goals with category None", () => {
  let emu: TestEmulator;
  let token: string;
  // A goal added before June 2021 without a category: the service set None, which Add no longer accepts.
  const legacy = {
    id: "4000001",
    customerId: "1000001",
    accountId: "2000001",
    type: "OfflineConversion",
    name: "Old leads",
    goalCategory: "None",
    conversionWindowInMinutes: 43200,
    countType: "All",
    excludeFromBidding: false,
    revenue: { type: "NoValue", value: null, currencyCode: "USD" },
    scope: "Account",
    status: "Active",
    isExternallyAttributed: false,
  };
  const us = () => ({ token });
  const category = async () => (await getGoals(emu, us(), [legacy.id], "OfflineConversion", "GoalCategory")).str("//v:ConversionGoal/v:GoalCategory");

  beforeEach(async () => {
    emu = await startTestEmulator({ seed: { ...DEFAULT_SEED, goals: [legacy] } });
    token = await accessToken(emu);
  });
  afterEach(() => emu.close());

  it("returns the legacy goal with GoalCategory None", async () => {
    assert.equal(await category(), "None");
  });

  it("refuses an update of a None goal that carries no category, naming GoalCategory, and changes nothing", async () => {
    const r = await updateGoals(emu, us(), [{ Id: legacy.id, Name: "Old leads (removed)", Status: "Paused" }]);
    const errors = partialErrors(r);
    assert.deepEqual(errors.map((e) => [e.index, e.code, e.errorCode, e.fieldPath]), [[0, 0, "InternalError", "GoalCategory"]]);
    assert.match(errors[0].message, /GoalCategory None \(added before June 2021\): an update must set GoalCategory to one of AddToCart, .*Subscribe/);
    const g = await getGoals(emu, us(), [legacy.id]);
    assert.deepEqual([g.str("//v:ConversionGoal/v:Name"), g.str("//v:ConversionGoal/v:Status")], ["Old leads", "Active"]);
  });

  it("refuses an update that sets the category back to None", async () => {
    const r = await updateGoals(emu, us(), [{ Id: legacy.id, GoalCategory: "None", Status: "Paused" }]);
    assert.deepEqual(partialErrors(r).map((e) => [e.code, e.fieldPath]), [[0, "GoalCategory"]]);
  });

  it("accepts an update of a None goal that sets a category; later updates need none", async () => {
    assert.deepEqual(partialErrors(await updateGoals(emu, us(), [{ Id: legacy.id, GoalCategory: "SubmitLeadForm", Status: "Paused" }])), []);
    assert.equal(await category(), "SubmitLeadForm");
    assert.deepEqual(partialErrors(await updateGoals(emu, us(), [{ Id: legacy.id, Status: "Active" }])), []);
  });

  it("validates seeds: an offline goal may hold None, not another category offline goals refuse", () => {
    assert.equal(stateFromSeed({ ...DEFAULT_SEED, goals: [legacy] }).goals[0].goalCategory, "None");
    assert.throws(() => stateFromSeed({ ...DEFAULT_SEED, goals: [{ ...legacy, goalCategory: "Download" }] }), /invalid emulator seed: goals\.0\.goalCategory: an offline conversion goal holds one of AddToCart, .*or None/);
    assert.throws(() => stateFromSeed({ ...DEFAULT_SEED, goals: [{ ...legacy, goalCategory: null }] }), /goals\.0\.goalCategory/);
    assert.throws(() => stateFromSeed({ ...DEFAULT_SEED, goals: [{ ...legacy, goalCategory: "Leads" }] }), /goals\.0\.goalCategory/);
  });
});
