// Service calls per operation, counted from the emulator's request log (one line per request, written to stderr
// by `msads-emulator` without --quiet; the format is emulator/server.ts's `done`).

/** The operations the benchmark reports by name, in this order; any other is counted under its own name too. */
export const REPORTED_CALLS = ["AddConversionGoals", "GetConversionGoalsByIds", "UpdateConversionGoals", "token"] as const;

/**
 * The operation a request-log line records, or undefined for a line that is not a request (a stack trace, an
 * internal error). The line is `METHOD PATH WHAT STATUS MSms`, WHAT being the SOAP operation name (followed by
 * `code=…` and `TrackingId=…`) or `token issued` / `token <error>` for the OAuth endpoint, or `wsdl`, `page`,
 * `admin`, `not-found`, … for the rest. Every request counts, failed ones included: each is a round trip.
 */
export function operationOfLogLine(line: string): string | undefined {
  const match = /^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) (\S+) (\S+)(?: .*)? (\d{1,3}) [0-9.]+ms$/.exec(line.trim());
  return match ? match[3] : undefined;
}

/**
 * Counts requests by operation between take()s. The log reaches this process through a pipe, so when a run ends
 * its last lines may still be in flight: the caller makes one marker request after the run (a request no run
 * makes, e.g. a GET of the service page, logged as `page`) and awaits marker(): the emulator logs requests in
 * the order it finishes them, so every line of the run has been counted once the marker's line arrives.
 */
export class CallCounter {
  private counts = new Map<string, number>();
  private readonly waiting: Array<{ op: string; resolve: () => void }> = [];

  /** Feeds one log line (lines that are not requests are ignored; an awaited marker's line is not counted). */
  add(line: string): void {
    const op = operationOfLogLine(line);
    if (op === undefined) return;
    const marker = this.waiting.findIndex((w) => w.op === op);
    if (marker >= 0) return this.waiting.splice(marker, 1)[0].resolve();
    this.counts.set(op, (this.counts.get(op) ?? 0) + 1);
  }

  /** Resolves when the next line of operation `op` arrives; that line is not counted. */
  marker(op: string): Promise<void> {
    return new Promise((resolve) => this.waiting.push({ op, resolve }));
  }

  /** The counts since the last take(), and starts counting afresh. */
  take(): Record<string, number> {
    const out = Object.fromEntries(this.counts);
    this.counts = new Map();
    return out;
  }
}

/** Service calls without the token requests: what the targets bound (they allow one token besides). */
export function serviceCalls(counts: Record<string, number>): number {
  return Object.entries(counts).reduce((sum, [op, n]) => (op === "token" ? sum : sum + n), 0);
}
