// Wall time of up, preview, refresh and destroy for N goals with the real Pulumi CLI against the emulator, and for
// N no-op dynamic resources under the same engine (the ratio is the provider's own cost); service calls per
// operation; __provider bytes per resource in state. Usage: node dist/bench/up.js [--goals N]
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { startEmulator } from "../emulator";
import { ensurePulumiCli, PulumiWorkspace, runPulumi, selectStack } from "../scripts/pulumi-cli";
import { packageRoot } from "../wsdl/location";

const TARGET_RATIO = 1.3;
const OPERATIONS = ["up", "preview", "refresh", "destroy"] as const;
type Op = (typeof OPERATIONS)[number];

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { goals: { type: "string", default: "200" } } });
  const n = Number(values.goals);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error("--goals must be a whole number from 1 to 1000");
  ensurePulumiCli();
  const root = path.join(packageRoot, ".data", "bench-up");
  fs.rmSync(root, { recursive: true, force: true });

  const calls: string[] = [];
  const emu = await startEmulator({ log: (line) => calls.push(line), limits: { goalsPerAccount: 100_000, goalsPerCustomer: 100_000 } });
  try {
    const goalsDir = path.join(root, "goals", "project");
    fs.mkdirSync(goalsDir, { recursive: true });
    fs.writeFileSync(path.join(goalsDir, "Pulumi.yaml"), `name: bench-goals\nruntime: nodejs\nmain: ${path.join(packageRoot, "dist", "examples", "goals", "index.js")}\n`);
    const entries = Array.from({ length: n }, (_, i) => `  goal-${i}:\n    name: Bench goal ${i}\n    goalCategory: Purchase\n    revenue: { type: FixedValue, value: ${i % 50}.25 }\n`);
    fs.writeFileSync(path.join(goalsDir, "goals.yaml"), `goals:\n${entries.join("")}`);
    const goals: PulumiWorkspace = {
      dir: path.join(root, "goals"),
      cwd: goalsDir,
      env: {
        MSADS_ENDPOINT: emu.url, MSADS_TOKEN_URL: emu.tokenUrl, MSADS_DEVELOPER_TOKEN: "BBD37VB98", MSADS_CUSTOMER_ID: "1000001",
        MSADS_ACCOUNT_ID: "2000001", MSADS_CLIENT_ID: "msads-emulator-client", MSADS_REFRESH_TOKEN: "emulator-refresh-token",
      },
    };
    const noopDir = path.join(root, "noop", "project");
    fs.mkdirSync(noopDir, { recursive: true });
    fs.writeFileSync(path.join(noopDir, "Pulumi.yaml"), `name: bench-noop\nruntime: nodejs\nmain: ${path.join(packageRoot, "dist", "bench", "noop-program", "index.js")}\n`);
    const noop: PulumiWorkspace = { dir: path.join(root, "noop"), cwd: noopDir };

    const goalTimes = await measure(goals, calls);
    const bytes = providerBytes(goals);
    const noopTimes = await measure(noop, [], n);

    console.log(`pulumi up/preview/refresh/destroy, ${n} resources, wall seconds (real CLI, emulator in-process):`);
    console.log(`  operation   goals   no-op   ratio   service calls (goals)`);
    let pass = true;
    for (const op of OPERATIONS) {
      const ratio = goalTimes[op].seconds / noopTimes[op].seconds;
      if ((op === "up" || op === "refresh") && ratio > TARGET_RATIO) pass = false;
      const byOp = Object.entries(goalTimes[op].calls).map(([k, v]) => `${k} ${v}`).join(", ") || "none";
      console.log(`  ${op.padEnd(10)} ${goalTimes[op].seconds.toFixed(2).padStart(6)}  ${noopTimes[op].seconds.toFixed(2).padStart(6)}  ${ratio.toFixed(2).padStart(6)}   ${byOp}`);
    }
    console.log(`__provider in state: ${bytes.min}–${bytes.max} bytes per resource (${bytes.count} resources)`);
    console.log(`target: ratio <= ${TARGET_RATIO} for up and refresh: ${pass ? "PASS" : "BELOW TARGET"}`);
    return 0;
  } finally {
    await emu.close();
  }
}

async function measure(ws: PulumiWorkspace, calls: string[], count?: number): Promise<Record<Op, { seconds: number; calls: Record<string, number> }>> {
  await selectStack(ws, "bench");
  if (count !== undefined) {
    const r = await runPulumi(ws, ["config", "set", "count", String(count), "--stack", "bench"]);
    if (r.code !== 0) throw new Error(r.stderr);
  }
  const args: Record<Op, string[]> = {
    up: ["up", "--yes", "--skip-preview"],
    preview: ["preview", "--expect-no-changes"],
    refresh: ["refresh", "--yes", "--skip-preview"],
    destroy: ["destroy", "--yes", "--skip-preview"],
  };
  const out = {} as Record<Op, { seconds: number; calls: Record<string, number> }>;
  for (const op of OPERATIONS) {
    calls.length = 0;
    const t = performance.now();
    const r = await runPulumi(ws, [...args[op], "--stack", "bench"]);
    const seconds = (performance.now() - t) / 1000;
    if (r.code !== 0) throw new Error(`pulumi ${op} failed (${r.code}):\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
    const counted: Record<string, number> = {};
    for (const line of calls) {
      const m = /(AddConversionGoals|UpdateConversionGoals|GetConversionGoalsByIds|token)/.exec(line);
      if (m) counted[m[1]] = (counted[m[1]] ?? 0) + 1;
    }
    out[op] = { seconds, calls: counted };
    if (op === "up" && ws.cwd.includes("goals")) {
      const exported = await runPulumi(ws, ["stack", "export", "--stack", "bench"]);
      fs.writeFileSync(path.join(ws.dir, "export.json"), exported.stdout);
    }
  }
  return out;
}

function providerBytes(ws: PulumiWorkspace): { min: number; max: number; count: number } {
  const state = JSON.parse(fs.readFileSync(path.join(ws.dir, "export.json"), "utf8")) as { deployment: { resources: Array<{ outputs?: { __provider?: string } }> } };
  const sizes = state.deployment.resources.map((r) => r.outputs?.__provider).filter((p): p is string => typeof p === "string").map((p) => Buffer.byteLength(p));
  return { min: Math.min(...sizes), max: Math.max(...sizes), count: sizes.length };
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(String((e as Error).message ?? e));
    process.exit(1);
  },
);
