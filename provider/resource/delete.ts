import { ConversionGoal, OFFLINE_GOAL_CATEGORIES } from "../client/goal";
import { MAX_GOAL_NAME_LENGTH } from "../client/limits";
import { itemFailure, StepContext } from "./context";
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
 * The category the retiring update carries. The service refuses an update without a category of a goal that holds
 * None (added before June 2021; Bing Ads API blog "Conversion goal category requirements", 7 June 2021): such a goal
 * gets the category recorded in state, or Other when the state holds no offline category either (an adoption that
 * failed before its update); any other goal keeps its own, so retiring it changes nothing but status and name.
 */
export function retiringCategory(goal: ConversionGoal, props: Pick<GoalOutputs, "goalCategory">): NonNullable<ConversionGoal["goalCategory"]> {
  const offline = (c: string | undefined): c is (typeof OFFLINE_GOAL_CATEGORIES)[number] => (OFFLINE_GOAL_CATEGORIES as readonly string[]).includes(c ?? "");
  if (offline(goal.goalCategory)) return goal.goalCategory;
  return offline(props.goalCategory) ? props.goalCategory : "Other";
}

/**
 * The API has no delete: one UpdateConversionGoals pauses the goal (what the web UI calls Removed) and renames it
 * so that its name is free, carrying a category as every update must. A goal already gone, or already retired,
 * needs nothing.
 */
export async function deleteGoal(id: string, props: GoalOutputs, ctx: StepContext): Promise<void> {
  const customerId = props.customerId ?? ctx.settings.customerId;
  const accountId = props.accountId ?? ctx.settings.accountId;
  if (!customerId || !accountId) throw new Error(`cannot delete goal ${id}: its state records no customerId/accountId and msads:customerId/msads:accountId are not set`);
  const gateway = ctx.gateway({ customerId, accountId });
  const goal = await gateway.get(id);
  if (!goal) return;
  const name = retiredName(goal.name ?? props.name, id);
  if (goal.status === "Paused" && goal.name === name) return;
  const errors = await gateway.update({ id, status: "Paused", name, goalCategory: retiringCategory(goal, props) });
  if (errors.length > 0) throw new Error(`could not retire goal ${id}: ${errors.map(itemFailure).join("; ")}`);
}
