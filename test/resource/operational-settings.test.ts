import { strict as assert } from "node:assert";
import { armFault } from "../support/emulator";
import { rejection } from "../support/client";
import { ProviderHarness, resetProviderHarness, startProviderHarness } from "../support/provider";

// msads:requestTimeoutSeconds, msads:throttleWaitSeconds, msads:maxThrottleRetries and msads:maxAttempts reach the
// client that every step uses, msads:batchWindowMilliseconds its gateway, and bad values fail naming the key.
describe("resource: operational settings from provider config", () => {
  let h: ProviderHarness;
  before(async () => (h = await startProviderHarness()));
  after(() => h.emu.close());
  beforeEach(() => resetProviderHarness(h));

  const leads = { name: "Leads", goalCategory: "SubmitLeadForm" };
  const config = (extra: Record<string, string>) => ({ ...Object.fromEntries(Object.entries(h.env).map(([k, v]) => [`msads:${camel(k)}`, v])), ...extra });

  it("gives up on a call after msads:requestTimeoutSeconds, trying msads:maxAttempts times", async () => {
    const p = await h.configured(config({ "msads:requestTimeoutSeconds": "1", "msads:maxAttempts": "1" }));
    const c = await p.create(leads);
    await armFault(h.emu, { operation: "GetConversionGoalsByIds", kind: "delay", delayMs: 2500 });
    const started = Date.now();
    const e = await rejection(p.read(c.id, c.outs));
    assert.match(e.message, /GetConversionGoalsByIds: Timeout: .*within 1000 ms/);
    assert.ok(Date.now() - started < 2400, "the 1 s timeout, not the default 60 s, ended the call");
    assert.deepEqual(h.sleeps, [], "one attempt: no backoff");
  });

  it("waits msads:throttleWaitSeconds after 117, at most msads:maxThrottleRetries times", async () => {
    const p = await h.configured(config({ "msads:throttleWaitSeconds": "5", "msads:maxThrottleRetries": "1" }));
    const c = await p.create(leads);
    await armFault(h.emu, { operation: "GetConversionGoalsByIds", kind: "callRateExceeded", times: 2 });
    const e = await rejection(p.read(c.id, c.outs));
    assert.match(e.message, /117 CallRateExceeded/);
    assert.deepEqual(h.sleeps, [5000]);
  });

  it("keeps a batch open while steps keep coming, up to msads:batchWindowMilliseconds", async () => {
    // Ten creates 10 ms apart: the pause that ends a batch (at least 50 ms) never comes while they arrive.
    const paced = async (window: string) => {
      const p = await h.configured(config({ "msads:batchWindowMilliseconds": window }));
      const before = h.recorder.soap("AddConversionGoals").length;
      const steps: Array<Promise<unknown>> = [];
      for (let i = 0; i < 10; i++) {
        steps.push(p.create({ ...leads, name: `Paced ${window} ${i}` }));
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await Promise.all(steps);
      return h.recorder.soap("AddConversionGoals").length - before;
    };
    assert.equal(await paced("2000"), 1);
    // A window shorter than the stream closes the batch while steps still come.
    assert.ok((await paced("20")) >= 2);
  });

  it("takes the settings from MSADS_* variables too", async () => {
    const p = await h.configured(config({}), { MSADS_THROTTLE_WAIT_SECONDS: "7" });
    const c = await p.create(leads);
    await armFault(h.emu, { operation: "GetConversionGoalsByIds", kind: "callRateExceeded" });
    await p.read(c.id, c.outs);
    assert.deepEqual(h.sleeps, [7000]);
  });

  for (const [key, value, range] of [
    ["requestTimeoutSeconds", "0", "1 to 3600"],
    ["requestTimeoutSeconds", "1.5", "1 to 3600"],
    ["throttleWaitSeconds", "soon", "0 to 3600"],
    ["maxThrottleRetries", "101", "0 to 100"],
    ["maxAttempts", "-1", "1 to 20"],
    ["batchWindowMilliseconds", "soon", "0 to 10000"],
  ] as const) {
    it(`refuses msads:${key} = ${JSON.stringify(value)}, naming the key, its variable and the range`, async () => {
      const p = await h.configured(config({ [`msads:${key}`]: value }));
      const expected = new RegExp(`^invalid provider setting msads:${key} .*MSADS_[A-Z_]+: must be a whole number from ${range}, got "${value.replace(".", "\\.")}"`);
      assert.match((await rejection(p.create(leads))).message, expected);
      // A preview only checks and diffs: it fails on the setting too.
      assert.match((await rejection(p.check({}, leads))).message, expected);
      assert.match((await rejection(p.diff("9007199254741001", { ...leads, goalId: "9007199254741001" }, leads))).message, expected);
    });
  }
});

/** MSADS_DEVELOPER_TOKEN → developerToken. */
function camel(variable: string): string {
  return variable.replace(/^MSADS_/, "").toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
