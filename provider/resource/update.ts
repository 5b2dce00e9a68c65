import { ConversionGoal } from "../client/goal";
import { GoalPlacement, GoalStepError, itemFailure, outputsAfterWrite, readGoal, revenueToSend, StepContext } from "./context";
import { changedSettings, normaliseDeclared, normaliseGoal, Setting } from "./normalise";
import { GoalOutputs, outputsFromGoal } from "./outputs";
import { GoalInputs } from "./schema";

/** An Update that carries only the changed settings; revenue, when it changed at all, goes whole. */
export function patchFor(id: string, changed: Setting[], inputs: GoalInputs): ConversionGoal {
  const patch: ConversionGoal = { id };
  for (const k of changed) {
    switch (k) {
      case "revenue":
        patch.revenue = revenueToSend(inputs.revenue);
        break;
      case "scope":
        break; // read-only: a scope change is a replacement, never an update
      case "conversionWindowInMinutes":
        patch.conversionWindowInMinutes = inputs.conversionWindowInMinutes ?? 43_200;
        break;
      case "countType":
        patch.countType = inputs.countType ?? "All";
        break;
      case "excludeFromBidding":
        patch.excludeFromBidding = inputs.excludeFromBidding ?? false;
        break;
      case "status":
        patch.status = inputs.status ?? "Active";
        break;
      case "isExternallyAttributed":
        patch.isExternallyAttributed = inputs.isExternallyAttributed ?? false;
        break;
      case "name":
        patch.name = inputs.name;
        break;
      case "goalCategory":
        patch.goalCategory = inputs.goalCategory;
        break;
    }
  }
  return patch;
}

/**
 * UpdateConversionGoals with what differs between the recorded outputs and the declaration. A per-goal error
 * fails the step with the state set to what the account really holds.
 */
export async function updateGoal(id: string, olds: GoalOutputs, news: GoalInputs, ctx: StepContext): Promise<GoalOutputs> {
  const placement: GoalPlacement = { customerId: olds.customerId, accountId: olds.accountId };
  const client = ctx.client(placement);
  const recorded = normaliseGoal(olds, {});
  const changed = changedSettings(normaliseDeclared(news, {}, recorded), recorded);
  const adopt = news.adoptExisting ?? false;
  if (changed.some((k) => k !== "scope")) {
    const res = await client.updateConversionGoals([patchFor(id, changed, news)]);
    if (res.partialErrors.length > 0) {
      const now = await readGoal(client, id);
      const reasons = res.partialErrors.map(itemFailure);
      throw new GoalStepError(`could not update goal ${id}: ${reasons.join("; ")}`, id, now ? outputsFromGoal(now, placement, adopt) : olds, reasons);
    }
  }
  return outputsAfterWrite(client, id, placement, adopt, { id, name: news.name });
}
