import { strict as assert } from "node:assert";
import { inspect } from "node:util";
import { GoalConfigError, parseGoalConfig } from "../../sdk/goal-config";

const issues = (text: string) => {
  try {
    parseGoalConfig(text);
  } catch (e) {
    assert.ok(e instanceof GoalConfigError, String(e));
    return e.issues.map((i) => `${i.line}:${i.column}: ${i.field}: ${i.message}`);
  }
  throw new Error("expected the goals file to be refused");
};

describe("sdk: goals.yaml aliases (previous keys)", () => {
  it("keeps an entry's previous keys apart from its goal inputs", () => {
    const { goals } = parseGoalConfig("goals:\n  qualified:\n    name: Leads\n    goalCategory: SubmitLeadForm\n    aliases: [leads, old-leads]\n");
    assert.deepEqual(goals.qualified, { name: "Leads", goalCategory: "SubmitLeadForm", aliases: ["leads", "old-leads"] });
  });

  it("refuses an alias that is the entry's own key, a current key, or claimed twice, located by line and field", () => {
    const text = [
      "goals:",
      "  a:",
      "    name: A",
      "    goalCategory: Purchase",
      "    aliases: [a]",
      "  b:",
      "    name: B",
      "    goalCategory: Purchase",
      "    aliases: [a, old]",
      "  c:",
      "    name: C",
      "    goalCategory: Purchase",
      "    aliases: [old]",
      "",
    ].join("\n");
    assert.deepEqual(issues(text), [
      "5:5: goals.a.aliases.0: is this entry's own key; list only previous keys",
      "9:5: goals.b.aliases.0: a is the key of another entry; an alias names a key that is no longer in the file",
      "13:5: goals.c.aliases.0: old is already an alias of b; one previous key becomes one goal",
    ]);
  });

  it("checks each alias as a key, and refuses an empty list", () => {
    const found = issues("goals:\n  a:\n    name: A\n    goalCategory: Purchase\n    aliases: [Old Key]\n  b:\n    name: B\n    goalCategory: Purchase\n    aliases: []\n");
    assert.equal(found.length, 2);
    assert.match(found[0], /^5:5: goals\.a\.aliases\.0: must be lower-case letters/);
    assert.match(found[1], /^9:5: goals\.b\.aliases: must list at least one previous key/);
  });
});

describe("sdk: goals-file errors", () => {
  it("lists each problem once when printed, and keeps them on issues", () => {
    let error: unknown;
    try {
      parseGoalConfig("goals:\n  leads:\n    name: Leads\n    goalCategory: Nonsense\n");
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof GoalConfigError);
    assert.equal(error.issues.length, 1);
    assert.equal(error.issues[0].field, "goals.leads.goalCategory");
    const printed = inspect(error);
    assert.equal(printed.split("goals.leads.goalCategory").length - 1, 1, printed);
  });

  it("refuses two entries whose goal names differ only in case, located at the second name", () => {
    const text = "goals:\n  a:\n    name: Leads\n    goalCategory: Other\n  b:\n    name: LEADS\n    goalCategory: Purchase\n";
    assert.deepEqual(issues(text), ['6:5: goals.b.name: "LEADS" is also the name of entry a; goal names are unique per customer regardless of case']);
  });

  it("accepts one name in two customers", () => {
    const { goals } = parseGoalConfig("goals:\n  a:\n    name: Leads\n    goalCategory: Other\n    customerId: '1'\n  b:\n    name: leads\n    goalCategory: Other\n    customerId: '2'\n");
    assert.deepEqual(Object.keys(goals), ["a", "b"]);
  });
});
