import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { retiredName } from "../../provider/resource/delete";
import { repoRoot } from "../support/paths";
import { byName, NATIVE_PLUGINS, ok, Project, startProject } from "../support/pulumi-project";

// The shipped Pulumi YAML example, run by the YAML language host (pulumi-language-yaml, built by npm run
// pulumi:install) and the msads provider plugin of this repository.
const EXAMPLE = fs.readFileSync(path.join(repoRoot, "examples", "yaml-goals", "Pulumi.yaml"), "utf8");
const program = (text: string) => text.replace(/^plugins:\n(?: {2,}.*\n)+/m, NATIVE_PLUGINS);

/** The 1-based line of the first line of `text` that contains `needle`. */
const lineOf = (text: string, needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

describe("end to end: a Pulumi YAML goal config with the msads plugin", function () {
  this.timeout(240_000);
  let p: Project;
  let leadsId: string;
  let purchasesId: string;
  const write = (text: string) => p.writeFile("Pulumi.yaml", program(text));

  before(async () => {
    assert.match(EXAMPLE, /^plugins:\n/m, "the example names the plugin's folder");
    p = await startProject("yaml-goals", { pulumiYaml: program(EXAMPLE) });
  });
  after(() => p?.close());

  it("up creates the example's goals, and a preview right after shows no change", async () => {
    const up = await p.pulumi("up", "--yes");
    ok(up);
    assert.match(up.stdout, /msads:index:OfflineConversionGoal/);
    const goals = await p.goals();
    const [leads] = byName(goals, "Qualified leads");
    const [purchases] = byName(goals, "Store purchases");
    assert.deepEqual([leads.goalCategory, leads.status, (leads.revenue as Record<string, unknown>).type], ["SubmitLeadForm", "Active", "FixedValue"]);
    assert.equal(String((purchases.revenue as Record<string, unknown>).value), "49.9");
    leadsId = leads.id as string;
    purchasesId = purchases.id as string;
    const out = await p.pulumi("stack", "output", "qualifiedLeadsGoalId");
    ok(out);
    assert.equal(out.stdout.trim(), leadsId);
    ok(await p.pulumi("preview", "--expect-no-changes"));
  });

  it("a changed setting is planned as exactly that property and updated in place", async () => {
    write(EXAMPLE.replace("conversionWindowInMinutes: 43200", "conversionWindowInMinutes: 10080"));
    const preview = await p.pulumi("preview", "--diff");
    ok(preview);
    assert.match(preview.stdout, /~ conversionWindowInMinutes: 43200 => 10080/);
    assert.doesNotMatch(preview.stdout, /[~+-] (name|goalCategory|revenue|status|scope):/, "no other property is named");
    const up = await p.pulumi("up", "--yes");
    ok(up);
    assert.match(up.stdout, /1 updated/);
    const [leads] = byName(await p.goals(), "Qualified leads");
    assert.deepEqual([leads.id, leads.conversionWindowInMinutes], [leadsId, 10080]);
    ok(await p.pulumi("preview", "--expect-no-changes"));
  });

  it("a changed scope is planned as a replacement and replaces the goal, retiring the old one", async () => {
    const customer = EXAMPLE.replace("conversionWindowInMinutes: 43200", "conversionWindowInMinutes: 10080")
      .replace("goalCategory: SubmitLeadForm", "goalCategory: SubmitLeadForm\n      scope: Customer")
      .replace("value: 25", "value: 25\n        currencyCode: USD");
    write(customer);
    const preview = await p.pulumi("preview", "--diff");
    ok(preview);
    assert.match(preview.stdout, /\+-msads:index:OfflineConversionGoal: \(replace\)/);
    // The declaration had no scope (Account by default): the CLI shows the added input.
    assert.match(preview.stdout, /\+ scope: "Customer"/);
    const up = await p.pulumi("up", "--yes");
    ok(up);
    assert.match(up.stdout, /1 replaced/);
    const goals = await p.goals();
    const old = goals.find((g) => g.id === leadsId)!;
    assert.deepEqual([old.status, old.name], ["Paused", retiredName("Qualified leads", leadsId)]);
    const [fresh] = byName(goals, "Qualified leads");
    assert.notEqual(fresh.id, leadsId);
    assert.deepEqual([fresh.status, fresh.scope], ["Active", "Customer"]);
    leadsId = fresh.id as string;
    ok(await p.pulumi("preview", "--expect-no-changes"));
  });

  it("refresh records a change made in the account, the plan names it, and up puts the declaration back", async () => {
    await p.client.updateConversionGoals([{ id: purchasesId, status: "Paused" }]);
    const refresh = await p.pulumi("refresh", "--yes");
    ok(refresh);
    assert.match(refresh.stdout, /1 updated/);
    const preview = await p.pulumi("preview", "--diff");
    ok(preview);
    // Refresh recorded the account's status in the inputs; the program does not declare one (Active by default).
    assert.match(preview.stdout, /- status: "Paused"/);
    assert.match(preview.stdout, /~ 1 to update/);
    ok(await p.pulumi("up", "--yes"));
    assert.equal((await p.goals()).find((g) => g.id === purchasesId)!.status, "Active");
    ok(await p.pulumi("preview", "--refresh", "--expect-no-changes"));
  });

  it("a goal's invalid setting fails preview with the file, line and column of the property", async () => {
    const bad = EXAMPLE.replace("conversionWindowInMinutes: 43200", "conversionWindowInMinutes: 0");
    write(bad);
    const preview = await p.pulumi("preview");
    assert.notEqual(preview.code, 0);
    const line = lineOf(program(bad), "conversionWindowInMinutes: 0");
    assert.match(preview.stdout + preview.stderr, new RegExp(`conversionWindowInMinutes .*must be from 1 to 129600 \\(Pulumi\\.yaml:${line}:\\d+\\)`));
    // The YAML host's own type errors (from the plugin's schema) carry the line too.
    const wrongType = EXAMPLE.replace("excludeFromBidding: false", "excludeFromBidding: maybe");
    write(wrongType);
    const typed = await p.pulumi("preview");
    assert.notEqual(typed.code, 0);
    assert.match(typed.stdout + typed.stderr, new RegExp(`on Pulumi\\.yaml line ${lineOf(program(wrongType), "excludeFromBidding: maybe")}`));
    assert.match(typed.stdout + typed.stderr, /excludeFromBidding: Cannot assign type 'string' to type 'boolean'/);
  });

  it("pulumi import writes YAML for an existing goal, and the program with it previews clean", async () => {
    const added = await p.client.addConversionGoals([{ name: "Made in the web UI", goalCategory: "Signup", conversionWindowInMinutes: 1440, revenue: { type: "VariableValue", value: "3.10" } }]);
    const id = added.goalIds[0]!;
    const file = path.join(p.ws.cwd, "imported.yaml");
    write(EXAMPLE.replace("conversionWindowInMinutes: 43200", "conversionWindowInMinutes: 10080").replace("goalCategory: SubmitLeadForm", "goalCategory: SubmitLeadForm\n      scope: Customer").replace("value: 25", "value: 25\n        currencyCode: USD"));
    const imported = await p.pulumi("import", "msads:index:OfflineConversionGoal", "webGoal", id, "--yes", "--out", file);
    ok(imported);
    const code = fs.readFileSync(file, "utf8");
    assert.match(code, /webGoal:\n\s+type: msads:(index:)?OfflineConversionGoal/);
    assert.match(code, /name: Made in the web UI/);
    assert.match(code, /goalCategory: Signup/);
    assert.match(code, /conversionWindowInMinutes: 1440/);
    assert.doesNotMatch(code, /goalId|countType|scope|status/, "only what differs from the defaults is written");
    const current = fs.readFileSync(path.join(p.ws.cwd, "Pulumi.yaml"), "utf8");
    p.writeFile("Pulumi.yaml", current.replace("\noutputs:", `${code.replace(/^resources:\n/, "")}\noutputs:`));
    ok(await p.pulumi("preview", "--expect-no-changes"));
    const goals = await p.goals();
    assert.equal(byName(goals, "Made in the web UI").length, 1, "the goal is not duplicated");
  });

  it("destroy retires every goal: paused, and its name freed", async () => {
    const before = new Set((await p.goals()).filter((g) => g.status === "Active").map((g) => g.id));
    // The imported goal is protected, as pulumi import leaves it.
    ok(await p.pulumi("state", "unprotect", "--all", "--yes"));
    ok(await p.pulumi("destroy", "--yes"));
    const goals = (await p.goals()).filter((g) => before.has(g.id));
    assert.equal(goals.length, 3);
    for (const g of goals) {
      assert.equal(g.status, "Paused", String(g.name));
      assert.match(String(g.name), / \(removed [0-9a-z]+\)$/);
    }
  });
});
