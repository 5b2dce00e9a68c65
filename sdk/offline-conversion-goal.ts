import * as pulumi from "@pulumi/pulumi";
import type { GoalInputs } from "../provider/resource/schema";
import { DYNAMIC_GOAL_TYPE } from "../provider/plugin/type-tokens";
import { PROVIDER_MODULE } from "./provider-module";

/** The engine's type token: a dynamic resource, served by the dynamic-provider host of the Node.js language plugin. */
export const GOAL_TYPE = DYNAMIC_GOAL_TYPE;

type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** Revenue as declared: each part may be an Output of another resource. */
export type RevenueArgs = Inputs<NonNullable<GoalInputs["revenue"]>>;

/**
 * Arguments of an OfflineConversionGoal; the property docs come from the one zod schema that also checks them
 * (provider/resource/schema.ts).
 */
export type OfflineConversionGoalArgs = Inputs<Omit<GoalInputs, "revenue">> & {
  /** What a conversion is worth: type FixedValue, VariableValue or NoValue (default), value, currencyCode. */
  revenue?: pulumi.Input<RevenueArgs>;
};

/** Revenue as the account holds it. */
export interface RevenueOutput {
  type: string;
  /** Decimal text, exactly as the service stores it (e.g. "12.50"). */
  value?: string;
  /** The currency the service applied (the account's, when none was declared on an Account-scope goal). */
  currencyCode?: string;
}

/**
 * A Microsoft Advertising offline conversion goal (Campaign Management v13). Changing scope, customerId or
 * accountId replaces it; deleting it pauses it and renames it so its name is free again (the API has no delete).
 */
export class OfflineConversionGoal extends pulumi.CustomResource {
  /** The service's id of the goal (a 64-bit integer as text). */
  declare readonly goalId: pulumi.Output<string>;
  /** Display name, unique among the customer's goals. */
  declare readonly name: pulumi.Output<string>;
  declare readonly goalCategory: pulumi.Output<string>;
  /** Effective conversion window, defaults included. */
  declare readonly conversionWindowInMinutes: pulumi.Output<number>;
  declare readonly countType: pulumi.Output<string>;
  declare readonly excludeFromBidding: pulumi.Output<boolean>;
  /** Effective revenue, with the currency the service applied. */
  declare readonly revenue: pulumi.Output<RevenueOutput>;
  declare readonly scope: pulumi.Output<string>;
  /** Active or Paused. */
  declare readonly status: pulumi.Output<string>;
  declare readonly isExternallyAttributed: pulumi.Output<boolean>;
  /** The customer the goal belongs to (declared or from msads:customerId). */
  declare readonly customerId: pulumi.Output<string>;
  /** The account the goal was created through (declared or from msads:accountId). */
  declare readonly accountId: pulumi.Output<string>;
  declare readonly adoptExisting: pulumi.Output<boolean>;

  /**
   * Declares a goal. `name` is the Pulumi logical name; `args.name` is the goal's display name in the account.
   */
  constructor(name: string, args: OfflineConversionGoalArgs, opts?: pulumi.CustomResourceOptions) {
    // What pulumi.dynamic.Resource does, with the provider as a literal module text instead of a serialized closure
    // (see provider-module.ts): the same type token and the same `__provider` input the host reads.
    //
    // @pulumi/pulumi gives every declared key four promises, and each captures a stack (debuggablePromise) that the
    // program's source-map support then maps: 14 keys cost a goal ~6 ms of program CPU, most of a preview. Those
    // stacks only feed the runtime's leaked-promise report, so they are not captured while this resource is
    // registered. The resource's source position is unaffected (Resource.callsites sets its own limit); a failed
    // registration's error keeps its message but not its stack frames.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(
        GOAL_TYPE,
        name,
        {
          goalId: undefined,
          conversionWindowInMinutes: undefined,
          countType: undefined,
          excludeFromBidding: undefined,
          revenue: undefined,
          scope: undefined,
          status: undefined,
          isExternallyAttributed: undefined,
          customerId: undefined,
          accountId: undefined,
          adoptExisting: undefined,
          ...args,
          __provider: PROVIDER_MODULE,
        },
        opts,
      );
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
  }
}
