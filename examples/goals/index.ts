// The root Pulumi program (Pulumi.yaml): one OfflineConversionGoal per entry of a goals file.
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { loadGoalConfig, OfflineConversionGoal, reconcileUnmanagedGoals, unmanagedGoalMode } from "../../sdk";

const config = new pulumi.Config();
// Relative to the project directory (Pulumi.yaml's), not to the compiled program's, where node runs it.
const file = path.resolve(pulumi.runtime.getRootDirectory(), config.get("goalsFile") ?? "goals.yaml");
const { goals } = loadGoalConfig(file);
// What to do about goals of the account(s) that no entry declares: ignore, warn (default), fail or retire.
const mode = unmanagedGoalMode(config.get("unmanagedGoals"));

// The key is the logical name: reordering the file changes nothing, and a new display name updates in place.
// A renamed key lists its previous keys in `aliases`, so the engine keeps the goal instead of creating and deleting.
const declared = Object.entries(goals).map(([key, { aliases, ...goal }]) => [key, new OfflineConversionGoal(key, goal, { aliases: aliases?.map((name) => ({ name })) })] as const);

/** key → the goal as the account holds it. */
export const summary = Object.fromEntries(
  declared.map(([key, g]) => [key, pulumi.all([g.goalId, g.name, g.status]).apply(([goalId, name, status]) => ({ goalId, name, status }))]),
);

/** Goals of the account(s) that no entry declares (see unmanagedGoals); retired ones are not listed. */
export const unmanagedGoals = reconcileUnmanagedGoals(
  declared.map(([key, g]) => ({ key, name: goals[key].name, id: g.id })),
  mode,
);
