import { strict as assert } from "node:assert";
import * as path from "node:path";
import { PulumiResult } from "../../scripts/pulumi-cli";
import { ok, Project, startProject } from "../support/pulumi-project";
import { repoRoot } from "../support/paths";

// What a plan says against what the next `up` does, with the real CLI: ignoreChanges holds (pulumi/pulumi #4981,
// #2936), a refresh records only what drifted and the plan names it (#11259, #13839, #3810, #2971).
const optionsProgram = path.join(repoRoot, "dist", "test", "e2e", "programs", "goals-with-options.js");

/**
 * The property list the CLI prints for a goal's step, e.g. "~revenue" or "-status~conversionWindowInMinutes"
 * ("+" added, "-" removed, "~" changed input); undefined when the step names no property or the goal has no step.
 */
function shownDiff(r: PulumiResult, key: string): string | undefined {
  const step = r.stdout.split("\n").find((l) => l.includes("msads:OfflineConversionGoal") && new RegExp(`\\s${key}\\s+(update|replace)\\b`).test(l));
  return step?.match(/\[diff: ([^\]]*)\]/)?.[1].trim();
}

/** The goals whose step the CLI reports as an update. */
function updated(r: PulumiResult): string[] {
  return r.stdout
    .split("\n")
    .map((l) => (l.includes("msads:OfflineConversionGoal") ? l.match(/OfflineConversionGoal\s+(\S+)\s+update\b/)?.[1] : undefined))
    .filter((k): k is string => k !== undefined);
}

describe("end to end: ignoreChanges holds", function () {
  this.timeout(180_000);
  let p: Project;
  let id: string;
  const declare = (conversionWindowInMinutes: number) =>
    p.writeFile(
      "goals.json",
      JSON.stringify({
        leads: { args: { name: "Leads", goalCategory: "SubmitLeadForm", status: "Active", conversionWindowInMinutes }, ignoreChanges: ["status", "name"] },
      }),
    );
  const goal = async () => (await p.goals()).find((g) => g.id === id)!;
  before(async () => (p = await startProject("ignore-changes", { main: optionsProgram })));
  after(() => p?.close());

  it("an unrelated up sends only the unrelated change, and the next plan is empty", async () => {
    declare(10080);
    ok(await p.pulumi("up", "--yes"));
    id = (await p.goals())[0].id as string;
    // Paused and renamed in the web UI; both are ignored.
    await p.client.updateConversionGoals([{ id, status: "Paused", name: "Leads (paused in UI)" }]);
    declare(60);
    const plan = await p.pulumi("preview");
    ok(plan);
    assert.equal(shownDiff(plan, "leads"), "~conversionWindowInMinutes");
    ok(await p.pulumi("up", "--yes"));
    let g = await goal();
    assert.deepEqual([g.status, g.name, g.conversionWindowInMinutes], ["Paused", "Leads (paused in UI)", 60]);
    const preview = await p.pulumi("preview", "--expect-no-changes");
    ok(preview);
    ok(await p.pulumi("up", "--yes"));
    g = await goal();
    assert.deepEqual([g.status, g.name], ["Paused", "Leads (paused in UI)"], "the ignored settings are never reverted");
  });

  it("holds with --refresh too", async () => {
    ok(await p.pulumi("preview", "--refresh", "--expect-no-changes"));
    ok(await p.pulumi("up", "--refresh", "--yes"));
    declare(120);
    const preview = await p.pulumi("preview", "--refresh");
    ok(preview);
    assert.equal(shownDiff(preview, "leads"), "~conversionWindowInMinutes");
    ok(await p.pulumi("up", "--refresh", "--yes"));
    const g = await goal();
    assert.deepEqual([g.status, g.name, g.conversionWindowInMinutes], ["Paused", "Leads (paused in UI)", 120]);
    ok(await p.pulumi("preview", "--refresh", "--expect-no-changes"));
  });
});

const GOALS = `goals:
  leads:
    name: Leads
    goalCategory: SubmitLeadForm
    conversionWindowInMinutes: 10080
    revenue: { type: FixedValue, value: 25 }
  purchases:
    name: Purchases
    goalCategory: Purchase
    revenue: { type: VariableValue, value: "49.90" }
  signups:
    name: Signups
    goalCategory: Signup
    countType: Unique
`;

describe("end to end: after a refresh, the plan names exactly what drifted", function () {
  this.timeout(180_000);
  let p: Project;
  const ids: Record<string, string> = {};
  before(async () => {
    p = await startProject("drift");
    p.writeGoals(GOALS);
    ok(await p.pulumi("up", "--yes"));
    for (const g of await p.goals()) ids[String(g.name)] = String(g.id);
  });
  after(() => p?.close());

  it("a changed declaration is previewed with the property it changes", async () => {
    p.writeGoals(GOALS.replace("countType: Unique", "countType: All"));
    const preview = await p.pulumi("preview");
    ok(preview);
    assert.equal(shownDiff(preview, "signups"), "~countType");
    assert.deepEqual(updated(preview), ["signups"]);
    p.writeGoals(GOALS);
  });

  it("refresh records one setting changed in the web UI, and the preview names that setting only", async () => {
    await p.client.updateConversionGoals([
      { id: ids.Leads, conversionWindowInMinutes: 60 }, // declared 10080
      { id: ids.Purchases, revenue: { type: "VariableValue", value: "5" } }, // declared "49.90"
      { id: ids.Signups, status: "Paused" }, // not declared: Active by default
    ]);
    ok(await p.pulumi("refresh", "--yes"));
    const preview = await p.pulumi("preview");
    ok(preview);
    assert.equal(shownDiff(preview, "leads"), "~conversionWindowInMinutes", preview.stdout);
    assert.equal(shownDiff(preview, "purchases"), "~revenue", preview.stdout);
    // An undeclared default that drifted is recorded, so the plan shows it going back to the default.
    assert.equal(shownDiff(preview, "signups"), "-status", preview.stdout);
  });

  it("up then restores the declaration and the plan is empty again", async () => {
    ok(await p.pulumi("up", "--yes"));
    const goals = await p.goals();
    const byId = (id: string) => goals.find((g) => g.id === id)!;
    assert.equal(byId(ids.Leads).conversionWindowInMinutes, 10080);
    assert.equal(Number((byId(ids.Purchases).revenue as Record<string, unknown>).value), 49.9);
    assert.equal(byId(ids.Signups).status, "Active");
    ok(await p.pulumi("preview", "--refresh", "--expect-no-changes"));
  });
});
