import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pulumiEnv, toolsBin } from "../../scripts/pulumi-cli";
import { armFault } from "../support/emulator";
import { byName, ok, Project, startProject } from "../support/pulumi-project";

// An `up` killed while a create is in flight (pulumi/pulumi#3810, #2971): the service may have created the goal,
// the state records only a pending create, and the next `up` plans the create again.

/** Starts `pulumi up` in its own process group and kills the whole group (CLI, language host, provider) mid-create. */
async function killUpWhileCreating(p: Project): Promise<void> {
  const child = spawn(path.join(toolsBin, "pulumi"), ["up", "--yes", "--stack", "dev", "--non-interactive", "--color", "never"], {
    cwd: p.ws.cwd,
    env: pulumiEnv(p.ws),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d));
  const exited = new Promise((resolve) => child.on("close", resolve));
  const deadline = Date.now() + 120_000;
  while (!/leads creating/.test(out)) {
    if (Date.now() > deadline) throw new Error(`up never started creating:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 500)); // the Add is held by the emulator's delay fault
  // The plugins run in process groups of their own: find them (the CLI's descendants) before the CLI dies.
  const plugins = descendants(child.pid!);
  process.kill(-child.pid!, "SIGKILL");
  for (const pid of plugins) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  await exited;
}

/** Process ids below `root` (Linux /proc). */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // exited meanwhile
    }
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const [child, ppid] of parent) {
      if (ppid !== pid) continue;
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

describe("end to end: recovering from an interrupted up", function () {
  this.timeout(240_000);
  let p: Project;
  before(async () => (p = await startProject("recovery")));
  after(() => p?.close());

  it("a create interrupted after it reached the service: the next up fails on the name, saying the interrupted create is settled with adoptExisting", async () => {
    p.writeGoals("goals:\n  leads:\n    name: Leads\n    goalCategory: SubmitLeadForm\n");
    await armFault(p.emu, { operation: "AddConversionGoals", kind: "delay", delayMs: 3000, times: 1 });
    await killUpWhileCreating(p);
    // The emulator applies the held Add once the delay ends, whether or not anyone still waits for the answer.
    const deadline = Date.now() + 15_000;
    while (byName(await p.goals(), "Leads").length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.equal(byName(await p.goals(), "Leads").length, 1, "the goal was created although the CLI died");
    // The killed CLI left its lock on the file backend: pulumi cancel removes it.
    const locked = await p.pulumi("up", "--yes");
    assert.notEqual(locked.code, 0);
    assert.match(locked.stdout + locked.stderr, /the stack is currently locked .*pulumi cancel/);
    ok(await p.pulumi("cancel", "--yes"));
    const r = await p.pulumi("up", "--yes");
    assert.notEqual(r.code, 0);
    const out = r.stdout + r.stderr;
    assert.match(out, /pending operations/);
    assert.match(out, /If an earlier pulumi up was interrupted while creating this goal .*set adoptExisting: true and run pulumi up to settle the interrupted create by name/);
  });

  it("with adoptExisting, up settles it: one goal, recorded in the state, and a preview shows no change", async () => {
    const [created] = byName(await p.goals(), "Leads");
    p.writeGoals("goals:\n  leads:\n    name: Leads\n    goalCategory: SubmitLeadForm\n    adoptExisting: true\n");
    ok(await p.pulumi("up", "--yes"));
    const goals = await p.goals();
    assert.deepEqual(goals.map((g) => [g.id, g.status]), [[created.id, "Active"]], "adopted, not duplicated");
    const out = await p.pulumi("stack", "output", "summary", "--json");
    assert.equal(JSON.parse(out.stdout).leads.goalId, created.id);
    ok(await p.pulumi("preview", "--expect-no-changes"));
  });
});
