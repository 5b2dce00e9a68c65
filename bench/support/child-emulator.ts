// Runs the compiled emulator CLI as a separate process, so that the load generator and the server
// each get their own event loop (and, on a multi-core machine, their own core).
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import * as os from "node:os";
import * as fs from "node:fs";

/** A running emulator child process. */
export interface ChildEmulator {
  /** The Campaign Management service URL the child printed. */
  readonly serviceUrl: URL;
  readonly pid: number;
  /** Stops the child (SIGTERM, then SIGKILL); safe to call more than once. */
  stop(): Promise<void>;
}

const LISTENING = /^msads-emulator listening on (\S+)$/;
// Enough to show a stack trace, without letting a chatty child grow our memory.
const STDERR_TAIL_BYTES = 16 * 1024;
const GRACEFUL_STOP_MS = 3_000;
const FORCED_STOP_MS = 2_000;

/**
 * Spawns `node cliPath args` and resolves once its first stdout line announces the service URL. `onStderrLine`
 * receives each whole line the child writes to stderr (its request log, unless it runs with --quiet).
 */
export async function startChildEmulator(
  cliPath: string,
  args: readonly string[],
  timeoutMs: number,
  cpu?: number,
  onStderrLine?: (line: string) => void,
): Promise<ChildEmulator> {
  if (!fs.existsSync(cliPath)) throw new Error(`${cliPath} does not exist; build first (npm run build)`);
  // taskset execs node in place, so the pid is still the emulator's.
  const [command, argv] = cpu === undefined ? [process.execPath, [cliPath, ...args]] : ["taskset", ["-c", String(cpu), process.execPath, cliPath, ...args]];
  const child = spawn(command, argv, { stdio: ["ignore", "pipe", "pipe"] });
  const stderr = tailCollector(child, onStderrLine);
  // Last lines of defence for when the caller's finally never runs: process.exit elsewhere, or a
  // signal (a signal's default action would end this process and orphan the child).
  const killOnExit = () => child.kill("SIGKILL");
  const exitOnSignal = (signal: NodeJS.Signals) => process.exit(128 + (signal === "SIGINT" ? 2 : 15));
  process.once("exit", killOnExit);
  process.once("SIGINT", exitOnSignal);
  process.once("SIGTERM", exitOnSignal);
  const stop = async () => {
    process.removeListener("exit", killOnExit);
    process.removeListener("SIGINT", exitOnSignal);
    process.removeListener("SIGTERM", exitOnSignal);
    await stopChild(child);
  };
  try {
    const serviceUrl = await waitForListening(child, timeoutMs, stderr);
    return { serviceUrl, pid: child.pid!, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

function tailCollector(child: ChildProcess, onLine?: (line: string) => void): () => string {
  let tail = "";
  let partial = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    tail = (tail + chunk).slice(-STDERR_TAIL_BYTES);
    if (!onLine) return;
    const lines = (partial + chunk).split("\n");
    partial = lines.pop()!;
    for (const line of lines) onLine(line);
  });
  return () => tail.trim() || "(nothing on stderr)";
}

function waitForListening(child: ChildProcess, timeoutMs: number, stderr: () => string): Promise<URL> {
  return new Promise<URL>((resolve, reject) => {
    let buffered = "";
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout!.removeListener("data", onData);
      child.removeListener("close", onClose);
      child.removeListener("error", onError);
      // The rest of stdout (seed credentials) is of no use here, but an unread pipe could block the child.
      child.stdout!.resume();
    };
    const fail = (why: string) => {
      cleanup();
      reject(new Error(`${why}\n--- emulator stderr ---\n${stderr()}`));
    };
    const onData = (chunk: string) => {
      buffered += chunk;
      const newline = buffered.indexOf("\n");
      if (newline < 0) return;
      const line = buffered.slice(0, newline).trim();
      const match = LISTENING.exec(line);
      if (!match) return fail(`unexpected first line from the emulator: ${JSON.stringify(line.slice(0, 200))}`);
      cleanup();
      resolve(new URL(match[1]));
    };
    // "close" rather than "exit": it comes after stderr is drained, so the report holds all of it.
    const onClose = (code: number | null, signal: NodeJS.Signals | null) =>
      fail(`the emulator exited (${signal ?? `code ${code}`}) before it was listening`);
    const onError = (e: Error) => fail(`could not start the emulator: ${e.message}`);
    const timer = setTimeout(() => fail(`the emulator printed no listening line within ${timeoutMs / 1000} s`), timeoutMs);
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", onData);
    child.once("close", onClose);
    child.once("error", onError);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || hasExited(child)) return;
  child.kill("SIGTERM");
  if (await exited(child, GRACEFUL_STOP_MS)) return;
  child.kill("SIGKILL");
  await exited(child, FORCED_STOP_MS);
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      child.removeListener("exit", onExit);
      resolve(false);
    }, timeoutMs);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once("exit", onExit);
  });
}

/**
 * Pins this process (every thread) to one core and returns the core for the emulator, or undefined when
 * pinning is not possible. Unpinned, Linux often runs both processes on one of the two cores and the
 * figures halve (measured: 3.2k–3.7k Get/s on one core against 6.7k–7.2k on two).
 */
export function pinApart(): { self: number; emulator: number } | undefined {
  if (os.cpus().length < 2) return undefined;
  try {
    execFileSync("taskset", ["-a", "-p", "-c", "0", String(process.pid)], { stdio: "ignore" });
    return { self: 0, emulator: 1 };
  } catch {
    return undefined;
  }
}
