import { retiredName } from "../../provider/resource/delete";
import { SeenGoal } from "./accounts";

/** A goal the code declares: its key in the goals file (or logical name) and display name. */
export interface DeclaredGoal {
  key: string;
  name: string;
}

/** What a stack owns: the goal ids of its resources, and the goals it declares. */
export interface Ownership {
  /** Goal ids of the stack's resources; undefined when there is no state yet. */
  ids?: ReadonlySet<string>;
  declared: readonly DeclaredGoal[];
  /**
   * Whether a declared name owns the goal of that name too. Default: only without state (the goals file stands in).
   * The goals program sets it, since in a preview a new resource's id is unknown while its name is not.
   */
  byName?: boolean;
}

/** A goal no resource owns, with the declared goal that has the same name ignoring case, if any. */
export type UnownedGoal = SeenGoal & { lookAlike?: string };

/** The account's goals sorted by who owns them. */
export interface Classification {
  /** Owned by a resource of the stack (by id), or, without state, declared under the same name. */
  managed: SeenGoal[];
  /** Active or paused goals that nothing owns: what the audit's gate and the program's modes are about. */
  unmanaged: UnownedGoal[];
  /** Goals the provider retired (paused, its "(removed <id>)" name) that nothing owns: listed apart. */
  retired: UnownedGoal[];
}

/**
 * Names compare as the service compares them (unique per customer regardless of case), in Unicode form C as the
 * provider's diff does.
 */
export function nameKey(name: string): string {
  return name.normalize("NFC").toLowerCase();
}

/** Whether a goal is one the provider retired: paused, under exactly the name its delete gives (delete.ts retiredName). */
export function isRetired(goal: Pick<SeenGoal, "id" | "name" | "status">): boolean {
  return goal.status === "Paused" && retiredName(goal.name, goal.id) === goal.name;
}

/**
 * Sorts the goals. A goal is managed when its id belongs to a resource of the stack, or (without state, or when asked)
 * when a declared goal has its name (ignoring case). The rest are retired or unmanaged, each carrying the key of a
 * declared goal with the same name ignoring case (a look-alike: the declaration has not been applied, or a rename
 * in the web UI crossed it).
 */
export function classifyGoals(goals: readonly SeenGoal[], owner: Ownership): Classification {
  const keyByName = new Map<string, string>();
  for (const d of owner.declared) if (!keyByName.has(nameKey(d.name))) keyByName.set(nameKey(d.name), d.key);
  const out: Classification = { managed: [], unmanaged: [], retired: [] };
  const ids = new Set<string>();
  for (const goal of goals) {
    if (ids.has(goal.id)) continue; // a Customer-scope goal seen from several accounts is one goal
    ids.add(goal.id);
    const lookAlike = keyByName.get(nameKey(goal.name));
    const byName = owner.byName ?? owner.ids === undefined;
    const owned = owner.ids?.has(goal.id) === true || (byName && lookAlike !== undefined);
    if (owned) {
      out.managed.push(goal);
      continue;
    }
    const unowned: UnownedGoal = lookAlike === undefined ? { ...goal } : { ...goal, lookAlike };
    (isRetired(goal) ? out.retired : out.unmanaged).push(unowned);
  }
  return out;
}
