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

  it("a renamed key fails on the taken name, and the hint names aliases before adoptExisting", async () => {
    p.writeGoals(goalsWith("qualified"));
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

  it("with adoptExisting, the new key takes the goal over and the old key's delete leaves it alone, with a warning", async () => {
    p.writeGoals(goalsWith("renamed", "    adoptExisting: true\n"));
    const up = await p.pulumi("up", "--yes");
    ok(up);
    assert.match(up.stdout + up.stderr, new RegExp(`not retiring goal ${leadsId} \\("Leads"\\): another resource of this stack adopted it in this update`));
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
