import { strict as assert } from "node:assert";
import { BatchTiming, Clock, MIN_QUIET_MS } from "../../provider/resource/batch-timing";

/** A clock that moves only when told, running the timers that come due in order. */
function fakeClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  let timers: Array<{ at: number; fn: () => void }> = [];
  return {
    now: () => now,
    setTimer: (fn, ms) => void timers.push({ at: now + ms, fn }),
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
      }
      now = end;
    },
  };
}

/** Feeds requests every `paceMs` for `count` requests into one queue's timing; returns the sizes of the batches sent. */
function stream(windowMs: number, paceMs: number, count: number): number[] {
  const clock = fakeClock();
  const timing = new BatchTiming(windowMs, clock);
  const sent: number[] = [];
  let open = 0;
  for (let i = 0; i < count; i++) {
    timing.arrived();
    if (open === 0) timing.schedule(() => (sent.push(open), (open = 0)));
    open++;
    clock.advance(paceMs);
  }
  clock.advance(windowMs + 1);
  return sent;
}

describe("resource: when a batch is sent", () => {
  it("keeps a batch open while requests keep coming at a steady pace, up to the window", () => {
    // The engine starts an up's creates about every 35 ms at 200 goals: a fixed 50 ms window made batches of ~6.
    const sizes = stream(2000, 35, 200);
    assert.equal(sizes.reduce((a, b) => a + b, 0), 200);
    // Each batch but the last holds what comes within the window: 2000 / 35 ≈ 57 requests.
    for (const n of sizes.slice(0, -1)) assert.ok(Math.abs(n - 2000 / 35) <= 2, sizes.join(", "));
    assert.equal(sizes.length, 4, sizes.join(", "));
  });

  it("follows a slower pace too: steps 70 ms apart (the engine's pace at 1,000 goals) are not cut into single requests", () => {
    const sizes = stream(2000, 70, 100);
    assert.ok(sizes.length <= 4, `${sizes.length} batches: ${sizes.join(", ")}`);
  });

  it("sends as soon as requests stop coming: a burst goes after the shortest pause, not after the window", () => {
    const clock = fakeClock();
    const timing = new BatchTiming(2000, clock);
    let sentAt: number | undefined;
    for (let i = 0; i < 8; i++) timing.arrived();
    timing.schedule(() => (sentAt = clock.now()));
    clock.advance(5000);
    assert.equal(sentAt, MIN_QUIET_MS);
  });

  it("never keeps a batch open longer than the window, however busy", () => {
    const sizes = stream(100, 10, 50);
    assert.ok(sizes.every((n) => n <= 11), sizes.join(", "));
    assert.equal(sizes.reduce((a, b) => a + b, 0), 50);
  });

  it("does not slow a step that waits for its own answer: a request after its batch was sent teaches no pace", () => {
    // One step's requests one after the other (Add, then the read-back): each waits for the previous answer.
    const clock = fakeClock();
    const timing = new BatchTiming(2000, clock);
    const waits: number[] = [];
    for (let i = 0; i < 10; i++) {
      timing.arrived();
      const asked = clock.now();
      timing.schedule(() => waits.push(clock.now() - asked));
      clock.advance(5000);
      clock.advance(30); // the call
    }
    assert.deepEqual(waits, Array(10).fill(MIN_QUIET_MS));
  });

  it("sends a batch as soon as it holds the most one call may carry, and the next request opens another", async () => {
    const clock = fakeClock();
    const timing = new BatchTiming(2000, clock, 100);
    const sent: number[] = [];
    let open = 0;
    for (let i = 0; i < 101; i++) {
      timing.arrived();
      if (open === 0) timing.schedule(() => (sent.push(open), (open = 0)));
      open++;
      if (i === 99) await Promise.resolve(); // DataLoader has added the 100th: the full batch goes now, no time passed
    }
    assert.deepEqual(sent, [100]);
    clock.advance(5000);
    assert.deepEqual(sent, [100, 1]);
  });

  it("with a window of 0 sends each request at once", () => {
    assert.deepEqual(stream(0, 10, 3), [1, 1, 1]);
  });
});
