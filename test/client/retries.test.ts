import { strict as assert } from "node:assert";
import { DEFAULT_RETRY_POLICY, MsAdsError, OutcomeUnknownError, TransportError } from "../../provider/client";
import { backoffDelay } from "../../provider/client/retry";
import { adminState, armFault } from "../support/emulator";
import { ClientHarness, rejection, useClientHarness } from "../support/client";

const A = { name: "Leads", goalCategory: "SubmitLeadForm" as const };

describe("client: retries and the emulator's fault kinds", () => {
  const harness = useClientHarness();
  let h: ClientHarness;
  beforeEach(() => (h = harness()));
  const goalNames = async () => (await adminState(h.emu)).goals.map((g) => g.name);
  const seedGoal = async () => (await h.client.addConversionGoals([A])).goalIds[0] as string;

  for (const kind of ["http500", "http503", "internalError", "reset"] as const) {
    it(`retries Get after ${kind} with backoff and succeeds`, async () => {
      const id = await seedGoal();
      await armFault(h.emu, { operation: "GetConversionGoalsByIds", kind });
      const { goals } = await h.client.getConversionGoalsByIds([id]);
      assert.equal(goals[0]?.name, "Leads");
      assert.equal(h.recorder.soap("GetConversionGoalsByIds").length, 2);
      assert.deepEqual(h.sleeps, [375]);
      assert.deepEqual(h.logs.filter((l) => l.event === "retry").map((l) => l.operation), ["GetConversionGoalsByIds"]);
    });

    it(`retries Update after ${kind}; the change is applied once`, async () => {
      const id = await seedGoal();
      await armFault(h.emu, { operation: "UpdateConversionGoals", kind });
      const res = await h.client.updateConversionGoals([{ id, status: "Paused" }]);
      assert.deepEqual(res.partialErrors, []);
      assert.equal(h.recorder.soap("UpdateConversionGoals").length, 2);
      assert.equal((await h.client.getConversionGoalsByIds([id])).goals[0]?.status, "Paused");
    });
  }

  for (const kind of ["http500", "http503", "internalError", "reset", "commitThenDrop"] as const) {
    it(`does not resend Add after ${kind}: raises OutcomeUnknownError naming the goals`, async () => {
      await armFault(h.emu, { operation: "AddConversionGoals", kind });
      const e = await rejection<OutcomeUnknownError>(h.client.addConversionGoals([A, { name: "Sales", goalCategory: "Purchase" }]));
      assert.ok(e instanceof OutcomeUnknownError, String(e));
      assert.ok(e instanceof MsAdsError);
      assert.equal(e.kind, "outcomeUnknown");
      assert.equal(e.errorCode, "OutcomeUnknown");
      assert.deepEqual(e.goals, [{ index: 0, name: "Leads" }, { index: 1, name: "Sales" }]);
      assert.match(e.message, /may or may not have been created: "Leads", "Sales"\. Look them up by name/);
      assert.equal(h.recorder.soap("AddConversionGoals").length, 1, "Add was sent exactly once");
      assert.deepEqual(h.sleeps, []);
      assert.deepEqual(await goalNames(), kind === "commitThenDrop" ? ["Leads", "Sales"] : []);
    });
  }

  it("retries Update after commit-then-drop: updates are idempotent", async () => {
    const id = await seedGoal();
    await armFault(h.emu, { operation: "UpdateConversionGoals", kind: "commitThenDrop" });
    await h.client.updateConversionGoals([{ id, name: "Leads (renamed)" }]);
    assert.equal(h.recorder.soap("UpdateConversionGoals").length, 2);
    assert.deepEqual(await goalNames(), ["Leads (renamed)"]);
  });

  it("waits the 60-second throttling window after 117 and resends, for Add too", async () => {
    await armFault(h.emu, { operation: "AddConversionGoals", kind: "callRateExceeded" });
    const res = await h.client.addConversionGoals([A]);
    assert.equal(res.goalIds.length, 1);
    assert.deepEqual(h.sleeps, [60_000]);
    assert.equal(h.recorder.soap("AddConversionGoals").length, 2);
    assert.deepEqual(await goalNames(), ["Leads"]);
    assert.deepEqual(h.logs.filter((l) => l.event === "throttled").map((l) => [l.errorCode, l.delayMs]), [["CallRateExceeded", 60_000]]);
  });

  it("gives up after three throttling windows in a row with the 117 error", async () => {
    await armFault(h.emu, { operation: "GetConversionGoalsByIds", kind: "callRateExceeded", times: 10 });
    const e = await rejection<MsAdsError>(h.client.listOfflineConversionGoals());
    assert.equal(e.code, 117);
    assert.equal(e.errorCode, "CallRateExceeded");
    assert.deepEqual(h.sleeps, [60_000, 60_000, 60_000]);
    assert.equal(h.recorder.soap().length, 4);
  });

  it("honours a configured throttle wait", async () => {
    h.client = h.make({ retry: { throttleWaitMs: 5_000 } });
    await armFault(h.emu, { operation: "GetConversionGoalsByIds", kind: "callRateExceeded" });
    await h.client.listOfflineConversionGoals();
    assert.deepEqual(h.sleeps, [5_000]);
  });

  it("bounds attempts for transient failures, doubling the delay each time", async () => {
    await armFault(h.emu, { operation: "GetConversionGoalsByIds", kind: "http503", times: 10 });
    const e = await rejection<MsAdsError>(h.client.listOfflineConversionGoals());
    assert.equal(e.kind, "http");
    assert.equal(e.httpStatus, 503);
    assert.equal(e.errorCode, "HttpServiceUnavailable");
    assert.equal(h.recorder.soap().length, DEFAULT_RETRY_POLICY.maxAttempts);
    assert.deepEqual(h.sleeps, [375, 750, 1500]);
  });

  it("times out a call that takes too long and retries Get", async () => {
    h.client = h.make({ timeoutMs: 250 });
    const id = await seedGoal();
    await armFault(h.emu, { operation: "GetConversionGoalsByIds", kind: "delay", delayMs: 1500 });
    const { goals } = await h.client.getConversionGoalsByIds([id]);
    assert.equal(goals[0]?.id, id);
    assert.deepEqual(h.logs.filter((l) => l.event === "retry").map((l) => l.errorCode), ["Timeout"]);
  });

  it("treats a timed-out Add as outcome unknown: the service may still apply it", async () => {
    h.client = h.make({ timeoutMs: 250 });
    await armFault(h.emu, { operation: "AddConversionGoals", kind: "delay", delayMs: 600 });
    const e = await rejection<OutcomeUnknownError>(h.client.addConversionGoals([A]));
    assert.ok(e instanceof OutcomeUnknownError);
    assert.equal(e.causeError.errorCode, "Timeout");
    assert.equal(h.recorder.soap("AddConversionGoals").length, 1);
    await new Promise((r) => setTimeout(r, 700));
    assert.deepEqual(await goalNames(), ["Leads"], "the delayed Add was applied after the client gave up");
  });

  it("resends Add when the connection failed before the request left", async () => {
    h.recorder.plan(
      (r) => r.headers.soapaction === '"AddConversionGoals"',
      async () => {
        throw new TransportError("connect", false, "could not reach 127.0.0.1: ECONNREFUSED", "ECONNREFUSED");
      },
    );
    const res = await h.client.addConversionGoals([A]);
    assert.equal(res.goalIds.length, 1);
    assert.equal(h.recorder.soap("AddConversionGoals").length, 2);
    assert.deepEqual(await goalNames(), ["Leads"]);
  });

  it("resends Add when the token endpoint failed: the Add itself was never sent", async () => {
    await armFault(h.emu, { operation: "Token", kind: "http503" });
    const res = await h.client.addConversionGoals([A]);
    assert.equal(res.goalIds.length, 1);
    assert.equal(h.recorder.tokenRequests().length, 2);
    assert.equal(h.recorder.soap("AddConversionGoals").length, 1);
  });

  // truncated: a 200 whose JSON was cut short carries no token and no OAuth error, so it is a transient failure.
  for (const kind of ["reset", "commitThenDrop", "http500", "truncated"] as const) {
    it(`retries the token request after ${kind} at the token endpoint`, async () => {
      await armFault(h.emu, { operation: "Token", kind });
      assert.deepEqual(await h.client.listOfflineConversionGoals(), []);
      assert.equal(h.recorder.tokenRequests().length, 2);
    });
  }

  it("treats an unreadable 200 answer to Add as outcome unknown, and retries it for Get", async () => {
    const garbage = async () => ({ status: 200, headers: { "content-type": "text/html" }, body: "<html>captive portal</html>" });
    h.recorder.plan((r) => r.headers.soapaction === '"AddConversionGoals"', garbage);
    const e = await rejection<OutcomeUnknownError>(h.client.addConversionGoals([A]));
    assert.ok(e instanceof OutcomeUnknownError);
    assert.equal(e.causeError.errorCode, "UnreadableResponse");
    h.recorder.plan((r) => r.headers.soapaction === '"GetConversionGoalsByIds"', garbage);
    assert.deepEqual(await h.client.listOfflineConversionGoals(), []);
    assert.equal(h.recorder.soap("GetConversionGoalsByIds").length, 2);
  });

  it("does not retry a definite refusal (1102, a 4xx)", async () => {
    const e = await rejection<MsAdsError>(h.make({ accountId: "2999999" }).listOfflineConversionGoals());
    assert.equal(e.kind, "api");
    assert.equal(h.recorder.soap().length, 1);
    assert.deepEqual(h.sleeps, []);
  });
});

describe("client: backoff", () => {
  const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
  it("doubles per attempt and caps at maxDelayMs", () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, p, () => 0.999999)), [100, 200, 400, 800, 1000, 1000]);
  });
  it("jitters within half to all of the step", () => {
    assert.deepEqual([1, 2, 3].map((a) => backoffDelay(a, p, () => 0)), [50, 100, 200]);
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(3, p, Math.random);
      assert.ok(d >= 200 && d <= 400, String(d));
    }
  });
});
