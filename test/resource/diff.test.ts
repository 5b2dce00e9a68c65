import { strict as assert } from "node:assert";
import { canonicalDecimal, compareDecimals } from "../../provider/resource/decimal";
import { declarationMatching } from "../../provider/resource/declaration";
import { diffGoal } from "../../provider/resource/diff";
import { GoalOutputs } from "../../provider/resource/outputs";
import { UNKNOWN } from "../../provider/resource/unknowns";

const config = { customerId: "1000001", accountId: "2000001" };
const declared = { name: "Leads", goalCategory: "Purchase" as const, revenue: { type: "FixedValue" as const, value: 12.5 } };
// What the state holds after `up` of the declaration above: the goal as the account holds it (every default, the
// account's currency, the value with the scale the service kept) and the declaration it was written for.
const recorded: GoalOutputs = {
  goalId: "9007199254741001",
  name: "Leads",
  goalCategory: "Purchase",
  conversionWindowInMinutes: 43200,
  countType: "All",
  excludeFromBidding: false,
  revenue: { type: "FixedValue", value: "12.50", currencyCode: "USD" },
  scope: "Account",
  status: "Active",
  isExternallyAttributed: false,
  customerId: "1000001",
  accountId: "2000001",
  adoptExisting: false,
  __declared: declared,
};
const diff = (news: Record<string, unknown>, olds: Partial<GoalOutputs> = {}) => diffGoal({ ...recorded, ...olds }, { ...declared, ...news } as never, config);
/** The state after a refresh found `drifted` in the account: outputs and recorded declaration both rewritten. */
const refreshed = (drifted: Partial<GoalOutputs>): Partial<GoalOutputs> => ({ ...drifted, __declared: declarationMatching(declared, { ...recorded, ...drifted }) });

// property, a changed declaration, a declaration equivalent to what is recorded, what the account may hold instead
const table: Array<{ prop: string; changed: Record<string, unknown>; equivalent: Record<string, unknown>; drifted: Partial<GoalOutputs>; replaces?: boolean }> = [
  { prop: "name", changed: { name: "Leads 2" }, equivalent: { name: "Leads" }, drifted: { name: "Leads (renamed in UI)" } },
  { prop: "goalCategory", changed: { goalCategory: "Contact" }, equivalent: { goalCategory: "Purchase" }, drifted: { goalCategory: "Signup" } },
  { prop: "conversionWindowInMinutes", changed: { conversionWindowInMinutes: 60 }, equivalent: { conversionWindowInMinutes: 43200 }, drifted: { conversionWindowInMinutes: 10080 } },
  { prop: "countType", changed: { countType: "Unique" }, equivalent: { countType: "All" }, drifted: { countType: "Unique" } },
  { prop: "excludeFromBidding", changed: { excludeFromBidding: true }, equivalent: { excludeFromBidding: false }, drifted: { excludeFromBidding: true } },
  { prop: "revenue", changed: { revenue: { type: "FixedValue", value: "13" } }, equivalent: { revenue: { type: "FixedValue", value: "12.500", currencyCode: "USD" } }, drifted: { revenue: { type: "NoValue", currencyCode: "USD" } } },
  { prop: "scope", changed: { scope: "Customer", revenue: { type: "FixedValue", value: 12.5, currencyCode: "USD" } }, equivalent: { scope: "Account" }, drifted: { scope: "Customer" }, replaces: true },
  { prop: "status", changed: { status: "Paused" }, equivalent: { status: "Active" }, drifted: { status: "Paused" } },
  { prop: "isExternallyAttributed", changed: { isExternallyAttributed: true }, equivalent: { isExternallyAttributed: false }, drifted: { isExternallyAttributed: true } },
  { prop: "customerId", changed: { customerId: "1000002" }, equivalent: { customerId: "1000001" }, drifted: { customerId: "1000009" }, replaces: true },
  { prop: "accountId", changed: { accountId: "2000002" }, equivalent: { accountId: "2000001" }, drifted: { accountId: "2000009" }, replaces: true },
];
const PLACEMENT = ["customerId", "accountId"];

