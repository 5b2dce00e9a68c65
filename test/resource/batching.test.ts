import { strict as assert } from "node:assert";
import { HttpRequest, Transport } from "../../provider/client";
import { resolveSettings } from "../../provider/resource/config";
import { StepContext } from "../../provider/resource/context";
import { createGoal } from "../../provider/resource/create";
import { GoalOutputs } from "../../provider/resource/outputs";
import { GoalProvider } from "../../provider/resource/provider";
import { readGoalState } from "../../provider/resource/read";
import { GoalInputs } from "../../provider/resource/schema";
import { adminState, armFault } from "../support/emulator";
import { ProviderHarness, resetProviderHarness, startProviderHarness } from "../support/provider";

type Props = Record<string, unknown>;
// Long enough for the steps that one answer releases to join one batch, short enough not to slow the suite.
const WINDOW_MS = 20;

// Concurrent steps of one provider process share their placement's gateway: its calls carry up to 100 goals each,
// and every step still gets its own result and its own error.
describe("resource: batching concurrent steps through the placement's gateway", () => {
  let h: ProviderHarness;
  before(async () => (h = await startProviderHarness()));
  after(() => h.emu.close());
  beforeEach(() => resetProviderHarness(h));

  const operation = (r: HttpRequest) => (r.headers.soapaction ?? "").replace(/"/g, "");
  const adds = () => h.recorder.soap("AddConversionGoals");
  const updates = () => h.recorder.soap("UpdateConversionGoals");
  const isList = (r: HttpRequest) => /<ConversionGoalIds xsi:nil="true">/.test(r.body);
  const lists = () => h.recorder.soap("GetConversionGoalsByIds").filter(isList);
  const gets = () => h.recorder.soap("GetConversionGoalsByIds").filter((r) => !isList(r));
  const idsIn = (r: HttpRequest) => (r.body.match(/:long[^>]*>\d+</g) ?? []).length;
  const namesIn = (r: HttpRequest) => [...r.body.matchAll(/<Name>([^<]*)<\/Name>/g)].map((m) => m[1]);
  const goals = async () => (await adminState(h.emu)).goals as Array<Record<string, unknown>>;
  const clearRecords = () => (h.recorder.requests.length = 0);
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  const extras = (transport: Transport = h.recorder.transport) => ({ transport, sleep: async (ms: number) => void h.sleeps.push(ms), now: h.emu.clock.now, random: () => 0.5 });
  /** A provider process of its own (a deployment), with a short batch window. */
  const provider = (transport?: Transport, env: Record<string, string> = {}) => new GoalProvider({ ...h.env, ...env }, extras(transport), () => {}, { windowMs: WINDOW_MS });
  /** A step context of its own, to look at what its gateways learned. */
  const context = (transport?: Transport) => new StepContext(resolveSettings(undefined, h.env).settings, extras(transport), { windowMs: WINDOW_MS });
  const declared = (prefix: string, n: number, extra: Props = {}): Props[] => range(n).map((i) => ({ name: `${prefix} ${i}`, goalCategory: "Purchase", ...extra }));

  /**
   * Holds the answers of the first `count` calls of `op` until all of them are in, so that the steps they answer go
   * on together (as they do when the answers come back within one window), which keeps the call counts exact.
   */
  function together(op: string, count: number, inner: Transport = h.recorder.transport): Transport {
    const release: Array<() => void> = [];
    return async (req) => {
      const res = await inner(req);
      if (operation(req) === op && release.length < count) {
        const released = new Promise<void>((resolve) => release.push(resolve));
        if (release.length === count) release.forEach((r) => r());
        await released;
      }
      return res;
    };
  }

  it("sends 150 concurrent creates as 2 Add calls and reads them back in 2 Get calls, each step getting its own goal", async () => {
    const p = provider(together("AddConversionGoals", 2));
    const decls = declared("Goal", 150, { revenue: { type: "FixedValue", value: 10 } });
    const created = await Promise.all(decls.map((d) => p.create(d)));
    assert.deepEqual(adds().map((r) => namesIn(r).length), [100, 50]);
    assert.deepEqual(gets().map(idsIn), [100, 50], "a new process proves nothing yet: every goal is read back");
    assert.equal(new Set(created.map((c) => c.id)).size, 150);
    const stored = new Map((await goals()).map((g) => [g.id, g]));
    assert.equal(stored.size, 150);
    created.forEach((c, i) => {
      assert.equal((c.outs as GoalOutputs).name, decls[i].name);
      assert.equal(stored.get(c.id)?.name, decls[i].name, "the id handed to a step is its own goal's");
    });
  });

  it("reads 150 goals for a refresh in 2 Get calls", async () => {
    const created = await Promise.all(declared("Goal", 150).map((d) => provider().create(d)));
    clearRecords();
    const p = provider();
    const read = await Promise.all(created.map((c) => p.read(c.id, c.outs)));
    assert.deepEqual(gets().map(idsIn), [100, 50]);
    read.forEach((r, i) => assert.deepEqual(r.props, created[i].outs));
  });

  it("retires 150 goals with at most 2 Get and 2 Update calls", async () => {
    const created = await Promise.all(declared("Goal", 150).map((d) => provider().create(d)));
    clearRecords();
    const p = provider();
    await Promise.all(created.map((c) => p.delete(c.id, c.outs)));
    assert.equal(gets().length, 2);
    assert.ok(updates().length <= 2, `${updates().length} Update calls`);
    assert.equal(updates().flatMap(namesIn).length, 150);
    assert.ok((await goals()).every((g) => g.status === "Paused" && String(g.name).includes("(removed ")));
  });

  it("fails only the step whose goal the service refuses, with the message it gets alone", async () => {
    const decls = declared("Goal", 50, { revenue: { type: "FixedValue", value: 1 } });
    const bad = { ...decls[17], revenue: { type: "FixedValue", value: 1, currencyCode: "XXX" } };
    decls[17] = bad;
    const p = provider();
    const settled = await Promise.allSettled(decls.map((d) => p.create(d)));
    assert.equal(adds().length, 1);
    settled.forEach((s, i) => assert.equal(s.status, i === 17 ? "rejected" : "fulfilled", `step ${i}`));
    const message = ((settled[17] as PromiseRejectedResult).reason as Error).message;
    assert.match(message, /^revenue\.currencyCode: AddConversionGoals: 535\d \w+: .*\(goal "Goal 17"; index 0; TrackingId /);
    const alone = await provider()
      .create(bad)
      .then(() => assert.fail("created"), (e: Error) => e.message);
    const withoutTracking = (m: string) => m.replace(/TrackingId [^)]*/, "TrackingId …");
    assert.equal(withoutTracking(message), withoutTracking(alone));
    assert.equal((await goals()).length, 49);
  });

  it("fails a goal the client cannot send in its own step, before the others' call", async () => {
    const decls = declared("Goal", 10);
    decls[3] = { ...decls[3], goalCategory: "Bogus" };
    const p = provider();
    const results = await Promise.allSettled(decls.map((d) => p.create(d)));
    assert.deepEqual(results.map((r) => r.status), decls.map((_, i) => (i === 3 ? "rejected" : "fulfilled")));
    assert.match(((results[3] as PromiseRejectedResult).reason as Error).message, /^invalid goals: goals\[0\]\.goalCategory: /);
    assert.deepEqual(adds().map((r) => namesIn(r).length), [9]);
  });

  it("fails only the goals of a call that is throttled after the retries, and they are created once on the next run", async () => {
    await armFault(h.emu, { operation: "AddConversionGoals", kind: "callRateExceeded" });
    const decls = declared("Goal", 150);
    // No 117 sat out, so that the one fault armed fails one call for good, whichever of the two reaches it first.
    const p = provider(undefined, { MSADS_MAX_THROTTLE_RETRIES: "0" });
    const results = await Promise.allSettled(decls.map((d) => p.create(d)));
    const failed = decls.filter((_, i) => results[i].status === "rejected").map((d) => d.name as string);
    const calls = adds().map(namesIn);
    assert.equal(calls.length, 2);
    assert.ok(
      calls.some((names) => JSON.stringify([...names].sort()) === JSON.stringify([...failed].sort())),
      `the failed steps (${failed.length}) are exactly the goals of one call`,
    );
    for (const r of results) if (r.status === "rejected") assert.match((r.reason as Error).message, /^AddConversionGoals: 117 CallRateExceeded/);
    assert.equal((await goals()).length, 150 - failed.length);
    // The next run: the failed goals again (the others are in the state and not created again).
    const again = provider();
    await Promise.all(decls.filter((d) => failed.includes(d.name as string)).map((d) => again.create(d)));
    const byName = new Map<string, number>();
    for (const g of await goals()) byName.set(String(g.name), (byName.get(String(g.name)) ?? 0) + 1);
    assert.equal(byName.size, 150);
    assert.ok([...byName.values()].every((n) => n === 1), "no goal twice");
  });

  it("settles an ambiguous Add of 30 goals by name with one listing: each step takes its own goal, none is duplicated", async () => {
    await armFault(h.emu, { operation: "AddConversionGoals", kind: "commitThenDrop" });
    const decls = declared("Goal", 30, { revenue: { type: "FixedValue", value: "12.50" } });
    const p = provider();
    const created = await Promise.all(decls.map((d) => p.create(d)));
    assert.equal(adds().length, 1, "the Add was not resent");
    assert.equal(lists().length, 1, "the 30 lookups shared one listing");
    const stored = await goals();
    assert.equal(stored.length, 30);
    created.forEach((c, i) => {
      const own = stored.filter((g) => g.name === decls[i].name);
      assert.equal(own.length, 1);
      assert.equal(c.id, own[0].id);
      assert.equal((c.outs as GoalOutputs).revenue.value, "12.5", "the outputs are the listed goal's");
    });
  });

  it("looks up 120 names in one listing (adoption)", async () => {
    const decls = declared("Legacy", 120);
    await h.client.addConversionGoals(decls as never);
    const ids = new Map((await goals()).map((g) => [g.name, g.id]));
    clearRecords();
    const p = provider();
    const adopted = await Promise.all(decls.map((d) => p.create({ ...d, adoptExisting: true })));
    assert.equal(lists().length, 1);
    assert.equal(updates().length, 0, "the goals already match");
    assert.deepEqual(gets().map(idsIn), [100, 20], "adoption keeps its read-back");
    adopted.forEach((a, i) => assert.equal(a.id, ids.get(decls[i].name)));
  });

  it("sends two concurrent creates of one name in separate calls: one creates the goal, the other is told another resource of this update holds it", async () => {
    const p = provider();
    const settled = await Promise.allSettled([p.create({ name: "Dup", goalCategory: "Purchase" }), p.create({ name: "DUP", goalCategory: "Purchase" })]);
    assert.deepEqual(adds().map(namesIn), [["Dup"], ["DUP"]]);
    assert.deepEqual(
      settled.map((s) => s.status),
      ["fulfilled", "rejected"],
    );
    assert.match(((settled[1] as PromiseRejectedResult).reason as Error).message, /^name: cannot create goal "Dup" \(id \d+\): another resource of this stack holds it in this update \(it created it\)/);
    assert.equal((await goals()).length, 1);
  });

  describe("learning what Add fills in, once per account placement", () => {
    const wave = (ctx: StepContext, prefix: string, n: number, extra: Props) => Promise.all(declared(prefix, n, extra).map((d) => createGoal(d as GoalInputs, ctx)));
    /** What a refresh of each goal records, which the create's outputs must equal. */
    const refreshed = (ctx: StepContext, outs: GoalOutputs[]) => Promise.all(outs.map(async (o) => (await readGoalState(o.goalId, o, ctx)).props));

    it("reads back the first batch of a shape, predicts later ones exactly, and reads back a new shape", async () => {
      const ctx = context();
      const fixed = { revenue: { type: "FixedValue", value: 12.5 } };
      await wave(ctx, "First", 10, fixed);
      assert.deepEqual([adds().length, gets().length], [1, 1], "unproven: read back");
      clearRecords();
      const second = await wave(ctx, "Second", 10, fixed);
      assert.deepEqual([adds().length, gets().length], [1, 0], "proven: predicted");
      assert.equal(second[0].outs.revenue.currencyCode, "USD", "the account currency, learned from the first read-back");
      clearRecords();
      await wave(ctx, "Customer", 10, { scope: "Customer", revenue: { type: "FixedValue", value: 12.5, currencyCode: "EUR" } });
      assert.deepEqual([adds().length, gets().length], [1, 1], "a new shape: read back");
      clearRecords();
      await wave(ctx, "Cents", 10, { revenue: { type: "FixedValue", value: 12.25 } });
      assert.deepEqual([adds().length, gets().length], [1, 1], "a value with more decimals is another shape");
      const outs = second.map((c) => c.outs);
      assert.deepEqual(await refreshed(ctx, outs), outs, "the predicted outputs are what a refresh records");
      assert.equal(ctx.gateway({ customerId: "1000001", accountId: "2000001" }).predictions.refuted().length, 0);
    });

    it("learns each account's currency on its own", async () => {
      const ctx = context();
      const fixed = { revenue: { type: "FixedValue", value: 3 } };
      await wave(ctx, "US", 5, fixed);
      await wave(ctx, "EU", 5, { ...fixed, accountId: "2000002" });
      clearRecords();
      const us = await wave(ctx, "US later", 5, fixed);
      const eu = await wave(ctx, "EU later", 5, { ...fixed, accountId: "2000002" });
      assert.equal(gets().length, 0);
      assert.deepEqual([us[0].outs.revenue.currencyCode, eu[0].outs.revenue.currencyCode], ["USD", "EUR"]);
      assert.deepEqual(await refreshed(ctx, eu.map((c) => c.outs)), eu.map((c) => c.outs));
    });

    it("keeps the read-back of a shape the service answers otherwise than predicted, recording what it returned", async () => {
      // A service that spells the value with two decimals.
      const respelling: Transport = async (req) => {
        const res = await h.recorder.transport(req);
        return operation(req) === "GetConversionGoalsByIds" ? { ...res, body: res.body.replace(/<Value>12\.5<\/Value>/g, "<Value>12.50</Value>") } : res;
      };
      const ctx = context(respelling);
      const fixed = { revenue: { type: "FixedValue", value: 12.5 } };
      const first = await wave(ctx, "First", 5, fixed);
      assert.equal(first[0].outs.revenue.value, "12.50", "what the service returned is recorded");
      const [refuted] = ctx.gateway({ customerId: "1000001", accountId: "2000001" }).predictions.refuted();
      assert.equal(refuted.predicted.revenue?.value, "12.5");
      assert.equal(refuted.returned.revenue?.value, "12.50");
      clearRecords();
      const second = await wave(ctx, "Second", 5, fixed);
      assert.deepEqual([adds().length, gets().length], [1, 1], "still read back");
      assert.equal(second[0].outs.revenue.value, "12.50");
    });
  });
});
