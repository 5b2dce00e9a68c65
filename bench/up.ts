// The provider's own cost under the real Pulumi CLI: N goals (the goals.yaml program against the emulator) against N
// no-op dynamic resources under the same engine and parallelism, operation by operation in alternation, for --reps
// full cycles per size. Prints per operation the median of the paired ratios goals/no-op for CPU (the whole process
// tree of the pulumi run, exact) and wall time, CPU per process kind (sampled), service calls per operation, state
// bytes per resource, a growth table over the sizes, and the targets beside the figures (never asserted).
// Usage: node dist/bench/up.js [--goals 50,200] [--reps 3] [--parallel 100]   (npm run bench:up builds first)
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ensurePulumiCli, PulumiWorkspace, runPulumi, selectStack, startPulumi } from "../scripts/pulumi-cli";
import { packageRoot } from "../wsdl/location";
import { CallCounter, REPORTED_CALLS } from "./support/call-counter";
import { startChildEmulator } from "./support/child-emulator";
import { formatGrowthTable } from "./support/growth-table";
import { ownCpuMs, reapedChildrenCpuMs } from "./support/proc-stat";
import { PROCESS_KINDS, ProcessKind } from "./support/process-kind";
import { ProcessTreeSampler, SAMPLE_INTERVAL_MS } from "./support/process-tree-sampler";
import { stateSize, StateSize } from "./support/state-size";
import { median, medianOfPairedRatios, pairedRatios } from "./support/statistics";
import { evaluateTargets, formatVerdicts } from "./support/targets";
import { parseUpOptions, UpOptions, UsageError } from "./support/up-options";
import { OPERATIONS, Operation, SizeResult } from "./support/up-results";

const STACK = "bench";
// The goal limits are raised so that reps of 1,000 goals (deleted goals stay in the account, paused) never hit
// fault 5326/5327. Without --quiet the emulator logs each request on stderr: the call counts come from there.
const EMULATOR_ARGS = ["--host", "127.0.0.1", "--port", "0", "--goals-per-account", "10000000", "--goals-per-customer", "10000000"];
const EMULATOR_START_MS = 10_000;
// The emulator's documented token endpoint, beside the service on the same origin (README, "Endpoints").
const TOKEN_PATH = "/common/oauth2/v2.0/token";
const RUN_TIMEOUT_MS = 900_000;
const MARKER_TIMEOUT_MS = 10_000;

const ARGS: Record<Operation, string[]> = {
  up: ["up", "--yes", "--skip-preview"],
  preview: ["preview", "--expect-no-changes"],
  refresh: ["refresh", "--yes", "--skip-preview"],
  destroy: ["destroy", "--yes", "--skip-preview"],
};

type Side = "goals" | "noop";

/** One measured `pulumi` run. */
interface Run {
  wallMs: number;
  /** The whole process tree's CPU, exact (cutime + cstime of this process across the awaited run). */
  cpuMs: number;
  /** Sampled per kind (a lower bound per kind). */
  byKind: Record<ProcessKind, number>;
  /** The emulator's own CPU across the run (exact: it is a live child, read from its /proc stat). */
  emulatorCpuMs: number;
  calls: Record<string, number>;
}

interface Bench {
  options: UpOptions;
  goals: PulumiWorkspace;
  noop: PulumiWorkspace;
  emulatorPid: number;
  serviceUrl: URL;
  counter: CallCounter;
}

/** Runs the benchmark and prints its report; resolves with the exit code (0 unless a run fails). */
export async function main(argv: readonly string[]): Promise<number> {
  const options = parseUpOptions(argv);
  ensurePulumiCli();
  const root = path.join(packageRoot, ".data", "bench-up");
  fs.rmSync(root, { recursive: true, force: true });
  const counter = new CallCounter();
  const emulator = await startChildEmulator(path.join(__dirname, "..", "emulator", "cli.js"), EMULATOR_ARGS, EMULATOR_START_MS, undefined, (line) => counter.add(line));
  try {
    const bench: Bench = { options, ...(await workspaces(root, emulator.serviceUrl)), emulatorPid: emulator.pid, serviceUrl: emulator.serviceUrl, counter };
    printPreamble(options);
    const results: SizeResult[] = [];
    for (const size of options.goals) results.push(await measureSize(bench, size));
    console.log("");
    console.log("growth: median of paired ratios goals/no-op per size; last row: ratio at the largest size / at the smallest");
    for (const line of formatGrowthTable(results)) console.log(line);
    console.log("");
    console.log("targets (printed, never asserted):");
    for (const line of formatVerdicts(evaluateTargets(results))) console.log(line);
    return 0;
  } finally {
    await emulator.stop();
  }
}

