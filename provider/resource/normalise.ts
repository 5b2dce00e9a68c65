// Declared inputs and recorded outputs brought to one comparable form: defaults filled, decimals canonical, the
// account currency assumed where none was declared. diff, update and read all compare through this file.
import { ConversionGoal } from "../client/goal";
import { DEFAULT_CONVERSION_WINDOW_MINUTES } from "../client/limits";
import { canonicalDecimal } from "./decimal";
import { GoalInputs } from "./schema";
import { GoalOutputs } from "./outputs";

/** A goal with every setting explicit: the recorded outputs' settings, with the placement left open when unknown. */
export type NormalGoal = Omit<GoalOutputs, "goalId" | "adoptExisting" | "customerId" | "accountId" | "__declared"> & {
  customerId?: string;
  accountId?: string;
};

/**
 * Revenue compared as the service treats it: NoValue carries neither value nor currency; decimals canonical; a
 * VariableValue without a value is worth 0 (ConversionGoalRevenue.Value: "the default value is effectively 0"), so
 * leaving it out and reading back the service's 0 compare equal.
 */
function normalRevenue(type: string, value: unknown, currencyCode: string | undefined): NormalGoal["revenue"] {
  const revenue: NormalGoal["revenue"] = { type };
  if (type === "NoValue") return revenue;
  const canonical = canonicalDecimal(value) ?? (type === "VariableValue" ? "0" : undefined);
  if (canonical !== undefined) revenue.value = canonical;
  if (currencyCode) revenue.currencyCode = currencyCode;
  return revenue;
}

/**
 * Names compared in Unicode normalisation form C: "é" typed as e + combining accent (macOS file names, some
 * editors) is the same name to a reader, and a service or web UI that stores it composed must not cause a diff.
 */
function normalName(name: string): string {
  return name.normalize("NFC");
}

/** The settings compared field by field; revenue is compared whole (and sent whole). */
export const SETTINGS = [
  "name", "goalCategory", "conversionWindowInMinutes", "countType", "excludeFromBidding", "revenue", "scope", "status", "isExternallyAttributed",
] as const;
export type Setting = (typeof SETTINGS)[number];

/** Where the goal lives, when the inputs do not say: the provider configuration. */
export interface Placement {
  customerId?: string;
  accountId?: string;
}

/**
 * The declared goal with defaults. `recorded` supplies what the service filled in that a declaration may leave
 * open: the currency of an Account-scope revenue.
 */
export function normaliseDeclared(inputs: GoalInputs, placement: Placement, recorded?: NormalGoal): NormalGoal {
  const currency = inputs.revenue?.currencyCode ?? (recorded?.revenue.type !== "NoValue" ? recorded?.revenue.currencyCode : undefined);
  const revenue = normalRevenue(inputs.revenue?.type ?? "NoValue", inputs.revenue?.value, currency);
  return {
    name: normalName(inputs.name),
    goalCategory: inputs.goalCategory,
    conversionWindowInMinutes: inputs.conversionWindowInMinutes ?? DEFAULT_CONVERSION_WINDOW_MINUTES,
    countType: inputs.countType ?? "All",
    excludeFromBidding: inputs.excludeFromBidding ?? false,
    revenue,
    scope: inputs.scope ?? "Account",
    status: inputs.status ?? "Active",
    isExternallyAttributed: inputs.isExternallyAttributed ?? false,
    customerId: inputs.customerId ?? placement.customerId,
    accountId: inputs.accountId ?? placement.accountId,
  };
}

/** A goal as the service returns it (or as recorded in state) with defaults filled the same way. */
export function normaliseGoal(g: ConversionGoal | GoalOutputs, placement: Placement): NormalGoal {
  const revenue = normalRevenue(g.revenue?.type ?? "NoValue", g.revenue?.value, g.revenue?.currencyCode);
  return {
    name: normalName(g.name ?? ""),
    goalCategory: g.goalCategory ?? "",
    conversionWindowInMinutes: g.conversionWindowInMinutes ?? DEFAULT_CONVERSION_WINDOW_MINUTES,
    countType: g.countType ?? "All",
    excludeFromBidding: g.excludeFromBidding ?? false,
    revenue,
    scope: g.scope ?? "Account",
    status: g.status ?? "Active",
    isExternallyAttributed: g.isExternallyAttributed ?? false,
    customerId: ("customerId" in g ? g.customerId : undefined) ?? placement.customerId,
    accountId: ("accountId" in g ? g.accountId : undefined) ?? placement.accountId,
  };
}

/** The settings whose values differ, in SETTINGS order. */
export function changedSettings(a: NormalGoal, b: NormalGoal): Setting[] {
  return SETTINGS.filter((k) => !sameValue(a[k], b[k]));
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}
