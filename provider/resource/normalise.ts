// Declared inputs and recorded outputs brought to one comparable form: defaults filled, decimals canonical, the
// account currency assumed where none was declared. diff, update and read all compare through this file.
import { ConversionGoal } from "../client/goal";
import { DEFAULT_CONVERSION_WINDOW_MINUTES } from "../client/limits";
import { canonicalDecimal } from "./decimal";
import { GoalInputs } from "./schema";
import { GoalOutputs } from "./outputs";

/** A goal with every setting explicit. */
export interface NormalGoal {
  name: string;
  goalCategory: string;
  conversionWindowInMinutes: number;
  countType: string;
  excludeFromBidding: boolean;
  revenue: { type: string; value?: string; currencyCode?: string };
  scope: string;
  status: string;
  isExternallyAttributed: boolean;
  customerId?: string;
  accountId?: string;
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
  const type = inputs.revenue?.type ?? "NoValue";
  const revenue: NormalGoal["revenue"] = { type };
  if (type !== "NoValue") {
    const value = canonicalDecimal(inputs.revenue?.value);
    if (value !== undefined) revenue.value = value;
    const currency = inputs.revenue?.currencyCode ?? (recorded?.revenue.type !== "NoValue" ? recorded?.revenue.currencyCode : undefined);
    if (currency !== undefined) revenue.currencyCode = currency;
  }
  return {
    name: inputs.name,
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
  const type = g.revenue?.type ?? "NoValue";
  const revenue: NormalGoal["revenue"] = { type };
  if (type !== "NoValue") {
    const value = canonicalDecimal(g.revenue?.value);
    if (value !== undefined) revenue.value = value;
    if (g.revenue?.currencyCode) revenue.currencyCode = g.revenue.currencyCode;
  }
  return {
    name: g.name ?? "",
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