async function workspaces(root: string, serviceUrl: URL): Promise<{ goals: PulumiWorkspace; noop: PulumiWorkspace }> {
  const goalsDir = path.join(root, "goals", "project");
  fs.mkdirSync(goalsDir, { recursive: true });
  fs.writeFileSync(path.join(goalsDir, "Pulumi.yaml"), `name: bench-goals\nruntime: nodejs\nmain: ${path.join(packageRoot, "dist", "examples", "goals", "index.js")}\n`);
  const goals: PulumiWorkspace = {
    dir: path.join(root, "goals"),
    cwd: goalsDir,
    env: {
      MSADS_ENDPOINT: serviceUrl.toString(),
      MSADS_TOKEN_URL: new URL(TOKEN_PATH, serviceUrl).toString(),
      MSADS_DEVELOPER_TOKEN: "BBD37VB98",
      MSADS_CUSTOMER_ID: "1000001",
      MSADS_ACCOUNT_ID: "2000001",
      MSADS_CLIENT_ID: "msads-emulator-client",
      MSADS_REFRESH_TOKEN: "emulator-refresh-token",
    },
  };
  const noopDir = path.join(root, "noop", "project");
  fs.mkdirSync(noopDir, { recursive: true });
  fs.writeFileSync(path.join(noopDir, "Pulumi.yaml"), `name: bench-noop\nruntime: nodejs\nmain: ${path.join(packageRoot, "dist", "bench", "noop-program", "index.js")}\n`);
  const noop: PulumiWorkspace = { dir: path.join(root, "noop"), cwd: noopDir };
  await selectStack(goals, STACK);
  await selectStack(noop, STACK);
  return { goals, noop };
}

function printPreamble(options: UpOptions): void {
  const cpus = os.cpus().length;
  console.log(`pulumi up/preview/refresh/destroy: N goals (goals.yaml program, emulator in a child process) against N no-op dynamic resources`);
  console.log(`sizes ${options.goals.join(", ")}; ${options.reps} rep(s) of the full cycle per size; --parallel ${options.parallel} on every pulumi command of both stacks`);
  console.log(`  (the engine's default --parallel is 4 × CPUs = ${4 * cpus} here; it caps how many steps run at once, so how many a provider could batch)`);
  console.log(`  operations alternate goals/no-op one by one (the first of each pair alternates between reps); ratios are the median of the per-rep ratios goals/no-op`);
  console.log(`  CPU (exact): the whole process tree of each pulumi run (engine, language host, program, plugins, provider host), from this process's cutime+cstime`);
  console.log(`  CPU by kind (sampled every ${SAMPLE_INTERVAL_MS} ms from /proc/<pid>/stat of the run's descendants, by command line; a lower bound per kind); emulator CPU exact, not in the tree`);
  console.log(`  the no-op resources keep __provider as Pulumi serializes their provider object: the baseline any dynamic resource pays`);
  console.log(`  the goals stack has unmanagedGoals: ${options.unmanagedGoals}${options.unmanagedGoals === "ignore" ? " (the program's check of the whole account, a listing and a stack export per preview and up, is left out; --unmanaged-goals warn measures it)" : " (the goals program's default: its check of the whole account is included)"}`);
}

