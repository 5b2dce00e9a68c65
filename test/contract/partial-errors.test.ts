// Contract: per-goal errors. A call with a bad goal succeeds for the others; the bad one gets a nil id (Add) or nil
// goal (Get) at its own position and a PartialError whose Index points at it.
import { strict as assert } from "node:assert";
import { rejection } from "../support/client";
import { createdIds, errorIndexes, itemError } from "./expect";
import { contract, contractCase, recordingTransport } from "./target";

/** An id no account holds: ids are handed out from far higher up. */
const UNKNOWN_ID = "1";

contract("partial errors", (target) => {
  contractCase("refuses a name the customer already uses, in any letter case, with 5317 at that goal's index and creates the others", async () => {
    const t = target();
    const client = t.client();
    const taken = t.name("Taken Name");
    createdIds(await client.addConversionGoals([{ name: taken, goalCategory: "Purchase" }]));
    const res = await client.addConversionGoals([
      { name: t.name("before taken"), goalCategory: "Purchase" },
      { name: taken.toUpperCase(), goalCategory: "Purchase" },
      { name: t.name("after taken"), goalCategory: "Purchase" },
    ]);
    assert.deepEqual(res.goalIds.map((id) => id !== null), [true, false, true], "ids stay aligned: nil where the goal failed");
    assert.deepEqual(errorIndexes(res.partialErrors), [1]);
    const e = itemError(res.partialErrors, 1, 5317, "ConversionGoalNameAlreadyExists");
    assert.equal(e.goal?.name, taken.toUpperCase(), "the error names the goal it concerns");
  });

  contractCase("refuses two goals of one request with the same name, in any letter case, with 5316 on both", async () => {
    const t = target();
    const twin = t.name("Twin");
    const res = await t.client().addConversionGoals([
      { name: twin, goalCategory: "Purchase" },
      { name: t.name("single"), goalCategory: "Purchase" },
      { name: twin.toLowerCase(), goalCategory: "Contact" },
    ]);
    assert.deepEqual(res.goalIds.map((id) => id !== null), [false, true, false]);
    assert.deepEqual(errorIndexes(res.partialErrors), [0, 2]);
    itemError(res.partialErrors, 0, 5316, "DuplicateConversionGoalName");
    itemError(res.partialErrors, 2, 5316, "DuplicateConversionGoalName");
  });

  contractCase("answers nil and 5314 for an unknown id in Get, aligned with the ids asked for", async () => {
    const t = target();
    const client = t.client();
    const [a, b] = createdIds(await client.addConversionGoals([{ name: t.name("get a"), goalCategory: "Purchase" }, { name: t.name("get b"), goalCategory: "Purchase" }]));
    const res = await client.getConversionGoalsByIds([a, UNKNOWN_ID, b]);
    assert.deepEqual(res.goals.map((g) => g?.id ?? null), [a, null, b]);
    assert.deepEqual(errorIndexes(res.partialErrors), [1]);
    itemError(res.partialErrors, 1, 5314, "InvalidConversionGoalId");
  });

  contractCase("fails the update of an unknown id with 5314 at its index and applies the others", async () => {
    const t = target();
    const client = t.client();
    const [id] = createdIds(await client.addConversionGoals([{ name: t.name("updated beside unknown"), goalCategory: "Purchase" }]));
    const res = await client.updateConversionGoals([{ id: UNKNOWN_ID, status: "Paused" }, { id, countType: "Unique" }]);
    assert.deepEqual(errorIndexes(res.partialErrors), [0]);
    itemError(res.partialErrors, 0, 5314, "InvalidConversionGoalId");
    assert.equal((await client.getConversionGoalsByIds([id])).goals[0]?.countType, "Unique");
  });

  contractCase("refuses a fixed revenue without a value, and a value outside 0 to 9,999,999, with 5333", async () => {
    const t = target();
    const res = await t.client().addConversionGoals([
      { name: t.name("fixed without value"), goalCategory: "Purchase", revenue: { type: "FixedValue" } },
      { name: t.name("negative revenue"), goalCategory: "Purchase", revenue: { type: "FixedValue", value: "-1" } },
      { name: t.name("revenue too high"), goalCategory: "Purchase", revenue: { type: "FixedValue", value: "10000000" } },
      { name: t.name("revenue at the top"), goalCategory: "Purchase", revenue: { type: "FixedValue", value: "9999999" } },
    ]);
    assert.deepEqual(res.goalIds.map((id) => id !== null), [false, false, false, true]);
    for (const i of [0, 1, 2]) itemError(res.partialErrors, i, 5333, "InvalidConversionGoalRevenueValue");
  });

  contractCase("cannot send an unknown revenue type (5332): the client refuses it, naming the field, before any call", async () => {
    const t = target();
    const rec = recordingTransport();
    const e = await rejection<TypeError>(
      t.client({ transport: rec.transport }).addConversionGoals([{ name: t.name("bogus revenue"), goalCategory: "Purchase", revenue: { type: "Bogus" as never, value: "1" } }]),
    );
    assert.ok(e instanceof TypeError);
    assert.match(e.message, /goals\[0\]\.revenue\.type/);
    assert.equal(rec.exchanges.length, 0, "nothing reached the network");
  });

  contractCase("refuses an update to a conversion window out of range with 5337 and leaves the goal as it was", async () => {
    const t = target();
    const client = t.client();
    const [id] = createdIds(await client.addConversionGoals([{ name: t.name("window kept"), goalCategory: "Purchase", conversionWindowInMinutes: 600 }]));
    const res = await client.updateConversionGoals([{ id, conversionWindowInMinutes: 129601, countType: "Unique" }]);
    itemError(res.partialErrors, 0, 5337, "InvalidConversionGoalConversionWindow");
    const [got] = (await client.getConversionGoalsByIds([id])).goals;
    assert.deepEqual([got?.conversionWindowInMinutes, got?.countType], [600, "All"], "a refused goal is not partly updated");
  });

  contractCase("refuses status Deleted with 5328: goals cannot be deleted through the API", async () => {
    const t = target();
    const client = t.client();
    const [id] = createdIds(await client.addConversionGoals([{ name: t.name("not deletable"), goalCategory: "Purchase" }]));
    const res = await client.updateConversionGoals([{ id, status: "Deleted" }]);
    itemError(res.partialErrors, 0, 5328, "InvalidConversionGoalStatus");
    assert.equal((await client.getConversionGoalsByIds([id])).goals[0]?.status, "Active");
  });
});
