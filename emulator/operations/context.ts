import { Store } from "../store";

/** Limits the service enforces; configurable so tests can reach them cheaply. */
export interface Limits {
  /** Account-scope goals one account may own (5326). */
  goalsPerAccount: number;
  /** Goals one customer may own (5327). */
  goalsPerCustomer: number;
}

export const DEFAULT_LIMITS: Limits = { goalsPerAccount: 1000, goalsPerCustomer: 5000 };

/** Items per Add/Update call and ids per Get call. */
export const MAX_BATCH = 100;

/** Who is calling, as established from the SOAP headers. */
export interface OpContext {
  store: Store;
  customerId: string;
  accountId: string;
  limits: Limits;
  /** Get adds elements the WSDL does not declare to each goal, as a newer service would (EmulatorOptions.extraGoalElements). */
  extraGoalElements?: boolean;
}
