import * as pulumi from "@pulumi/pulumi";
import type { ClientOptions } from "../provider/client/client";
import { MsAdsError } from "../provider/client/errors";
import { ConfigError, ConfigSource, resolveSettings } from "../provider/resource/config";
import { explainCredentialFailure } from "../provider/resource/credential-errors";
import { retiredName } from "../provider/resource/delete";
import type { RetirementInputs } from "../provider/resource/retirement";
import { listAccountGoals } from "./audit/accounts";
import { exportOwnStack, OwnState } from "./audit/stack-state";
import { classifyGoals, UnownedGoal } from "./audit/classify";
import { GoalRetirement } from "./goal-retirement";

/** What the goals program does about goals no entry declares (stack setting `unmanagedGoals`). */
export const UNMANAGED_GOAL_MODES = ["ignore", "warn", "fail", "retire"] as const;
export type UnmanagedGoalMode = (typeof UNMANAGED_GOAL_MODES)[number];

/** The mode from its setting (default warn); anything else fails naming the setting and the choices. */
export function unmanagedGoalMode(value: string | undefined, setting = "unmanagedGoals"): UnmanagedGoalMode {
  if (value === undefined || value.trim() === "") return "warn";
  const v = value.trim();
  if (!(UNMANAGED_GOAL_MODES as readonly string[]).includes(v)) {
    throw new pulumi.RunError(`invalid stack setting ${setting}: must be one of ${UNMANAGED_GOAL_MODES.join(", ")}, got ${JSON.stringify(value)}`);
  }
  return v as UnmanagedGoalMode;
}

/** A goal the program declares: its key, display name, and the resource's id (unknown in a preview of a create). */
export interface DeclaredGoalResource {
  key: string;
  name: string;
  id: pulumi.Output<string>;
}

/** Parts injected by tests; by default the program's stack config, process.env, pulumi.log and its stack's state. */
export interface UnmanagedGoalsOptions {
  config?: ConfigSource;
  env?: NodeJS.ProcessEnv;
  clientExtras?: Partial<ClientOptions>;
  warn?: (message: string) => void;
  /** The stack's own state (default: exportOwnStack with `pulumi` from PATH). */
  state?: () => Promise<OwnState>;
}

/** An unmanaged goal as the program reports it (its stack output). */
export interface UnmanagedGoalSummary {
  id: string;
  name: string;
  status: string;
  scope: string;
  accountId: string;
}

/** The inputs of the GoalRetirement of a goal: what it becomes (retired name, Paused), and what it was. */
export function retirementOf(goal: UnownedGoal): RetirementInputs {
  return {
    goalId: goal.id,
    customerId: goal.customerId,
    accountId: goal.accountId,
    name: retiredName(goal.name, goal.id),
    status: "Paused",
    previous: { name: goal.name, status: goal.status ?? "Active" },
  };
}

/** The resource's id once known; undefined while unknown (a create in a preview). */
async function knownId(id: pulumi.Output<string>): Promise<string | undefined> {
  // Output's isKnown and promise() are the SDK's own members (used by its apply); apply itself would not run at
  // all in a preview with one unknown id, and the declared names must still be compared then.
  const out = id as unknown as { isKnown: Promise<boolean>; promise(): Promise<string> };
  return (await out.isKnown) ? out.promise() : undefined;
}

/** One line per unmanaged goal, as `warn` prints it. */
export function unmanagedLine(g: UnownedGoal): string {
  const alike = g.lookAlike ? `; entry ${g.lookAlike} declares a goal of the same name ignoring case` : "";
  return `unmanaged goal "${g.name}" (id ${g.id}, ${g.status ?? "Active"}, ${g.scope ?? "Account"} scope, account ${g.accountId}): no entry of the goals file declares it${alike}; adopt it (npx msads-goals audit --adopt ${g.id}) or retire it (unmanagedGoals: retire)`;
}

/**
 * Compares the accounts' goals (msads:accountIds, else msads:accountId; credentials as the provider resolves them)
 * with the stack's, after the declared resources have their ids. A goal is managed when a resource of the stack's
 * state has its id (so a goal this update deletes is still the stack's), or a declared resource has its id or
 * (ignoring case) its name, the name standing in for a create's id that a preview does not know, so that preview
 * and up agree. Then, by mode: `ignore` lists nothing; `warn` reports one line per unmanaged goal (a listing that
 * fails is a warning too); `fail` fails the program, naming them and the ways out; `retire` declares a
 * GoalRetirement per unmanaged goal, whose plan shows it paused and renamed and whose create (in `up`) does it, and
 * keeps the records the state holds for goals since retired, so that the plan after `up` is empty.
 * A state that cannot be read (no `pulumi` on PATH, say) leaves the declared goals as the only owners, with a
 * warning, and `retire` then keeps a record for every retired goal nothing owns.
 * Resolves to the unmanaged goals (active or paused, retired ones apart).
 */
