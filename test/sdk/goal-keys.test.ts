import { strict as assert } from "node:assert";
import * as fc from "fast-check";
import { assignKeys, keyFromName } from "../../sdk/audit/goal-keys";
import { GoalConfigSchema } from "../../sdk/goal-config";

describe("audit: goals-file keys derived from display names", () => {
  it("lower-cases, drops accents and joins words with -", () => {
    assert.equal(keyFromName("Web UI Leads"), "web-ui-leads");
    assert.equal(keyFromName("  Café — Réservations (2024) "), "cafe-reservations-2024");
    assert.equal(keyFromName("日本語"), "goal");
    assert.equal(keyFromName("x".repeat(80)), "x".repeat(63));
  });

  it("names that derive the same key, or a key the file has, get -2, -3, … in the order given", () => {
    assert.deepEqual(assignKeys(["Leads", "LEADS", "leads!", "Other"], ["leads-2"]), ["leads", "leads-3", "leads-4", "other"]);
    assert.deepEqual(assignKeys(["a".repeat(70), "A".repeat(70)], []), ["a".repeat(63), "a".repeat(61) + "-2"]);
  });

  it("is deterministic: the same names and file give the same keys", () => {
    const names = ["Leads", "leads", "Signups"];
    assert.deepEqual(assignKeys(names, ["signups"]), assignKeys(names, ["signups"]));
  });

  it("every key is one the goals file accepts, and no two are equal (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 100 }), { maxLength: 30 }), fc.array(fc.constantFrom("leads", "goal", "goal-2", "a"), { maxLength: 4 }), (names, taken) => {
        const keys = assignKeys(names, taken);
        assert.equal(new Set([...keys, ...taken]).size, keys.length + new Set(taken).size);
        const file = { goals: Object.fromEntries(keys.map((k, i) => [k, { name: `n${i}`, goalCategory: "Other" }])) };
        assert.ok(GoalConfigSchema.safeParse(file).success, JSON.stringify(keys));
      }),
    );
  });
});
