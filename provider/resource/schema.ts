import { z } from "zod";
import { COUNT_TYPES, OFFLINE_GOAL_CATEGORIES, REVENUE_TYPES, SCOPES } from "../client/goal";
import { GOAL_CURRENCIES, MAX_CONVERSION_WINDOW_MINUTES, MAX_GOAL_NAME_LENGTH, MAX_REVENUE_VALUE, MIN_CONVERSION_WINDOW_MINUTES } from "../client/limits";
import { canonicalDecimal, compareDecimals, decimalDigits, MAX_DECIMAL_DIGITS } from "./decimal";

/** Statuses a declared goal may have; Deleted belongs to the service. */
export const DECLARED_STATUSES = ["Active", "Paused"] as const;

/**
 * A revenue value: a number, or decimal text for exactness (e.g. "19.99"). At most MAX_DECIMAL_DIGITS digits, in
 * all and after the point: what .NET's decimal cannot hold would come back rounded and never match the declaration.
 */
const RevenueValue = z.union([z.number(), z.string()]).superRefine((v, ctx) => {
  const text = canonicalDecimal(v);
  if (text === undefined) {
    ctx.addIssue({ code: "custom", message: `must be a decimal number from 0 to ${MAX_REVENUE_VALUE}, got ${JSON.stringify(v)}` });
    return;
  }
  if (text.startsWith("-") || compareDecimals(text, String(MAX_REVENUE_VALUE)) > 0) {
    ctx.addIssue({ code: "custom", message: `must be from 0 to ${MAX_REVENUE_VALUE}, got ${text}` });
    return;
  }
  const digits = decimalDigits(text);
  if (digits.significant > MAX_DECIMAL_DIGITS || digits.fraction > MAX_DECIMAL_DIGITS) {
    ctx.addIssue({ code: "custom", message: `must have at most ${MAX_DECIMAL_DIGITS} digits (the service keeps ${MAX_DECIMAL_DIGITS} exactly), got ${text}` });
  }
});

const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, "must be a three-letter ISO 4217 code in capitals, e.g. USD")
  // The currencies guide's goal revenue table lists the Turkish lira under its pre-2005 code TRL, not ISO's TRY.
  .refine((c) => c !== "TRY", { message: "is not a currency Microsoft Advertising accepts for goal revenue: declare the Turkish lira as TRL, as the currencies guide's goal revenue table does" })
  .refine((c) => c === "TRY" || GOAL_CURRENCIES.has(c), { message: "is not a currency Microsoft Advertising accepts for goal revenue" });

const RevenueSchema = z
  .object({
    type: z.enum(REVENUE_TYPES).optional().describe("FixedValue (every conversion is worth value), VariableValue (sent with each conversion; value is the default) or NoValue. Default NoValue."),
    value: RevenueValue.optional().describe("A number, or decimal text for exactness (\"19.99\"). Required for FixedValue, optional for VariableValue, forbidden for NoValue."),
    currencyCode: CurrencyCode.optional().describe("ISO 4217; required for FixedValue/VariableValue on a Customer-scope goal. Account scope defaults to the account's currency."),
  })
  .strict();

// What a display name cannot hold: control characters (C0, DEL, C1: a tab or line break is no display text, and
// XML turns a carriage return into a line feed, so it would never read back as declared), and what XML 1.0
// cannot carry at all (U+FFFE, U+FFFF, lone surrogates).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_IN_NAMES = /[\u0000-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A customer or account id: a positive xs:long as text, without leading zeros or sign, so that one account has
 * one spelling ("02000001" would address account 2000001 but compare unequal to it and replace the goal).
 */
const IdText = z
  .string()
  .regex(/^[1-9]\d{0,18}$/, "must be a positive whole number written as text without leading zeros, e.g. \"2000001\"")
  .refine((v) => !/^\d+$/.test(v) || BigInt(v) <= 2n ** 63n - 1n, { message: "must be at most 9223372036854775807 (a 64-bit id)" });