export async function reconcileUnmanagedGoals(declared: readonly DeclaredGoalResource[], mode: UnmanagedGoalMode, options: UnmanagedGoalsOptions = {}): Promise<UnmanagedGoalSummary[]> {
  if (mode === "ignore") return [];
  const warn = options.warn ?? ((m: string) => void pulumi.log.warn(m));
  let ids: Array<string | undefined>;
  try {
    ids = await Promise.all(declared.map((d) => knownId(d.id)));
  } catch {
    // A declared goal's step failed: the engine reports that failure, and this update ends with it.
    return [];
  }
  const env = options.env ?? process.env;
  const resolved = resolveSettings(options.config ?? { get: (k) => pulumi.runtime.getConfig(k) }, env);
  const readState = options.state ?? (() => exportOwnStack(`${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`, pulumi.runtime.getRootDirectory(), env));
  const state = readState().catch((e: unknown) => {
    warn(`unmanaged goals: the stack's state could not be read, so only the declared goals count as the stack's (a goal this update deletes is reported too): ${(e as Error).message}`);
    return undefined;
  });
  let listed;
  try {
    listed = await listAccountGoals(resolved.settings, options.clientExtras);
  } catch (e) {
    if (!(e instanceof ConfigError) && !(e instanceof MsAdsError)) throw e;
    const why = e instanceof MsAdsError ? (explainCredentialFailure(e, resolved) as Error).message.split("\n").slice(0, 2).join(" ") : e.message;
    if (mode === "warn") {
      warn(`unmanaged goals not checked: listing the accounts' goals failed: ${why}`);
      return [];
    }
    throw new pulumi.RunError(`unmanagedGoals: ${mode}: listing the accounts' goals failed: ${why}`);
  }
  const own = await state;
  const known = new Set([...ids.filter((id): id is string => id !== undefined), ...(own?.goalIds ?? [])]);
  const { unmanaged, retired } = classifyGoals(listed.goals, { ids: known, declared, byName: true });
  if (mode === "warn") for (const g of unmanaged) warn(unmanagedLine(g));
  if (mode === "fail" && unmanaged.length > 0) {
    throw new pulumi.RunError(
      `unmanagedGoals: fail: ${unmanaged.length} goal${unmanaged.length === 1 ? "" : "s"} of the account no entry of the goals file declares:\n` +
        unmanaged.map((g) => `  ${g.id} "${g.name}" (${g.status ?? "Active"}, ${g.scope ?? "Account"} scope, account ${g.accountId})`).join("\n") +
        `\nDeclare them (npx msads-goals audit --adopt all --write, then pulumi up), retire them (unmanagedGoals: retire), or let them be (unmanagedGoals: warn or ignore).`,
    );
  }
  if (mode === "retire") {
    const kept = own ? retired.filter((g) => own.retirementIds.has(g.id)) : retired;
    // A Customer-scope goal is seen from every account of the customer: it is as likely another stack's (of another
    // account) as a leftover, and retiring it would pause goals a live stack manages. It is reported, never retired.
    for (const g of unmanaged.filter((u) => (u.scope ?? "Account") === "Customer")) {
      warn(
        `unmanaged goal "${g.name}" (id ${g.id}, ${g.status ?? "Active"}, Customer scope, account ${g.accountId}): no entry of the goals file declares it. ` +
          `Not retired: a Customer-scope goal is seen from every account of the customer and may be another stack's; retire it where it is managed, or adopt it (npx msads-goals audit --adopt ${g.id}) and remove it from the goals file`,
      );
    }
    for (const g of [...unmanaged.filter((u) => (u.scope ?? "Account") !== "Customer"), ...kept]) new GoalRetirement(`retire-${g.id}`, retirementOf(g));
  }
  return unmanaged.map((g) => ({ id: g.id, name: g.name, status: g.status ?? "Active", scope: g.scope ?? "Account", accountId: g.accountId }));
}
