import { CampaignManagementClient } from "../client/client";
import { ConversionGoal } from "../client/goal";
import { OutcomeUnknownError } from "../client/errors";
import { placementOf } from "./config";
import { findByName, GoalPlacement, GoalStepError, goalToSend, itemFailure, outputsAfterWrite, readGoal, StepContext } from "./context";
import { changedSettings, normaliseDeclared, normaliseGoal } from "./normalise";
import { GoalOutputs, outputsFromGoal } from "./outputs";
import { GoalInputs } from "./schema";
import { patchFor } from "./update";

const NAME_TAKEN = 5317;
// After an ambiguous Add and a lookup that found nothing, Add is sent again at most this often.
const MAX_ADD_ATTEMPTS = 3;

/**
 * AddConversionGoals, never duplicating: an ambiguous failure is settled by looking the name up; a goal that
 * exists with the settings just sent is ours. With adoptExisting, a goal of that name is taken over instead.
 */
export async function createGoal(inputs: GoalInputs, ctx: StepContext): Promise<{ id: string; outs: GoalOutputs }> {
  const placement = placementOf(inputs, ctx.settings);
  const client = ctx.client(placement);
  const adopt = inputs.adoptExisting ?? false;
  if (adopt) {
    const existing = await findByName(client, inputs.name);
    if (existing) return adoptGoal(client, existing, inputs, placement);
  }
  const wanted = goalToSend(inputs);
  for (let attempt = 1; ; attempt++) {
    let res;
    try {
      res = await client.addConversionGoals([wanted]);
    } catch (e) {
      if (!(e instanceof OutcomeUnknownError)) throw e;
      const found = await findByName(client, inputs.name);
      if (found && sameAsDeclared(found, inputs)) return { id: found.id!, outs: outputsFromGoal(found, placement, adopt) };
      if (found) throw nameTaken(found);
      if (attempt >= MAX_ADD_ATTEMPTS) throw e;
      continue; // it was not created: sending it again cannot duplicate it
    }
    const failure = res.partialErrors[0];
    if (failure) {
      if (failure.code === NAME_TAKEN) {
        const holder = await findByName(client, inputs.name);
        // An earlier ambiguous attempt of ours may have landed in the meantime.
        if (holder && attempt > 1 && sameAsDeclared(holder, inputs)) return { id: holder.id!, outs: outputsFromGoal(holder, placement, adopt) };
        throw holder ? nameTaken(holder) : new Error(`name: ${failure.message}. The name is held by a goal of another type or another account of the customer; choose another name`);
      }
      throw new Error(itemFailure(failure));
    }
    const id = res.goalIds[0];
    if (!id) throw new Error(`AddConversionGoals returned no id and no error for goal ${JSON.stringify(inputs.name)}`);
    return { id, outs: await outputsAfterWrite(client, id, placement, adopt, wanted) };
  }
}

function sameAsDeclared(found: ConversionGoal, inputs: GoalInputs): boolean {
  const recorded = normaliseGoal(found, {});
  return changedSettings(normaliseDeclared(inputs, {}, recorded), recorded).length === 0;
}

function nameTaken(holder: ConversionGoal): Error {
  return new Error(
    `name: a goal named ${JSON.stringify(holder.name)} already exists (id ${holder.id}, status ${holder.status}, scope ${holder.scope}); ` +
      `names are unique per customer regardless of case. To manage that goal with this resource, set adoptExisting: true; otherwise choose another name`,
  );
}

async function adoptGoal(client: CampaignManagementClient, existing: ConversionGoal, inputs: GoalInputs, placement: GoalPlacement): Promise<{ id: string; outs: GoalOutputs }> {
  const id = existing.id!;
  const recorded = normaliseGoal(existing, {});
  const declared = normaliseDeclared(inputs, {}, recorded);
  if (declared.scope !== recorded.scope) {
    throw new Error(
      `scope: cannot adopt goal ${JSON.stringify(existing.name)} (id ${id}): it has scope ${recorded.scope} and ${declared.scope} is declared; ` +
        `scope cannot change after creation. Declare scope: "${recorded.scope}", or rename one of the goals`,
    );
  }
  const changed = changedSettings(declared, recorded).filter((k) => k !== "scope");
  if (changed.length > 0) {
    const res = await client.updateConversionGoals([patchFor(id, changed, declared, inputs, existing.goalCategory ?? undefined)]);
    if (res.partialErrors.length > 0) {
      const now = (await readGoal(client, id)) ?? existing;
      const reasons = res.partialErrors.map(itemFailure);
      throw new GoalStepError(`adopted goal ${id} but could not update it: ${reasons.join("; ")}`, id, outputsFromGoal(now, placement, true), reasons);
    }
  }
  return { id, outs: await outputsAfterWrite(client, id, placement, true, existing) };
}
