// Contract: what the service fills in for what a goal leaves out. The provider's diff relies on these defaults to
// show no change after `up`, so a service that changed one would show up here first.
import { strict as assert } from "node:assert";
import { createdIds, itemError } from "./expect";
import { contract, contractCase } from "./target";

contract("defaults", (target) => {
  contractCase("fills in the defaults for a goal added with only a name and a category", async () => {
    const t = target();
    const client = t.client();
    const name = t.name("defaults");
    const [id] = createdIds(await client.addConversionGoals([{ name, goalCategory: "Contact" }]));
    const [got] = (await client.getConversionGoalsByIds([id])).goals;
    assert.ok(got);
    assert.deepEqual(
      {
        id: got.id,
        name: got.name,
        goalCategory: got.goalCategory,
        type: got.type,
        conversionWindowInMinutes: got.conversionWindowInMinutes,
        countType: got.countType,
        revenueType: got.revenue?.type,
        revenueValue: got.revenue?.value,
        excludeFromBidding: got.excludeFromBidding,
        status: got.status,
        scope: got.scope,
        isExternallyAttributed: got.isExternallyAttributed,
      },
      {
        id,
        name,
        goalCategory: "Contact",
        type: "OfflineConversion",
        conversionWindowInMinutes: 43200,
        countType: "All",
        revenueType: "NoValue",
        revenueValue: undefined,
        excludeFromBidding: false,
        status: "Active",
        scope: "Account",
        isExternallyAttributed: false,
      },
    );
  });

  contractCase("gives a fixed revenue without a currency the account's currency", async () => {
    const t = target();
    const client = t.client();
    const [id] = createdIds(await client.addConversionGoals([{ name: t.name("account currency"), goalCategory: "Purchase", revenue: { type: "FixedValue", value: "20" } }]));
    const [got] = (await client.getConversionGoalsByIds([id])).goals;
    assert.match(got?.revenue?.currencyCode ?? "", /^[A-Z]{3}$/, "an ISO 4217 code");
    if (t.primaryCurrency !== undefined) assert.equal(got?.revenue?.currencyCode, t.primaryCurrency);
  });

  contractCase("accepts conversion windows of 1 and 129600 minutes, the bounds, and refuses 0 and 129601 with 5337", async () => {
    const t = target();
    const res = await t.client().addConversionGoals([
      { name: t.name("window 1"), goalCategory: "Purchase", conversionWindowInMinutes: 1 },
      { name: t.name("window 129600"), goalCategory: "Purchase", conversionWindowInMinutes: 129600 },
      { name: t.name("window 0"), goalCategory: "Purchase", conversionWindowInMinutes: 0 },
      { name: t.name("window 129601"), goalCategory: "Purchase", conversionWindowInMinutes: 129601 },
    ]);
    assert.deepEqual(res.goalIds.map((id) => id !== null), [true, true, false, false]);
    itemError(res.partialErrors, 2, 5337, "InvalidConversionGoalConversionWindow");
    itemError(res.partialErrors, 3, 5337, "InvalidConversionGoalConversionWindow");
    const { goals } = await t.client().getConversionGoalsByIds(res.goalIds.slice(0, 2) as string[]);
    assert.deepEqual(goals.map((g) => g?.conversionWindowInMinutes), [1, 129600]);
  });
});
