import { changedSettings, normaliseDeclared, normaliseGoal, Placement } from "./normalise";
import { GoalOutputs } from "./outputs";
import { GoalInputs } from "./schema";
import { isUnknown, unknownPaths } from "./unknowns";

/** What the engine needs to plan a step. `changes` is always explicit, so the engine never diffs on its own. */
export interface GoalDiff {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** The settings that differ (for messages and tests; the engine ignores it). */
  changed: string[];
}

/** Properties that cannot change in place: Scope is read-only, and a goal cannot move between customers or accounts. */
export const REPLACE_ON = ["scope", "customerId", "accountId"] as const;

/**
 * Declared inputs against the recorded outputs, both normalised (defaults, canonical decimals, the account currency
 * when none was declared), so an `up` followed by a preview shows nothing.
 */
export function diffGoal(olds: GoalOutputs, news: GoalInputs & Record<string, unknown>, defaults: Placement): GoalDiff {
  const unknown = unknownPaths(news);
  const recorded = normaliseGoal(olds, {});
  const declared = normaliseDeclared(news, defaults, recorded);
  const changed: string[] = changedSettings(declared, recorded).filter((k) => !isUnknown(unknown, k));
  for (const k of ["customerId", "accountId"] as const) {
    // A placement nobody declared or configured stays where it was.
    if (!isUnknown(unknown, k) && declared[k] !== undefined && recorded[k] !== undefined && declared[k] !== recorded[k]) changed.push(k);
  }
  for (const k of unknown) if (!changed.includes(k.split(".")[0]) && k !== "adoptExisting") changed.push(k.split(".")[0]);
  const replaces = REPLACE_ON.filter((k) => changed.includes(k));
  // The old goal holds the name (case-insensitively) until delete renames it, so it must go first.
  const sameName = isUnknown(unknown, "name") || declared.name.toLowerCase() === recorded.name.toLowerCase();
  return { changes: changed.length > 0, replaces: [...replaces], deleteBeforeReplace: replaces.length > 0 && sameName, changed };
}
