import { ConversionGoal } from "../client/goal";
import { DEFAULT_CONVERSION_WINDOW_MINUTES } from "../client/limits";
import { GoalInputs } from "./schema";

/** What the resource records in state after every step: the goal as the account holds it. */
export interface GoalOutputs {
  /** The service's id of the goal (xs:long as text). */
  goalId: string;
  name: string;
  goalCategory: string;
  conversionWindowInMinutes: number;
  countType: string;
  excludeFromBidding: boolean;
  /** Revenue as the account holds it; value is decimal text, currencyCode the one the service applied. */
  revenue: { type: string; value?: string; currencyCode?: string };
  scope: string;
  status: string;
  isExternallyAttributed: boolean;
  customerId: string;
  accountId: string;
  /** Echo of the input: whether the goal was allowed to be taken over at creation. */
  adoptExisting: boolean;
  /**
   * The last declaration (only the keys declared, values as declared), with what a refresh found drifted put in;
   * diff and update compare the new declaration with it (see declaration.ts). Absent in state written before it
   * existed. The "__" prefix keeps it out of the CLI's property displays, as with __provider.
   */
  __declared?: GoalInputs;
}

/**
 * Outputs from a goal the service returned. Only settings are recorded (not TrackingStatus, which the service
 * changes on its own): a refresh of an untouched goal must reproduce these outputs exactly.
 */
export function outputsFromGoal(goal: ConversionGoal, placement: { customerId: string; accountId: string }, adoptExisting: boolean): GoalOutputs {
  const revenue: GoalOutputs["revenue"] = { type: goal.revenue?.type ?? "NoValue" };
  if (goal.revenue?.value !== undefined) revenue.value = goal.revenue.value;
  if (goal.revenue?.currencyCode !== undefined) revenue.currencyCode = goal.revenue.currencyCode;
  return {
    goalId: goal.id ?? "",
    name: goal.name ?? "",
    goalCategory: goal.goalCategory ?? "",
    conversionWindowInMinutes: goal.conversionWindowInMinutes ?? DEFAULT_CONVERSION_WINDOW_MINUTES,
    countType: goal.countType ?? "All",
    excludeFromBidding: goal.excludeFromBidding ?? false,
    revenue,
    scope: goal.scope ?? "Account",
    status: goal.status ?? "Active",
    isExternallyAttributed: goal.isExternallyAttributed ?? false,
    customerId: placement.customerId,
    accountId: placement.accountId,
    adoptExisting,
  };
}
