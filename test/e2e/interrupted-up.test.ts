import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { PulumiResult } from "../../scripts/pulumi-cli";
import { armFault, TestEmulator } from "../support/emulator";
import { descendantsMatching } from "../support/process-tree";
import { Project, startProject } from "../support/pulumi-project";

// Interrupted and half-failed `pulumi up`s of 20 goals with the real CLI, then what a user does next (README
// "Recovering from an interrupted update"): the account and the state must converge after one plain `pulumi up`,
// with no goal orphaned (active, but in no resource's state) and none duplicated.
const GOAL_TYPE = "pulumi-nodejs:dynamic/msads:OfflineConversionGoal";
// Fault schedule of the interrupted runs: the first Add call answers at once, the next one is held by the emulator,
// then applied after the interruption. The provider gathers the creates the CLI runs at once (its default
// parallelism is 8) into one Add call (README "Batching"), so 20 goals take at least three calls, each of several goals.
const PROMPT_ADDS = 1;
const HELD_ADDS = 1;
const HOLD_MS = 3000;

const ok = (r: PulumiResult) => assert.equal(r.code, 0, `pulumi exited ${r.code}:\n${r.stdout}\n${r.stderr}`);

/** goals.yaml with `n` goals g01…gNN named "Goal 01"…, each with settings of its own. */
function goalsYaml(n: number): string {
  const lines = ["goals:"];
  for (let i = 1; i <= n; i++) {
    const k = String(i).padStart(2, "0");
    lines.push(`  g${k}:`, `    name: Goal ${k}`, `    goalCategory: ${i % 2 ? "Purchase" : "SubmitLeadForm"}`, `    conversionWindowInMinutes: ${1000 + i}`);
  }
  return lines.join("\n") + "\n";
}

/** What the report counts after each run. */
interface Figures {
  /** Goal resources recorded in the stack's state. */
  inState: number;
  /** Active goals in the account. */
  active: number;
  /** Active goals that no resource of the state records. */
  orphans: number;
  /** Active goals beyond the first of each name. */
  duplicates: number;
  /** Operations the state still marks as pending. */
  pending: number;
}

async function figures(p: Project): Promise<Figures> {
  const exported = await p.pulumi("stack", "export");
  ok(exported);
  const deployment = (JSON.parse(exported.stdout) as { deployment: { resources?: Array<{ type: string; id?: string }>; pending_operations?: unknown[] } }).deployment;
  const ids = new Set((deployment.resources ?? []).filter((r) => r.type === GOAL_TYPE).map((r) => r.id));
  const active = (await p.goals()).filter((g) => g.status === "Active");
  const names = active.map((g) => String(g.name).toLowerCase());
  return {
    inState: ids.size,
    active: active.length,
    orphans: active.filter((g) => !ids.has(String(g.id))).length,
    duplicates: names.length - new Set(names).size,
    pending: deployment.pending_operations?.length ?? 0,
  };
}

/** Polls `probe` every 50 ms until it returns true. */
async function until(what: string, probe: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Ends the processes a killed CLI left behind (by pid; those already gone are skipped). */
function endAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ESRCH") throw e;
    }
  }
}

/** Lock files of the file backend (a running or killed update holds one). */
function locks(p: Project): string[] {
  const dir = path.join(p.ws.dir, "state", ".pulumi", "locks");
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(".json"));
}

async function armedFaults(emu: TestEmulator): Promise<unknown[]> {
  return (await (await fetch(`${emu.adminUrl}/faults`)).json()) as unknown[];
}

/**
 * Arms the schedule of an interrupted run; resolves once every held Add is in flight (the emulator took every
 * fault), with the time it noticed.
 */
async function holdAdds(p: Project): Promise<() => Promise<number>> {
  await armFault(p.emu, { operation: "AddConversionGoals", kind: "delay", delayMs: 0, times: PROMPT_ADDS });
  await armFault(p.emu, { operation: "AddConversionGoals", kind: "delay", delayMs: HOLD_MS, times: HELD_ADDS });
  return async () => {
    await until(`${HELD_ADDS} held Add calls in flight`, async () => (await armedFaults(p.emu)).length === 0);
    return Date.now();
  };
}

/**
 * Waits until the emulator has applied every Add it received: the held call lands within HOLD_MS of `heldSince`
 * (it was taken before), and a call sent after it is not held. How many goals it holds depends on how the
 * provider batched the creates, so the wait ends when the account stops changing.
 */
