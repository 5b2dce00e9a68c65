import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
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

/** Reads a stack's state (a stack name and its project, as a URN gives them); rejects with what the CLI answered. */
export type StackExporter = (stack: string, project: string) => Promise<unknown>;

/**
 * The project directory of `project`: the nearest folder at or above `from` whose Pulumi.yaml names it. The engine
 * starts plugins in the folder of the project's `main` (pulumi engine/project.go getPwdMain), which may lie below
 * the project, or elsewhere entirely.
 */
export function projectDirOf(project: string, from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    for (const file of ["Pulumi.yaml", "Pulumi.yml"]) {
      let text: string;
      try {
        text = fs.readFileSync(path.join(dir, file), "utf8");
      } catch {
        continue;
      }
      const name = /^name:\s*["']?([^"'#\n]+?)["']?\s*(#.*)?$/m.exec(text)?.[1];
      if (name === project) return dir;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * `pulumi stack export --stack <stack>` run in `cwd` with `env` (the caller's: the CLI passes on the backend,
 * PULUMI_HOME and passphrase to the programs and plugins it starts); during an update it prints the last
 * checkpoint, and no secret is decrypted. Resolves with the parsed document; rejects with the CLI's first lines.
 * Shared by the plugin's holder check and the goals program's own-state read (sdk/audit/stack-state.ts).
 */
export function exportStackState(stack: string, cwd: string, env: NodeJS.ProcessEnv = process.env, command = "pulumi"): Promise<unknown> {
  return new Promise<unknown>((resolve, reject) =>
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

/**
 * The plugin's exporter: run in the project's directory (projectDirOf) with the bare stack name, which any backend
 * resolves; without one, with the DIY backends' fully qualified name organization/<project>/<stack>.
 */
export function cliStackExporter(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env, command = "pulumi"): StackExporter {
  return (stack, project) => {
    const dir = projectDirOf(project, cwd);
    return dir ? exportStackState(stack, dir, env, command) : exportStackState(`organization/${project}/${stack}`, cwd, env, command);
  };
}
