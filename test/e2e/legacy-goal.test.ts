import { strict as assert } from "node:assert";
import { retiredName } from "../../provider/resource/delete";
import { SECRET_SEED } from "../support/client";
import { ok, Project, startProject } from "../support/pulumi-project";

// A goal added before June 2021 holds category None, and the service refuses to update it without a category:
// adopting it from goals.yaml and destroying it again must both work with the real CLI.

const LEGACY = {
  id: "4000001",
  customerId: "1000001",
  accountId: "2000001",
  type: "OfflineConversion",
  name: "Old leads",
  goalCategory: "None",
  conversionWindowInMinutes: 10080,
  countType: "All",
  excludeFromBidding: false,
  revenue: { type: "NoValue", value: null, currencyCode: "USD" },
  scope: "Account",
  status: "Active",
  isExternallyAttributed: false,
};

describe("end to end: a legacy goal with category None", function () {
  this.timeout(180_000);
  let p: Project;
  const legacyGoal = async () => (await p.goals()).find((g) => g.id === LEGACY.id)!;

  before(async () => {
    p = await startProject("legacy", { seed: { ...SECRET_SEED, goals: [LEGACY] } });
    p.writeGoals("goals:\n  leads:\n    name: Old leads\n    goalCategory: SubmitLeadForm\n    adoptExisting: true\n");
  });
  after(() => p?.close());

  it("adoptExisting takes it over and gives it the declared category; a preview then shows no change", async () => {
    ok(await p.pulumi("up", "--yes"));
    const g = await legacyGoal();
    assert.deepEqual([g.goalCategory, g.status, g.conversionWindowInMinutes], ["SubmitLeadForm", "Active", 43200]);
    assert.equal((await p.goals()).length, 1, "adopted, not duplicated");
    ok(await p.pulumi("preview", "--expect-no-changes"));
  });

  it("destroy retires it: paused, renamed, its name free", async () => {
    ok(await p.pulumi("destroy", "--yes"));
    const g = await legacyGoal();
    assert.deepEqual([g.status, g.name], ["Paused", retiredName("Old leads", LEGACY.id)]);
  });
});