describe("resource: diff table", () => {
  it("shows no change right after up (declared vs recorded declaration, defaults and account currency filled)", () => {
    assert.deepEqual(diff({}), { changes: false, replaces: [], deleteBeforeReplace: false, changed: [] });
  });

  for (const row of table) {
    describe(row.prop, () => {
      it("unchanged: no change", () => assert.equal(diff({}).changes, false));

      it(`changed: ${row.replaces ? "replaces the goal" : "updates in place"}`, () => {
        const d = diff(row.changed);
        assert.equal(d.changes, true);
        assert.deepEqual(d.changed, [row.prop]);
        assert.deepEqual(d.replaces, row.replaces ? [row.prop] : []);
      });

      it("declared equal to the recorded default or value: no change", () => {
        const d = diff(row.equivalent);
        assert.equal(d.changes, false, JSON.stringify(d));
      });

      if (PLACEMENT.includes(row.prop)) {
        it("recorded elsewhere than declared or configured: replaces the goal", () => {
          const d = diff({}, row.drifted);
          assert.deepEqual([d.changed, d.replaces], [[row.prop], [row.prop]]);
        });
        return;
      }

      it("held otherwise in the outputs but not refreshed (a write read it back, e.g. under ignoreChanges): no change", () => {
        assert.deepEqual(diff({}, row.drifted).changed, []);
      });

      it("drift recorded by refresh: a change back to the declaration", () => {
        const d = diff({}, refreshed(row.drifted));
        assert.equal(d.changes, true);
        assert.deepEqual(d.changed, [row.prop]);
        assert.deepEqual(d.replaces, row.replaces ? [row.prop] : []);
      });

      it("an ignored property arrives with its refreshed value (the engine's old input): no change", () => {
        const olds = refreshed(row.drifted);
        const ignored = { [row.prop]: (olds.__declared as Record<string, unknown>)[row.prop] };
        assert.deepEqual(diff(ignored, olds).changed, []);
      });

      it("state without a recorded declaration (written before it existed) compares with the outputs", () => {
        assert.deepEqual(diff({}, { ...row.drifted, __declared: undefined }).changed, [row.prop]);
      });
    });
  }

  it("forces replacement when scope changes, deleting first because the old goal holds the name", () => {
    const d = diff({ scope: "Customer", revenue: { type: "FixedValue", value: 12.5, currencyCode: "USD" } });
    assert.deepEqual(d.replaces, ["scope"]);
    assert.equal(d.deleteBeforeReplace, true);
  });

  it("creates the replacement first when the name changes too (case-insensitively)", () => {
    assert.equal(diff({ scope: "Customer", name: "Leads v2", revenue: { type: "FixedValue", value: 1, currencyCode: "USD" } }).deleteBeforeReplace, false);
    assert.equal(diff({ scope: "Customer", name: "LEADS", revenue: { type: "FixedValue", value: 1, currencyCode: "USD" } }).deleteBeforeReplace, true);
  });

  it("takes the account's currency when none is declared on an Account-scope goal", () => {
    assert.equal(diff({}, { revenue: { type: "FixedValue", value: "12.5", currencyCode: "EUR" } }).changes, false);
    assert.equal(diff({ revenue: { type: "FixedValue", value: 12.5, currencyCode: "EUR" } }).changes, true);
  });

  it("ignores currency and value on NoValue revenue, as the service does", () => {
    const olds = { revenue: { type: "NoValue", currencyCode: "USD" }, __declared: { ...declared, revenue: { type: "NoValue" as const, currencyCode: "USD" } } };
    assert.equal(diff({ revenue: undefined }, olds).changes, false);
    assert.equal(diff({ revenue: { type: "NoValue" } }, olds).changes, false);
  });

  it("treats a VariableValue without a value as the service's default, 0", () => {
    // Recorded as declared (no value), and in state from before the declaration was recorded (only the outputs).
    for (const __declared of [{ ...declared, revenue: { type: "VariableValue" as const } }, undefined]) {
      const olds = { revenue: { type: "VariableValue", value: "0", currencyCode: "USD" }, __declared };
      assert.equal(diff({ revenue: { type: "VariableValue" } }, olds).changes, false);
      assert.equal(diff({ revenue: { type: "VariableValue", value: "0.00" } }, olds).changes, false);
      assert.equal(diff({ revenue: { type: "VariableValue" } }, { revenue: { type: "VariableValue", currencyCode: "USD" }, __declared }).changes, false, "a service that leaves it nil");
      assert.deepEqual(diff({ revenue: { type: "VariableValue", value: 5 } }, olds).changed, ["revenue"]);
      assert.deepEqual(diff({ revenue: { type: "FixedValue", value: 0 } }, olds).changed, ["revenue"], "the type still counts");
    }
    assert.equal(diff({ revenue: { type: "VariableValue" } }, refreshed({ revenue: { type: "VariableValue", value: "0", currencyCode: "USD" } })).changes, false, "a refresh found VariableValue 0, which is what the new declaration means");
    assert.deepEqual(declarationMatching({ ...declared, revenue: { type: "VariableValue" } }, { ...recorded, revenue: { type: "VariableValue", value: "0", currencyCode: "USD" } }), { ...declared, revenue: { type: "VariableValue" } }, "refresh finds no drift in the service's 0");
  });

  it("compares decimals as numbers: 12.5, '12.50' and '012.500' are equal", () => {
    for (const v of [12.5, "12.50", "012.500", "12.5"]) assert.equal(diff({ revenue: { type: "FixedValue", value: v } }).changes, false, String(v));
    assert.equal(diff({ revenue: { type: "FixedValue", value: "12.51" } }).changes, true);
  });

  it("compares names in Unicode form C: a composed and a decomposed é are the same name", () => {
    const composed = "Caf\u00e9";
    const decomposed = "Cafe\u0301";
    assert.equal(diff({ name: decomposed }, { name: composed, __declared: { ...declared, name: composed } }).changes, false);
    assert.equal(diff({ name: composed }, { name: decomposed, __declared: undefined }).changes, false);
  });

  it("keeps a placement nobody declared or configured where it was", () => {
    assert.equal(diffGoal(recorded, declared as never, {}).changes, false);
  });

  it("treats unknown values as possible changes, and an unknown scope as a possible replacement", () => {
    assert.deepEqual(diff({ name: UNKNOWN }).changed, ["name"]);
    const d = diff({ scope: UNKNOWN });
    assert.deepEqual(d.replaces, ["scope"]);
    assert.equal(d.deleteBeforeReplace, true);
  });

  it("does not count adoptExisting as a change: it matters only at creation", () => {
    assert.equal(diff({ adoptExisting: true }).changes, false);
  });
});

