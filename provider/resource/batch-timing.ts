/**
 * The shortest pause that ends a batch: requests that arrive together (a refresh's reads) are never split, and a
 * stream of steps started up to this far apart joins one batch and so teaches the pace.
 */
export const MIN_QUIET_MS = 100;

/** Timers and the clock, injectable so that tests run without waiting. */
export interface Clock {
  now(): number;
  setTimer(fn: () => void, ms: number): void;
}

const realClock: Clock = { now: () => performance.now(), setTimer: (fn, ms) => void setTimeout(fn, ms) };

/**
 * When one gateway queue (adds, updates, reads or lookups) sends its open batch. The engine starts steps one at a
 * time, at the pace at which it records each step's pending operation in the checkpoint (a full rewrite of the state
 * per step on the file backend), so the steps of one `up` or `destroy` arrive spread out: about every 35 ms at 200
 * goals on this project's bench, more as the state grows. A fixed window would cut that stream into batches of a few
 * goals. So a batch stays open while requests keep coming, and is sent:
 * - when no request has come for `quiet` ms: twice the recent pace between requests, at least MIN_QUIET_MS and at
 *   most the window. That ends a batch as soon as the stream pauses, which is also what happens when the engine's
 *   --parallel slots are all waiting for this batch. The pace is a moving average of the time between requests
 *   that joined a batch already open: the time from a request to one that comes after its batch was sent may be
 *   the step's own next request, waiting for that answer, and learning from it would make every wait longer;
 * - or when it has been open `windowMs` (msads:batchWindowMilliseconds), whatever comes;
 * - or as soon as it holds `maxBatchSize` requests (100, the service's limit; DataLoader then opens the next).
 * A window of 0 sends every request on the next turn of the event loop. Steps that start more than MIN_QUIET_MS
 * apart from the first go one call each (the engine starts them about 70 ms apart at 1,000 goals).
 */
export class BatchTiming {
  private lastArrival?: number;
  /** Moving average of the time between requests of one batch, in ms. */
  private pace?: number;
  /** The batch requests join now: how many it holds, whether it was sent, and how to send it. */
  private current?: { size: number; sent: boolean; send: () => void };

  constructor(
    private readonly windowMs: number,
    private readonly clock: Clock = realClock,
    private readonly maxBatchSize = Number.POSITIVE_INFINITY,
  ) {}

  /** Told of every request before it joins a batch. */
  arrived(): void {
    const t = this.clock.now();
    const batch = this.current;
    const joins = batch !== undefined && !batch.sent && batch.size < this.maxBatchSize;
    if (joins && this.lastArrival !== undefined) {
      const sample = t - this.lastArrival;
      this.pace = this.pace === undefined ? sample : 0.7 * this.pace + 0.3 * sample;
    }
    this.lastArrival = t;
    if (joins && ++batch.size >= this.maxBatchSize) {
      // Sent once DataLoader has added this request (synchronously, right after this call).
      queueMicrotask(() => this.flush(batch));
    }
  }

  /** How long a pause ends the open batch, in ms. */
  quietMs(): number {
    return Math.min(this.windowMs, Math.max(MIN_QUIET_MS, 2 * (this.pace ?? 0)));
  }

  /** DataLoader's batchScheduleFn: called when a batch opens, with the function that sends it. */
  readonly schedule = (send: () => void): void => {
    const opened = this.clock.now();
    const batch = { size: 1, sent: false, send };
    this.current = batch;
    const check = (): void => {
      if (batch.sent) return;
      const t = this.clock.now();
      const idle = t - (this.lastArrival ?? opened);
      const age = t - opened;
      const quiet = this.quietMs();
      if (idle >= quiet || age >= this.windowMs) this.flush(batch);
      else this.clock.setTimer(check, Math.max(1, Math.min(quiet - idle, this.windowMs - age)));
    };
    this.clock.setTimer(check, Math.min(this.quietMs(), this.windowMs));
  };

  private flush(batch: { sent: boolean; send: () => void }): void {
    if (batch.sent) return;
    batch.sent = true;
    batch.send();
  }
}
