import { CampaignManagementClient } from "../client/client";
import { ConversionGoal } from "../client/goal";
import { OutcomeUnknownError } from "../client/errors";
import { placementOf } from "./config";
import { findByName, GoalPlacement, GoalStepError, goalToSend, itemFailure, outputsAfterWrite, readGoal, StepContext } from "./context";
import { changedSettings, normaliseDeclared, normaliseGoal } from "./normalise";
import { GoalOutputs, outputsFromGoal } from "./outputs";
import { Holding } from "./ownership";
import { GoalInputs } from "./schema";
import { patchFor } from "./update";

const NAME_TAKEN = 5317;
// After an ambiguous Add and a lookup that found nothing, Add is sent again at most this often.
const MAX_ADD_ATTEMPTS = 3;

/** What create did: the goal's id and outputs, and whether it took over an existing goal (adoptExisting). */
export interface CreatedGoal {
  id: string;
  outs: GoalOutputs;
  adopted: boolean;
}

/**
 * AddConversionGoals, never duplicating: an ambiguous failure is settled by looking the name up; a goal that
 * exists with the settings just sent is ours. With adoptExisting, a goal of that name is taken over instead, unless
 * another resource of this deployment holds it (`holderOf`, see ownership.ts): a goal has one owner.
 */
export async function createGoal(inputs: GoalInputs, ctx: StepContext, holderOf: (id: string) => Holding | undefined = () => undefined): Promise<CreatedGoal> {
  const placement = placementOf(inputs, ctx.settings);
  const client = ctx.client(placement);
  const adopt = inputs.adoptExisting ?? false;
  if (adopt) {
    const existing = await findByName(client, inputs.name);
    if (existing) {
      // A goal another resource created or adopted in this deployment is theirs (the engine creates a resource once
      // per deployment). One declared by a resource that stays may be this resource's own predecessor (a forced or
      // pending replacement, retainOnDelete), so it may be adopted; the old resource's delete then leaves it alone.
      const holder = holderOf(existing.id!);
      if (holder && holder.kind !== "kept") throw heldByAnother(existing, holder);
      return { ...(await adoptGoal(client, existing, inputs, placement)), adopted: true };
    }
  }
  const wanted = goalToSend(inputs);
  for (let attempt = 1; ; attempt++) {
    let res;
    try {
      res = await client.addConversionGoals([wanted]);
    } catch (e) {
      if (!(e instanceof OutcomeUnknownError)) throw e;
      const found = await findByName(client, inputs.name);
      if (found && !holderOf(found.id!) && sameAsDeclared(found, inputs)) return { id: found.id!, outs: outputsFromGoal(found, placement, adopt), adopted: false };
      if (found) throw nameTaken(found, inputs);
      if (attempt >= MAX_ADD_ATTEMPTS) throw e;
      continue; // it was not created: sending it again cannot duplicate it
    }
    const failure = res.partialErrors[0];
    if (failure) {
      if (failure.code === NAME_TAKEN) {
        const holder = await findByName(client, inputs.name);
        // An earlier ambiguous attempt of ours may have landed in the meantime.
        if (holder && attempt > 1 && !holderOf(holder.id!) && sameAsDeclared(holder, inputs)) return { id: holder.id!, outs: outputsFromGoal(holder, placement, adopt), adopted: false };
        throw holder ? nameTaken(holder, inputs) : new Error(`name: ${failure.message}. The name is held by a goal of another type or another account of the customer; choose another name`);
      }
      throw new Error(itemFailure(failure));
    }
    const id = res.goalIds[0];
    if (!id) throw new Error(`AddConversionGoals returned no id and no error for goal ${JSON.stringify(inputs.name)}`);
    return { id, outs: await outputsAfterWrite(client, id, placement, adopt, wanted), adopted: false };
  }
}

function sameAsDeclared(found: ConversionGoal, inputs: GoalInputs): boolean {
  const recorded = normaliseGoal(found, {});
  return changedSettings(normaliseDeclared(inputs, {}, recorded), recorded).length === 0;
}

/**
 * The name is held. The likeliest cause comes first: this stack manages the goal under another logical name (a key
 * renamed in goals.yaml, a resource moved to another parent), which aliases fix without a create and a delete. Then
 * adoption, which works only for a goal of the declared scope; for another scope (a goal kept by retainOnDelete, or
 * left by another stack, then replaced under its name) the ways that work are spelt out.
 */
export function nameTaken(holder: ConversionGoal, inputs: GoalInputs): Error {
  const declaredScope = inputs.scope ?? "Account";
  const head =
    `name: a goal named ${JSON.stringify(holder.name)} already exists (id ${holder.id}, status ${holder.status}, scope ${holder.scope}); ` +
    `names are unique per customer regardless of case. ` +
    `If this stack manages that goal under another key (a key renamed in goals.yaml, a resource moved to another parent), declare the previous key: ` +
    `aliases: [<previous key>] in goals.yaml (Pulumi's aliases option in a program), so it stays one resource. `;
  if (holder.scope === undefined || holder.scope === declaredScope) {
    return new Error(
      head +
        `If an earlier pulumi up was interrupted while creating this goal (pulumi cancel, a killed process: the CLI warns of pending operations), ` +
        `it is that goal: set adoptExisting: true and run pulumi up to settle the interrupted create by name. ` +
        `To manage that goal with this resource otherwise, set adoptExisting: true too (the old resource, if any, then leaves it alone); or choose another name`,
    );
  }
  return new Error(head + scopeWayOut(holder, declaredScope));
}

/** What works when the goal holding the name has another scope than the declared one (scope is read-only). */
function scopeWayOut(holder: ConversionGoal, declaredScope: string): string {
  return (
    `adoptExisting alone cannot take it: it has scope ${holder.scope} and ${declaredScope} is declared, and scope cannot change after creation. ` +
    `To replace it by a ${declaredScope}-scope goal of the same name (for instance after it was kept by retainOnDelete): first declare it as it is ` +
    `(scope: "${holder.scope}", adoptExisting: true, without retainOnDelete) and run pulumi up, then declare scope: "${declaredScope}": the replacement retires it ` +
    `(pauses it and renames it) and creates the new goal. To keep it instead, declare scope: "${holder.scope}" with adoptExisting: true. ` +
    `Or rename it in the web UI, or choose another name`
  );
}

function heldByAnother(existing: ConversionGoal, holder: Holding): Error {
  return new Error(
    `name: cannot adopt goal ${JSON.stringify(existing.name)} (id ${existing.id}): another resource of this stack holds it in this update ` +
      `(${holder.kind === "adopted" ? "it adopted it" : "it created it"}); a goal has one owner. ` +
      `Choose another name for this resource, or, if it is the same goal under a new key, declare the previous key with aliases: [<previous key>] instead of adoptExisting`,
  );
}

async function adoptGoal(client: CampaignManagementClient, existing: ConversionGoal, inputs: GoalInputs, placement: GoalPlacement): Promise<{ id: string; outs: GoalOutputs }> {
  const id = existing.id!;
  const recorded = normaliseGoal(existing, {});
  const declared = normaliseDeclared(inputs, {}, recorded);
  if (declared.scope !== recorded.scope) {
    throw new Error(`scope: cannot adopt goal ${JSON.stringify(existing.name)} (id ${id}): it has scope ${recorded.scope} and ${declared.scope} is declared; ` + `Declare scope: "${recorded.scope}" to keep it. ` + scopeWayOut(existing, declared.scope));
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
