import { recordedDeclaration } from "./declaration";
import { changedSettings, normaliseDeclared, normaliseGoal, Placement } from "./normalise";
import { GoalOutputs } from "./outputs";
import { GoalInputs } from "./schema";
import { isUnknown, unknownPaths } from "./unknowns";

/** What the engine needs to plan a step. `changes` is always explicit, so the engine never diffs on its own. */
export interface GoalDiff {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** The settings that differ (for messages and tests; the host cannot pass it on, see below). */
  changed: string[];
}

/** Properties that cannot change in place: Scope is read-only, and a goal cannot move between customers or accounts. */
export const REPLACE_ON = ["scope", "customerId", "accountId"] as const;

/**
 * The new declaration against the recorded one (declaration.ts), both normalised (defaults, canonical decimals,
 * NFC names, the account currency when none was declared): only a change of the declaration, or drift that a
 * refresh wrote into the recorded declaration, is a change. An ignored property (ignoreChanges) arrives with its
 * old input, which is the recorded declaration's value, so it never differs. An `up` followed by a preview shows
 * nothing.
 *
 * Which properties the plan names: the dynamic-provider host of @pulumi/pulumi 3.245 (cmd/dynamic-provider
 * diff) sends the engine only `changes`, `replaces` and `deleteBeforeReplace`; it drops `stables`, and
 * dynamic.DiffResult has no `diffs` or `detailedDiff` to send (DiffResponse.diffs/detailedDiff stay empty). With no
 * detailed diff the CLI names the properties by comparing the old inputs with the new ones (pulumi 3.274
 * backend/display/rows.go getDiffInfo). That comparison is truthful because the recorded inputs are the last
 * declaration, and refresh rewrites them with only the drifted values substituted (read.ts).
 */
export function diffGoal(olds: GoalOutputs, news: GoalInputs & Record<string, unknown>, defaults: Placement): GoalDiff {
  const unknown = unknownPaths(news);
  const recorded = normaliseGoal(olds, {});
  const before = normaliseDeclared(recordedDeclaration(olds), {}, recorded);
  const declared = normaliseDeclared(news, defaults, recorded);
  const changed: string[] = changedSettings(declared, before).filter((k) => !isUnknown(unknown, k));
  for (const k of ["customerId", "accountId"] as const) {
    // The placement the goal has is the one recorded in the outputs; one nobody declared or configured stays where it was.
    if (!isUnknown(unknown, k) && declared[k] !== undefined && recorded[k] !== undefined && declared[k] !== recorded[k]) changed.push(k);
  }
  for (const k of unknown) if (!changed.includes(k.split(".")[0]) && k !== "adoptExisting") changed.push(k.split(".")[0]);
  const replaces = REPLACE_ON.filter((k) => changed.includes(k));
  // The old goal holds its name (case-insensitively) until delete renames it, so it must go first.
  const sameName = isUnknown(unknown, "name") || declared.name.toLowerCase() === recorded.name.toLowerCase();
  return { changes: changed.length > 0, replaces: [...replaces], deleteBeforeReplace: replaces.length > 0 && sameName, changed };
}
