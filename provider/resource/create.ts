import { ConversionGoal } from "../client/goal";
import { OutcomeUnknownError } from "../client/errors";
import { placementOf } from "./config";
import { GoalPlacement, GoalStepError, goalToSend, itemFailure, outputsAfterWrite, StepContext } from "./context";
import { GoalGateway } from "./gateway";
import { changedSettings, normaliseDeclared, normaliseGoal } from "./normalise";
import { GoalOutputs, outputsFromGoal } from "./outputs";
import { Warn } from "./engine-log";
import { GoalOwnership, Holding } from "./ownership";
import { GoalInputs } from "./schema";
import { patchFor } from "./update";

const NAME_TAKEN = 5317;
// After an ambiguous Add and a lookup that found nothing, Add is sent again at most this often.
const MAX_ADD_ATTEMPTS = 3;

/** What create did: the goal's id and outputs, and whether it took over a goal that existed before this step. */
export interface CreatedGoal {
  id: string;
  outs: GoalOutputs;
  /** True for adoptExisting, and for a goal an interrupted create left behind: the goal existed before this step. */
  adopted: boolean;
}

/**
 * AddConversionGoals, never duplicating and never orphaning: an ambiguous failure is settled by looking the name up;
 * a goal of this name with exactly the declared settings that no other resource of the deployment holds is the
 * one an earlier attempt (of this step, or of an interrupted `up`) made, and is taken. With adoptExisting, a goal
 * of that name is taken over instead, whatever its settings, unless another resource of this deployment holds it
 * (see ownership.ts): a goal has one owner. `log` hears of a goal taken as an interrupted create's.
 */
export async function createGoal(inputs: GoalInputs, ctx: StepContext, ownership: GoalOwnership = new GoalOwnership(), log: Warn = () => {}): Promise<CreatedGoal> {
  const placement = placementOf(inputs, ctx.settings);
  const gateway = ctx.gateway(placement);
  const adopt = inputs.adoptExisting ?? false;
  if (adopt) {
    const existing = await gateway.findByName(inputs.name);
    if (existing) {
      // A goal another resource created or adopted in this deployment is theirs (the engine creates a resource once
      // per deployment). One declared by a resource that stays may be this resource's own predecessor (a forced or
      // pending replacement, retainOnDelete), so it may be adopted; the old resource's delete then leaves it alone.
      const holder = ownership.holderOf(existing.id!);
      if (holder && holder.kind !== "kept") throw heldByAnother(existing, holder);
      return { ...(await adoptGoal(gateway, existing, inputs)), adopted: true };
    }
  }
  const release = ownership.startAdding(inputs.name);
  try {
    return await addGoal(inputs, ctx, placement, gateway, ownership, log);
  } finally {
    release();
  }
}

