// Runs the Pulumi CLI from .tools/bin offline: a file backend, a private PULUMI_HOME, no update checks and no
// plugin downloads. Shared by the demo, the end-to-end tests and the benchmark.
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { packageRoot } from "../wsdl/location";

export const toolsBin = path.join(packageRoot, ".tools", "bin");

/** Builds or reuses the CLI (npm run pulumi:install); seconds when it is already there. */
export function ensurePulumiCli(): string {
  const cli = path.join(toolsBin, "pulumi");
  execFileSync("bash", [path.join(packageRoot, "scripts", "pulumi-install", "install.sh")], { stdio: ["ignore", "ignore", "inherit"] });
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing after npm run pulumi:install`);
  return cli;
}

export interface PulumiWorkspace {
  /** Directory holding the file backend and PULUMI_HOME. */
  dir: string;
  /** The project directory (Pulumi.yaml). */
  cwd: string;
  /** Extra environment (MSADS_* settings). */
  env?: Record<string, string>;
}

/** The environment for an offline CLI run in a workspace. */
export function pulumiEnv(ws: PulumiWorkspace): NodeJS.ProcessEnv {
  fs.mkdirSync(path.join(ws.dir, "state"), { recursive: true });
  fs.mkdirSync(path.join(ws.dir, "home"), { recursive: true });
  return {
    ...process.env,
    PATH: `${toolsBin}${path.delimiter}${process.env.PATH ?? ""}`,
    PULUMI_BACKEND_URL: `file://${path.resolve(ws.dir, "state")}`,
    PULUMI_HOME: path.resolve(ws.dir, "home"),
    PULUMI_CONFIG_PASSPHRASE: "",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    NO_COLOR: "1",
    ...ws.env,
  };
}

export interface PulumiResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A running `pulumi` process: its child (to signal it) and its outcome. */
export interface PulumiRun {
  child: ChildProcess;
  /** Resolves with the exit code (-1 when killed by a signal) and the output; never rejects on a non-zero exit. */
  done: Promise<PulumiResult>;
}

/** Starts `pulumi args…` in the background, so that a test can interrupt it. */
export function startPulumi(ws: PulumiWorkspace, args: string[], options: { echo?: boolean; timeoutMs?: number } = {}): PulumiRun {
  const child = spawn(path.join(toolsBin, "pulumi"), [...args, "--non-interactive", "--color", "never"], { cwd: ws.cwd, env: pulumiEnv(ws), stdio: ["ignore", "pipe", "pipe"] });
  const done = new Promise<PulumiResult>((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => {
      stdout += d;
      if (options.echo) process.stdout.write(d);
    });
    child.stderr!.on("data", (d: Buffer) => {
      stderr += d;
      if (options.echo) process.stderr.write(d);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 300_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
  return { child, done };
}

/** Runs `pulumi args…`; resolves with the exit code and output (never rejects on a non-zero exit). */
export function runPulumi(ws: PulumiWorkspace, args: string[], options: { echo?: boolean; timeoutMs?: number } = {}): Promise<PulumiResult> {
  return startPulumi(ws, args, options).done;
}

/** Selects the stack, creating it when it does not exist yet. */
export async function selectStack(ws: PulumiWorkspace, stack: string): Promise<void> {
  const r = await runPulumi(ws, ["stack", "select", stack, "--create"]);
  if (r.code !== 0) throw new Error(`pulumi stack select ${stack} failed (${r.code}): ${r.stderr || r.stdout}`);
}
