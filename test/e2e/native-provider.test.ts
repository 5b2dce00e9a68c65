import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { DYNAMIC_GOAL_TYPE, NATIVE_GOAL_TYPE } from "../../provider/plugin/type-tokens";
import { SECRET_SIG, SIG_KEY } from "../../provider/plugin/wire";
import { retiredName } from "../../provider/resource/delete";
import { PulumiResult } from "../../scripts/pulumi-cli";
import { seededGoal } from "../support/account-goals";
import { SECRET_SEED, SECRETS } from "../support/client";
import { byName, msadsEnv, NATIVE_PLUGINS, ok, Project, ProjectOptions, startProject } from "../support/pulumi-project";
import { repoRoot } from "../support/paths";

// The native front door with the real CLI: the engine runs this repository's msads plugin (Pulumi.yaml's plugins
// section) for msads:index:OfflineConversionGoal, and the plan, import, configuration and migration behaviour that
// only the engine shows. The program (programs/native-goals.ts) declares the goals of goals.json.

const program = path.join(repoRoot, "dist", "test", "e2e", "programs", "native-goals.js");
// The program's entry point lies in the project directory, as a user's does: the engine starts provider plugins in
// the directory of `main`, and the plugin's `pulumi stack export` (the import's holder check) finds the project from
// there (stack-holders.ts).
const PULUMI_YAML = `name: msads-e2e\nruntime: nodejs\nmain: index.js\n${NATIVE_PLUGINS}`;
const ENTRY = `module.exports = require(${JSON.stringify(program)});\n`;

/** A project running the native goals program under the msads plugin. */
async function startNativeProject(name: string, options: Omit<ProjectOptions, "pulumiYaml" | "main"> = {}): Promise<Project> {
  const p = await startProject(name, { ...options, pulumiYaml: PULUMI_YAML });
  p.writeFile("index.js", ENTRY);
  return p;
}

type StateResource = { urn: string; type: string; id?: string; provider?: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };

interface Entry {
  door?: "native" | "dynamic";
  args: Record<string, unknown>;
  secret?: string[];
  import?: string;
  aliases?: Array<{ type: string }>;
}

const declare = (p: Project, entries: Record<string, Entry>) => p.writeFile("goals.json", JSON.stringify(entries));

async function exported(p: Project): Promise<{ text: string; resources: StateResource[] }> {
  const r = await p.pulumi("stack", "export");
  ok(r);
  return { text: r.stdout, resources: (JSON.parse(r.stdout) as { deployment: { resources?: StateResource[] } }).deployment.resources ?? [] };
}

/** The goal resources of the state (either type), by logical name. */
const goalResources = (resources: StateResource[]) => resources.filter((r) => r.type === NATIVE_GOAL_TYPE || r.type === DYNAMIC_GOAL_TYPE);

