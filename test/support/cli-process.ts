import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { RunningEmulator } from "../../emulator";
import { repoRoot } from "./paths";

const CLI = path.join(repoRoot, "dist", "emulator", "cli.js");

/** A CLI child process with its output. */
export interface Cli {
  child: ChildProcess;
  lines: string[];
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForLine(re: RegExp, ms?: number): Promise<RegExpExecArray>;
}

/** Starts `node [nodeArgs] dist/emulator/cli.js args` and collects its output line by line. */
export function spawnCli(args: string[], nodeArgs: string[] = []): Cli {
  const child = spawn(process.execPath, [...nodeArgs, CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  let partial = "";
  let stderr = "";
  const listeners = new Set<() => void>();
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    partial += chunk;
    const parts = partial.split("\n");
    partial = parts.pop()!;
    lines.push(...parts);
    for (const l of listeners) l();
  });
  child.stderr!.setEncoding("utf8").on("data", (c: string) => {
    stderr += c;
    for (const l of listeners) l();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    // "close" rather than "exit": the output streams are complete by then.
    child.once("close", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    lines,
    stderr: () => stderr,
    exited,
    waitForLine: (re, ms = 5000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          for (const l of lines) {
            const m = re.exec(l);
            if (m) return finish(() => resolve(m));
          }
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`no line matching ${re} within ${ms} ms; stdout ${JSON.stringify(lines)}; stderr ${stderr}`))), ms);
        const onExit = () => finish(() => reject(new Error(`the CLI exited before printing ${re}; stdout ${JSON.stringify(lines)}; stderr ${stderr}`)));
        const finish = (then: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off("exit", onExit);
          then();
        };
        listeners.add(check);
        child.once("exit", onExit);
        check();
      }),
  };
}

/** Waits for the process to end, failing the test (and killing it) if it takes longer than ms. */
export async function exitWithin(cli: Cli, ms = 5000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      cli.child.kill("SIGKILL");
      reject(new Error(`the CLI did not exit within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([cli.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The endpoints the CLI printed, shaped for the test helpers. */
export async function endpoints(cli: Cli): Promise<RunningEmulator> {
  const url = (await cli.waitForLine(/^msads-emulator listening on (\S+)$/))[1];
  const tokenUrl = (await cli.waitForLine(/^\s*token endpoint:\s+(\S+)$/))[1];
  return { url, tokenUrl, adminUrl: `${new URL(url).origin}/_emulator`, close: async () => {} };
}
