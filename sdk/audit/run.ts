import * as fs from "node:fs";
import * as path from "node:path";
import type { ClientOptions } from "../../provider/client/client";
import { MsAdsError } from "../../provider/client/errors";
import { ConfigError, resolveSettings } from "../../provider/resource/config";
import { explainCredentialFailure } from "../../provider/resource/credential-errors";
import { GoalConfigError, loadGoalConfig } from "../goal-config";
import { listAccountGoals } from "./accounts";
import { AdoptChoice, adoptionYaml, chooseAdoptions, mergeIntoGoalsFile } from "./adopt";
import { classifyGoals, DeclaredGoal } from "./classify";
import { AuditReport, renderReport } from "./report";
import { pulumiRunner, PulumiRunner, readStack, StackFacts, StackReadError } from "./stack-state";

/** Exit codes of the audit, for CI gates. */
export const AUDIT_EXIT = {
  /** No unmanaged goal (retired ones do not count unless --include-retired). */
  clean: 0,
  /** Bad arguments, a goals file or stack that cannot be read, missing or refused credentials, a failed listing. */
  error: 2,
  /** Unmanaged goals were found. */
  unmanaged: 3,
} as const;

/** What the audit is asked to do (the CLI's options). */
export interface AuditOptions {
  /** The stack whose state owns goals; default: the selected stack, else the goals file alone. */
  stack?: string;
  /** The goals file (default goals.yaml in cwd, when it exists). */
  goalsFile?: string;
  format?: "table" | "json";
  /** Retired goals fail the gate too. */
  includeRetired?: boolean;
  /** Goals to write goals-file entries for. */
  adopt?: AdoptChoice;
  /** Merge the entries into the goals file instead of printing them. */
  write?: boolean;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Runs the Pulumi CLI (default: `pulumi` from PATH in cwd). */
  pulumi?: PulumiRunner;
  /** Transport, sleep, clock of the clients (tests). */
  clientExtras?: Partial<ClientOptions>;
}

/** The audit's outcome: exit code, what goes to stdout and to stderr, and the report (absent after an error). */
export interface AuditOutcome {
  code: number;
  stdout: string;
  stderr: string;
  report?: AuditReport;
}

/**
 * Lists every offline goal of the configured accounts that no resource of the stack owns. Owned means: the goal id
 * of an OfflineConversionGoal in the stack's state; with no state yet (no stack, or none of its resources is a
 * goal), a goal declared in the goals file under the same name (ignoring case). Credentials and accounts are
 * resolved as the provider resolves them, from the stack's msads:* config and MSADS_* variables; no value is printed.
 */
export async function runAudit(options: AuditOptions): Promise<AuditOutcome> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const notes: string[] = [];
  // The notes say what the audit could not read (a stack config it could not decrypt, say): often the cause.
  const fail = (message: string): AuditOutcome => ({ code: AUDIT_EXIT.error, stdout: "", stderr: notes.map((n) => `note: ${n}\n`).join("") + `msads-goals audit: ${message}\n` });

  const run = options.pulumi ?? pulumiRunner(cwd, env);
  let facts: StackFacts | undefined;
  try {
    facts = readStack(run, options.stack);
  } catch (e) {
    if (!(e instanceof StackReadError) || options.stack !== undefined) return fail((e as Error).message);
    notes.push("no stack selected (or no Pulumi project here): goals are owned by the goals file's names");
  }
  const ids = facts && facts.goalIds.size > 0 ? facts.goalIds : undefined;
  if (facts?.configProblem) notes.push(facts.configProblem);
  if (facts && !ids) notes.push(`the stack holds no goal yet: goals are owned by the goals file's names`);

  // As the goals program reads it: --goals, else the stack's goalsFile setting (relative to the project directory,
  // where the audit runs), else goals.yaml.
  const named = options.goalsFile ?? facts?.goalsFile;
  const goalsFile = path.resolve(cwd, named ?? "goals.yaml");
  let declared: DeclaredGoal[] = [];
  let keys: string[] = [];
  if (named !== undefined || fs.existsSync(goalsFile)) {
    try {
      const { goals } = loadGoalConfig(goalsFile);
      declared = Object.entries(goals).map(([key, g]) => ({ key, name: g.name }));
      keys = Object.entries(goals).flatMap(([key, g]) => [key, ...(g.aliases ?? [])]);
    } catch (e) {
      if (e instanceof GoalConfigError) return fail(e.message);
      throw e;
    }
  } else {
    notes.push("no goals file: no look-alikes are reported");
  }

  const resolved = resolveSettings(facts?.config, env);
  let listed;
  try {
    listed = await listAccountGoals(resolved.settings, options.clientExtras);
  } catch (e) {
    if (e instanceof ConfigError) return fail(e.message);
    if (e instanceof MsAdsError) return fail(`listing the goals failed: ${(explainCredentialFailure(e, resolved) as Error).message.split("\n").slice(0, 2).join(" ")}`);
    throw e;
  }
  const classes = classifyGoals(listed.goals, { ids, declared });
  const report: AuditReport = {
    stack: options.stack,
    ownedBy: ids ? "state" : "goals file",
    customerId: listed.customerId,
    accountIds: listed.accountIds,
    managed: classes.managed.length,
    unmanaged: classes.unmanaged,
    retired: classes.retired,
  };
  const failing = classes.unmanaged.length + (options.includeRetired ? classes.retired.length : 0);
  const code = failing > 0 ? AUDIT_EXIT.unmanaged : AUDIT_EXIT.clean;
  const stderr = notes.map((n) => `note: ${n}\n`).join("");

  if (options.adopt === undefined) return { code, stdout: renderReport(report, options.format ?? "table", options.includeRetired ?? false), stderr, report };

  let adoptions;
  try {
    adoptions = chooseAdoptions(classes.unmanaged, options.adopt, keys);
  } catch (e) {
    return fail((e as Error).message);
  }
  const defaultAccount = resolved.settings.accountId ?? listed.accountIds[0];
  if (!options.write) {
    // stdout is the YAML alone, ready to paste; the report goes to stderr.
    return { code: AUDIT_EXIT.clean, stdout: adoptionYaml(adoptions, defaultAccount), stderr: stderr + renderReport(report, "table", options.includeRetired ?? false), report };
  }
  try {
    mergeIntoGoalsFile(goalsFile, adoptions, defaultAccount);
  } catch (e) {
    return fail(e instanceof GoalConfigError ? `the adopted entries would not load, nothing was written:\n${e.message}` : (e as Error).message);
  }
  const written = `wrote ${adoptions.length} adopted goal${adoptions.length === 1 ? "" : "s"} to ${path.relative(cwd, goalsFile) || goalsFile}: ${adoptions.map((a) => `${a.key} (${a.goal.id})`).join(", ")}; run pulumi up to take them over\n`;
  return { code: AUDIT_EXIT.clean, stdout: written, stderr, report };
}
