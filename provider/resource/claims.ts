// Which goals this deployment's resources hold, so that create can tell a goal an interrupted create of ours left
// behind (no resource holds it) from one another resource manages. Per provider process: the dynamic-provider
// host runs one process per deployment, and the engine sends every resource of the stack through it.

/**
 * What the steps of this process have seen: ids that a live resource of the deployment holds (fed by diff,
 * create and update, which the engine calls only for resources the program declares and the state records), and
 * the names that creates in flight are adding.
 *
 * Limits (see README "Recovering from an interrupted update"): a resource the program no longer declares is never
 * diffed, so its id is not known here; a resource declared later in the program is diffed only when the engine
 * reaches it; another stack or program using the same account is invisible. Each of these can only make create
 * take a goal whose settings equal the declaration exactly, never one that differs.
 */
export class Claims {
  private readonly held = new Set<string>();
  private readonly taken = new Set<string>();
  private readonly adding = new Map<string, number>();

  /** Records that a resource of this deployment holds goal `id` (its state records it, or a step just made it). */
  hold(id: string | undefined): void {
    if (id) this.held.add(id);
  }

  /**
   * Records that a create of this deployment took over goal `id`, which existed before it (left by an interrupted
   * create, or adopted with adoptExisting): the new resource holds it from now on.
   */
  tookOver(id: string): void {
    this.hold(id);
    this.taken.add(id);
  }

  /**
   * True when a create of this deployment took over goal `id`. A delete of `id` in the same deployment is then the
   * delete of a resource that gave it up (a renamed logical name whose goal the new resource took), and must not
   * retire the goal the new resource now holds. Goals a create added are not counted: a replacement's create never
   * returns the old id.
   */
  wasTakenOver(id: string): boolean {
    return this.taken.has(id);
  }

  /**
   * True when a resource of this deployment other than the one being created holds goal `id`. A create has no id
   * of its own yet, so any resource that holds `id` is another one.
   */
  isHeldByAnotherResource(id: string): boolean {
    return this.held.has(id);
  }

  /**
   * Marks `name` (compared as the service compares names: regardless of case) as being added by a create in
   * flight, until the returned release is called. A second create of the same name in this process sees it through
   * isBeingAddedElsewhere and must not take the goal the first one is adding.
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
