import { StepContext } from "./context";
import { declarationFromOutputs, declarationMatching, recordedDeclaration } from "./declaration";
import { changedSettings, normaliseGoal } from "./normalise";
import { GoalOutputs, outputsFromGoal } from "./outputs";
import { GoalInputs } from "./schema";

/** What read tells the engine: no id = the goal is gone; inputs = the declaration as the account now matches it. */
export interface GoalRead {
  id?: string;
  props?: GoalOutputs;
  inputs?: GoalInputs;
}

/**
 * GetConversionGoalsByIds for `pulumi refresh`. The outputs become what the account holds. The inputs become the
 * previous declaration with only the values the account holds differently substituted (declarationMatching), and
 * are recorded in the outputs too: the next plan names exactly what drifted, an `up` puts the declaration back,
 * and a property under ignoreChanges keeps the account's value. An untouched goal reproduces its outputs and
 * inputs exactly. State from before the declaration was recorded gets inputs only when the account drifted.
 */
export async function readGoalState(id: string, props: GoalOutputs, ctx: StepContext): Promise<GoalRead> {
  const placement = { customerId: props.customerId ?? ctx.settings.customerId, accountId: props.accountId ?? ctx.settings.accountId };
  if (!placement.customerId || !placement.accountId) throw new Error(`cannot read goal ${id}: its state records no customerId/accountId and msads:customerId/msads:accountId are not set`);
  const goal = await ctx.gateway(placement as { customerId: string; accountId: string }).get(id);
  if (!goal) return {};
  const outs = outputsFromGoal(goal, placement as { customerId: string; accountId: string }, props.adoptExisting ?? false);
  const legacy = props.__declared === undefined;
  if (legacy && changedSettings(normaliseGoal(outs, {}), normaliseGoal(props, {})).length === 0) return { id, props: outs };
  // State that records no goal (an import, or a step that failed before anything was recorded) has no
  // declaration to keep: the goal as the account holds it is the baseline.
  const previous = props.name === undefined && legacy ? declarationFromOutputs(outs, ctx.settings) : recordedDeclaration(props, ctx.settings);
  const declared = declarationMatching(previous, outs);
  return { id, props: { ...outs, __declared: declared }, inputs: declared };
}
