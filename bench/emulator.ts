// Throughput and latency of the emulator's Get and Add, measured over loopback from a separate process.
// Usage: node dist/bench/emulator.js [--seconds N]   (npm run bench:emulator builds first)
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { ChildEmulator, pinApart, startChildEmulator } from "./support/child-emulator";
import { ownCpuMs, processorOf } from "./support/proc-stat";
import { Call, ConnectionCounter, LoadResult, percentile, runLoad } from "./support/http-load";
import { SoapClient, addedIds, fetchAccessToken, getProblem } from "./support/soap-calls";

const CONNECTIONS = 10;
const WARMUP_MS = 1_000;
const SEED_GOALS = 100;
const TARGET_GET_PER_S = 5_000;
const START_TIMEOUT_MS = 10_000;
const MAX_SECONDS = 600;
const PLACEMENT_SAMPLE_MS = 100;
// Below this share of one core the server was waiting, not computing: a low rate is then not its own doing.
const SERVER_BUSY_CPU = 0.9;
const SHARED_CORE = 0.5;
// The limits are raised so that thousands of Adds per second never hit fault 5326/5327 mid-run.
const EMULATOR_ARGS = ["--host", "127.0.0.1", "--port", "0", "--quiet", "--goals-per-account", "1000000", "--goals-per-customer", "1000000"];
const USAGE = "usage: node dist/bench/emulator.js [--seconds N]   (N whole seconds per operation, default 5)";

interface Measured {
  name: string;
  result: LoadResult;
  serverCpuMs: number | undefined;
  /** Share of samples in which the server and the load generator had last run on the same CPU. */
  sameCoreShare: number | undefined;
}

