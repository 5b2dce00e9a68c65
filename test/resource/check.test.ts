import { strict as assert } from "node:assert";
import { checkInputs, placementFailures } from "../../provider/resource/check";
import { GoalProvider } from "../../provider/resource/provider";
import { UNKNOWN } from "../../provider/resource/unknowns";

const failures = (news: Record<string, unknown>) => checkInputs(news).failures;
const valid = { name: "Leads", goalCategory: "SubmitLeadForm" };

describe("resource: check", () => {
  it("accepts a minimal goal and passes the inputs through unchanged", () => {
    const news = { ...valid, __provider: "exports.handler = …" };
    assert.deepEqual(checkInputs(news), { inputs: news, failures: [] });
  });

  it("accepts every property at its limits", () => {
    assert.deepEqual(
      failures({
        name: "x".repeat(100),
        goalCategory: "Purchase",
        conversionWindowInMinutes: 129600,
        countType: "Unique",
        excludeFromBidding: true,
        revenue: { type: "FixedValue", value: "9999999", currencyCode: "EUR" },
        scope: "Customer",
        status: "Paused",
        isExternallyAttributed: true,
        adoptExisting: true,
        customerId: "1000001",
        accountId: "2000001",
      }),
      [],
    );
    assert.deepEqual(failures({ ...valid, conversionWindowInMinutes: 1, revenue: { type: "VariableValue", value: 0 } }), []);
  });

  it("accepts every goal revenue currency of the currencies guide, the Turkish lira as TRL", () => {
    for (const currencyCode of ["NGN", "PKR", "QAR", "RUB", "UAH", "KZT", "TRL", "VEF", "ZMW"]) {
      assert.deepEqual(failures({ ...valid, revenue: { type: "FixedValue", value: 1, currencyCode } }), [], currencyCode);
    }
  });

  it("refuses a currency the goal revenue table lacks at revenue.currencyCode, billing-only TRY included", () => {
    for (const currencyCode of ["TRY", "XYZ", "BYN"]) {
      const f = failures({ ...valid, revenue: { type: "FixedValue", value: 1, currencyCode } });
      assert.deepEqual(f.map((x) => x.property), ["revenue.currencyCode"], currencyCode);
      assert.match(f[0].reason, /not a currency Microsoft Advertising accepts for goal revenue/);
    }
  });

  it("points a Turkish lira declared as TRY (its ISO code since 2005) to TRL, the code the goal revenue table uses", () => {
    const f = failures({ ...valid, revenue: { type: "FixedValue", value: 1, currencyCode: "TRY" } });
    assert.deepEqual(f.map((x) => x.property), ["revenue.currencyCode"]);
    assert.match(f[0].reason, /declare the Turkish lira as TRL/);
  });

  it("accepts values that survive the round trip once normalised the same way on both sides", () => {
    for (const value of [-0, 1e-7, 12.5, "12.50", "0012.500", "+3", " 4.25 ", "1234567.123456789012345678901", 0.1 + 0.2]) {
      assert.deepEqual(failures({ ...valid, revenue: { type: "FixedValue", value } }), [], String(value));
    }
    assert.deepEqual(failures({ ...valid, name: "Cafe\u0301 in the middle  of it 😀" }), []);
  });

  it("reports every violation at once, each with its property path and rule", () => {
    const f = failures({ name: "", goalCategory: "Download", conversionWindowInMinutes: 129601, revenue: { type: "FixedValue" }, countType: "Some" });
    assert.deepEqual(
      f.map((x) => x.property),
      ["name", "goalCategory", "conversionWindowInMinutes", "countType", "revenue.value"],
    );
    assert.match(f[0].reason, /must not be empty/);
    assert.match(f[1].reason, /must be one of the categories offline goals accept: AddToCart, BeginCheckout/);
    assert.match(f[2].reason, /must be from 1 to 129600/);
    assert.match(f[4].reason, /is required when revenue\.type is FixedValue/);
  });

  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["a missing name", { goalCategory: "Purchase" }, "name", /is required/],
    ["a name of 101 characters", { ...valid, name: "x".repeat(101) }, "name", /at most 100 characters/],
    ["a name of spaces", { ...valid, name: "   " }, "name", /something other than spaces/],
    ["a missing category", { name: "A" }, "goalCategory", /must be one of the categories/],
    ["an online-only category (None)", { ...valid, goalCategory: "None" }, "goalCategory", /offline goals accept/],
    ["a window of 0", { ...valid, conversionWindowInMinutes: 0 }, "conversionWindowInMinutes", /from 1 to 129600/],
    ["a fractional window", { ...valid, conversionWindowInMinutes: 1.5 }, "conversionWindowInMinutes", /whole number of minutes/],
    ["NoValue with a value", { ...valid, revenue: { type: "NoValue", value: 5 } }, "revenue.value", /forbidden when revenue\.type is NoValue/],
    ["a value without a type", { ...valid, revenue: { value: 5 } }, "revenue.value", /needs revenue\.type FixedValue or VariableValue/],
    ["a negative value", { ...valid, revenue: { type: "FixedValue", value: -1 } }, "revenue.value", /from 0 to 9999999/],
    ["a value above the limit", { ...valid, revenue: { type: "FixedValue", value: "10000000" } }, "revenue.value", /from 0 to 9999999/],
    ["a value that is not a number", { ...valid, revenue: { type: "FixedValue", value: "12,50" } }, "revenue.value", /must be a decimal number/],
    ["Customer scope without a currency", { ...valid, scope: "Customer", revenue: { type: "VariableValue", value: 1 } }, "revenue.currencyCode", /required for VariableValue revenue on a Customer-scope goal/],
    ["a lower-case currency", { ...valid, revenue: { type: "FixedValue", value: 1, currencyCode: "usd" } }, "revenue.currencyCode", /three-letter ISO 4217 code in capitals/],
    ["an unknown currency", { ...valid, revenue: { type: "FixedValue", value: 1, currencyCode: "XYZ" } }, "revenue.currencyCode", /not a currency Microsoft Advertising accepts/],
    ["an unknown revenue type", { ...valid, revenue: { type: "Fixed", value: 1 } }, "revenue.type", /FixedValue|Invalid option/],
    ["scope in lower case", { ...valid, scope: "account" }, "scope", /Account|Invalid option/],
    ["status Deleted", { ...valid, status: "Deleted" }, "status", /Active|Invalid option/],
    ["a numeric customer id", { ...valid, customerId: 1000001 }, "customerId", /expected string|Invalid input/],
    ["a name ending in a space (read back trimmed)", { ...valid, name: "Leads " }, "name", /must not begin or end with spaces/],
    ["a name beginning with a no-break space", { ...valid, name: "\u00a0Leads" }, "name", /must not begin or end with spaces/],
    ["a name with a line break", { ...valid, name: "Leads\r\nB" }, "name", /control characters/],
    ["a name with a lone surrogate", { ...valid, name: "Leads \uD83D" }, "name", /characters XML cannot carry/],
    ["more digits than the service keeps", { ...valid, revenue: { type: "FixedValue", value: "1.00000000000000000000000000001" } }, "revenue.value", /at most 28 digits/],
    ["a number too small to keep", { ...valid, revenue: { type: "FixedValue", value: 5e-324 } }, "revenue.value", /at most 28 digits/],
    ["a value just above the limit, beyond float precision", { ...valid, revenue: { type: "FixedValue", value: "9999999.00000000000000000001" } }, "revenue.value", /from 0 to 9999999/],
    ["an exponent in decimal text", { ...valid, revenue: { type: "FixedValue", value: "1e-7" } }, "revenue.value", /must be a decimal number/],
    ["an account id with a leading zero", { ...valid, accountId: "02000001" }, "accountId", /without leading zeros/],
    ["a negative customer id", { ...valid, customerId: "-1000001" }, "customerId", /positive whole number/],
    ["an id beyond 64 bits", { ...valid, accountId: "9223372036854775808" }, "accountId", /at most 9223372036854775807/],
    ["a misspelt property", { ...valid, conversionWindow: 60 }, "conversionWindow", /is not a property of OfflineConversionGoal/],
    ["a property in the wrong case", { ...valid, GoalCategory: "Purchase" }, "GoalCategory", /did you mean goalCategory\?/],
    ["an unknown revenue property", { ...valid, revenue: { type: "NoValue", amount: 1 } }, "revenue.amount", /is not a property/],
  ];
  for (const [what, news, property, reason] of cases) {
    it(`refuses ${what} at ${property}`, () => {
      const f = failures(news);
      const hit = f.find((x) => x.property === property);
      assert.ok(hit, `no failure at ${property}: ${JSON.stringify(f)}`);
      assert.match(hit.reason, reason);
    });
  }

  it("does not judge values that are unknown during preview, nor the rules they take part in", () => {
    assert.deepEqual(failures({ name: UNKNOWN, goalCategory: UNKNOWN }), []);
    assert.deepEqual(failures({ ...valid, revenue: { type: "FixedValue", value: UNKNOWN } }), []);
    assert.deepEqual(failures({ ...valid, scope: UNKNOWN, revenue: { type: "FixedValue", value: 1 } }), []);
    assert.deepEqual(failures({ ...valid, revenue: UNKNOWN }), []);
  });

  it("still judges the known values next to unknown ones", () => {
    const f = failures({ name: UNKNOWN, goalCategory: "Download", conversionWindowInMinutes: 0 });
    assert.deepEqual(f.map((x) => x.property), ["goalCategory", "conversionWindowInMinutes"]);
  });

  it("fails a goal whose placement neither it nor the provider gives, naming the setting and its variable, in both front doors", async () => {
    assert.deepEqual(placementFailures(valid, { customerId: "1000001" }).map((f) => f.property), ["accountId"]);
    assert.match(placementFailures(valid, {})[0].reason, /missing provider setting msads:customerId .*MSADS_CUSTOMER_ID.*the goal sets no customerId/);
    assert.deepEqual(placementFailures({ ...valid, customerId: "1000001", accountId: "2000001" }, {}), [], "a goal with its own placement needs none from the provider");
    assert.deepEqual(placementFailures({ ...valid, accountId: UNKNOWN }, { customerId: "1000001" }), [], "a placement not known yet is not judged");
    // The dynamic resource's check (the plugin's calls the same one).
    const r = await new GoalProvider({ MSADS_DEVELOPER_TOKEN: "t", MSADS_CUSTOMER_ID: "1000001" }).check({}, valid);
    assert.deepEqual(r.failures?.map((f) => f.property), ["accountId"]);
  });
});
