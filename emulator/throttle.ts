/**
 * Calls allowed per key (a customer) within a sliding window. A refused call is not counted, so a
 * caller that waits out the window always gets through again.
 */
export class SlidingWindowLimiter {
  private readonly calls = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** True when the call may proceed (and is counted); false when the window is full. */
  tryAcquire(key: string, now: number): boolean {
    if (!Number.isFinite(this.limit) || this.limit <= 0) return true;
    let times = this.calls.get(key);
    if (!times) this.calls.set(key, (times = []));
    while (times.length > 0 && times[0] <= now - this.windowMs) times.shift();
    if (times.length >= this.limit) return false;
    times.push(now);
    return true;
  }
}
