// Contract: scopes and tenancy. Goals belong to the customer: names are unique across its accounts, a
// Customer-scope goal is seen from every account, an Account-scope goal only from its own, and Scope is fixed at
// creation.
import { strict as assert } from "node:assert";
import { createdIds, itemError } from "./expect";
import { contract, contractCase } from "./target";

contract("scopes", (target) => {
  contractCase("keeps the scope a goal was created with: an update that sends another scope succeeds and changes nothing of it", async () => {
    const t = target();
    const client = t.client();
    const [id] = createdIds(await client.addConversionGoals([{ name: t.name("scope fixed"), goalCategory: "Purchase", scope: "Account" }]));
    const res = await client.updateConversionGoals([{ id, scope: "Customer", countType: "Unique" }]);
    assert.deepEqual(res.partialErrors.map((e) => e.message), []);
    const [got] = (await client.getConversionGoalsByIds([id])).goals;
    assert.deepEqual([got?.scope, got?.countType], ["Account", "Unique"], "scope unchanged, the other field applied");
  });

  contractCase("shows a Customer-scope goal from every account of the customer", async () => {
    const t = target();
    const name = t.name("customer scope");
    const [id] = createdIds(await t.client().addConversionGoals([{ name, goalCategory: "Purchase", scope: "Customer" }]));
    const fromSecond = t.client({ account: "second" });
    const res = await fromSecond.getConversionGoalsByIds([id]);
    assert.deepEqual(res.partialErrors, []);
    assert.deepEqual([res.goals[0]?.name, res.goals[0]?.scope], [name, "Customer"]);
    assert.ok((await fromSecond.listOfflineConversionGoals()).some((g) => g.id === id), "listed from the other account too");
    assert.deepEqual((await fromSecond.updateConversionGoals([{ id, countType: "Unique" }])).partialErrors, [], "and updatable from it");
    assert.equal((await t.client().getConversionGoalsByIds([id])).goals[0]?.countType, "Unique");
  });

  contractCase("hides an Account-scope goal from the customer's other accounts: Get answers nil and 5314, the listing leaves it out", async () => {
    const t = target();
    const [id] = createdIds(await t.client().addConversionGoals([{ name: t.name("account scope"), goalCategory: "Purchase", scope: "Account" }]));
    const fromSecond = t.client({ account: "second" });
    const res = await fromSecond.getConversionGoalsByIds([id]);
    assert.deepEqual(res.goals, [null]);
    itemError(res.partialErrors, 0, 5314, "InvalidConversionGoalId");
    assert.equal((await fromSecond.listOfflineConversionGoals()).some((g) => g.id === id), false);
  });

  contractCase("refuses to update an Account-scope goal from another account with 5314 and leaves it unchanged", async () => {
    const t = target();
    const client = t.client();
    const name = t.name("not yours");
    const [id] = createdIds(await client.addConversionGoals([{ name, goalCategory: "Purchase" }]));
    const res = await t.client({ account: "second" }).updateConversionGoals([{ id, status: "Paused" }]);
    itemError(res.partialErrors, 0, 5314, "InvalidConversionGoalId");
    const [got] = (await client.getConversionGoalsByIds([id])).goals;
    assert.deepEqual([got?.name, got?.status], [name, "Active"]);
  });

  contractCase("keeps names unique across the customer's accounts: another account cannot reuse one (5317)", async () => {
    const t = target();
    const name = t.name("customer wide name");
    createdIds(await t.client().addConversionGoals([{ name, goalCategory: "Purchase", scope: "Account" }]));
    const res = await t.client({ account: "second" }).addConversionGoals([{ name, goalCategory: "Purchase", scope: "Account" }]);
    assert.deepEqual(res.goalIds, [null]);
    itemError(res.partialErrors, 0, 5317, "ConversionGoalNameAlreadyExists");
  });

  contractCase("needs a currency for the revenue of a Customer-scope goal, which has no account to take it from (5355)", async () => {
    const t = target();
    const res = await t.client().addConversionGoals([
      { name: t.name("customer revenue without currency"), goalCategory: "Purchase", scope: "Customer", revenue: { type: "FixedValue", value: "3" } },
      { name: t.name("customer revenue in EUR"), goalCategory: "Purchase", scope: "Customer", revenue: { type: "FixedValue", value: "3", currencyCode: "EUR" } },
    ]);
    assert.deepEqual(res.goalIds.map((id) => id !== null), [false, true]);
    itemError(res.partialErrors, 0, 5355, "GoalCurrencyCodeIsNull");
    const [got] = (await t.client().getConversionGoalsByIds([res.goalIds[1]!])).goals;
    assert.deepEqual(got?.revenue?.currencyCode, "EUR");
  });
});