async function measureSize(bench: Bench, size: number): Promise<SizeResult> {
  const { options, goals, noop } = bench;
  const entries = Array.from({ length: size }, (_, i) => `  goal-${i}:\n    name: Bench goal ${i}\n    goalCategory: Purchase\n    revenue: { type: FixedValue, value: ${i % 50}.25 }\n`);
  fs.writeFileSync(path.join(goals.cwd, "goals.yaml"), `goals:\n${entries.join("")}`);
  const set = await runPulumi(noop, ["config", "set", "count", String(size), "--stack", STACK]);
  if (set.code !== 0) throw new Error(`pulumi config set count failed (${set.code}): ${set.stderr || set.stdout}`);
  const mode = await runPulumi(goals, ["config", "set", "unmanagedGoals", options.unmanagedGoals, "--stack", STACK]);
  if (mode.code !== 0) throw new Error(`pulumi config set unmanagedGoals failed (${mode.code}): ${mode.stderr || mode.stdout}`);

  const runs: Record<Side, Record<Operation, Run[]>> = { goals: emptyRuns(), noop: emptyRuns() };
  const state: Partial<Record<Side, StateSize>> = {};
  for (let rep = 0; rep < options.reps; rep++) {
    const order: Side[] = rep % 2 === 0 ? ["goals", "noop"] : ["noop", "goals"];
    for (const op of OPERATIONS) {
      for (const side of order) {
        const ws = side === "goals" ? goals : noop;
        runs[side][op].push(await measureRun(bench, ws, op, `${side} ${op} (${size}, rep ${rep + 1})`));
        if (op === "up" && rep === 0) state[side] = stateSize(await exportStack(ws));
      }
    }
  }
  const result: SizeResult = {
    goals: size,
    ratios: Object.fromEntries(
      OPERATIONS.map((op) => {
        const g = runs.goals[op];
        const n = runs.noop[op];
        return [op, { cpu: medianOfPairedRatios(g.map((r) => r.cpuMs), n.map((r) => r.cpuMs)), wall: medianOfPairedRatios(g.map((r) => r.wallMs), n.map((r) => r.wallMs)) }];
      }),
    ) as SizeResult["ratios"],
    calls: Object.fromEntries(OPERATIONS.map((op) => [op, mostCalls(runs.goals[op])])) as SizeResult["calls"],
    state: { goals: state.goals!, noop: state.noop! },
  };
  printSize(size, options.reps, runs, result);
  return result;
}

function emptyRuns(): Record<Operation, Run[]> {
  return { up: [], preview: [], refresh: [], destroy: [] };
}

async function measureRun(bench: Bench, ws: PulumiWorkspace, op: Operation, label: string): Promise<Run> {
  const emulatorBefore = ownCpuMs(bench.emulatorPid);
  const cpuBefore = reapedChildrenCpuMs();
  const started = performance.now();
  const run = startPulumi(ws, [...ARGS[op], "--parallel", String(bench.options.parallel), "--stack", STACK], { timeoutMs: RUN_TIMEOUT_MS });
  const sampler = new ProcessTreeSampler(run.child.pid!);
  sampler.start();
  const result = await run.done;
  // "close" comes after the child was reaped, so its tree's time is in cutime by now.
  const wallMs = performance.now() - started;
  const cpuMs = reapedChildrenCpuMs() - cpuBefore;
  const sampled = sampler.stop();
  if (result.code !== 0) throw new Error(`pulumi ${label} failed (${result.code}):\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`);
  const calls = await callsSoFar(bench);
  const emulatorAfter = ownCpuMs(bench.emulatorPid);
  if (emulatorBefore === undefined || emulatorAfter === undefined) throw new Error("the emulator child has gone");
  return { wallMs, cpuMs, byKind: sampled.cpuMsByKind, emulatorCpuMs: emulatorAfter - emulatorBefore, calls };
}

/** The requests logged since the last call: a marker request makes sure the log has been read up to now. */
async function callsSoFar(bench: Bench): Promise<Record<string, number>> {
  const marker = bench.counter.marker("page");
  const res = await fetch(bench.serviceUrl);
  await res.text();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the emulator's request log did not show the marker request within ${MARKER_TIMEOUT_MS / 1000} s`)), MARKER_TIMEOUT_MS);
  });
  try {
    await Promise.race([marker, late]);
  } finally {
    clearTimeout(timer);
  }
  return bench.counter.take();
}

async function exportStack(ws: PulumiWorkspace): Promise<unknown> {
  const r = await runPulumi(ws, ["stack", "export", "--stack", STACK]);
  if (r.code !== 0) throw new Error(`pulumi stack export failed (${r.code}): ${r.stderr || r.stdout}`);
  return JSON.parse(r.stdout);
}

