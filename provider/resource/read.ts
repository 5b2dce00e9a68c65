import { readGoal, StepContext } from "./context";
import { changedSettings, normaliseGoal } from "./normalise";
import { GoalOutputs, outputsFromGoal } from "./outputs";
import { GoalInputs } from "./schema";

/** What read tells the engine: no id = the goal is gone; inputs only when the account drifted from the state. */
export interface GoalRead {
  id?: string;
  props?: GoalOutputs;
  inputs?: GoalInputs;
}

/**
 * GetConversionGoalsByIds for `pulumi refresh`. An untouched goal reproduces its outputs exactly and leaves the
 * inputs alone; a goal changed in the web UI returns the account's values as outputs and inputs, so the drift is
 * recorded and the next `up` puts the declaration back.
 */
export async function readGoalState(id: string, props: GoalOutputs, ctx: StepContext): Promise<GoalRead> {
  const placement = { customerId: props.customerId ?? ctx.settings.customerId, accountId: props.accountId ?? ctx.settings.accountId };
  if (!placement.customerId || !placement.accountId) throw new Error(`cannot read goal ${id}: its state records no customerId/accountId and msads:customerId/msads:accountId are not set`);
  const client = ctx.client(placement as { customerId: string; accountId: string });
  const goal = await readGoal(client, id);
  if (!goal) return {};
  const outs = outputsFromGoal(goal, placement as { customerId: string; accountId: string }, props.adoptExisting ?? false);
  if (changedSettings(normaliseGoal(outs, {}), normaliseGoal(props, {})).length === 0) return { id, props: outs };
  return { id, props: outs, inputs: inputsFromOutputs(outs) };
}

/** The declaration that matches what the account holds. */
export function inputsFromOutputs(o: GoalOutputs): GoalInputs {
  const revenue: NonNullable<GoalInputs["revenue"]> = { type: o.revenue.type as "FixedValue" | "VariableValue" | "NoValue" };
  if (o.revenue.type !== "NoValue") {
    if (o.revenue.value !== undefined) revenue.value = o.revenue.value;
    if (o.revenue.currencyCode !== undefined) revenue.currencyCode = o.revenue.currencyCode;
  }
  return {
    name: o.name,
    goalCategory: o.goalCategory as GoalInputs["goalCategory"],
    conversionWindowInMinutes: o.conversionWindowInMinutes,
    countType: o.countType as GoalInputs["countType"],
    excludeFromBidding: o.excludeFromBidding,
    revenue,
    scope: o.scope as GoalInputs["scope"],
    status: o.status as GoalInputs["status"],
    isExternallyAttributed: o.isExternallyAttributed,
    adoptExisting: o.adoptExisting,
    customerId: o.customerId,
    accountId: o.accountId,
  };
}