/** The inputs a `--diff` plan shows with a change marker ("~ name", "+ status"), stack outputs left out. */
function shownProperties(r: PulumiResult): string[] {
  return r.stdout
    .split("--outputs:--")[0]
    .split("\n")
    .filter((l) => !l.includes("OfflineConversionGoal") && !l.includes("pulumi:"))
    .map((l) => /^\s*(~|\+-|-\+|\+|-)\s*(\w+)\s*:/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]} ${m[2]}`);
}

const isEncrypted = (v: unknown) => typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG && typeof (v as Record<string, unknown>).ciphertext === "string";

describe("end to end: the native provider's lifecycle with the real CLI", function () {
  this.timeout(300_000);
  let p: Project;
  let leadsId: string;
  const goal = async (id: string) => (await p.goals()).find((g) => g.id === id)!;
  before(async () => (p = await startNativeProject("native-lifecycle")));
  after(() => p?.close());

  // Every setting the plans below change is declared from the start, so that the plan shows it as a changed input.
  const LEADS = { name: "Leads", goalCategory: "SubmitLeadForm", conversionWindowInMinutes: 10080, scope: "Account", status: "Active" };

  it("up creates the goal under the native type, and a preview right after shows no change", async () => {
    declare(p, { leads: { args: LEADS } });
    ok(await p.pulumi("up", "--yes"));
    const [g] = byName(await p.goals(), "Leads");
    assert.deepEqual([g.status, g.scope, g.conversionWindowInMinutes], ["Active", "Account", 10080]);
    leadsId = g.id as string;
    const { resources } = await exported(p);
    assert.deepEqual(goalResources(resources).map((r) => [r.type, r.id]), [[NATIVE_GOAL_TYPE, leadsId]]);
    ok(await p.pulumi("preview", "--expect-no-changes"));
  });

  it("a changed setting is planned as exactly that property, and up updates it in place", async () => {
    // countType "All" is newly declared but already the goal's: a changed input, not a changed setting. Only the
    // provider's detailed diff tells the two apart; the engine's own input comparison would show "+ countType" too.
    declare(p, { leads: { args: { ...LEADS, conversionWindowInMinutes: 60, countType: "All" } } });
    const plan = await p.pulumi("preview", "--diff");
    ok(plan);
    assert.match(plan.stdout, /~ msads:index:OfflineConversionGoal: \(update\)/, plan.stdout);
    assert.deepEqual(shownProperties(plan), ["~ conversionWindowInMinutes"], plan.stdout);
    const up = await p.pulumi("up", "--yes");
    ok(up);
    assert.match(up.stdout, /1 updated/);
    const g = await goal(leadsId);
    assert.deepEqual([g.conversionWindowInMinutes, g.status, g.name], [60, "Active", "Leads"]);
    ok(await p.pulumi("preview", "--expect-no-changes"));
  });

  it("a changed scope replaces the goal: the plan says so, and the old goal is retired (paused, name freed)", async () => {
    declare(p, { leads: { args: { ...LEADS, conversionWindowInMinutes: 60, countType: "All", scope: "Customer" } } });
    const plan = await p.pulumi("preview", "--diff");
    ok(plan);
    assert.match(plan.stdout, /\+-msads:index:OfflineConversionGoal: \(replace\)/, plan.stdout);
    assert.deepEqual(shownProperties(plan), ["~ scope"], plan.stdout);
    const up = await p.pulumi("up", "--yes");
    ok(up);
    assert.match(up.stdout, /1 replaced/);
    const old = await goal(leadsId);
    assert.deepEqual([old.status, old.name], ["Paused", retiredName("Leads", leadsId)]);
    const [fresh] = byName(await p.goals(), "Leads");
    assert.notEqual(fresh.id, leadsId);
    assert.deepEqual([fresh.status, fresh.scope, fresh.conversionWindowInMinutes], ["Active", "Customer", 60]);
    leadsId = fresh.id as string;
    ok(await p.pulumi("preview", "--expect-no-changes"));
  });

  it("refresh records a goal paused in the account, the next plan shows it, and up puts the declaration back", async () => {
    await p.client.updateConversionGoals([{ id: leadsId, status: "Paused" }]);
    const refresh = await p.pulumi("refresh", "--yes", "--diff");
    ok(refresh);
    assert.match(refresh.stdout, /~\s*status\s*:\s*"Active"\s*=>\s*"Paused"/, refresh.stdout);
    const { resources } = await exported(p);
    assert.equal(goalResources(resources)[0].outputs?.status, "Paused", "the refresh recorded the drift");
    const plan = await p.pulumi("preview", "--diff");
    ok(plan);
    assert.deepEqual(shownProperties(plan), ["~ status"], plan.stdout);
    ok(await p.pulumi("up", "--yes"));
    assert.equal((await goal(leadsId)).status, "Active");
    ok(await p.pulumi("preview", "--refresh", "--expect-no-changes"));
  });

  it("destroy retires every goal it held", async () => {
    ok(await p.pulumi("destroy", "--yes"));
    const goals = await p.goals();
    assert.equal(goals.length, 2);
    for (const g of goals) {
      assert.equal(g.status, "Paused", String(g.name));
      assert.equal(g.name, retiredName("Leads", g.id as string));
    }
  });
});

describe("end to end: the native provider's developer token", function () {
  this.timeout(180_000);
  let p: Project;
  before(async () => {
    // Every setting but the developer token from MSADS_* variables: it has to come from stack config.
    p = await startNativeProject("native-token", {
      env: (emu) => {
        const { MSADS_DEVELOPER_TOKEN: _token, ...rest } = msadsEnv(emu);
        return rest;
      },
    });
    declare(p, { leads: { args: { name: "Leads", goalCategory: "SubmitLeadForm" } } });
  });
  after(() => p?.close());

  it("preview fails without a developer token, naming the setting and its variable, and creates nothing", async () => {
    const r = await p.pulumi("preview");
    assert.notEqual(r.code, 0);
    const out = r.stdout + r.stderr;
    assert.match(out, /msads:developerToken/);
    assert.match(out, /MSADS_DEVELOPER_TOKEN/);
    assert.deepEqual(await p.goals(), []);
  });

  it("a developer token set as plaintext config is encrypted in the provider's state and printed nowhere", async () => {
    ok(await p.pulumi("config", "set", "--plaintext", "msads:developerToken", SECRETS.developerToken));
    ok(await p.pulumi("up", "--yes"));
    assert.equal(byName(await p.goals(), "Leads").length, 1);
    ok(await p.pulumi("preview", "--expect-no-changes"));
    const { text, resources } = await exported(p);
    const provider = resources.find((r) => r.type === "pulumi:providers:msads");
    assert.ok(provider, "the msads default provider is in the state");
    assert.ok(isEncrypted(provider.inputs?.developerToken), `developerToken is stored encrypted: ${JSON.stringify(provider.inputs?.developerToken)}`);
    const texts = [text, ...p.outputs.flatMap((o) => [o.stdout, o.stderr])];
    for (const secret of [SECRETS.developerToken, SECRETS.clientSecret, SECRETS.refreshToken]) {
      for (const t of texts) assert.ok(!t.includes(secret), `found ${secret.slice(0, 6)}…`);
    }
  });
});

/** The second account's goal (Contoso EU, 2000002), reachable only by an id that names its placement. */
const EU_GOAL = seededGoal("9007199254740105", "EU signups", { accountId: "2000002", goalCategory: "Signup", excludeFromBidding: true });

describe("end to end: importing goals into the native provider", function () {
  this.timeout(300_000);
  let p: Project;
  let importedId: string;
  const state = async () => goalResources((await exported(p)).resources).map((r) => [r.urn, r.id, r.type]);
  before(async () => {
    p = await startNativeProject("native-import", { seed: { ...SECRET_SEED, goals: [EU_GOAL] } });
    declare(p, {});
  });
  after(() => p?.close());

  it("pulumi import takes a goal made in the account, and a program declaring it as it is plans no change", async () => {
    const { goalIds } = await p.client.addConversionGoals([{ name: "Made in the UI", goalCategory: "Contact", conversionWindowInMinutes: 10080 }]);
    importedId = goalIds[0]!;
    const r = await p.pulumi("import", NATIVE_GOAL_TYPE, "ui", importedId, "--yes", "--generate-code=false");
    ok(r);
    assert.deepEqual(await state(), [[`urn:pulumi:dev::msads-e2e::${NATIVE_GOAL_TYPE}::ui`, importedId, NATIVE_GOAL_TYPE]]);
    declare(p, { ui: { args: { name: "Made in the UI", goalCategory: "Contact", conversionWindowInMinutes: 10080 } } });
    ok(await p.pulumi("preview", "--expect-no-changes"));
    ok(await p.pulumi("up", "--yes"));
    const g = (await p.goals()).find((x) => x.id === importedId)!;
    assert.deepEqual([g.status, g.name], ["Active", "Made in the UI"]);
  });

  it("the import option takes a goal of another account by <customerId>/<accountId>/<goalId>, and the next plan is empty", async () => {
    declare(p, {
      ui: { args: { name: "Made in the UI", goalCategory: "Contact", conversionWindowInMinutes: 10080 } },
      eu: { args: { name: "EU signups", goalCategory: "Signup", excludeFromBidding: true, accountId: "2000002" }, import: `1000001/2000002/${EU_GOAL.id}` },
    });
    const up = await p.pulumi("up", "--yes");
    ok(up);
    assert.match(up.stdout, /1 imported/);
    const eu = goalResources((await exported(p)).resources).find((r) => r.urn.endsWith("::eu"))!;
    assert.deepEqual([eu.outputs?.goalId, eu.outputs?.accountId, eu.outputs?.customerId], [EU_GOAL.id, "2000002", "1000001"]);
    ok(await p.pulumi("preview", "--expect-no-changes"));
    const g = (await p.goals()).find((x) => x.id === EU_GOAL.id)!;
    assert.deepEqual([g.name, g.status, g.accountId], ["EU signups", "Active", "2000002"]);
  });

  // The engine imports, then updates the goal to the declaration: since pulumi 3.2xx a difference no longer fails
  // the import (pulumi/docs#18198; pulumi/pulumi-go-provider#423, "by design"). The plan must say so before anything
  // changes, naming exactly the property that differs.
  it("an import whose declared settings differ is planned as an import plus an update of exactly that setting, and only up changes the goal", async () => {
    const { goalIds } = await p.client.addConversionGoals([{ name: "Other UI goal", goalCategory: "Purchase" }]);
    const otherId = goalIds[0]!;
    const before = (await p.goals()).find((g) => g.id === otherId)!;
    assert.equal(before.conversionWindowInMinutes, 43200);
    const held = await state();
    const entries: Record<string, Entry> = {
      ui: { args: { name: "Made in the UI", goalCategory: "Contact", conversionWindowInMinutes: 10080 } },
      eu: { args: { name: "EU signups", goalCategory: "Signup", excludeFromBidding: true, accountId: "2000002" } },
      other: { args: { name: "Other UI goal", goalCategory: "Purchase", conversionWindowInMinutes: 60 }, import: otherId },
    };
    declare(p, entries);
    const plan = await p.pulumi("preview", "--diff");
    ok(plan);
    assert.match(plan.stdout, /= msads:index:OfflineConversionGoal: \(import\)/, plan.stdout);
    assert.match(plan.stdout, /~ msads:index:OfflineConversionGoal: \(update\)/, plan.stdout);
    assert.deepEqual(shownProperties(plan), ["+ conversionWindowInMinutes"], plan.stdout);
    assert.deepEqual((await p.goals()).find((g) => g.id === otherId), before, "a preview changes nothing");
    assert.deepEqual(await state(), held);
    const up = await p.pulumi("up", "--yes");
    ok(up);
    assert.match(up.stdout, /1 imported/);
    assert.match(up.stdout, /1 updated/);
    const after = (await p.goals()).find((g) => g.id === otherId)!;
    assert.deepEqual({ ...after, conversionWindowInMinutes: 43200 }, before, "only the differing setting changed");
    assert.equal(after.conversionWindowInMinutes, 60);
    delete entries.other.import;
    declare(p, entries);
    ok(await p.pulumi("preview", "--expect-no-changes"));
  });

  it("importing a goal another resource of the stack holds is refused, naming the holder, and changes nothing", async () => {
    const held = await state();
    const goalsBefore = await p.goals();
    const r = await p.pulumi("import", NATIVE_GOAL_TYPE, "second", importedId, "--yes", "--generate-code=false");
    assert.notEqual(r.code, 0);
    assert.match(r.stdout + r.stderr, new RegExp(`goal ${importedId} is already managed by urn:pulumi:dev::msads-e2e::${NATIVE_GOAL_TYPE}::ui`));
    // The same through the import option, with the placement spelled out.
    declare(p, {
      ui: { args: { name: "Made in the UI", goalCategory: "Contact", conversionWindowInMinutes: 10080 } },
      eu: { args: { name: "EU signups", goalCategory: "Signup", excludeFromBidding: true, accountId: "2000002" } },
      other: { args: { name: "Other UI goal", goalCategory: "Purchase", conversionWindowInMinutes: 60 } },
      twin: { args: { name: "EU signups", goalCategory: "Signup", excludeFromBidding: true, accountId: "2000002" }, import: `1000001/2000002/${EU_GOAL.id}` },
    });
    const up = await p.pulumi("up", "--yes");
    assert.notEqual(up.code, 0);
    // Refused by the state's record or, when this deployment has already diffed `eu`, by the deployment's own.
    assert.match(up.stdout + up.stderr, new RegExp(`goal ${EU_GOAL.id} is already (managed by \\S+::eu;|held by another resource of this stack \\(as "EU signups"\\))`));
    assert.deepEqual(await state(), held);
    assert.deepEqual(await p.goals(), goalsBefore);
  });

  it("a file importing one goal under two names is refused for the second, and the goal ends with one owner", async () => {
    const { goalIds } = await p.client.addConversionGoals([{ name: "Imported twice", goalCategory: "Contact" }]);
    const twice = goalIds[0]!;
    const file = path.join(p.ws.cwd, "twice.json");
    fs.writeFileSync(file, JSON.stringify({ resources: ["one", "two"].map((name) => ({ type: NATIVE_GOAL_TYPE, name, id: twice })) }));
    const r = await p.pulumi("import", "--file", file, "--yes", "--generate-code=false");
    assert.notEqual(r.code, 0, "the second import of the goal is refused");
    assert.match(r.stdout + r.stderr, new RegExp(`goal ${twice} is already being imported by urn:pulumi:dev::msads-e2e::${NATIVE_GOAL_TYPE}::(one|two)`));
    const holders = goalResources((await exported(p)).resources).filter((x) => x.id === twice);
    assert.ok(holders.length <= 1, `one owner at most: ${JSON.stringify(holders.map((x) => x.urn))}`);
    // Whatever the engine kept, the next plain plan tells the truth about it and changes nothing in the account.
    if (holders.length === 1) ok(await p.pulumi("state", "delete", holders[0].urn, "--yes", "--force"));
    assert.equal((await p.goals()).find((g) => g.id === twice)?.status, "Active");
  });

  it("the holder check reads the stack's state also when the program's main lies outside the project (under another project's folder)", async () => {
    // The engine starts the plugin in main's folder, here dist/ of this repository, whose own Pulumi.yaml names
    // another project: the export must still find this stack, and refuse the import for the holder.
    p.writeFile("Pulumi.yaml", PULUMI_YAML.replace("main: index.js", `main: ${program}`));
    try {
      const r = await p.pulumi("import", NATIVE_GOAL_TYPE, "second", importedId, "--yes", "--generate-code=false");
      assert.notEqual(r.code, 0);
      assert.match(r.stdout + r.stderr, new RegExp(`goal ${importedId} is already managed by urn:pulumi:dev::msads-e2e::${NATIVE_GOAL_TYPE}::ui`));
    } finally {
      p.writeFile("Pulumi.yaml", PULUMI_YAML);
    }
  });

  it("a malformed id is refused, naming the part that is wrong", async () => {
    const held = await state();
    const part = await p.pulumi("import", NATIVE_GOAL_TYPE, "bad", "1000001/20x0002/7000123", "--yes", "--generate-code=false");
    assert.notEqual(part.code, 0);
    assert.match(part.stdout + part.stderr, /accountId "20x0002" must be a positive whole number/);
    const shape = await p.pulumi("import", NATIVE_GOAL_TYPE, "bad", "2000002/7000123", "--yes", "--generate-code=false");
    assert.notEqual(shape.code, 0);
    assert.match(shape.stdout + shape.stderr, /expected <goalId> or <customerId>\/<accountId>\/<goalId>/);
    assert.deepEqual(await state(), held);
  });
});

describe("end to end: moving a stack from the dynamic resource to the native provider", function () {
  this.timeout(300_000);
  let p: Project;
  let ids: Record<string, string>;
  const GOALS: Record<string, Record<string, unknown>> = {
    leads: { name: "Leads", goalCategory: "SubmitLeadForm" },
    purchases: { name: "Purchases", goalCategory: "Purchase", revenue: { type: "VariableValue", value: "49.90" } },
    signups: { name: "Signups", goalCategory: "Signup", countType: "Unique", conversionWindowInMinutes: 10080 },
  };
  const through = (door: "native" | "dynamic", aliases?: Array<{ type: string }>) =>
    declare(p, Object.fromEntries(Object.entries(GOALS).map(([k, args]) => [k, { door, args, aliases }])));
  before(async () => {
    p = await startNativeProject("native-migrate");
    // A provider setting in stack config: the msads default provider then has inputs the dynamic one never had.
    ok(await p.pulumi("config", "set", "msads:batchWindowMilliseconds", "20"));
    through("dynamic");
    ok(await p.pulumi("up", "--yes"));
    ids = Object.fromEntries(Object.keys(GOALS).map((k) => [k, "" as string]));
    for (const r of goalResources((await exported(p)).resources)) ids[r.urn.split("::").pop()!] = r.id!;
    assert.deepEqual(goalResources((await exported(p)).resources).map((r) => r.type), [DYNAMIC_GOAL_TYPE, DYNAMIC_GOAL_TYPE, DYNAMIC_GOAL_TYPE]);
  });
  after(() => p?.close());

  it("the same goals under the native type with an alias of the dynamic type plan no change at all", async () => {
    through("native", [{ type: DYNAMIC_GOAL_TYPE }]);
    const plan = await p.pulumi("preview", "--diff");
    ok(plan);
    const steps = plan.stdout.split("\n").filter((l) => !/^Previewing update/.test(l));
    assert.deepEqual(steps.filter((l) => /create|delete|replace|update|\d+ to /.test(l)), [], plan.stdout);
    assert.match(plan.stdout, /4 unchanged/);
    ok(await p.pulumi("preview", "--expect-no-changes"));
  });

  it("up moves them: the state holds the native type with the same ids, and no goal is retired", async () => {
    const up = await p.pulumi("up", "--yes");
    ok(up);
    assert.doesNotMatch(up.stdout, /created|deleted|replaced|updated/, up.stdout);
    const { resources } = await exported(p);
    assert.deepEqual(
      goalResources(resources)
        .map((r) => [r.urn.split("::").pop(), r.type, r.id])
        .sort(),
      Object.entries(ids).map(([k, id]) => [k, NATIVE_GOAL_TYPE, id]),
    );
    assert.ok(!resources.some((r) => r.type === "pulumi:providers:pulumi-nodejs"), "the dynamic provider left the state");
    const goals = await p.goals();
    assert.equal(goals.length, 3);
    for (const g of goals) assert.equal(g.status, "Active", String(g.name));
    assert.deepEqual(goals.map((g) => g.name).sort(), ["Leads", "Purchases", "Signups"]);
    ok(await p.pulumi("preview", "--expect-no-changes"));
  });

  it("a refresh after the move finds nothing, and destroy retires the goals", async () => {
    const refresh = await p.pulumi("refresh", "--yes");
    ok(refresh);
    assert.doesNotMatch(refresh.stdout, /updated|deleted/, refresh.stdout);
    ok(await p.pulumi("preview", "--expect-no-changes"));
    ok(await p.pulumi("destroy", "--yes"));
    const goals = await p.goals();
    assert.equal(goals.length, 3);
    for (const [key, id] of Object.entries(ids)) {
      const g = goals.find((x) => x.id === id)!;
      assert.deepEqual([g.status, g.name], ["Paused", retiredName(GOALS[key].name as string, id)]);
    }
  });
});

describe("end to end: a secret goal input through the native provider", function () {
  this.timeout(180_000);
  let p: Project;
  before(async () => (p = await startNativeProject("native-secret")));
  after(() => p?.close());

  it("a name declared as pulumi.secret is encrypted in the state, the recorded declaration too, and the next plan is empty", async () => {
    declare(p, { leads: { args: { name: "Secret name", goalCategory: "SubmitLeadForm" }, secret: ["name"] } });
    ok(await p.pulumi("up", "--yes"));
    assert.equal(byName(await p.goals(), "Secret name").length, 1);
    const { text, resources } = await exported(p);
    const [r] = goalResources(resources);
    assert.ok(isEncrypted(r.inputs?.name), "input name");
    assert.ok(isEncrypted(r.outputs?.name), "output name");
    assert.ok(isEncrypted(r.outputs?.__declared), "the recorded declaration");
    assert.ok(!text.includes("Secret name"), "no plaintext name in the state");
    ok(await p.pulumi("preview", "--expect-no-changes"));
    for (const o of p.outputs) assert.ok(!(o.stdout + o.stderr).includes("Secret name"), "no plaintext name in the CLI output");
  });
});
