import * as pulumi from "@pulumi/pulumi";
import type { RetirementInputs } from "../provider/resource/retirement";
import { RETIREMENT_PROVIDER_MODULE } from "./provider-module";

/**
 * The declared retirement of a goal no code declares (type `pulumi-nodejs:dynamic/msads:GoalRetirement`): `up`
 * pauses the goal and renames it to `name` exactly as deleting an OfflineConversionGoal does; preview only shows it.
 * Build the inputs with retirementOf (unmanaged-goals.ts).
 */
export class GoalRetirement extends pulumi.CustomResource {
  declare readonly goalId: pulumi.Output<string>;
  /** The retired name: the old one plus " (removed <id in base 36>)". */
  declare readonly name: pulumi.Output<string>;
  declare readonly status: pulumi.Output<string>;

  constructor(name: string, args: RetirementInputs, opts?: pulumi.CustomResourceOptions) {
    // As pulumi.dynamic.Resource does, with the installed provider required by a literal module text (provider-module.ts).
    super("pulumi-nodejs:dynamic/msads:GoalRetirement", name, { ...args, __provider: RETIREMENT_PROVIDER_MODULE }, opts);
  }
}
