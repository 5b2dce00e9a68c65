import { strict as assert } from "node:assert";
import { retiredName } from "../../provider/resource/delete";
import { byName, ok, Project, startProject } from "../support/pulumi-project";

// One goal, one owner: a change of logical identity (a renamed key in goals.yaml) plans a create and a delete of
// the same goal. pulumi/pulumi#11259, #4981, #2936: without aliases the engine sees two resources, and a delete
// that retires whatever id it is given pauses the goal the new resource has just taken over.

const goalsWith = (key: string, extra = "") => `goals:\n  ${key}:\n    name: Leads\n    goalCategory: SubmitLeadForm\n${extra}`;

describe("end to end: one goal, one owner", function () {
  this.timeout(240_000);
  let p: Project;
  let leadsId: string;
  before(async () => {
    p = await startProject("ownership");
    p.writeGoals(goalsWith("leads"));
    ok(await p.pulumi("up", "--yes"));
    leadsId = byName(await p.goals(), "Leads")[0].id as string;
  });
  after(() => p?.close());

  const summary = async (key: string) => {
    const r = await p.pulumi("stack", "output", "summary", "--json");
    ok(r);
    return JSON.parse(r.stdout)[key] as { goalId: string; name: string; status: string };
  };

  it("a renamed key whose settings changed too fails on the taken name, and the hint names aliases before adoptExisting", async () => {
    // Settings equal to the declaration would be taken as an interrupted create's goal (see the test after aliases).
    p.writeGoals(goalsWith("qualified", "    conversionWindowInMinutes: 60\n"));
    const r = await p.pulumi("up", "--yes");
    assert.notEqual(r.code, 0);
    const out = r.stdout + r.stderr;
    assert.match(out, /a goal named "Leads" already exists \(id \d+, status Active, scope Account\)/);
    const aliases = out.indexOf("aliases: [<previous key>]");
    const adopt = out.indexOf("adoptExisting: true");
    assert.ok(aliases >= 0, `the hint names aliases:\n${out}`);
    assert.ok(adopt > aliases, "aliases come first, adoptExisting after");
    const [g] = await p.goals();
    assert.deepEqual([g.id, g.status, g.name], [leadsId, "Active", "Leads"], "nothing changed in the account");
  });

  it("with aliases, a renamed key keeps its goal: no create, no delete", async () => {
    p.writeGoals(goalsWith("qualified", "    aliases: [leads]\n"));
    const preview = await p.pulumi("preview", "--diff");
    ok(preview);
    assert.doesNotMatch(preview.stdout, /to create|to delete|to replace/, preview.stdout);
    ok(await p.pulumi("up", "--yes"));
    assert.deepEqual(await summary("qualified"), { goalId: leadsId, name: "Leads", status: "Active" });
    const goals = await p.goals();
    assert.deepEqual(goals.map((g) => [g.id, g.status, g.name]), [[leadsId, "Active", "Leads"]]);
    ok(await p.pulumi("preview", "--expect-no-changes"));
  });

  it("a renamed key with unchanged settings takes its goal (as an interrupted create's), and the old key's delete leaves it alone", async () => {
    p.writeGoals(goalsWith("plain"));
    const up = await p.pulumi("up", "--yes");
    ok(up);
    const out = up.stdout + up.stderr;
    assert.match(out, new RegExp(`goal "Leads" \\(id ${leadsId}\\) already exists with exactly the declared settings and no resource of this stack holds it`));
    assert.match(out, new RegExp(`warning: not retiring goal ${leadsId} \\("Leads"\\)`));
    assert.deepEqual((await p.goals()).map((g) => [g.id, g.status, g.name]), [[leadsId, "Active", "Leads"]], "one goal, active, under its name");
    assert.deepEqual(await summary("plain"), { goalId: leadsId, name: "Leads", status: "Active" });
    ok(await p.pulumi("preview", "--expect-no-changes"));
  });

  it("with adoptExisting, the new key takes the goal over and the old key's delete leaves it alone, with a warning", async () => {
    p.writeGoals(goalsWith("renamed", "    adoptExisting: true\n"));
    const up = await p.pulumi("up", "--yes");
    ok(up);
    assert.match(up.stdout + up.stderr, new RegExp(`warning: not retiring goal ${leadsId} \\("Leads"\\): another resource of this stack adopted it in this update`));
    const goals = await p.goals();
    assert.deepEqual(goals.map((g) => [g.id, g.status, g.name]), [[leadsId, "Active", "Leads"]], "the account holds the goal active, under its name");
    assert.deepEqual(await summary("renamed"), { goalId: leadsId, name: "Leads", status: "Active" });
    ok(await p.pulumi("preview", "--expect-no-changes"));
    ok(await p.pulumi("preview", "--refresh", "--expect-no-changes"));
  });

  it("up --refresh: reading the old key does not make it an owner, so the new key still adopts and the goal stays active", async () => {
    p.writeGoals(goalsWith("again", "    adoptExisting: true\n"));
    const up = await p.pulumi("up", "--refresh", "--yes");
    ok(up);
    assert.match(up.stdout + up.stderr, new RegExp(`not retiring goal ${leadsId}`));
    assert.deepEqual((await p.goals()).map((g) => [g.id, g.status, g.name]), [[leadsId, "Active", "Leads"]]);
    assert.deepEqual(await summary("again"), { goalId: leadsId, name: "Leads", status: "Active" });
    ok(await p.pulumi("preview", "--refresh", "--expect-no-changes"));
  });

  it("destroy still retires the goal: nothing else holds it", async () => {
    ok(await p.pulumi("destroy", "--yes"));
    const [g] = await p.goals();
    assert.deepEqual([g.id, g.status, g.name], [leadsId, "Paused", retiredName("Leads", leadsId)]);
  });
});

