import { spawnSync } from "node:child_process";
import { exportStackState, goalHolders } from "../../provider/plugin/stack-holders";
import { DYNAMIC_GOAL_TYPE, GOAL_TYPES } from "../../provider/plugin/type-tokens";
import { ConfigSource } from "../../provider/resource/config";

/** The type token of the dynamic goal resource in a stack's state (the plugin's is NATIVE_GOAL_TYPE; both count). */
export const GOAL_RESOURCE_TYPE = DYNAMIC_GOAL_TYPE;
/** The type token of the goals program's retirement records (unmanagedGoals: retire). */
export const RETIREMENT_RESOURCE_TYPE = "pulumi-nodejs:dynamic/msads:GoalRetirement";

/** Runs the Pulumi CLI with arguments; injectable for tests. Returns its exit code and output. */
export type PulumiRunner = (args: string[]) => { code: number; stdout: string; stderr: string };

/** `pulumi` from PATH in `cwd` with `env` (the backend, passphrase and PULUMI_HOME the user's shell has). */
export function pulumiRunner(cwd: string, env: NodeJS.ProcessEnv, command = "pulumi"): PulumiRunner {
  return (args) => {
    const r = spawnSync(command, [...args, "--non-interactive"], { cwd, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if (r.error) return { code: 127, stdout: "", stderr: `cannot run ${command}: ${(r.error as NodeJS.ErrnoException).code ?? r.error.message}` };
    return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
  };
}

/** What the audit learns from a stack. */
export interface StackFacts {
  /** Goal ids of the stack's OfflineConversionGoal resources; empty when the stack has none yet. */
  goalIds: Set<string>;
  /** msads:* stack config (secrets decrypted, never printed), for resolveSettings. */
  config: ConfigSource;
  /** Why the stack config could not be read (then `config` is empty), if it could not. */
  configProblem?: string;
  /** The goals program's `goalsFile` stack setting (`<project>:goalsFile`), as set; relative to the project directory. */
  goalsFile?: string;
}

/** A stack that cannot be read; the message says what `pulumi` answered (its first lines). */
export class StackReadError extends Error {
  override name = "StackReadError";
}

/**
 * The goal ids of a `pulumi stack export` document's resources of some types (outputs.goalId, or the resource id);
 * default: goals of either front door (the dynamic resource and the msads plugin's), so a stack that moved to the
 * plugin still owns its goals.
 */
export function goalIdsOfDeployment(exported: unknown, types: readonly string[] = GOAL_TYPES): Set<string> {
  return new Set(goalHolders(exported, types).map((h) => h.goalId));
}

/**
 * Reads a stack: its state (`pulumi stack export`) and its msads:* config (`pulumi config --json --show-secrets`,
 * so that the audit resolves credentials exactly as the provider does; the values stay in memory). `stack`
 * undefined means the selected stack.
 */
export function readStack(run: PulumiRunner, stack: string | undefined): StackFacts {
  const sel = stack === undefined ? [] : ["--stack", stack];
  const exported = run(["stack", "export", ...sel]);
  if (exported.code !== 0) throw new StackReadError(`pulumi stack export${stack ? ` --stack ${stack}` : ""} failed: ${firstLines(exported.stderr || exported.stdout)}`);
  let goalIds: Set<string>;
  try {
    goalIds = goalIdsOfDeployment(JSON.parse(exported.stdout));
  } catch (e) {
    throw new StackReadError(`pulumi stack export did not print a deployment: ${(e as Error).message}`);
  }
  const cfg = run(["config", "--json", "--show-secrets", ...sel]);
  const values = new Map<string, string>();
  let configProblem: string | undefined;
  let goalsFile: string | undefined;
  try {
    if (cfg.code !== 0) throw new Error(firstLines(cfg.stderr || cfg.stdout));
    const parsed = JSON.parse(cfg.stdout || "{}") as Record<string, { value?: unknown; objectValue?: unknown }>;
    for (const [key, entry] of Object.entries(parsed)) {
      if (key.endsWith(":goalsFile") && typeof entry.value === "string") goalsFile = entry.value;
      if (!key.startsWith("msads:")) continue;
      const v = entry.objectValue !== undefined ? JSON.stringify(entry.objectValue) : entry.value;
      if (v !== undefined && v !== null) values.set(key, typeof v === "string" ? v : JSON.stringify(v));
    }
  } catch (e) {
    // Without the passphrase of a passphrase-encrypted stack, say: the MSADS_* variables may still do.
    configProblem = `pulumi config --json${stack ? ` --stack ${stack}` : ""} failed (${(e as Error).message}): only MSADS_* variables are used`;
  }
  return { goalIds, config: { get: (k) => values.get(k) }, configProblem, goalsFile };
}

function firstLines(text: string): string {
  return text.trim().split("\n").slice(0, 3).join(" ").slice(0, 400);
}

/** What the goals program learns from its own stack's state. */
export interface OwnState {
  /** Goal ids of the stack's OfflineConversionGoal resources, those this update is about to delete included. */
  goalIds: Set<string>;
  /** Goal ids of the stack's GoalRetirement records. */
  retirementIds: Set<string>;
}

/**
 * The running program's own stack state, read with `pulumi stack export --stack <org>/<project>/<stack>` in the
 * project directory with the program's environment (which the CLI passes on: backend, PULUMI_HOME). The state then
 * is the last checkpoint, which still holds the resources this update deletes. Rejects with the CLI's answer.
 */
export async function exportOwnStack(stack: string, cwd: string, env: NodeJS.ProcessEnv = process.env, command = "pulumi"): Promise<OwnState> {
  let doc: unknown;
  try {
    doc = await exportStackState(stack, cwd, env, command);
  } catch (e) {
    throw new StackReadError((e as Error).message);
  }
  return { goalIds: goalIdsOfDeployment(doc), retirementIds: goalIdsOfDeployment(doc, [RETIREMENT_RESOURCE_TYPE]) };
}