/** Runs the benchmark and prints its table; resolves with the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const seconds = parseSeconds(argv);
  const cli = path.join(__dirname, "..", "emulator", "cli.js");
  const pinned = pinApart();
  const emulator = await startChildEmulator(cli, EMULATOR_ARGS, START_TIMEOUT_MS, pinned?.emulator);
  console.log(pinned ? `pinned: load generator on cpu ${pinned.self}, emulator on cpu ${pinned.emulator}` : "not pinned (taskset unavailable or one cpu): figures depend on where the scheduler puts both processes");
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  try {
    return await benchmark(emulator, agent, seconds);
  } finally {
    agent.destroy();
    await emulator.stop();
  }
}

function parseSeconds(argv: readonly string[]): number {
  const { values } = parseArgs({ args: [...argv], options: { seconds: { type: "string", default: "5" } }, strict: true });
  const text = values.seconds;
  const seconds = Number(text);
  if (!/^[0-9]+$/.test(text) || seconds < 1 || seconds > MAX_SECONDS) {
    throw new UsageError(`--seconds must be a whole number from 1 to ${MAX_SECONDS}, not '${text}'`);
  }
  return seconds;
}

class UsageError extends Error {}

async function benchmark(emulator: ChildEmulator, agent: http.Agent, seconds: number): Promise<number> {
  assertLoopback(emulator.serviceUrl);
  console.log(
    `msads-emulator benchmark (server in a child process, pid ${emulator.pid}; ${CONNECTIONS} keep-alive connections; ` +
      `${seconds} s each; ${os.cpus().length} cpus; node ${process.version})`,
  );
  const connections = new ConnectionCounter();
  const client = new SoapClient(agent, emulator.serviceUrl, await fetchAccessToken(agent, emulator.serviceUrl), connections);
  const runTag = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  const ids = await seedGoals(client, runTag);
  const nextGet = getCalls(client, ids);

  const warmup = await measure("warm-up", emulator.pid, WARMUP_MS, alternate(nextGet, addCalls(client, `${runTag}-w`)));
  const get = await measure("Get", emulator.pid, seconds * 1000, nextGet);
  const add = await measure("Add", emulator.pid, seconds * 1000, addCalls(client, `${runTag}-m`));

  printTable(seconds, [get, add]);
  console.log(`warm-up: ${warmup.result.requests} requests (Get and Add alternating, ${WARMUP_MS / 1000} s), ${warmup.result.failures} failures`);
  console.log(`TCP connections opened: ${connections.opened} for ${totalRequests([warmup, get, add])} requests`);
  printTarget(get);
  return reportFailures([warmup, get, add]);
}

function assertLoopback(url: URL): void {
  if (!["127.0.0.1", "[::1]", "localhost"].includes(url.hostname)) {
    throw new Error(`the emulator listens on ${url.hostname}, not on loopback; refusing to load it`);
  }
}

// Ids are read back from the service rather than assumed, so Get measures real, existing goals.
async function seedGoals(client: SoapClient, runTag: string): Promise<string[]> {
  const names = Array.from({ length: SEED_GOALS }, (_, i) => `bench-${runTag}-seed-${i}`);
  const reply = await client.send("AddConversionGoals", client.addBody(names));
  const added = addedIds(reply, SEED_GOALS);
  if ("error" in added) throw new Error(`adding the ${SEED_GOALS} seed goals failed: ${added.error}`);
  return added.ids;
}

// Bodies are prepared once: building them per request would spend load-generator CPU on every call.
function getCalls(client: SoapClient, ids: readonly string[]): () => Call {
  const bodies = ids.map((id) => client.getBody(id));
  let next = 0;
  return () => {
    const i = next++ % ids.length;
    return { send: () => client.send("GetConversionGoalsByIds", bodies[i]), check: (reply) => getProblem(reply, ids[i]) };
  };
}

function addCalls(client: SoapClient, prefix: string): () => Call {
  let next = 0;
  return () => {
    const body = client.addBody([`bench-${prefix}-${next++}`]);
    return {
      send: () => client.send("AddConversionGoals", body),
      check: (reply) => {
        const added = addedIds(reply, 1);
        return "error" in added ? added.error : undefined;
      },
    };
  };
}

function alternate(a: () => Call, b: () => Call): () => Call {
  let turn = 0;
  return () => (turn++ % 2 === 0 ? a() : b());
}

async function measure(name: string, serverPid: number, durationMs: number, nextCall: () => Call): Promise<Measured> {
  const placement = samplePlacement(serverPid);
  const cpuBefore = ownCpuMs(serverPid);
  try {
    const result = await runLoad(durationMs, CONNECTIONS, nextCall);
    const cpuAfter = ownCpuMs(serverPid);
    const serverCpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
    return { name, result, serverCpuMs, sameCoreShare: placement.sameCoreShare() };
  } finally {
    placement.stop();
  }
}

// The scheduler may keep two processes that wake each other on one core, which caps throughput at
// what one core can do for both; sampling where each last ran shows whether that happened.
function samplePlacement(serverPid: number): { sameCoreShare(): number | undefined; stop(): void } {
  let samples = 0;
  let same = 0;
  const timer = setInterval(() => {
    const server = processorOf(serverPid);
    const client = processorOf(process.pid);
    if (server === undefined || client === undefined) return;
    samples++;
    if (server === client) same++;
  }, PLACEMENT_SAMPLE_MS);
  return { sameCoreShare: () => (samples === 0 ? undefined : same / samples), stop: () => clearInterval(timer) };
}

const COLUMNS: Array<[string, number]> = [
  ["operation", -10],
  ["requests", 9],
  ["req/s", 8],
  ["p50 ms", 8],
  ["p99 ms", 8],
  ["failures", 9],
  ["1st s", 7],
  ["last s", 7],
  ["server cpu", 11],
  ["client cpu", 11],
  ["same core", 10],
];

function printTable(seconds: number, rows: readonly Measured[]): void {
  console.log(formatRow(COLUMNS.map(([title]) => title)));
  for (const m of rows) console.log(formatRow(rowCells(m, seconds)));
  console.log("(1st s / last s: replies completed in the first and last second; cpu: % of one core; same core: share of");
  console.log(" samples in which server and load generator had last run on the same CPU)");
}

function rowCells({ name, result, serverCpuMs, sameCoreShare }: Measured, seconds: number): string[] {
  const lat = result.latenciesMs;
  return [
    name,
    String(result.requests),
    reqPerSecond(result).toFixed(0),
    percentile(lat, 50).toFixed(2),
    percentile(lat, 99).toFixed(2),
    String(result.failures),
    String(result.perSecond[0] ?? 0),
    String(result.perSecond[seconds - 1] ?? 0),
    serverCpuMs === undefined ? "n/a" : `${((100 * serverCpuMs) / result.elapsedMs).toFixed(0)}%`,
    `${((100 * result.clientCpuMs) / result.elapsedMs).toFixed(0)}%`,
    sameCoreShare === undefined ? "n/a" : `${(100 * sameCoreShare).toFixed(0)}%`,
  ];
}

function formatRow(cells: readonly string[]): string {
  return cells
    .map((cell, i) => {
      const width = COLUMNS[i][1];
      return width < 0 ? cell.padEnd(-width) : cell.padStart(width);
    })
    .join(" ")
    .trimEnd();
}

function reqPerSecond(result: LoadResult): number {
  return result.requests / (result.elapsedMs / 1000);
}

function totalRequests(runs: readonly Measured[]): number {
  return runs.reduce((sum, m) => sum + m.result.requests, 0);
}

function printTarget({ result, serverCpuMs, sameCoreShare }: Measured): void {
  const rate = reqPerSecond(result);
  const verdict = rate >= TARGET_GET_PER_S ? "PASS" : `BELOW TARGET (${rate.toFixed(0)} req/s)`;
  console.log(`target: Get >= ${TARGET_GET_PER_S} req/s: ${verdict}`);
  if (rate >= TARGET_GET_PER_S || serverCpuMs === undefined) return;
  const busy = serverCpuMs / result.elapsedMs;
  if (busy >= SERVER_BUSY_CPU) return;
  console.log(`note: the server was busy only ${(100 * busy).toFixed(0)}% of one core, so its own CPU cost was not the limit`);
  if (sameCoreShare !== undefined && sameCoreShare >= SHARED_CORE) {
    console.log(
      `      it ran on the same core as the load generator in ${(100 * sameCoreShare).toFixed(0)}% of samples: ` +
        "the two processes took turns on one core instead of running side by side",
    );
  }
}

function reportFailures(runs: readonly Measured[]): number {
  const failed = runs.filter((m) => m.result.failures > 0);
  for (const m of failed) {
    console.log(`${m.name} failures:`);
    for (const [reason, count] of m.result.reasons) console.log(`  ${count} x ${reason}`);
  }
  if (failed.length === 0) return 0;
  console.log(`FAILED: ${failed.reduce((n, m) => n + m.result.failures, 0)} wrong or missing replies`);
  return 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      const usage = e instanceof UsageError || (e as { code?: string })?.code?.startsWith("ERR_PARSE_ARGS");
      console.error(`bench:emulator: ${(e as Error)?.message ?? String(e)}${usage ? `\n${USAGE}` : ""}`);
      process.exitCode = usage ? 2 : 1;
    },
  );
}