// A program of its own, for the resource option goals.yaml does not offer: retainOnDelete, then a new scope.
const RETAIN_PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const { OfflineConversionGoal } = require("pulumi-msads");
const config = new pulumi.Config();
const goal = new OfflineConversionGoal(
  "leads",
  { name: "Leads", goalCategory: "SubmitLeadForm", scope: config.get("scope") || "Account", adoptExisting: config.getBoolean("adopt") || false },
  { retainOnDelete: config.getBoolean("retain") !== false },
);
exports.goalId = goal.goalId;
`;

describe("end to end: a goal kept by retainOnDelete, then replaced under its name", function () {
  this.timeout(240_000);
  let p: Project;
  let oldId: string;
  before(async () => {
    p = await startProject("retained", { main: "index.js" });
    p.writeFile("index.js", RETAIN_PROGRAM);
    ok(await p.pulumi("up", "--yes"));
    oldId = byName(await p.goals(), "Leads")[0].id as string;
  });
  after(() => p?.close());

  it("a new scope fails on the name still held by the retained goal, and the message leads to a way that works", async () => {
    ok(await p.pulumi("config", "set", "scope", "Customer"));
    const r = await p.pulumi("up", "--yes");
    assert.notEqual(r.code, 0);
    const out = r.stdout + r.stderr;
    assert.match(out, /adoptExisting alone cannot take it: it has scope Account and Customer is declared/);
    assert.match(out, /first declare it as it is \(scope: "Account", adoptExisting: true, without retainOnDelete\) and run pulumi up, then declare scope: "Customer"/);
    const [g] = await p.goals();
    assert.deepEqual([g.id, g.status, g.scope], [oldId, "Active", "Account"], "the retained goal is untouched");
  });

  it("following it: adopt the goal as it is, then change the scope, and the replacement retires it", async () => {
    ok(await p.pulumi("config", "set", "scope", "Account"));
    ok(await p.pulumi("config", "set", "adopt", "true"));
    ok(await p.pulumi("config", "set", "retain", "false"));
    ok(await p.pulumi("up", "--yes"));
    const adopted = await p.pulumi("stack", "output", "goalId");
    assert.equal(adopted.stdout.trim(), oldId);
    ok(await p.pulumi("config", "set", "scope", "Customer"));
    const up = await p.pulumi("up", "--yes");
    ok(up);
    assert.match(up.stdout, /1 replaced/);
    const goals = await p.goals();
    const old = goals.find((g) => g.id === oldId)!;
    assert.deepEqual([old.status, old.name], ["Paused", retiredName("Leads", oldId)]);
    const [fresh] = byName(goals, "Leads");
    assert.deepEqual([fresh.status, fresh.scope], ["Active", "Customer"]);
    ok(await p.pulumi("preview", "--expect-no-changes"));
  });
});
