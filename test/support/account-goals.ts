import { retiredName } from "../../provider/resource/delete";
import { SECRET_SEED } from "./client";

/** A stored offline goal for an emulator seed; Account scope in account 2000001, Active, unless told otherwise. */
export function seededGoal(id: string, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    customerId: "1000001",
    accountId: "2000001",
    type: "OfflineConversion",
    name,
    goalCategory: "Purchase",
    conversionWindowInMinutes: 43200,
    countType: "All",
    excludeFromBidding: false,
    revenue: { type: "NoValue", value: null, currencyCode: null },
    scope: "Account",
    status: "Active",
    isExternallyAttributed: false,
    ...extra,
  };
}

/** Ids of the account seed below (above 2^53, as the emulator's). */
export const IDS = {
  webUi: "9007199254740101",
  lookAlike: "9007199254740102",
  retired: "9007199254740103",
  customer: "9007199254740104",
  euOnly: "9007199254740105",
  pausedByHand: "9007199254740106",
};

/**
 * An account a web UI and deleted stacks have been at: a goal added in the web UI (revenue and all), one whose name
 * differs from a declared goal's only in case, one the provider retired, a Customer-scope goal (visible from both
 * accounts), a goal of the EUR account only, and one paused by hand under its own name (unmanaged, not retired).
 */
export const UNMANAGED_SEED = {
  ...SECRET_SEED,
  goals: [
    seededGoal(IDS.webUi, "Web UI leads", { goalCategory: "SubmitLeadForm", conversionWindowInMinutes: 10080, countType: "Unique", revenue: { type: "FixedValue", value: "12.50", currencyCode: "USD" } }),
    seededGoal(IDS.lookAlike, "STORE VISITS"),
    seededGoal(IDS.retired, retiredName("Old campaign", IDS.retired), { status: "Paused" }),
    seededGoal(IDS.customer, "Agency wide", { scope: "Customer", goalCategory: "Contact", revenue: { type: "VariableValue", value: "3", currencyCode: "EUR" } }),
    seededGoal(IDS.euOnly, "EU signups", { accountId: "2000002", goalCategory: "Signup", excludeFromBidding: true }),
    seededGoal(IDS.pausedByHand, "Paused by hand", { status: "Paused" }),
  ],
};
