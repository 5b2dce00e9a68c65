import { CampaignManagementClient } from "../client/client";
import { ConversionGoal } from "../client/goal";
import { OutcomeUnknownError } from "../client/errors";
import { placementOf } from "./config";
import { Claims } from "./claims";
import { findByName, GoalPlacement, GoalStepError, goalToSend, itemFailure, outputsAfterWrite, readGoal, StepContext } from "./context";
import { changedSettings, normaliseDeclared, normaliseGoal } from "./normalise";
import { GoalOutputs, outputsFromGoal } from "./outputs";
import { GoalInputs } from "./schema";
import { patchFor } from "./update";

const NAME_TAKEN = 5317;
// After an ambiguous Add and a lookup that found nothing, Add is sent again at most this often.
const MAX_ADD_ATTEMPTS = 3;

/** Where create says what it did beyond the ordinary (taking a goal an interrupted create left behind). */
export type StepLog = (message: string) => void;

/**
 * AddConversionGoals, never duplicating and never orphaning: an ambiguous failure is settled by looking the name up;
 * a goal of this name with exactly the declared settings that no other resource of the deployment holds is the
 * one an earlier attempt (of this step, or of an interrupted `up`) made, and is taken. With adoptExisting, a goal
 * of that name is taken over instead, whatever its settings.
 */
export async function createGoal(inputs: GoalInputs, ctx: StepContext, claims: Claims = new Claims(), log: StepLog = () => {}): Promise<{ id: string; outs: GoalOutputs }> {
  const placement = placementOf(inputs, ctx.settings);
  const client = ctx.client(placement);
  const adopt = inputs.adoptExisting ?? false;
  if (adopt) {
    const existing = await findByName(client, inputs.name);
    if (existing) {
      claims.tookOver(existing.id!);
      return adoptGoal(client, existing, inputs, placement);
    }
  }
  const release = claims.startAdding(inputs.name);
  try {
    const created = await addGoal(inputs, ctx, placement, client, claims, log);
    claims.hold(created.id);
    return created;
  } finally {
    release();
  }
}

async function addGoal(inputs: GoalInputs, ctx: StepContext, placement: GoalPlacement, client: CampaignManagementClient, claims: Claims, log: StepLog): Promise<{ id: string; outs: GoalOutputs }> {
  const adopt = inputs.adoptExisting ?? false;
  const wanted = goalToSend(inputs);
  const taken = (g: ConversionGoal) => ({ id: g.id!, outs: outputsFromGoal(g, placement, adopt) });
  for (let attempt = 1; ; attempt++) {
    let res;
    try {
      res = await client.addConversionGoals([wanted]);
    } catch (e) {
      if (!(e instanceof OutcomeUnknownError)) throw e;
      let found: ConversionGoal | undefined;
      try {
        found = await findByName(client, inputs.name);
      } catch (lookup) {
        throw new UnsettledAddError(inputs.name, e, lookup as Error);
      }
      // It was just sent with these settings: a match nobody else holds is what this Add made.
      if (found && isRecognisable(found, inputs, claims)) return taken(found);
      if (found) throw nameTaken(found);
      if (attempt >= MAX_ADD_ATTEMPTS) {
        throw new Error(
          `goal ${JSON.stringify(inputs.name)} was not created: AddConversionGoals failed after it was sent ${attempt} times (last: ${e.causeError.message}), ` +
            `and each time looking the name up proved that it had not been applied. Nothing is left to clean up; run pulumi up again`,
        );
      }
      // It was not created, so sending it again cannot duplicate it; but give a resetting service time first.
      await ctx.backoff(placement, attempt);
      continue;
    }
    const failure = res.partialErrors[0];
    if (failure) {
      if (failure.code === NAME_TAKEN) {
        const holder = await findByName(client, inputs.name);
        if (holder && isRecognisable(holder, inputs, claims)) {
          // An earlier ambiguous attempt of this step landed late, or an interrupted `up` created it and never
          // recorded it (the engine passes create no URN, and the account has no field to mark goals with).
          if (attempt === 1) {
            claims.tookOver(holder.id!);
            log(
              `goal ${JSON.stringify(holder.name)} (id ${holder.id}) already exists with exactly the declared settings and no resource of this stack holds it: ` +
                `taking it as this resource's, as left by an interrupted create. If another stack or person made it, remove it from there or rename one of them`,
            );
          }
          return taken(holder);
        }
        throw holder ? nameTaken(holder) : new Error(`name: ${failure.message}. The name is held by a goal of another type or another account of the customer; choose another name`);
      }
      throw new Error(itemFailure(failure));
    }
    const id = res.goalIds[0];
    if (!id) throw new Error(`AddConversionGoals returned no id and no error for goal ${JSON.stringify(inputs.name)}`);
    claims.hold(id);
    return { id, outs: await outputsAfterWrite(client, id, placement, adopt, wanted) };
  }
}

/**
 * A goal found by the declared name that can only be one this resource's create made: its settings equal the
 * declaration (normalised as diff normalises them), no live resource of this deployment holds it, and no other
 * create in flight adds the same name.
 */
function isRecognisable(found: ConversionGoal, inputs: GoalInputs, claims: Claims): boolean {
  return found.id !== undefined && sameAsDeclared(found, inputs) && !claims.isHeldByAnotherResource(found.id) && !claims.isBeingAddedElsewhere(inputs.name);
}

/**
 * An Add whose outcome could not be settled: it failed after it was sent, and the lookup by name failed too. The
 * goal may exist; nothing is recorded, and the next `up` settles it by the same lookup.
 */
export class UnsettledAddError extends Error {
  override name = "UnsettledAddError";
  constructor(
    goalName: string,
    readonly addError: OutcomeUnknownError,
    readonly lookupError: Error,
  ) {
    super(
      `name: goal ${JSON.stringify(goalName)} may have been created: AddConversionGoals failed after it was sent (${addError.causeError.message}), ` +
        `and looking the name up to find out failed too (${lookupError.message}). Nothing was recorded for it. ` +
        `Run pulumi up again: it looks the name up first, and takes a goal of this name with exactly these settings that no other resource holds as this one ` +
        `(a goal that differs fails with the name conflict instead)`,
    );
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
    const res = await client.updateConversionGoals([patchFor(id, changed, declared, inputs)]);
    if (res.partialErrors.length > 0) {
      const now = (await readGoal(client, id)) ?? existing;
      const reasons = res.partialErrors.map(itemFailure);
      throw new GoalStepError(`adopted goal ${id} but could not update it: ${reasons.join("; ")}`, id, outputsFromGoal(now, placement, true), reasons);
    }
  }
  return { id, outs: await outputsAfterWrite(client, id, placement, true, existing) };
}
