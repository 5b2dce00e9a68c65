// A closed-loop load generator on node:http: N workers, each sending its next request as soon as the
// previous one is answered, until a deadline. Closed-loop keeps the offered load at what the server
// can take, so latency figures are not inflated by an ever-growing client-side queue.
import * as http from "node:http";
import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";

/** A whole HTTP reply. */
export interface Reply {
  status: number;
  body: string;
}

/** One request of a workload: how to send it and how to tell a correct reply. */
export interface Call {
  send(): Promise<Reply>;
  /** Why the reply is wrong, or undefined when it is right. */
  check(reply: Reply): string | undefined;
}

/** What one timed run measured. */
export interface LoadResult {
  requests: number;
  failures: number;
  /** Failure reasons with their counts, at most MAX_REASONS distinct ones. */
  reasons: Map<string, number>;
  latenciesMs: Float64Array;
  elapsedMs: number;
  /** Replies completed in each whole second since the start. */
  perSecond: number[];
  /** CPU this process used during the run, in ms. */
  clientCpuMs: number;
}

const MAX_REASONS = 10;
// Every request is bounded too, so a server that stops answering cannot keep a run alive.
const REQUEST_TIMEOUT_MS = 10_000;

/** Counts TCP connections made through an agent, to show that keep-alive really reused them. */
export class ConnectionCounter {
  private readonly seen = new WeakSet<Socket>();
  opened = 0;

  /** Records the socket a request was given. */
  note(socket: Socket): void {
    if (this.seen.has(socket)) return;
    this.seen.add(socket);
    this.opened++;
  }
}

/** POSTs a body and reads the whole reply; rejects on network errors and after REQUEST_TIMEOUT_MS. */
export function post(
  agent: http.Agent,
  url: URL,
  headers: http.OutgoingHttpHeaders,
  body: string,
  connections?: ConnectionCounter,
): Promise<Reply> {
  return new Promise<Reply>((resolve, reject) => {
    const req = http.request(
      url,
      { method: "POST", agent, headers: { ...headers, "content-length": Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    if (connections) req.on("socket", (s: Socket) => connections.note(s));
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no reply within ${REQUEST_TIMEOUT_MS / 1000} s`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** Runs `concurrency` closed-loop workers for durationMs, each taking its next call from nextCall. */
export async function runLoad(durationMs: number, concurrency: number, nextCall: () => Call): Promise<LoadResult> {
  const latencies: number[] = [];
  const perSecond: number[] = [];
  const reasons = new Map<string, number>();
  let failures = 0;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const deadline = start + durationMs;

  const record = (began: number, failure: string | undefined) => {
    const ended = performance.now();
    latencies.push(ended - began);
    const second = Math.floor((ended - start) / 1000);
    perSecond[second] = (perSecond[second] ?? 0) + 1;
    if (failure === undefined) return;
    failures++;
    const key = reasons.has(failure) || reasons.size < MAX_REASONS ? failure : "(other reasons)";
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  };
  const worker = async () => {
    while (performance.now() < deadline) {
      const call = nextCall();
      const began = performance.now();
      record(began, await attempt(call));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));

  const cpu = process.cpuUsage(cpuBefore);
  return {
    requests: latencies.length,
    failures,
    reasons,
    latenciesMs: Float64Array.from(latencies).sort(),
    elapsedMs: performance.now() - start,
    perSecond: Array.from(perSecond, (n) => n ?? 0),
    clientCpuMs: (cpu.user + cpu.system) / 1000,
  };
}

async function attempt(call: Call): Promise<string | undefined> {
  try {
    return call.check(await call.send());
  } catch (e) {
    return `network error: ${(e as Error).message}`;
  }
}

/** The p-th percentile (nearest rank) of ascending values; NaN when there are none. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}