async function landed(p: Project, heldSince: number): Promise<void> {
  await new Promise((r) => setTimeout(r, Math.max(0, heldSince + HOLD_MS - Date.now())));
  let last = -1;
  await until("the held Adds to be applied", async () => {
    const n = (await p.goals()).length;
    const stable = n === last && n > 0;
    last = n;
    if (!stable) await new Promise((r) => setTimeout(r, 250));
    return stable;
  });
}

function assertConverged(f: Figures, goals: number): void {
  assert.deepEqual({ inState: f.inState, active: f.active, orphans: f.orphans, duplicates: f.duplicates }, { inState: goals, active: goals, orphans: 0, duplicates: 0 });
}

const TAKEN = /already exists with exactly the declared settings and no resource of this stack holds it: taking it as this resource's/;

describe("end to end: an interrupted up converges by the next plain up", function () {
  this.timeout(120_000);
  let p: Project;
  beforeEach(async () => {
    p = await startProject("interrupted");
    p.writeGoals(goalsYaml(20));
    // The faults armed here are for the provider's calls: the program's own listing of the account (unmanagedGoals,
    // test/e2e/unmanaged-goals.test.ts) would take them first.
    ok(await p.pulumi("config", "set", "unmanagedGoals", "ignore"));
  });
  afterEach(() => p?.close());

  it("after a SIGKILL of the CLI with Adds in flight: cancel, up (taking the goals the killed run created), refresh --clear-pending-creates", async () => {
    const inFlight = await holdAdds(p);
    const run = p.start("up", "--yes");
    const heldSince = await inFlight();
    // The CLI's children outlive a SIGKILL of it (the provider host keeps serving): note them first, end them after.
    const children = descendantsMatching(run.child.pid!, /./);
    run.child.kill("SIGKILL");
    await run.done;
    endAll(children);
    await landed(p, heldSince);
    const after = await figures(p);
    assert.ok(after.orphans > 0 && after.pending > 0, `the kill left goals created but unrecorded: ${JSON.stringify(after)}`);

    assert.equal(locks(p).length, 1, "the killed run left the stack locked");
    ok(await p.pulumi("cancel", "--yes"));
    assert.deepEqual(locks(p), [], "cancel removed the lock");
    const up = await p.pulumi("up", "--yes");
    ok(up);
    assert.match(up.stdout, /warning: Attempting to deploy or update resources with \d+ pending operations/);
    assert.match(up.stdout, TAKEN);
    assertConverged(await figures(p), 20);
    ok(await p.pulumi("refresh", "--clear-pending-creates", "--yes"));
    const final = await figures(p);
    assertConverged(final, 20);
    assert.equal(final.pending, 0);
    ok(await p.pulumi("preview", "--expect-no-changes"));
  });

  it("after a SIGKILL of the provider host with Adds in flight: up", async () => {
    const inFlight = await holdAdds(p);
    const run = p.start("up", "--yes");
    const heldSince = await inFlight();
    const hosts = descendantsMatching(run.child.pid!, /dynamic-provider/);
    assert.equal(hosts.length, 1, "one provider host");
    process.kill(hosts[0], "SIGKILL");
    const failed = await run.done;
    assert.notEqual(failed.code, 0, "the update fails");
    await landed(p, heldSince);
    const after = await figures(p);
    assert.ok(after.orphans > 0, `the kill left goals created but unrecorded: ${JSON.stringify(after)}`);

    const up = await p.pulumi("up", "--yes");
    ok(up);
    assert.match(up.stdout, TAKEN);
    assertConverged(await figures(p), 20);
  });

  it("after an Add committed then dropped whose settling lookup gets 503s: the step says the goal may exist, and up takes it", async () => {
    await armFault(p.emu, { operation: "AddConversionGoals", kind: "commitThenDrop", times: 1 });
    // The client tries a Get 4 times (its default policy): every attempt of the settling lookup fails.
    await armFault(p.emu, { operation: "GetConversionGoalsByIds", kind: "http503", times: 4 });
    const failed = await p.pulumi("up", "--yes", "--parallel", "1");
    assert.notEqual(failed.code, 0);
    assert.match(failed.stdout, /error: name: goal "Goal \d\d" may have been created: AddConversionGoals failed after it was sent .*Run pulumi up again/);
    const after = await figures(p);
    assert.equal(after.orphans, 1, JSON.stringify(after));

    const up = await p.pulumi("up", "--yes");
    ok(up);
    assert.match(up.stdout, TAKEN);
    assertConverged(await figures(p), 20);
  });
});
