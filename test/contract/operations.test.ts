// Contract: the three operations, as a user of the client sees them. Runs against the emulator or the sandbox.
import { strict as assert } from "node:assert";
import { ConversionGoal } from "../../provider/client";
import { createdIds } from "./expect";
import { contract, contractCase } from "./target";

contract("operations (Add, Update, Get)", (target) => {
  contractCase("adds goals and answers one id per goal, in the order sent", async () => {
    const t = target();
    const names = [t.name("first"), t.name("second"), t.name("third")];
    const client = t.client();
    const ids = createdIds(await client.addConversionGoals(names.map((name) => ({ name, goalCategory: "Purchase" }))));
    assert.equal(ids.length, 3);
    const { goals, partialErrors } = await client.getConversionGoalsByIds(ids);
    assert.deepEqual(partialErrors, []);
    assert.deepEqual(goals.map((g) => [g?.id, g?.name]), ids.map((id, i) => [id, names[i]]));
  });

  contractCase("reads back every setting sent with Add", async () => {
    const t = target();
    const sent: ConversionGoal = {
      name: t.name("every setting"),
      goalCategory: "SubmitLeadForm",
      conversionWindowInMinutes: 10080,
      countType: "Unique",
      excludeFromBidding: true,
      revenue: { type: "FixedValue", value: "12.5" },
      scope: "Account",
      status: "Active",
    };
    const client = t.client();
    const [id] = createdIds(await client.addConversionGoals([sent]));
    const [got] = (await client.getConversionGoalsByIds([id])).goals;
    assert.ok(got);
    const { revenue, ...rest } = sent;
    for (const [key, value] of Object.entries({ ...rest, id, type: "OfflineConversion" })) {
      assert.deepEqual(got[key as keyof ConversionGoal], value, key);
    }
    assert.equal(got.revenue?.type, revenue!.type);
    assert.equal(Number(got.revenue?.value), 12.5, "revenue.value, as a number (the scale of the text may differ)");
  });

  contractCase("changes only the fields an update sends", async () => {
    const t = target();
    const name = t.name("partial update");
    const client = t.client();
    const [id] = createdIds(await client.addConversionGoals([{ name, goalCategory: "Contact", conversionWindowInMinutes: 10080, countType: "Unique", excludeFromBidding: true }]));
    const res = await client.updateConversionGoals([{ id, conversionWindowInMinutes: 20160 }]);
    assert.deepEqual(res.partialErrors, []);
    const [got] = (await client.getConversionGoalsByIds([id])).goals;
    assert.deepEqual(
      [got?.name, got?.goalCategory, got?.conversionWindowInMinutes, got?.countType, got?.excludeFromBidding, got?.status],
      [name, "Contact", 20160, "Unique", true, "Active"],
    );
  });

  contractCase("replaces the revenue whole when an update sends one", async () => {
    const t = target();
    const client = t.client();
    const [id] = createdIds(await client.addConversionGoals([{ name: t.name("revenue replaced"), goalCategory: "Purchase", revenue: { type: "FixedValue", value: "5" } }]));
    assert.deepEqual((await client.updateConversionGoals([{ id, revenue: { type: "NoValue" } }])).partialErrors, []);
    const [got] = (await client.getConversionGoalsByIds([id])).goals;
    assert.equal(got?.revenue?.type, "NoValue");
    assert.equal(got?.revenue?.value, undefined, "the old value is gone with the old revenue");
  });

  contractCase("pauses a goal and activates it again; a paused goal is still read and listed", async () => {
    const t = target();
    const client = t.client();
    const [id] = createdIds(await client.addConversionGoals([{ name: t.name("paused"), goalCategory: "Signup" }]));
    assert.deepEqual((await client.updateConversionGoals([{ id, status: "Paused" }])).partialErrors, []);
    assert.equal((await client.getConversionGoalsByIds([id])).goals[0]?.status, "Paused");
    const listed = (await client.listOfflineConversionGoals()).find((g) => g.id === id);
    assert.equal(listed?.status, "Paused", "the account listing includes paused goals");
    assert.deepEqual((await client.updateConversionGoals([{ id, status: "Active" }])).partialErrors, []);
    assert.equal((await client.getConversionGoalsByIds([id])).goals[0]?.status, "Active");
  });

  contractCase("renames a goal in place and frees its old name for another goal", async () => {
    const t = target();
    const client = t.client();
    const before = t.name("before rename");
    const after = t.name("after rename");
    const [id] = createdIds(await client.addConversionGoals([{ name: before, goalCategory: "Purchase" }]));
    assert.deepEqual((await client.updateConversionGoals([{ id, name: after }])).partialErrors, []);
    const [got] = (await client.getConversionGoalsByIds([id])).goals;
    assert.deepEqual([got?.id, got?.name], [id, after]);
    const [reused] = createdIds(await client.addConversionGoals([{ name: before, goalCategory: "Purchase" }]));
    assert.notEqual(reused, id);
  });

  contractCase("lists the goals just added among the account's offline goals", async () => {
    const t = target();
    const client = t.client();
    const names = [t.name("listed a"), t.name("listed b")];
    const ids = createdIds(await client.addConversionGoals(names.map((name) => ({ name, goalCategory: "PageView" }))));
    const listed = await client.listOfflineConversionGoals();
    for (const [i, id] of ids.entries()) {
      const g = listed.find((x) => x.id === id);
      assert.equal(g?.name, names[i], `goal ${id} is listed with its name`);
      assert.equal(g?.type, "OfflineConversion");
    }
  });
});
