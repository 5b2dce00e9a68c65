import { strict as assert } from "node:assert";
import { retiredName } from "../../provider/resource/delete";
import { SeenGoal } from "../../sdk/audit/accounts";
import { classifyGoals, isRetired } from "../../sdk/audit/classify";

const goal = (id: string, name: string, extra: Partial<SeenGoal> = {}): SeenGoal => ({ id, name, status: "Active", scope: "Account", customerId: "1000001", accountId: "2000001", ...extra });
const ids = (gs: Array<{ id: string }>) => gs.map((g) => g.id);

describe("audit: which goals the stack owns", () => {
  const account = [
    goal("1", "Leads"),
    goal("2", "Web UI"),
    goal("3", retiredName("Gone", "3"), { status: "Paused" }),
    goal("4", "STORE visits"),
    goal("5", "Paused by hand", { status: "Paused" }),
  ];

  it("with state, owns by goal id only: a declared name does not own a goal of another id, it is reported as its look-alike", () => {
    const c = classifyGoals(account, { ids: new Set(["1"]), declared: [{ key: "leads", name: "Leads" }, { key: "store", name: "Store Visits" }] });
    assert.deepEqual(ids(c.managed), ["1"]);
    assert.deepEqual(ids(c.unmanaged), ["2", "4", "5"]);
    assert.equal(c.unmanaged.find((g) => g.id === "4")?.lookAlike, "store");
    assert.equal(c.unmanaged.find((g) => g.id === "2")?.lookAlike, undefined);
    assert.deepEqual(ids(c.retired), ["3"]);
  });

  it("without state, the goals file's names own goals, ignoring case", () => {
    const c = classifyGoals(account, { declared: [{ key: "leads", name: "LEADS" }, { key: "store", name: "Store Visits" }] });
    assert.deepEqual(ids(c.managed), ["1", "4"]);
    assert.deepEqual(ids(c.unmanaged), ["2", "5"]);
  });

  it("the program owns by id and by name, so a create whose id a preview does not know still owns its goal", () => {
    const c = classifyGoals(account, { ids: new Set(["2"]), declared: [{ key: "leads", name: "leads" }], byName: true });
    assert.deepEqual(ids(c.managed), ["1", "2"]);
  });

  it("retired means paused under exactly the provider's retired name; a goal paused by hand is unmanaged", () => {
    assert.equal(isRetired({ id: "3", name: retiredName("Gone", "3"), status: "Paused" }), true);
    assert.equal(isRetired({ id: "3", name: retiredName("Gone", "3"), status: "Active" }), false, "renamed but active: someone revived it");
    assert.equal(isRetired({ id: "3", name: retiredName("Gone", "4"), status: "Paused" }), false, "another goal's suffix");
    assert.equal(isRetired({ id: "5", name: "Paused by hand", status: "Paused" }), false);
  });

  it("a Customer-scope goal seen from several accounts is reported once", () => {
    const shared = goal("7", "Agency wide", { scope: "Customer" });
    const c = classifyGoals([shared, goal("8", "US only"), { ...shared, accountId: "2000002" }], { ids: new Set(), declared: [] });
    assert.deepEqual(ids(c.unmanaged), ["7", "8"]);
    assert.equal(c.unmanaged[0].accountId, "2000001", "kept with the first account that listed it");
  });
});