// Every goal of an Add call that failed ambiguously gets the OutcomeUnknownError, and each create settles its own
// goal by name: the gateway answers their lookups with one listing.
async function addGoal(inputs: GoalInputs, ctx: StepContext, placement: GoalPlacement, gateway: GoalGateway, ownership: GoalOwnership, log: Warn): Promise<CreatedGoal> {
  const adopt = inputs.adoptExisting ?? false;
  const wanted = goalToSend(inputs);
  const taken = (g: ConversionGoal, adopted: boolean): CreatedGoal => ({ id: g.id!, outs: outputsFromGoal(g, placement, adopt), adopted });
  for (let attempt = 1; ; attempt++) {
    let res;
    try {
      res = await gateway.add(wanted);
    } catch (e) {
      if (!(e instanceof OutcomeUnknownError)) throw e;
      let found: ConversionGoal | undefined;
      try {
        found = await gateway.findByName(inputs.name);
      } catch (lookup) {
        throw new UnsettledAddError(inputs.name, e, lookup as Error);
      }
      // It was just sent with these settings: a match nobody else holds is what this Add made.
      if (found && isRecognisable(found, inputs, ownership)) return taken(found, false);
      if (found) throw nameTaken(found, inputs);
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
    const failure = res.errors[0];
    if (failure) {
      if (failure.code === NAME_TAKEN) {
        const holder = await gateway.findByName(inputs.name);
        if (holder && isRecognisable(holder, inputs, ownership)) {
          // An earlier ambiguous attempt of this step landed late, or an interrupted `up` created it and never
          // recorded it (the engine passes create no URN, and the account has no field to mark goals with). The
          // latter is a takeover: a resource that gave the goal up in this deployment (a renamed key) must not
          // retire it (ownership.ts refuses the delete of an adopted goal).
          if (attempt === 1) {
            await log(
              `goal ${JSON.stringify(holder.name)} (id ${holder.id}) already exists with exactly the declared settings and no resource of this stack holds it: ` +
                `taking it as this resource's, as left by an interrupted create. If another stack or person made it, remove it from there or rename one of them`,
            );
          }
          return taken(holder, attempt === 1);
        }
        // Another resource of this update made or took it: adopting it too would give one goal two owners.
        const held = holder?.id !== undefined ? ownership.holderOf(holder.id) : undefined;
        if (holder && held && held.kind !== "kept") throw heldByAnother(holder, held, "cannot create");
        throw holder ? nameTaken(holder, inputs) : new Error(`name: ${failure.message}. The name is held by a goal of another type or another account of the customer; choose another name`);
      }
      throw new Error(itemFailure(failure));
    }
    const id = res.id;
    if (!id) throw new Error(`AddConversionGoals returned no id and no error for goal ${JSON.stringify(inputs.name)}`);
    return { id, outs: await outputsAfterWrite(gateway, id, adopt, wanted, wanted), adopted: false };
  }
}

/**
 * A goal found by the declared name that can only be one this resource's create made: its settings equal the
 * declaration (normalised as diff normalises them), no live resource of this deployment holds it, and no other
 * create in flight adds the same name.
 */
function isRecognisable(found: ConversionGoal, inputs: GoalInputs, ownership: GoalOwnership): boolean {
  return found.id !== undefined && sameAsDeclared(found, inputs) && !ownership.holderOf(found.id) && !ownership.isBeingAddedElsewhere(inputs.name);
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
        `A goal an interrupted pulumi up left behind is taken without this error only when its settings equal the declaration and no other resource of this stack holds it; ` +
        `this one differs or is held. To manage it with this resource, set adoptExisting: true (it is then updated to the declaration, and the old resource, if any, leaves it alone); ` +
        `or choose another name`,
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

function heldByAnother(existing: ConversionGoal, holder: Holding, what = "cannot adopt"): Error {
  return new Error(
    `name: ${what} goal ${JSON.stringify(existing.name)} (id ${existing.id}): another resource of this stack holds it in this update ` +
      `(${holder.kind === "adopted" ? "it adopted it" : "it created it"}); a goal has one owner, and names are unique per customer regardless of case. ` +
      `Choose another name for this resource, or, if it is the same goal under a new key, declare the previous key with aliases: [<previous key>] instead of adoptExisting`,
  );
}

async function adoptGoal(gateway: GoalGateway, existing: ConversionGoal, inputs: GoalInputs): Promise<{ id: string; outs: GoalOutputs }> {
  const placement = gateway.placement;
  const id = existing.id!;
  const recorded = normaliseGoal(existing, {});
  const declared = normaliseDeclared(inputs, {}, recorded);
  if (declared.scope !== recorded.scope) {
    throw new Error(`scope: cannot adopt goal ${JSON.stringify(existing.name)} (id ${id}): it has scope ${recorded.scope} and ${declared.scope} is declared; ` + `Declare scope: "${recorded.scope}" to keep it. ` + scopeWayOut(existing, declared.scope));
  }
  const changed = changedSettings(declared, recorded).filter((k) => k !== "scope");
  if (changed.length > 0) {
    const errors = await gateway.update(patchFor(id, changed, declared, inputs, existing.goalCategory ?? undefined));
    if (errors.length > 0) {
      const now = (await gateway.get(id)) ?? existing;
      const reasons = errors.map(itemFailure);
      throw new GoalStepError(`adopted goal ${id} but could not update it: ${reasons.join("; ")}`, id, outputsFromGoal(now, placement, true), reasons);
    }
  }
  return { id, outs: await outputsAfterWrite(gateway, id, true, existing) };
}
