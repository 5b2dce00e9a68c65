import * as fs from "node:fs";
import { isMap, parseDocument } from "yaml";
import { OFFLINE_GOAL_CATEGORIES } from "../../provider/client/goal";
import { parseGoalConfig } from "../goal-config";
import { SeenGoal } from "./accounts";
import { assignKeys } from "./goal-keys";

/** One goals-file entry that takes an existing goal over exactly as the account holds it. */
export type AdoptedEntry = Record<string, unknown>;

/**
 * The entry for a goal: every setting as the account holds it (so that `up` adopts it and changes nothing), and
 * `adoptExisting: true`. `accountId` is written when the goal was listed through another account than the default
 * one (msads:accountId). A legacy goal holding category None cannot be declared so (offline goals need a category,
 * schema.ts): it gets Other, and its comment says the first `up` sets that category.
 */
export function adoptedEntry(goal: SeenGoal, defaultAccountId: string | undefined): { entry: AdoptedEntry; comment?: string } {
  const offline = (OFFLINE_GOAL_CATEGORIES as readonly string[]).includes(goal.goalCategory ?? "");
  const entry: AdoptedEntry = { name: goal.name, goalCategory: offline ? goal.goalCategory : "Other" };
  if (goal.conversionWindowInMinutes !== undefined) entry.conversionWindowInMinutes = goal.conversionWindowInMinutes;
  if (goal.countType !== undefined) entry.countType = goal.countType;
  if (goal.excludeFromBidding !== undefined) entry.excludeFromBidding = goal.excludeFromBidding;
  if (goal.revenue !== undefined) {
    const revenue: Record<string, unknown> = { type: goal.revenue.type ?? "NoValue" };
    // Decimal text as the service stores it ("12.50"): the schema takes text, and a number could lose digits.
    if (goal.revenue.value !== undefined && revenue.type !== "NoValue") revenue.value = goal.revenue.value;
    if (goal.revenue.currencyCode !== undefined) revenue.currencyCode = goal.revenue.currencyCode;
    entry.revenue = revenue;
  }
  if (goal.scope !== undefined) entry.scope = goal.scope;
  if (goal.status === "Active" || goal.status === "Paused") entry.status = goal.status;
  if (goal.isExternallyAttributed !== undefined) entry.isExternallyAttributed = goal.isExternallyAttributed;
  entry.adoptExisting = true;
  if (goal.accountId !== defaultAccountId) entry.accountId = goal.accountId;
  const comment = offline ? `adopted: goal ${goal.id}` : `adopted: goal ${goal.id}; it holds category ${goal.goalCategory ?? "(none)"} (before June 2021), and up sets Other: choose its category`;
  return { entry, comment };
}

/** Which goals to adopt: every unmanaged one ("all"), or chosen ones by id, each optionally with its key (KEY=ID). */
export type AdoptChoice = "all" | Array<{ id: string; key?: string }>;

/** Parses --adopt values: "all", or ids and KEY=ID pairs, one per value or separated by commas. Throws naming the bad item. */
export function parseAdoptChoice(values: readonly string[]): AdoptChoice {
  const items = values.flatMap((v) => v.split(",")).map((v) => v.trim()).filter((v) => v !== "");
  if (items.length === 1 && items[0] === "all") return "all";
  return items.map((item) => {
    const m = /^(?:([a-z0-9][a-z0-9_-]{0,62})=)?(\d{1,19})$/.exec(item);
    if (!m) throw new Error(`--adopt: ${JSON.stringify(item)} is neither all, a goal id, nor KEY=ID (KEY: lower-case letters, digits, - or _)`);
    return m[1] === undefined ? { id: m[2] } : { id: m[2], key: m[1] };
  });
}

/** The goals chosen, in the audit's order, with their keys; an id that is not an unmanaged goal fails naming it. */
export function chooseAdoptions(unmanaged: readonly SeenGoal[], choice: AdoptChoice, takenKeys: Iterable<string>): Array<{ key: string; goal: SeenGoal }> {
  const chosen = choice === "all" ? unmanaged.map((goal) => ({ goal, key: undefined as string | undefined })) : choice.map((c) => {
    const goal = unmanaged.find((g) => g.id === c.id);
    if (!goal) throw new Error(`--adopt: goal ${c.id} is not among the unmanaged goals of the audit (only those can be adopted)`);
    return { goal, key: c.key };
  });
  const taken = new Set(takenKeys);
  for (const c of chosen) {
    if (c.key === undefined) continue;
    if (taken.has(c.key)) throw new Error(`--adopt: key ${c.key} is already taken`);
    taken.add(c.key);
  }
  const derived = assignKeys(chosen.filter((c) => c.key === undefined).map((c) => c.goal.name), taken);
  let next = 0;
  return chosen.map((c) => ({ goal: c.goal, key: c.key ?? derived[next++] }));
}

/** The entries as goals-file YAML (a `goals:` map), to paste or to merge. */
export function adoptionYaml(adoptions: ReadonlyArray<{ key: string; goal: SeenGoal }>, defaultAccountId: string | undefined): string {
  const doc = parseDocument("goals: {}\n");
  const goals = doc.get("goals");
  if (!isMap(goals)) throw new Error("unreachable: goals is a map");
  goals.flow = false;
  for (const { key, goal } of adoptions) {
    const { entry, comment } = adoptedEntry(goal, defaultAccountId);
    const node = doc.createNode(entry);
    const pair = doc.createPair(key, node);
    if (comment) (pair.key as { commentBefore?: string }).commentBefore = ` ${comment}`;
    goals.items.push(pair);
  }
  return doc.toString();
}

/**
 * Adds the entries to a goals file (created when missing), keeping its comments and order, and checks the result with
 * the loader (parseGoalConfig) before writing: a file that would not load is never written.
 */
export function mergeIntoGoalsFile(file: string, adoptions: ReadonlyArray<{ key: string; goal: SeenGoal }>, defaultAccountId: string | undefined): void {
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "goals: {}\n";
  const doc = parseDocument(text.trim() === "" ? "goals: {}\n" : text);
  if (!doc.has("goals") || doc.get("goals") === null) doc.set("goals", doc.createNode({}));
  const goals = doc.get("goals");
  if (!isMap(goals)) throw new Error(`${file}: goals must be a map to add entries to it`);
  goals.flow = false;
  for (const { key, goal } of adoptions) {
    if (goals.has(key)) throw new Error(`${file}: key ${key} is already taken`);
    const { entry, comment } = adoptedEntry(goal, defaultAccountId);
    const pair = doc.createPair(key, doc.createNode(entry));
    if (comment) (pair.key as { commentBefore?: string }).commentBefore = ` ${comment}`;
    goals.items.push(pair);
  }
  const out = doc.toString();
  parseGoalConfig(out, file);
  fs.writeFileSync(file, out);
}