// Each property's description is the package schema's (schema.json, the generated SDKs and docs): written once, here.
const shape = {
  name: z
    .string()
    .min(1, "must not be empty")
    .max(MAX_GOAL_NAME_LENGTH, `must be at most ${MAX_GOAL_NAME_LENGTH} characters`)
    .refine((n) => n.length === 0 || n.trim().length > 0, { message: "must contain something other than spaces" })
    .refine((n) => !NOT_IN_NAMES.test(n), { message: "must not contain control characters (tabs, line breaks) or characters XML cannot carry" })
    // The client reads every text value trimmed (node-soap lib/wsdl xmlToObject), so "Leads " would read back as
    // "Leads": a drift on every refresh.
    .refine((n) => n.trim().length === 0 || n === n.trim(), { message: "must not begin or end with spaces" })
    .describe("Display name, 1 to 100 characters, unique among the customer's goals regardless of case."),
  goalCategory: z.enum(OFFLINE_GOAL_CATEGORIES, {
    error: `must be one of the categories offline goals accept: ${OFFLINE_GOAL_CATEGORIES.join(", ")}`,
  })
    .describe("What a conversion means; offline goals accept only some categories (the enum's values)."),
  conversionWindowInMinutes: z
    .number()
    .int("must be a whole number of minutes")
    .min(MIN_CONVERSION_WINDOW_MINUTES, `must be from ${MIN_CONVERSION_WINDOW_MINUTES} to ${MAX_CONVERSION_WINDOW_MINUTES}`)
    .max(MAX_CONVERSION_WINDOW_MINUTES, `must be from ${MIN_CONVERSION_WINDOW_MINUTES} to ${MAX_CONVERSION_WINDOW_MINUTES} (90 days)`)
    .optional()
    .describe("Minutes after a click during which a conversion counts: 1 to 129600 (90 days). Default 43200 (30 days)."),
  countType: z.enum(COUNT_TYPES).optional().describe("All (every conversion counts, the default) or Unique (one per click)."),
  excludeFromBidding: z.boolean().optional().describe("True keeps the goal out of automated bidding. Default false."),
  revenue: RevenueSchema.optional().describe("What a conversion is worth. Default: NoValue."),
  scope: z.enum(SCOPES).optional().describe("Account (default) or Customer. Read-only after creation: changing it replaces the goal."),
  status: z.enum(DECLARED_STATUSES).optional().describe("Active (default) or Paused."),
  isExternallyAttributed: z.boolean().optional().describe("Reserved by the service for externally attributed conversions. Default false."),
  adoptExisting: z
    .boolean()
    .optional()
    .describe("When a goal with this name already exists, take it over (and update it to these settings) instead of failing. With the msads provider plugin, prefer `pulumi import`."),
  customerId: IdText.optional().describe("Customer (manager account) id; default: the provider configuration (msads:customerId). Changing it replaces the goal."),
  accountId: IdText.optional().describe("Ad account id; default: the provider configuration (msads:accountId). Changing it replaces the goal."),
};

type Paths = ReadonlySet<string>;

/**
 * The declared goal. `unknown` holds property paths whose values are not known yet (computed during preview):
 * their own rules and every cross-field rule they take part in are skipped.
 */
export function goalInputsSchema(unknown: Paths = new Set()) {
  // Building a zod object schema is costly (it compiles a parser on first use): reuse the one without unknowns,
  // which is every check outside previews of computed values.
  if (unknown.size === 0 && fullSchema) return fullSchema;
  return buildSchema(unknown);
}

function buildSchema(unknown: Paths) {
  return z
    .object(shape)
    .strict()
    .superRefine((g, ctx) => {
      if (typeof g !== "object" || g === null) return;
      const known = (...paths: string[]) => paths.every((p) => !unknown.has(p) && !unknown.has(p.split(".")[0]));
      const r = g.revenue;
      const type = r?.type ?? "NoValue";
      if (!known("revenue.type", "revenue.value")) return;
      if (type === "FixedValue" && r?.value === undefined) {
        ctx.addIssue({ code: "custom", path: ["revenue", "value"], message: "is required when revenue.type is FixedValue" });
      }
      if (type === "NoValue" && r?.value !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["revenue", "value"],
          message: r?.type === undefined ? "needs revenue.type FixedValue or VariableValue (the default type, NoValue, forbids a value)" : "is forbidden when revenue.type is NoValue",
        });
      }
      if (!known("scope", "revenue.currencyCode")) return;
      if (g.scope === "Customer" && type !== "NoValue" && r?.currencyCode === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["revenue", "currencyCode"],
          message: `is required for ${type} revenue on a Customer-scope goal (an Account-scope goal uses the account's currency)`,
        });
      }
      // Cross-field rules run even when a field failed on its own, so that every violation is reported at once.
    }, { when: () => true });
}

let fullSchema: ReturnType<typeof buildSchema> | undefined;
/** The declared goal, as a Pulumi program or a goals file gives it. */
export const GoalInputsSchema = (fullSchema = buildSchema(new Set()));
export type GoalInputs = z.infer<typeof GoalInputsSchema>;
export type RevenueInputs = NonNullable<GoalInputs["revenue"]>;

/** Names of the declarable properties, in schema order. */
export const GOAL_INPUT_KEYS = Object.keys(shape) as Array<keyof GoalInputs>;

/** A zod issue as a Pulumi check failure or a config-file error: dotted property path and the rule. */
export interface PropertyFailure {
  property: string;
  reason: string;
}

/** Every violation of the schema at once, each with its dotted path ("revenue.value") and the rule. */
export function schemaFailures(error: z.ZodError, input: unknown): PropertyFailure[] {
  return error.issues.flatMap((i) => {
    if (i.code === "unrecognized_keys") {
      return i.keys.map((k) => ({ property: [...i.path, k].join("."), reason: `is not a property of OfflineConversionGoal${suggest(k)}` }));
    }
    const property = i.path.join(".") || "(goal)";
    if (i.code === "invalid_key") return [{ property, reason: `key ${i.issues.map((x) => x.message).join("; ")}` }];
    const reason = i.code === "invalid_type" && valueAt(input, i.path) === undefined ? "is required" : i.message;
    return [{ property, reason }];
  });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const k of path) v = v && typeof v === "object" ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

function suggest(key: string): string {
  const lower = key.toLowerCase();
  const hit = [...Object.keys(shape), "type", "value", "currencyCode"].find((k) => k.toLowerCase() === lower);
  return hit ? ` (did you mean ${hit}?)` : "";
}
