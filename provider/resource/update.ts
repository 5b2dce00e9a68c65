import { ConversionGoal } from "../client/goal";
import { GoalPlacement, GoalStepError, itemFailure, outputsAfterWrite, revenueToSend, StepContext } from "./context";
import { recordedDeclaration, withDeclaration } from "./declaration";
import { changedSettings, normaliseDeclared, normaliseGoal, NormalGoal, Setting } from "./normalise";
import { GoalOutputs, outputsFromGoal } from "./outputs";
import { GoalInputs } from "./schema";

/**
 * An Update that carries the changed settings, with the values the declaration means (defaults filled in by
 * normaliseDeclared); revenue, when it changed at all, goes whole and without an undeclared currency, so the
 * service applies the account's. Scope never goes: it is read-only, and a change of it is a replacement.
 * The declared category also goes when the goal is known to hold None (or its category is not known): a goal added
 * before June 2021 may hold category None, and the service refuses any update of such a goal that does not set one
 * (Bing Ads API blog "Conversion goal category requirements", 7 June 2021). It does not go otherwise: under
 * ignoreChanges the declared category is the old input, and sending it would revert a category changed in the web
 * UI. A state that wrongly shows a category for a None goal fails once, records the account's None (the step
 * error re-reads the goal), and the next update sends the category.
 */
export function patchFor(id: string, changed: Setting[], declared: NormalGoal, inputs: GoalInputs, recordedCategory: string | undefined): ConversionGoal {
  const patch: ConversionGoal = { id };
  if (recordedCategory === undefined || recordedCategory === "None") patch.goalCategory = declared.goalCategory as ConversionGoal["goalCategory"];
  for (const k of changed) {
    if (k === "scope") continue;
    if (k === "revenue") patch.revenue = revenueToSend(inputs.revenue);
    else Object.assign(patch, { [k]: declared[k] });
  }
  return patch;
}

/**
 * UpdateConversionGoals with what differs between the recorded declaration (declaration.ts: the last one, with
 * what a refresh found drifted) and the new one. A property the account holds differently but that neither
 * declaration changes is left alone: that is how ignoreChanges holds. A per-goal error fails the step with the
 * state set to what the account really holds, and the recorded declaration kept, so the next `up` tries again.
 * A goal added before June 2021 may hold category None, and the service refuses any update of such a goal that does
 * not set one (Bing Ads API blog "Conversion goal category requirements", 7 June 2021), even when the recorded state
 * no longer shows it; so an update that does not change the category first reads the goal, and sends the declared
 * category only to a goal that holds None. Sending it always would revert a category kept by ignoreChanges.
 */
export async function updateGoal(id: string, olds: GoalOutputs, news: GoalInputs, ctx: StepContext): Promise<GoalOutputs> {
  const placement: GoalPlacement = { customerId: olds.customerId, accountId: olds.accountId };
  const gateway = ctx.gateway(placement);
  const recorded = normaliseGoal(olds, {});
  const previous = recordedDeclaration(olds);
  const declared = normaliseDeclared(news, {}, recorded);
  const changed = changedSettings(declared, normaliseDeclared(previous, {}, recorded));
  const adopt = news.adoptExisting ?? false;
  if (changed.some((k) => k !== "scope")) {
    const errors = await gateway.update(patchFor(id, changed, declared, news, olds.goalCategory));
    if (errors.length > 0) {
      const now = await gateway.get(id);
      const reasons = errors.map(itemFailure);
      throw new GoalStepError(`could not update goal ${id}: ${reasons.join("; ")}`, id, withDeclaration(now ? outputsFromGoal(now, placement, adopt) : olds, previous), reasons);
    }
  }
  return withDeclaration(await outputsAfterWrite(gateway, id, adopt, { id, name: news.name }), news);
}
