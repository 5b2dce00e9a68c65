import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { retiredName } from "../../provider/resource/delete";
import { pulumiEnv, PulumiResult } from "../../scripts/pulumi-cli";
import { loadGoalConfig } from "../../sdk/goal-config";
import { IDS, UNMANAGED_SEED } from "../support/account-goals";
import { SECRETS } from "../support/client";
import { repoRoot } from "../support/paths";
import { msadsEnv, ok, Project, startProject } from "../support/pulumi-project";

// The goals of the account that no code declares, with the real CLI: the goals program's modes, and the audit
// (`msads-goals audit`, reading the stack with `pulumi stack export`) through a bulk adoption to a clean preview.

const AUDIT_CLI = path.join(repoRoot, "dist", "sdk", "audit", "cli.js");
const LEADS = "goals:\n  leads:\n    name: Leads\n    goalCategory: SubmitLeadForm\n";
/** Goals of account 2000001 that nothing declares (the Customer-scope goal is visible from it too). */
const UNMANAGED_US = [IDS.webUi, IDS.lookAlike, IDS.customer, IDS.pausedByHand];

/** Runs the audit's bin in the project, with the CLI's environment (backend, PATH to pulumi, MSADS_*). */
function audit(p: Project, ...args: string[]): Promise<PulumiResult> {
  return new Promise((resolve) =>
    execFile(process.execPath, [AUDIT_CLI, "audit", ...args], { cwd: p.ws.cwd, env: pulumiEnv(p.ws), timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr }),
    ),
  );
}

