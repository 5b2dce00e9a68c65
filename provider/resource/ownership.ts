import { GoalOutputs } from "./outputs";

/** How a live resource of this deployment came to hold a goal. */
export type HoldingKind =
  /** Created by this process (a new goal, or one settled by name after an ambiguous Add). */
  | "created"
  /** Taken over by name (adoptExisting): the goal existed before this resource held it. */
  | "adopted"
  /** Declared by a resource that stays: a diff without replacement, or an update. */
  | "kept";

/** One goal held by a live resource: how, and the resource's latest recorded outputs. */
export interface Holding {
  kind: HoldingKind;
  props: GoalOutputs;
}

/**
 * The goal ids held by live resources of the current deployment, so that the delete of one resource never retires a
 * goal that another resource owns (a renamed key that adopted its goal: pulumi/pulumi#11259; the old key's delete
 * would otherwise pause and rename it).
 *
 * Why it works: the dynamic-provider host is one process per deployment (one engine run), and during `up` the
 * engine calls diff, create and update for every declared resource before the deletes of the undeclared ones run.
 * Reads are not counted: `up --refresh` reads the resources about to be deleted too, and then diffs each of them
 * once to show what the refresh changed (Pulumi 3.274 does), so the first diff after a read of an id is not counted
 * either. A diff that replaces does not hold the old id (the replacement's delete must retire it). Every uncertainty
 * errs towards not counting a holder, which only weakens the protection back to today's behaviour.
 *
 * Identity: the dynamic-provider API passes no URN, so "another resource" is told apart by the recorded outputs: a
 * delete whose props equal the holder's latest props is the holder itself (a forced replacement, or a test driving
 * one provider through several steps); a goal taken over by adoption is always someone else's, since the engine never
 * deletes, in the same deployment, a resource it has just created.
 *
 * Limits: a goal held by a resource that stays ("kept") may still be adopted, since it may be that resource's own
 * replacement (a pending or forced replacement); two state entries of one goal with identical outputs look like one
 * resource; other processes (another stack, another deployment) are not seen.
 */
export class GoalOwnership {
  private readonly held = new Map<string, Holding>();
  /** Ids read and not diffed since: their next diff is a refresh's, not the plan's. */
  private readonly refreshing = new Map<string, number>();
  /** Names (lower case) that creates in flight are adding, with how many. */
  private readonly adding = new Map<string, number>();

  /** The holder of a goal in this deployment, if any. */
  holderOf(id: string): Holding | undefined {
    return this.held.get(id);
  }

  /** A create (new goal or adoption) succeeded; an adoption takes over any "kept" entry of the goal. */
  created(id: string, props: GoalOutputs, adopted: boolean): void {
    this.held.set(id, { kind: adopted ? "adopted" : "created", props: own(props) });
  }

  /**
   * A diff: without replacement, the resource keeps its goal; with one, the goal goes (its delete will come), so an
   * entry left by this same resource is dropped and another resource's is left alone.
   */
  diffed(id: string, olds: GoalOutputs, replaces: boolean): void {
    const reads = this.refreshing.get(id) ?? 0;
    if (reads > 0) {
      if (reads === 1) this.refreshing.delete(id);
      else this.refreshing.set(id, reads - 1);
      return;
    }
    const entry = this.held.get(id);
    if (replaces) {
      if (entry && entry.kind !== "adopted" && same(entry.props, olds)) this.held.delete(id);
      return;
    }
    if (!entry || same(entry.props, olds)) this.held.set(id, { kind: entry?.kind ?? "kept", props: own(olds) });
  }

  /** A read (refresh): it proves nothing about who declares the goal, and the diff that follows is the refresh's. */
  read(id: string): void {
    this.refreshing.set(id, (this.refreshing.get(id) ?? 0) + 1);
  }

  /** An update succeeded: the same resource, with new outputs (an adoption stays an adoption). */
  updated(id: string, olds: GoalOutputs, outs: GoalOutputs): void {
    const entry = this.held.get(id);
    if (!entry || same(entry.props, olds)) this.held.set(id, { kind: entry?.kind ?? "kept", props: own(outs) });
  }

  /**
   * Before a delete: why the goal must not be retired (another live resource holds it), or undefined to go ahead.
   * The message says what happens instead.
   */
  refusal(id: string, props: GoalOutputs): string | undefined {
    const entry = this.held.get(id);
    if (!entry) return undefined;
    if (entry.kind !== "adopted" && same(entry.props, props)) return undefined;
    const how =
      entry.kind === "adopted"
        ? "another resource of this stack adopted it in this update (adoptExisting)"
        : `another resource of this stack declares it (as ${JSON.stringify(entry.props.name)})`;
    return (
      `not retiring goal ${id} (${JSON.stringify(props.name)}): ${how}, so it stays as that resource declares it and only this resource leaves the state. ` +
      `Next time, declare the previous key (aliases: [<previous key>] in goals.yaml, Pulumi's aliases option in a program) so the goal keeps one resource`
    );
  }

  /** A delete retired the goal (or found it gone). */
  released(id: string): void {
    this.held.delete(id);
  }

  /**
   * Marks `name` (compared as the service compares names: regardless of case) as being added by a create in
   * flight, until the returned release is called. A second create of the same name in this deployment sees it
   * through isBeingAddedElsewhere and must not take the goal the first one is adding.
   */
  startAdding(name: string): () => void {
    const key = name.toLowerCase();
    this.adding.set(key, (this.adding.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.adding.get(key) ?? 1) - 1;
      if (left > 0) this.adding.set(key, left);
      else this.adding.delete(key);
    };
  }

  /** True when another create in flight (besides the caller, who counts once) is adding a goal of this name. */
  isBeingAddedElsewhere(name: string): boolean {
    return (this.adding.get(name.toLowerCase()) ?? 0) > 1;
  }
}

function own(props: GoalOutputs): GoalOutputs {
  const { __provider: _ignored, ...rest } = props as GoalOutputs & { __provider?: unknown };
  return rest as GoalOutputs;
}

/** Equal recorded outputs, whatever the key order (the engine round-trips them through protobuf Structs). */
function same(a: GoalOutputs, b: GoalOutputs): boolean {
  return canonical(own(a)) === canonical(own(b));
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}
