import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROVIDER_MODULE } from "../../sdk/provider-module";
import { repoRoot } from "../support/paths";
import { ok, Project, startProject } from "../support/pulumi-project";

// Version 0.1.0 recorded a serialized closure of 1,970 bytes as each goal's __provider; 0.2 records a 104-byte
// module text. A stack written by 0.1.0 must preview clean, refresh, update and destroy with the new version, and
// take the short text as its goals are written again.

type Resource = { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
type Exported = { deployment: { resources: Resource[] } };

describe("end to end: state written by 0.1.0 (a serialized closure as __provider)", function () {
  this.timeout(180_000);
  let p: Project;
  const OLD = fs.readFileSync(path.join(repoRoot, "test", "fixtures", "serialized-provider-0.1.0.txt"), "utf8");
  const goalsOf = async (): Promise<Resource[]> => {
    const exported = JSON.parse((await p.pulumi("stack", "export")).stdout) as Exported;
    return exported.deployment.resources.filter((r) => r.type === "pulumi-nodejs:dynamic/msads:OfflineConversionGoal");
  };

  before(async () => {
    p = await startProject("state-0-1-0");
    p.writeGoals("goals:\n  leads:\n    name: Leads\n    goalCategory: Purchase\n  calls:\n    name: Calls\n    goalCategory: Contact\n");
    ok(await p.pulumi("up", "--yes"));
    // What 0.1.0 left: the same goals, each with the old closure in its inputs and outputs.
    const exported = JSON.parse((await p.pulumi("stack", "export")).stdout) as Exported;
    for (const r of exported.deployment.resources) {
      if (r.inputs?.__provider !== undefined) r.inputs.__provider = OLD;
      if (r.outputs?.__provider !== undefined) r.outputs.__provider = OLD;
    }
    p.writeFile("old-state.json", JSON.stringify(exported));
    ok(await p.pulumi("stack", "import", "--file", "old-state.json"));
    assert.ok((await goalsOf()).every((r) => r.outputs?.__provider === OLD));
  });
  after(() => p?.close());

  it("previews no change, and refreshes with nothing drifted", async () => {
    ok(await p.pulumi("preview", "--expect-no-changes"));
    ok(await p.pulumi("refresh", "--yes", "--expect-no-changes"));
  });

  it("an update of one goal runs, and that goal records the short module text", async () => {
    p.writeGoals("goals:\n  leads:\n    name: Leads\n    goalCategory: Purchase\n    status: Paused\n  calls:\n    name: Calls\n    goalCategory: Contact\n");
    ok(await p.pulumi("up", "--yes"));
    const leads = (await goalsOf()).find((r) => r.outputs?.name === "Leads")!;
    assert.equal(leads.outputs?.status, "Paused");
    assert.equal(leads.outputs?.__provider, PROVIDER_MODULE);
    assert.equal(leads.inputs?.__provider, PROVIDER_MODULE);
    ok(await p.pulumi("preview", "--expect-no-changes"));
  });

  it("destroy retires both goals, the one still recording the old closure included", async () => {
    ok(await p.pulumi("destroy", "--yes"));
    const goals = await p.goals();
    assert.equal(goals.length, 2);
    assert.ok(goals.every((g) => g.status === "Paused" && String(g.name).includes("(removed ")), JSON.stringify(goals));
  });
});