/** The Diagnostics' warning lines about unmanaged goals (the progress display repeats them after the resource). */
const warnings = (r: PulumiResult) => (r.stdout + r.stderr).split("\n").filter((l) => /^\s+warning: unmanaged goal "/.test(l));
const goalById = async (p: Project, id: string) => (await p.goals()).find((g) => g.id === id)!;
const noSecrets = (p: Project) => {
  const all = p.outputs.map((r) => r.stdout + r.stderr).join("\n");
  for (const secret of Object.values(SECRETS)) assert.ok(!all.includes(secret), "a credential in the CLI's output");
};

describe("end to end: goals no code declares, in the goals program", function () {
  this.timeout(300_000);
  let p: Project;
  before(async () => {
    p = await startProject("unmanaged", { seed: UNMANAGED_SEED });
    p.writeGoals(LEADS);
  });
  after(() => p?.close());

  it("warn (the default) prints one line per unmanaged goal in preview and up, none for retired goals", async () => {
    const preview = await p.pulumi("preview");
    ok(preview);
    const lines = warnings(preview);
    assert.equal(lines.length, UNMANAGED_US.length, lines.join("\n"));
    for (const id of UNMANAGED_US) assert.equal(lines.filter((l) => l.includes(`(id ${id},`)).length, 1, `one line for ${id}`);
    assert.ok(lines.some((l) => l.includes(`unmanaged goal "Web UI leads" (id ${IDS.webUi}, Active, Account scope, account 2000001)`)));
    assert.ok(!lines.some((l) => l.includes(IDS.retired)));
    // Without --skip-preview, up runs the program twice (its preview, then the update): once here.
    const up = await p.pulumi("up", "--yes", "--skip-preview");
    ok(up);
    assert.equal(warnings(up).length, UNMANAGED_US.length);
    assert.ok(!warnings(up).some((l) => l.includes('"Leads"')), "the goal the stack just created is its own");
  });

  it("fail makes preview fail, naming each goal and the ways out, and changes nothing", async () => {
    ok(await p.pulumi("config", "set", "unmanagedGoals", "fail"));
    const before = await p.goals();
    const r = await p.pulumi("preview");
    assert.notEqual(r.code, 0);
    const out = r.stdout + r.stderr;
    assert.match(out, /unmanagedGoals: fail: 4 goals of the account no entry of the goals file declares/);
    for (const id of UNMANAGED_US) assert.match(out, new RegExp(`${id} "`));
    assert.match(out, /msads-goals audit --adopt all --write/);
    assert.deepEqual(await p.goals(), before);
  });

  it("an unknown mode fails naming the setting", async () => {
    ok(await p.pulumi("config", "set", "unmanagedGoals", "delete"));
    const r = await p.pulumi("preview");
    assert.notEqual(r.code, 0);
    assert.match(r.stdout + r.stderr, /invalid stack setting unmanagedGoals: must be one of ignore, warn, fail, retire, got "delete"/);
  });

  it("retire plans each goal's pause and rename, changes nothing in preview, and up retires them like a delete", async () => {
    ok(await p.pulumi("config", "set", "unmanagedGoals", "retire"));
    const before = await p.goals();
    const preview = await p.pulumi("preview", "--diff");
    ok(preview);
    const webUiRetired = retiredName("Web UI leads", IDS.webUi);
    assert.match(preview.stdout, new RegExp(`\\+ pulumi-nodejs:dynamic/msads:GoalRetirement: \\(create\\)[\\s\\S]*?name\\s*: "${webUiRetired.replace(/[()]/g, "\\$&")}"`));
    assert.match(preview.stdout, /status\s*: "Paused"/);
    assert.match(preview.stdout, /\+ 3 to create/, `the three unmanaged goals of Account scope, not the goal retired before:\n${preview.stdout}`);
    // A Customer-scope goal may be another account's stack's: warned about, not retired.
    assert.match(preview.stdout + preview.stderr, new RegExp(`id ${IDS.customer}, Active, Customer scope.*Not retired: a Customer-scope goal`));
    assert.deepEqual(await p.goals(), before, "a preview changes nothing");

    ok(await p.pulumi("up", "--yes"));
    for (const id of UNMANAGED_US.filter((id) => id !== IDS.customer)) {
      const g = await goalById(p, id);
      assert.equal(g.status, "Paused", id);
      assert.equal(g.name, retiredName(before.find((b) => b.id === id)!.name as string, id));
    }
    assert.equal((await goalById(p, IDS.customer)).status, "Active", "the Customer-scope goal is left to whoever manages it");
    assert.equal((await goalById(p, IDS.euOnly)).status, "Active", "another account's goal is not this stack's business");
    const leads = (await p.goals()).find((g) => g.name === "Leads")!;
    assert.equal(leads.status, "Active", "the declared goal is untouched");
    ok(await p.pulumi("preview", "--expect-no-changes"));

    const after = await audit(p, "--stack", "dev");
    assert.equal(after.code, 3, after.stdout + after.stderr);
    assert.match(after.stdout, /Unmanaged goals \(1\)/);
    assert.match(after.stdout, /Retired goals \(4\)/);
    // Retired where it is managed (here by hand, as the provider's delete does): the account is then clean.
    const customer = await goalById(p, IDS.customer);
    await p.client.updateConversionGoals([{ id: IDS.customer, status: "Paused", name: retiredName(customer.name as string, IDS.customer), goalCategory: customer.goalCategory as "Other" }]);
    assert.equal((await audit(p, "--stack", "dev")).code, 0);
    assert.equal((await audit(p, "--stack", "dev", "--include-retired")).code, 3);
    noSecrets(p);
  });

  it("a goal removed from the goals file is still the stack's until up retires it: fail lets its delete through, and nothing is left to plan", async () => {
    ok(await p.pulumi("config", "set", "unmanagedGoals", "fail"));
    p.writeGoals(`${LEADS}  extra:\n    name: Extra\n    goalCategory: Contact\n`);
    ok(await p.pulumi("up", "--yes"));
    const extra = (await p.goals()).find((g) => g.name === "Extra")!;
    p.writeGoals(LEADS);
    const preview = await p.pulumi("preview");
    ok(preview);
    assert.match(preview.stdout, /- 1 to delete/);
    ok(await p.pulumi("up", "--yes"));
    assert.deepEqual([(await goalById(p, extra.id as string)).status, (await goalById(p, extra.id as string)).name], ["Paused", retiredName("Extra", extra.id as string)]);
    ok(await p.pulumi("preview", "--expect-no-changes"));
    ok(await p.pulumi("config", "set", "unmanagedGoals", "retire"));
    // No record for a goal the stack's own delete retired.
    ok(await p.pulumi("preview", "--expect-no-changes"));
  });
});

describe("end to end: audit, adopt in bulk, up, no change (two accounts)", function () {
  this.timeout(300_000);
  let p: Project;
  before(async () => {
    p = await startProject("adopt", { seed: UNMANAGED_SEED, env: (emu) => ({ ...msadsEnv(emu), MSADS_ACCOUNT_IDS: "2000001,2000002" }) });
    p.writeGoals(LEADS);
    ok(await p.pulumi("up", "--yes"));
  });
  after(() => p?.close());

  it("the audit reads the stack's state, lists both accounts' unmanaged goals once each, and exits 3", async () => {
    const r = await audit(p, "--stack", "dev", "--format", "json");
    assert.equal(r.code, 3, r.stderr);
    const body = JSON.parse(r.stdout) as { ownedBy: string; managed: number; unmanaged: Array<{ id: string }>; retired: Array<{ id: string }> };
    assert.equal(body.ownedBy, "state");
    assert.equal(body.managed, 1, "Leads, by its goal id in the state");
    assert.deepEqual(body.unmanaged.map((g) => g.id).sort(), [...UNMANAGED_US, IDS.euOnly].sort());
    assert.deepEqual(body.retired.map((g) => g.id), [IDS.retired]);
  });

  it("audit --adopt all --write, then up, takes every goal over as it is, and the next preview has no changes", async () => {
    const before = await p.goals();
    const adopt = await audit(p, "--stack", "dev", "--adopt", "all", "--write");
    assert.equal(adopt.code, 0, adopt.stderr);
    const { goals } = loadGoalConfig(path.join(p.ws.cwd, "goals.yaml"));
    assert.deepEqual(Object.keys(goals), ["leads", "web-ui-leads", "store-visits", "agency-wide", "paused-by-hand", "eu-signups"]);
    assert.equal(goals["eu-signups"].accountId, "2000002");

    const up = await p.pulumi("up", "--yes");
    ok(up);
    assert.equal(warnings(up).length, 0, "nothing unmanaged once adopted");
    ok(await p.pulumi("preview", "--expect-no-changes"));
    // Adopted as held: the account's goals are exactly as they were.
    const strip = (gs: Array<Record<string, unknown>>) => gs.map(({ msclkidAutoTaggingEnabled: _m, ...g }) => g).sort((a, b) => String(a.id).localeCompare(String(b.id)));
    assert.deepEqual(strip(await p.goals()), strip(before));
    const clean = await audit(p, "--stack", "dev");
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.ok(fs.readFileSync(path.join(p.ws.cwd, "goals.yaml"), "utf8").includes(`# adopted: goal ${IDS.webUi}`));
    noSecrets(p);
  });
});
