import { strict as assert } from "node:assert";
import { ConversionGoal, MsAdsError } from "../../provider/client";
import { ClientHarness, rejection, useClientHarness } from "../support/client";

const goals = (n: number, prefix = "Goal"): ConversionGoal[] =>
  Array.from({ length: n }, (_, i) => ({ name: `${prefix} ${String(i).padStart(3, "0")}`, goalCategory: "Purchase" }));

describe("client: batches over 100", () => {
  const harness = useClientHarness();
  let h: ClientHarness;
  beforeEach(() => (h = harness()));

  it("splits 250 goals into calls of 100, 100 and 50 and returns the ids in the caller's order", async () => {
    const res = await h.client.addConversionGoals(goals(250));
    const calls = h.recorder.soap("AddConversionGoals");
    assert.deepEqual(calls.map((c) => c.body.match(/<ConversionGoal /g)?.length), [100, 100, 50]);
    assert.equal(res.goalIds.length, 250);
    assert.equal(res.trackingIds.length, 3);
    const { goals: back } = await h.client.getConversionGoalsByIds(res.goalIds as string[]);
    assert.deepEqual(back.map((g) => g?.name), goals(250).map((g) => g.name));
    assert.equal(h.recorder.soap("GetConversionGoalsByIds").length, 3);
  });

  it("re-bases per-goal error indexes onto the caller's list", async () => {
    const list = goals(230);
    list[150] = { name: "", goalCategory: "Purchase" };
    list[229] = { name: "y".repeat(101), goalCategory: "Purchase" };
    const res = await h.client.addConversionGoals(list);
    assert.deepEqual(res.partialErrors.map((e) => [e.index, e.code]), [[150, 5319], [229, 5320]]);
    assert.equal(res.goalIds[150], null);
    assert.equal(res.goalIds[229], null);
    assert.equal(res.goalIds.filter((id) => id !== null).length, 228);
    assert.equal(res.partialErrors[1].goal?.name, "y".repeat(101));
  });

  it("updates 150 goals in two calls with errors re-indexed", async () => {
    const { goalIds } = await h.client.addConversionGoals(goals(150));
    const updates: ConversionGoal[] = goalIds.map((id) => ({ id: id as string, status: "Paused" }));
    updates[120] = { id: "9007199254799999", status: "Paused" };
    const res = await h.client.updateConversionGoals(updates);
    assert.equal(h.recorder.soap("UpdateConversionGoals").length, 2);
    assert.deepEqual(res.partialErrors.map((e) => [e.index, e.code, e.goal?.id]), [[120, 5314, "9007199254799999"]]);
    const all = await h.client.listOfflineConversionGoals();
    assert.equal(all.filter((g) => g.status === "Paused").length, 149);
  });

  it("keeps what earlier batches created on the error when a later batch fails", async () => {
    let adds = 0;
    h.recorder.plan(
      (r) => r.headers.soapaction === '"AddConversionGoals"' && ++adds === 2,
      async () => ({ status: 400, headers: { "content-type": "text/html" }, body: "<html>Bad Request</html>" }),
    );
    const e = await rejection<MsAdsError>(h.client.addConversionGoals(goals(250)));
    assert.ok(e instanceof MsAdsError);
    assert.equal(e.errorCode, "Http400");
    assert.equal(e.completed?.batches, 1);
    assert.equal(e.completed?.goalIds?.length, 100);
    assert.equal(e.completed?.goalIds?.[99], "9007199254741100");
    assert.equal(h.recorder.soap("AddConversionGoals").length, 2, "the third batch is not attempted");
    assert.equal((await h.client.listOfflineConversionGoals()).length, 100);
  });
});
