import { execFile } from "node:child_process";
import { GOAL_TYPES } from "./type-tokens";

/** A resource of a stack's state that holds a goal. */
export interface GoalHolder {
  urn: string;
  type: string;
  goalId: string;
  customerId?: string;
  accountId?: string;
}

type StateResource = { urn?: string; type?: string; id?: string; outputs?: Record<string, unknown> };

/**
 * The goal resources of a `pulumi stack export` document, of either front door's type (type-tokens.ts) unless
 * `types` narrows it: the goal id is outputs.goalId, else the resource id.
 */
export function goalHolders(exported: unknown, types: readonly string[] = GOAL_TYPES): GoalHolder[] {
  const resources = ((exported as { deployment?: { resources?: StateResource[] } })?.deployment?.resources ?? []) as StateResource[];
  const out: GoalHolder[] = [];
  for (const r of resources) {
    if (!r.type || !types.includes(r.type)) continue;
    const goalId = typeof r.outputs?.goalId === "string" && r.outputs.goalId !== "" ? r.outputs.goalId : r.id;
    if (!goalId) continue;
    const text = (k: string) => (typeof r.outputs?.[k] === "string" ? (r.outputs[k] as string) : undefined);
    out.push({ urn: r.urn ?? "", type: r.type, goalId, customerId: text("customerId"), accountId: text("accountId") });
  }
  return out;
}

/** The stack and project a URN names: urn:pulumi:<stack>::<project>::<type>::<name>. */
export function stackOfUrn(urn: string): { stack: string; project: string } | undefined {
  const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
  return m ? { stack: m[1], project: m[2] } : undefined;
}

/** Reads a stack's state; rejects with what the CLI answered. */
export type StackExporter = (stack: string) => Promise<unknown>;

/**
 * `pulumi stack export --stack <stack>` with `pulumi` from PATH, in the provider's working directory (the engine
 * starts plugins in the project directory) and with its environment (the CLI passes on the backend, PULUMI_HOME and
 * passphrase). During an update it prints the last checkpoint. No secrets are decrypted (no --show-secrets).
 */
export function cliStackExporter(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env, command = "pulumi"): StackExporter {
  return (stack) =>
    new Promise((resolve, reject) =>
      execFile(command, ["stack", "export", "--stack", stack, "--non-interactive"], { cwd, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: 120_000 }, (err, stdout, stderr) => {
        if (err) return reject(new Error(`pulumi stack export --stack ${stack} failed: ${(stderr || err.message).trim().split("\n").slice(0, 3).join(" ").slice(0, 400)}`));
        try {
          resolve(JSON.parse(stdout));
        } catch (e) {
          reject(new Error(`pulumi stack export did not print a deployment: ${(e as Error).message}`));
        }
      }),
    );
}
