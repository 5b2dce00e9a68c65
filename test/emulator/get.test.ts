import assert from "node:assert/strict";
import { DEFAULT_SEED } from "../../emulator";
import { TestEmulator, accessToken, addGoals, faultErrors, getGoals, partialErrors, startTestEmulator } from "../support/emulator";

describe("emulator: GetConversionGoalsByIds", () => {
  let emu: TestEmulator;
  let token: string;
  let ids: { account1: string; account2: string; customer: string };
  const us = () => ({ token });

  before(async () => {
    emu = await startTestEmulator({
      seed: {
        ...DEFAULT_SEED,
        goals: [
          // Goals the API cannot create here: a deleted one (never returned) and a URL goal (another type).
          { id: "77", customerId: "1000001", accountId: "2000001", type: "OfflineConversion", name: "Gone", goalCategory: "Purchase", conversionWindowInMinutes: 43200, countType: "All", excludeFromBidding: false, revenue: { type: "NoValue", value: null, currencyCode: "USD" }, scope: "Account", status: "Deleted", isExternallyAttributed: false },
          { id: "78", customerId: "1000001", accountId: "2000001", type: "Url", name: "Thank-you page", goalCategory: "Purchase", conversionWindowInMinutes: 43200, countType: "All", excludeFromBidding: false, revenue: { type: "NoValue", value: null, currencyCode: "USD" }, scope: "Account", status: "Active", isExternallyAttributed: null },
        ],
      },
    });
    token = await accessToken(emu);
    const a1 = await addGoals(emu, us(), [{ GoalCategory: "Purchase", Name: "A1" }]);
    const a2 = await addGoals(emu, { token, accountId: "2000002" }, [{ GoalCategory: "Purchase", Name: "A2" }]);
    const c = await addGoals(emu, us(), [{ GoalCategory: "Purchase", Name: "C", Scope: "Customer", IsExternallyAttributed: true }]);
    ids = { account1: a1.ids[0]!, account2: a2.ids[0]!, customer: c.ids[0]! };
  });
  after(() => emu.close());

  it("aligns goals with the ids, nil and 5314 where an id is unknown", async () => {
    const r = await getGoals(emu, us(), [ids.account1, "999", ids.customer]);
    assert.equal(r.status, 200);
    const items = r.nodes("//v:ConversionGoals/v:ConversionGoal");
    assert.equal(items.length, 3);
    assert.equal((items[1] as Element).getAttribute("i:nil"), "true");
    assert.equal(r.str("//v:ConversionGoals/v:ConversionGoal[1]/v:Name"), "A1");
    assert.equal(r.str("//v:ConversionGoals/v:ConversionGoal[3]/v:Name"), "C");
    assert.deepEqual(partialErrors(r).map((e) => [e.index, e.code]), [[1, 5314]]);
  });

  it("does not show an Account-scope goal to another account of the customer", async () => {
    const r = await getGoals(emu, us(), [ids.account2]);
    assert.equal(r.nodes("//v:ConversionGoal[@i:nil='true']").length, 1);
    assert.deepEqual(partialErrors(r).map((e) => e.code), [5314]);
  });

  it("returns every visible goal of the requested types when no ids are given, oldest first", async () => {
    const r1 = await getGoals(emu, us(), null);
    assert.deepEqual(r1.nodes("//v:ConversionGoal/v:Name").map((n) => n.textContent), ["A1", "C"]);
    const r2 = await getGoals(emu, { token, accountId: "2000002" }, null);
    assert.deepEqual(r2.nodes("//v:ConversionGoal/v:Name").map((n) => n.textContent), ["A2", "C"]);
  });

  it("never returns a Deleted goal", async () => {
    const r = await getGoals(emu, us(), ["77"]);
    assert.equal(r.nodes("//v:ConversionGoal[@i:nil='true']").length, 1);
    assert.ok(!r.text.includes("Gone"));
  });

  it("reads ConversionGoalTypes as a space-separated list", async () => {
    const both = await getGoals(emu, us(), null, "Url OfflineConversion");
    assert.deepEqual(both.nodes("//v:ConversionGoal/v:Name").map((n) => n.textContent), ["Thank-you page", "A1", "C"]);
    assert.equal(both.nodes("//v:ConversionGoal[@i:type='UrlGoal']").length, 1);
  });

  it("answers nil and 5347 for an id whose goal is of a type not requested", async () => {
    const r = await getGoals(emu, us(), ["78"], "OfflineConversion");
    assert.deepEqual(partialErrors(r).map((e) => [e.index, e.code]), [[0, 5347]]);
  });

  it("returns IsExternallyAttributed and GoalCategory only when ReturnAdditionalFields asks", async () => {
    const plain = await getGoals(emu, us(), [ids.customer]);
    assert.equal(plain.nodes("//v:ConversionGoal/v:IsExternallyAttributed").length, 0);
    assert.equal(plain.nodes("//v:ConversionGoal/v:GoalCategory").length, 0);
    const asked = await getGoals(emu, us(), [ids.customer], "OfflineConversion", "IsExternallyAttributed GoalCategory");
    assert.equal(asked.str("//v:ConversionGoal/v:IsExternallyAttributed"), "true");
    assert.equal(asked.str("//v:ConversionGoal/v:GoalCategory"), "Purchase");
  });

  it("writes goals in the WSDL's element order with the i:type of the derived class", async () => {
    const r = await getGoals(emu, us(), [ids.account1], "OfflineConversion", "GoalCategory IsExternallyAttributed");
    const goal = r.nodes("//v:ConversionGoal")[0] as Element;
    assert.equal(goal.getAttributeNS("http://www.w3.org/2001/XMLSchema-instance", "type"), "OfflineConversionGoal");
    const names = r.nodes("//v:ConversionGoal/*").map((n) => (n as Element).localName);
    assert.deepEqual(names, [
      "ConversionWindowInMinutes",
      "CountType",
      "ExcludeFromBidding",
      "GoalCategory",
      "Id",
      "Name",
      "Revenue",
      "Scope",
      "Status",
      "TagId",
      "TrackingStatus",
      "Type",
      "IsExternallyAttributed",
    ]);
  });

  it("answers a fault with 5318 for more than 100 ids and 5329 without types", async () => {
    const many = Array.from({ length: 101 }, (_, i) => String(i + 1));
    assert.deepEqual(faultErrors(await getGoals(emu, us(), many)).map((e) => e.code), [5318]);
    assert.deepEqual(faultErrors(await getGoals(emu, us(), [ids.account1], "")).map((e) => e.code), [5329]);
  });

  it("accepts exactly 100 ids", async () => {
    const hundred = Array.from({ length: 100 }, (_, i) => (i === 0 ? ids.account1 : String(i + 1000)));
    const r = await getGoals(emu, us(), hundred);
    assert.equal(r.status, 200);
    assert.equal(r.nodes("//v:ConversionGoals/v:ConversionGoal").length, 100);
    assert.equal(partialErrors(r).length, 99);
  });
});
