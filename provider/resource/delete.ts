import { MAX_GOAL_NAME_LENGTH } from "../client/limits";
import { itemFailure, readGoal, StepContext } from "./context";
import { GoalOutputs } from "./outputs";

/**
 * The name a deleted goal is left with: the old name shortened to fit, plus " (removed <id in base 36>)". It is
 * deterministic (a retried delete renames to the same name) and unique (ids are), so it frees the name for a new goal.
 */
export function retiredName(name: string, id: string): string {
  const suffix = ` (removed ${BigInt(id).toString(36)})`;
  if (name.endsWith(suffix)) return name;
  return name.slice(0, MAX_GOAL_NAME_LENGTH - suffix.length).trimEnd() + suffix;
}

/**
 * The API has no delete: one UpdateConversionGoals pauses the goal (what the web UI calls Removed) and renames it
 * so that its name is free. A goal already gone, or already retired, needs nothing.
 */
export async function deleteGoal(id: string, props: GoalOutputs, ctx: StepContext): Promise<void> {
  const customerId = props.customerId ?? ctx.settings.customerId;
  const accountId = props.accountId ?? ctx.settings.accountId;
  if (!customerId || !accountId) throw new Error(`cannot delete goal ${id}: its state records no customerId/accountId and msads:customerId/msads:accountId are not set`);
  const client = ctx.client({ customerId, accountId });
  const goal = await readGoal(client, id);
  if (!goal) return;
  const name = retiredName(goal.name ?? props.name, id);
  if (goal.status === "Paused" && goal.name === name) return;
  const res = await client.updateConversionGoals([{ id, status: "Paused", name }]);
  if (res.partialErrors.length > 0) throw new Error(`could not retire goal ${id}: ${res.partialErrors.map(itemFailure).join("; ")}`);
}
