import { GOAL_CURRENCIES } from "../currencies";
import { ErrorName } from "../error-codes";
import { Goal, OFFLINE_GOAL_CATEGORIES } from "../state";
import { GoalInput } from "../soap/goal-xml";

/** One broken rule of one goal, before it is given its index. */
export interface RuleError {
  name: ErrorName;
  message?: string;
  fieldPath?: string;
}

export const MAX_NAME_LENGTH = 100;
export const MAX_WINDOW_MINUTES = 129600;
/** The reference prints the upper bound as "999,9999"; the emulator reads it as 9,999,999. */
export const MAX_REVENUE_VALUE = 9_999_999;

/** Name rules for a name the request carries (Add: required; Update: only when present). */
export function nameErrors(name: string | null | undefined, required: boolean): RuleError[] {
  if (name === undefined || name === null || name === "") {
    return required ? [{ name: "ConversionGoalNameNotPassed", fieldPath: "Name" }] : name === "" ? [{ name: "InvalidConversionGoalName", fieldPath: "Name" }] : [];
  }
  if (name.trim() === "" || [...name].length > MAX_NAME_LENGTH) return [{ name: "InvalidConversionGoalName", fieldPath: "Name" }];
  return [];
}

/**
 * The reference has no error code for a missing or non-offline category. The emulator answers code 0
 * (as the real service does for a rule it has not mapped to a code) with a message that names the rule.
 */
export function categoryErrors(category: string | null | undefined, required: boolean): RuleError[] {
  if (category === undefined || category === null) {
    return required ? [{ name: "InternalError", fieldPath: "GoalCategory", message: "GoalCategory is required for a new conversion goal." }] : [];
  }
  if (!(OFFLINE_GOAL_CATEGORIES as readonly string[]).includes(category)) {
    return [
      {
        name: "InternalError",
        fieldPath: "GoalCategory",
        message: `GoalCategory ${category} is not supported for offline conversion goals; use one of ${OFFLINE_GOAL_CATEGORIES.join(", ")}.`,
      },
    ];
  }
  return [];
}

/**
 * Goals added before June 2021 without a category hold None, and an update of such a goal must set one: GoalCategory
 * is "optional if the conversion goal already has a category set other than None" (ConversionGoal reference; Bing
 * Ads API blog "Conversion goal category requirements", 7 June 2021). The reference has no code for this rule
 * either: code 0, as for the other category rules, with a message that names it.
 */
export function legacyCategoryErrors(stored: Goal["goalCategory"], category: string | null | undefined): RuleError[] {
  if (stored !== "None" || (category !== undefined && category !== null)) return [];
  return [
    {
      name: "InternalError",
      fieldPath: "GoalCategory",
      message: `This conversion goal has GoalCategory None (added before June 2021): an update must set GoalCategory to one of ${OFFLINE_GOAL_CATEGORIES.join(", ")}.`,
    },
  ];
}

export function windowErrors(window: number | null | undefined): RuleError[] {
  if (window === undefined || window === null) return [];
  return window >= 1 && window <= MAX_WINDOW_MINUTES ? [] : [{ name: "InvalidConversionGoalConversionWindow", fieldPath: "ConversionWindowInMinutes" }];
}

/** Status a client may set: Deleted is internal. */
export function statusErrors(status: string | null | undefined): RuleError[] {
  if (status === undefined || status === null) return [];
  return status === "Active" || status === "Paused" ? [] : [{ name: "InvalidConversionGoalStatus", fieldPath: "Status" }];
}

/**
 * Validates a Revenue element and returns the revenue to store. Type defaults to NoValue; an
 * Account-scope goal without a currency takes its account's. A VariableValue revenue without a Value stores 0:
 * the reference calls the default value "effectively 0" (ConversionGoalRevenue.Value), and the emulator returns it
 * as such rather than nil, so a client sees the value the service counts.
 */
export function resolveRevenue(
  input: GoalInput["revenue"],
  scope: Goal["scope"],
  accountCurrency: string,
): { revenue: Goal["revenue"]; errors: RuleError[] } {
  const r = input ?? { currencyCode: undefined, type: undefined, value: undefined };
  const errors: RuleError[] = [];
  const type = r.type ?? "NoValue";
  if (type !== "FixedValue" && type !== "VariableValue" && type !== "NoValue") {
    errors.push({ name: "InvalidConversionGoalRevenueType", fieldPath: "Revenue.Type" });
    return { revenue: { type: "NoValue", value: null, currencyCode: null }, errors };
  }
  const value = r.value ?? (type === "VariableValue" ? "0" : null);
  if (type === "FixedValue" && value === null) errors.push({ name: "InvalidConversionGoalRevenueValue", fieldPath: "Revenue.Value", message: "A FixedValue revenue needs a Value." });
  if (type === "NoValue" && value !== null) errors.push({ name: "InvalidConversionGoalRevenueValue", fieldPath: "Revenue.Value", message: "A NoValue revenue must not have a Value." });
  if (value !== null && (Number(value) < 0 || Number(value) > MAX_REVENUE_VALUE)) {
    errors.push({ name: "InvalidConversionGoalRevenueValue", fieldPath: "Revenue.Value", message: `Revenue Value must be between 0 and ${MAX_REVENUE_VALUE}.` });
  }
  let currencyCode = r.currencyCode ?? null;
  if (currencyCode !== null && !GOAL_CURRENCIES.has(currencyCode)) errors.push({ name: "InvalidGoalCurrencyCode", fieldPath: "Revenue.CurrencyCode" });
  if (currencyCode === null) {
    if (scope === "Account") currencyCode = accountCurrency;
    else if (type !== "NoValue") errors.push({ name: "GoalCurrencyCodeIsNull", fieldPath: "Revenue.CurrencyCode" });
  }
  return { revenue: { type, value, currencyCode }, errors };
}

/** Indexes whose name (compared case-insensitively) occurs more than once in the request. */
export function duplicateNameIndexes(names: Array<string | null | undefined>): Set<number> {
  const seen = new Map<string, number[]>();
  names.forEach((n, i) => {
    if (!n) return;
    const k = n.toLowerCase();
    seen.set(k, [...(seen.get(k) ?? []), i]);
  });
  return new Set([...seen.values()].filter((v) => v.length > 1).flat());
}
