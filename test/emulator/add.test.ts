import assert from "node:assert/strict";
import { DEFAULT_SEED, OFFLINE_GOAL_CATEGORIES } from "../../emulator";
import { TestEmulator, accessToken, addGoals, adminState, call, faultErrors, getGoals, partialErrors, startTestEmulator } from "../support/emulator";

describe("emulator: AddConversionGoals", () => {
  let emu: TestEmulator;
  let token: string;
  const us = () => ({ token });

  beforeEach(async () => {
    emu = await startTestEmulator({ limits: { goalsPerAccount: 5, goalsPerCustomer: 7 } });
    token = await accessToken(emu);
  });
  afterEach(() => emu.close());

  it("fills the documented defaults and the account's currency", async () => {
    const r = await addGoals(emu, us(), [{ GoalCategory: "Purchase", Name: "Leads" }]);
    assert.equal(r.status, 200);
    assert.deepEqual(partialErrors(r), []);
    const got = await getGoals(emu, us(), [r.ids[0]!], "OfflineConversion", "GoalCategory IsExternallyAttributed");
    const g = (p: string) => got.str(`//v:ConversionGoal/v:${p}`);
    assert.equal(g("ConversionWindowInMinutes"), "43200");
    assert.equal(g("CountType"), "All");
    assert.equal(g("ExcludeFromBidding"), "false");
    assert.equal(g("Scope"), "Account");
    assert.equal(g("Status"), "Active");
    assert.equal(g("Revenue/v:Type"), "NoValue");
    assert.equal(g("Revenue/v:CurrencyCode"), "USD");
    assert.equal(g("Type"), "OfflineConversion");
    assert.equal(g("IsExternallyAttributed"), "false");
  });

  it("takes the currency of the account the goal is added through", async () => {
    const r = await addGoals(emu, { token, accountId: "2000002" }, [{ GoalCategory: "Contact", Name: "Calls EU" }]);
    const got = await getGoals(emu, { token, accountId: "2000002" }, [r.ids[0]!]);
    assert.equal(got.str("//v:ConversionGoal/v:Revenue/v:CurrencyCode"), "EUR");
  });

  it("returns string ids above 2^53 so that no precision is lost", async () => {
    const r = await addGoals(emu, us(), [{ GoalCategory: "Purchase", Name: "Big id" }]);
    assert.ok(BigInt(r.ids[0]!) > BigInt(Number.MAX_SAFE_INTEGER), r.ids[0]!);
    assert.match(r.ids[0]!, /^[0-9]+$/);
  });

  it("aligns ids with the request: nil for failed items, with an indexed PartialError", async () => {
    const r = await addGoals(emu, us(), [
      { GoalCategory: "Purchase", Name: "A" },
      null,
      { GoalCategory: "Purchase", Name: "B", ConversionWindowInMinutes: 0 },
      { GoalCategory: "Signup", Name: "C" },
    ]);
    assert.equal(r.ids.length, 4);
    assert.ok(r.ids[0] && r.ids[3]);
    assert.equal(r.ids[1], null);
    assert.equal(r.ids[2], null);
    assert.notEqual(r.ids[0], r.ids[3]);
    const errors = partialErrors(r);
    assert.deepEqual(
      errors.map((e) => [e.index, e.code, e.errorCode]),
      [
        [1, 5323, "ConversionGoalIsNull"],
        [2, 5337, "InvalidConversionGoalConversionWindow"],
      ],
    );
    assert.equal(errors[1].message, "The Conversion Window for Conversion Goal is invalid.");
  });

  const itemRules: Array<[string, Record<string, unknown>, number, string]> = [
    ["an Id on add", { Id: "5", GoalCategory: "Purchase", Name: "n" }, 5324, "ConversionGoalIdIsNotNull"],
    ["a missing name", { GoalCategory: "Purchase" }, 5319, "ConversionGoalNameNotPassed"],
    ["an empty name", { GoalCategory: "Purchase", Name: "" }, 5319, "ConversionGoalNameNotPassed"],
    ["a name of 101 characters", { GoalCategory: "Purchase", Name: "x".repeat(101) }, 5320, "InvalidConversionGoalName"],
    ["a name of spaces only", { GoalCategory: "Purchase", Name: "   " }, 5320, "InvalidConversionGoalName"],
    ["status Deleted", { GoalCategory: "Purchase", Name: "n", Status: "Deleted" }, 5328, "InvalidConversionGoalStatus"],
    ["an unknown status", { GoalCategory: "Purchase", Name: "n", Status: "Enabled" }, 5328, "InvalidConversionGoalStatus"],
    ["a Type other than OfflineConversion", { GoalCategory: "Purchase", Name: "n", Type: "Url" }, 5331, "ConversionGoalTypeNotMatched"],
    ["an unknown revenue type", { GoalCategory: "Purchase", Name: "n", Revenue: { Type: "Lots" } }, 5332, "InvalidConversionGoalRevenueType"],
    ["FixedValue without a value", { GoalCategory: "Purchase", Name: "n", Revenue: { Type: "FixedValue" } }, 5333, "InvalidConversionGoalRevenueValue"],
    ["NoValue with a value", { GoalCategory: "Purchase", Name: "n", Revenue: { Type: "NoValue", Value: "3" } }, 5333, "InvalidConversionGoalRevenueValue"],
    ["a negative value", { GoalCategory: "Purchase", Name: "n", Revenue: { Type: "FixedValue", Value: "-1" } }, 5333, "InvalidConversionGoalRevenueValue"],
    ["a value over 9,999,999", { GoalCategory: "Purchase", Name: "n", Revenue: { Type: "FixedValue", Value: "10000000" } }, 5333, "InvalidConversionGoalRevenueValue"],
    ["a window of 0 minutes", { GoalCategory: "Purchase", Name: "n", ConversionWindowInMinutes: 0 }, 5337, "InvalidConversionGoalConversionWindow"],
    ["a window over 90 days", { GoalCategory: "Purchase", Name: "n", ConversionWindowInMinutes: 129601 }, 5337, "InvalidConversionGoalConversionWindow"],
    ["an unknown currency", { GoalCategory: "Purchase", Name: "n", Revenue: { Type: "FixedValue", Value: "1", CurrencyCode: "XXX" } }, 5351, "InvalidGoalCurrencyCode"],
    [
      "Customer scope with a fixed value and no currency",
      { GoalCategory: "Purchase", Name: "n", Scope: "Customer", Revenue: { Type: "FixedValue", Value: "1" } },
      5355,
      "GoalCurrencyCodeIsNull",
    ],
    [
      "Customer scope with a variable value and no currency",
      { GoalCategory: "Purchase", Name: "n", Scope: "Customer", Revenue: { Type: "VariableValue" } },
      5355,
      "GoalCurrencyCodeIsNull",
    ],
    ["a category offline goals do not accept", { GoalCategory: "Download", Name: "n" }, 0, "InternalError"],
    ["category None", { GoalCategory: "None", Name: "n" }, 0, "InternalError"],
    ["no category", { Name: "n" }, 0, "InternalError"],
  ];
  for (const [what, goal, code, errorCode] of itemRules) {
    it(`refuses ${what} with ${code} ${errorCode} and stores nothing`, async () => {
      const r = await addGoals(emu, us(), [goal]);
      assert.equal(r.status, 200);
      assert.deepEqual(r.ids, [null]);
      const errors = partialErrors(r);
      assert.ok(errors.some((e) => e.index === 0 && e.code === code && e.errorCode === errorCode), JSON.stringify(errors));
      assert.equal((await adminState(emu)).goals.length, 0);
    });
  }

  it("names the rule and the accepted categories when a category does not apply to offline goals", async () => {
    const r = await addGoals(emu, us(), [{ GoalCategory: "Download", Name: "n" }]);
    const [e] = partialErrors(r);
    assert.equal(e.fieldPath, "GoalCategory");
    assert.match(e.message, /Download is not supported for offline conversion goals; use one of AddToCart, .*Subscribe/);
  });

  it("accepts every category the reference allows for offline goals", async () => {
    const roomy = await startTestEmulator();
    try {
      const categories = [...OFFLINE_GOAL_CATEGORIES];
      assert.equal(categories.length, 13);
      const r = await addGoals(roomy, { token: await accessToken(roomy) }, categories.map((c) => ({ GoalCategory: c, Name: c })));
      assert.deepEqual(partialErrors(r), []);
      assert.equal(r.ids.filter(Boolean).length, 13);
    } finally {
      await roomy.close();
    }
  });

  it("accepts a Customer-scope goal with a currency and a VariableValue without a value, which is worth 0", async () => {
    const r = await addGoals(emu, us(), [{ GoalCategory: "Purchase", Name: "All accounts", Scope: "Customer", Revenue: { Type: "VariableValue", CurrencyCode: "EUR" } }]);
    assert.deepEqual(partialErrors(r), []);
    const got = await getGoals(emu, { token, accountId: "2000002" }, [r.ids[0]!]);
    assert.equal(got.str("//v:ConversionGoal/v:Scope"), "Customer");
    assert.equal(got.str("//v:ConversionGoal/v:Revenue/v:CurrencyCode"), "EUR");
    // ConversionGoalRevenue.Value: "The default value is effectively 0".
    assert.equal(got.nodes("//v:ConversionGoal/v:Revenue/v:Value[@i:nil='true']").length, 0);
    assert.equal(got.str("//v:ConversionGoal/v:Revenue/v:Value"), "0");
  });

  it("keeps a VariableValue's declared default value, and a NoValue revenue without one", async () => {
    const r = await addGoals(emu, us(), [
      { GoalCategory: "Purchase", Name: "Variable", Revenue: { Type: "VariableValue", Value: "49.90" } },
      { GoalCategory: "Purchase", Name: "Nothing", Revenue: { Type: "NoValue" } },
    ]);
    assert.deepEqual(partialErrors(r), []);
    const got = await getGoals(emu, us(), r.ids as string[]);
    assert.equal(got.str("//v:ConversionGoal[1]/v:Revenue/v:Value"), "49.90");
    assert.equal(got.nodes("//v:ConversionGoal[2]/v:Revenue/v:Value[@i:nil='true']").length, 1);
  });

  it("accepts the goal revenue currencies of the currencies guide, the Turkish lira as TRL", async () => {
    const codes = ["NGN", "PKR", "QAR", "RUB", "UAH", "KZT", "TRL"];
    const roomy = await startTestEmulator();
    try {
      const caller = { token: await accessToken(roomy) };
      const r = await addGoals(roomy, caller, codes.map((c) => ({ GoalCategory: "Purchase", Name: `In ${c}`, Scope: "Customer", Revenue: { Type: "FixedValue", Value: "1", CurrencyCode: c } })));
      assert.deepEqual(partialErrors(r), []);
      const got = await getGoals(roomy, caller, r.ids as string[]);
      assert.deepEqual(got.nodes("//v:ConversionGoal/v:Revenue/v:CurrencyCode").map((n) => n.textContent), codes);
    } finally {
      await roomy.close();
    }
  });

  it("refuses a currency the goal revenue table lacks (TRY, a billing code) with 5351 on Revenue.CurrencyCode", async () => {
    const r = await addGoals(emu, us(), [{ GoalCategory: "Purchase", Name: "Lira", Revenue: { Type: "FixedValue", Value: "1", CurrencyCode: "TRY" } }]);
    assert.deepEqual(r.ids, [null]);
    assert.deepEqual(partialErrors(r).map((e) => [e.code, e.errorCode, e.fieldPath]), [[5351, "InvalidGoalCurrencyCode", "Revenue.CurrencyCode"]]);
  });

  it("keeps the decimal scale of a revenue value as .NET does", async () => {
    const r = await addGoals(emu, us(), [{ GoalCategory: "Purchase", Name: "Deal", Revenue: { Type: "FixedValue", Value: "010.50" } }]);
    const got = await getGoals(emu, us(), [r.ids[0]!]);
    assert.equal(got.str("//v:ConversionGoal/v:Revenue/v:Value"), "10.50");
  });

  it("refuses every item that shares a name within the request with 5316", async () => {
    const r = await addGoals(emu, us(), [
      { GoalCategory: "Purchase", Name: "Twin" },
      { GoalCategory: "Purchase", Name: "twin" },
      { GoalCategory: "Purchase", Name: "Single" },
    ]);
    assert.deepEqual(r.ids.map((id) => id !== null), [false, false, true]);
    assert.deepEqual(partialErrors(r).map((e) => [e.index, e.code]), [[0, 5316], [1, 5316]]);
  });

  it("refuses a name already held in the customer, case-insensitively and from any account, with 5317", async () => {
    await addGoals(emu, us(), [{ GoalCategory: "Purchase", Name: "Leads" }]);
    const r = await addGoals(emu, { token, accountId: "2000002" }, [{ GoalCategory: "Purchase", Name: "LEADS" }]);
    assert.deepEqual(r.ids, [null]);
    assert.deepEqual(partialErrors(r).map((e) => [e.code, e.errorCode]), [[5317, "ConversionGoalNameAlreadyExists"]]);
  });

  it("keeps a paused goal's name taken", async () => {
    await addGoals(emu, us(), [{ GoalCategory: "Purchase", Name: "Old", Status: "Paused" }]);
    const r = await addGoals(emu, us(), [{ GoalCategory: "Purchase", Name: "Old" }]);
    assert.equal(partialErrors(r)[0]?.code, 5317);
  });

  it("enforces the account limit with 5326 and the customer limit with 5327", async () => {
    const five = Array.from({ length: 6 }, (_, i) => ({ GoalCategory: "Purchase", Name: `a${i}` }));
    const r = await addGoals(emu, us(), five);
    assert.deepEqual(r.ids.map((id) => id !== null), [true, true, true, true, true, false]);
    assert.deepEqual(partialErrors(r).map((e) => [e.index, e.code]), [[5, 5326]]);
    // Customer scope does not count against the account, but against the customer (5 + 2 = 7).
    const c = await addGoals(emu, us(), [0, 1, 2].map((i) => ({ GoalCategory: "Purchase", Name: `c${i}`, Scope: "Customer", Revenue: { Type: "NoValue" } })));
    assert.deepEqual(c.ids.map((id) => id !== null), [true, true, false]);
    assert.deepEqual(partialErrors(c).map((e) => [e.index, e.code]), [[2, 5327]]);
  });

  it("answers a fault with 5321 when no goals are passed", async () => {
    for (const body of ["", "<ConversionGoals/>", `<ConversionGoals i:nil="true"/>`]) {
      const r = await call(emu, "AddConversionGoals", us(), body);
      assert.equal(r.status, 500, body);
      assert.deepEqual(faultErrors(r).map((e) => e.code), [5321], body);
    }
  });

  it("answers a fault with 5322 for more than 100 goals and stores none", async () => {
    const goals = Array.from({ length: 101 }, (_, i) => ({ GoalCategory: "Purchase", Name: `g${i}` }));
    const r = await addGoals(emu, us(), goals);
    assert.equal(r.status, 500);
    assert.deepEqual(faultErrors(r).map((e) => [e.code, e.errorCode]), [[5322, "ConversionGoalArrayExceedsLimit"]]);
    assert.equal((await adminState(emu)).goals.length, 0);
  });

  it("turns on MSCLKID auto-tagging for the account, or for every account on Customer scope", async () => {
    await addGoals(emu, us(), [{ GoalCategory: "Purchase", Name: "Acc" }]);
    let accounts = (await adminState(emu)).customers[0].accounts;
    assert.deepEqual(accounts.map((a) => [a.id, a.msclkidAutoTaggingEnabled]), [["2000001", true], ["2000002", false]]);
    await addGoals(emu, us(), [{ GoalCategory: "Purchase", Name: "Cus", Scope: "Customer" }]);
    accounts = (await adminState(emu)).customers[0].accounts;
    assert.deepEqual(accounts.map((a) => a.msclkidAutoTaggingEnabled), [true, true]);
  });

  it("seeds the documented tenancy", () => {
    assert.deepEqual(DEFAULT_SEED.developerTokens, ["BBD37VB98"]);
    assert.deepEqual(DEFAULT_SEED.customers.map((c) => [c.id, c.accounts.map((a) => `${a.id}:${a.currencyCode}`)]), [["1000001", ["2000001:USD", "2000002:EUR"]]]);
  });
});