describe("resource: decimals", () => {
  it("canonicalises decimal text and numbers exactly", () => {
    const cases: Array<[unknown, string | undefined]> = [
      ["12.50", "12.5"], [12.5, "12.5"], ["0012", "12"], ["0.30000000000000004", "0.30000000000000004"], [0.1 + 0.2, "0.30000000000000004"],
      ["0", "0"], ["-0.0", "0"], [".5", "0.5"], ["5.", "5"], [1e-7, "0.0000001"], ["1e3", undefined], ["", undefined], ["abc", undefined], [NaN, undefined], [null, undefined],
      [-0, "0"], [12.0, "12"], [1.23456789e-15, "0.00000000000000123456789"], [-1.5e-7, "-0.00000015"], [1e21, "1000000000000000000000"], [1.5e300, `15${"0".repeat(299)}`],
    ];
    for (const [input, out] of cases) assert.equal(canonicalDecimal(input), out, String(input));
  });

  it("writes a number's exponent out exactly, so the text reads back as the same number", () => {
    for (const n of [1e-7, 1.23456789e-15, 5e-324, 1.7976931348623157e308, 0.1 + 0.2, 123456.789e-20]) assert.equal(Number(canonicalDecimal(n)), n, String(n));
  });

  it("compares canonical decimals exactly, beyond what binary floating point tells apart", () => {
    assert.ok(compareDecimals("9999999.00000000000000000001", "9999999") > 0);
    assert.ok(compareDecimals("12.5", "12.50001") < 0);
    assert.ok(compareDecimals("-3", "2") < 0);
    assert.ok(compareDecimals("-3", "-2") < 0);
    assert.equal(compareDecimals("0.1", "0.1"), 0);
    assert.ok(compareDecimals("100", "99.999") > 0);
  });
});