function mostCalls(runs: readonly Run[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of runs) for (const [op, n] of Object.entries(r.calls)) out[op] = Math.max(out[op] ?? 0, n);
  return out;
}

function printSize(size: number, reps: number, runs: Record<Side, Record<Operation, Run[]>>, result: SizeResult): void {
  const s = (ms: number) => (ms / 1000).toFixed(2).padStart(7);
  const med = (list: Run[], pick: (r: Run) => number) => median(list.map(pick));
  console.log("");
  console.log(`== ${size} goals vs ${size} no-op resources, ${reps} rep(s); seconds are medians, ratios the median of paired ratios ==`);
  // The spread of the per-rep ratios says how far the median can be trusted (one rep: no spread to show).
  const ratio = (g: Run[], n: Run[], pick: (r: Run) => number, value: number) => {
    const all = pairedRatios(g.map(pick), n.map(pick));
    const spread = all.length > 1 ? ` [${Math.min(...all).toFixed(2)}–${Math.max(...all).toFixed(2)}]` : "";
    return `${value.toFixed(2)}${spread}`.padEnd(reps > 1 ? 18 : 6);
  };
  console.log(`  operation    CPU goals   no-op  ratio${reps > 1 ? " [min–max]  " : ""}     wall goals   no-op  ratio${reps > 1 ? " [min–max]" : ""}`);
  for (const op of OPERATIONS) {
    const g = runs.goals[op];
    const n = runs.noop[op];
    console.log(
      `  ${op.padEnd(10)} ${s(med(g, (r) => r.cpuMs))} ${s(med(n, (r) => r.cpuMs))}  ${ratio(g, n, (r) => r.cpuMs, result.ratios[op].cpu)}   ` +
        `${s(med(g, (r) => r.wallMs))} ${s(med(n, (r) => r.wallMs))}  ${ratio(g, n, (r) => r.wallMs, result.ratios[op].wall)}`.trimEnd(),
    );
  }
  console.log(`  requests of the goal stack to the emulator (the most of any rep):`);
  for (const op of OPERATIONS) {
    const calls = [...REPORTED_CALLS, ...Object.keys(result.calls[op]).filter((k) => !(REPORTED_CALLS as readonly string[]).includes(k))]
      .map((k) => `${k} ${result.calls[op][k] ?? 0}`)
      .join(", ");
    console.log(`  ${op.padEnd(10)} ${calls}`);
  }
  const noopCalls = OPERATIONS.flatMap((op) => runs.noop[op].flatMap((r) => Object.entries(r.calls))).reduce((sum, [, n]) => sum + n, 0);
  console.log(`  (the no-op stack made ${noopCalls} requests to the emulator in all)`);

  console.log(`  CPU seconds by process kind, medians (kinds sampled; tree and emulator exact):`);
  console.log(`  operation  stack ${PROCESS_KINDS.map((k) => k.padStart(14)).join("")}  sampled sum   tree exact   emulator exact`);
  for (const op of OPERATIONS) {
    for (const side of ["goals", "noop"] as const) {
      const list = runs[side][op];
      const kinds = PROCESS_KINDS.map((k) => s(med(list, (r) => r.byKind[k])).padStart(14)).join("");
      const sum = s(med(list, (r) => PROCESS_KINDS.reduce((t, k) => t + r.byKind[k], 0)));
      console.log(`  ${(side === "goals" ? op : "").padEnd(10)} ${(side === "goals" ? "goals" : "no-op").padEnd(5)} ${kinds}  ${sum.padStart(11)}  ${s(med(list, (r) => r.cpuMs)).padStart(11)}  ${s(med(list, (r) => r.emulatorCpuMs)).padStart(15)}`);
    }
  }
  const st = result.state;
  console.log(
    `  state per resource (compact JSON, median): goals ${st.goals.medianResourceBytes} B (__provider ${st.goals.medianProviderBytes} B of it, inputs + outputs), ` +
      `no-op ${st.noop.medianResourceBytes} B (__provider ${st.noop.medianProviderBytes} B, as Pulumi serializes it); ${st.goals.resources} and ${st.noop.resources} resources`,
  );
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof UsageError ? e.message : String((e as Error)?.stack ?? e));
      process.exit(e instanceof UsageError ? 2 : 1);
    },
  );
}
