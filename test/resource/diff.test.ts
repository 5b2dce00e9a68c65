import { strict as assert } from "node:assert";
import { canonicalDecimal } from "../../provider/resource/decimal";
import { diffGoal } from "../../provider/resource/diff";
import { GoalOutputs } from "../../provider/resource/outputs";
import { UNKNOWN } from "../../provider/resource/unknowns";

const config = { customerId: "1000001", accountId: "2000001" };
// What the account holds after `up` of { name, goalCategory, revenue: FixedValue 12.5 } with every default.
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
};
const declared = { name: "Leads", goalCategory: "Purchase" as const, revenue: { type: "FixedValue" as const, value: 12.5 } };
const diff = (news: Record<string, unknown>, olds: Partial<GoalOutputs> = {}) => diffGoal({ ...recorded, ...olds }, { ...declared, ...news } as never, config);

// property, a changed declaration, a declaration equivalent to what is recorded, a drifted recording
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

describe("resource: diff table", () => {
  it("shows no change right after up (declared vs recorded, defaults and account currency filled)", () => {
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

      it("drifted in the account: a change back to the declaration", () => {
        const d = diff({}, row.drifted);
        assert.equal(d.changes, true);
        assert.deepEqual(d.changed, [row.prop]);
        assert.deepEqual(d.replaces, row.replaces ? [row.prop] : []);
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
    const olds = { revenue: { type: "NoValue", currencyCode: "USD" } };
    assert.equal(diff({ revenue: undefined }, olds).changes, false);
    assert.equal(diff({ revenue: { type: "NoValue" } }, olds).changes, false);
  });

  it("treats a VariableValue without a value as the service's default, 0", () => {
    const olds = { revenue: { type: "VariableValue", value: "0", currencyCode: "USD" } };
    assert.equal(diff({ revenue: { type: "VariableValue" } }, olds).changes, false);
    assert.equal(diff({ revenue: { type: "VariableValue", value: "0.00" } }, olds).changes, false);
    assert.equal(diff({ revenue: { type: "VariableValue" } }, { revenue: { type: "VariableValue", currencyCode: "USD" } }).changes, false, "a service that leaves it nil");
    assert.deepEqual(diff({ revenue: { type: "VariableValue", value: 5 } }, olds).changed, ["revenue"]);
    assert.deepEqual(diff({ revenue: { type: "FixedValue", value: 0 } }, olds).changed, ["revenue"], "the type still counts");
  });

  it("compares decimals as numbers: 12.5, '12.50' and '012.500' are equal", () => {
    for (const v of [12.5, "12.50", "012.500", "12.5"]) assert.equal(diff({ revenue: { type: "FixedValue", value: v } }).changes, false, String(v));
    assert.equal(diff({ revenue: { type: "FixedValue", value: "12.51" } }).changes, true);
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
    ];
    for (const [input, out] of cases) assert.equal(canonicalDecimal(input), out, String(input));
  });
});
