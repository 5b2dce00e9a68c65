// The command line of bench/up.ts.
import { parseArgs } from "node:util";

/** The options of bench/up.ts, validated. */
export interface UpOptions {
  /** Sizes to measure, ascending, each the number of goals and of no-op resources. */
  goals: number[];
  /** Full cycles (up, preview, refresh, destroy of both stacks) per size. */
  reps: number;
  /** `--parallel` of every pulumi command of both stacks. */
  parallel: number;
  /**
   * The goals stack's `unmanagedGoals` setting. Default ignore: the ratios are the resource's cost against a no-op
   * resource; the goals program's check of the whole account (one listing and one `pulumi stack export` per preview
   * and up in its default mode, warn) is a cost of the program, measured by passing warn.
   */
  unmanagedGoals: "ignore" | "warn";
}

export const USAGE = "usage: node dist/bench/up.js [--goals 50,200] [--reps 3] [--parallel 100] [--unmanaged-goals ignore|warn]";
export const DEFAULT_GOALS = "50,200";
export const DEFAULT_REPS = "3";
export const DEFAULT_PARALLEL = "100";
const MAX_GOALS = 1000;
const MAX_REPS = 50;
const MAX_PARALLEL = 10_000;

/** A bad command line; its message names the flag. */
export class UsageError extends Error {}

/** Parses and validates argv (without node and the script); throws UsageError naming the flag at fault. */
export function parseUpOptions(argv: readonly string[]): UpOptions {
  let values: { goals?: string; reps?: string; parallel?: string; "unmanaged-goals"?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { goals: { type: "string", default: DEFAULT_GOALS }, reps: { type: "string", default: DEFAULT_REPS }, parallel: { type: "string", default: DEFAULT_PARALLEL }, "unmanaged-goals": { type: "string", default: "ignore" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${USAGE}`);
  }
  const goals = values.goals!.split(",").map((text) => wholeNumber("--goals (each size of the comma-separated list)", text.trim(), 1, MAX_GOALS));
  const repeated = goals.find((n, i) => goals.indexOf(n) !== i);
  if (repeated !== undefined) throw new UsageError(`--goals lists ${repeated} twice`);
  return {
    goals: goals.sort((a, b) => a - b),
    reps: wholeNumber("--reps", values.reps!, 1, MAX_REPS),
    parallel: wholeNumber("--parallel", values.parallel!, 1, MAX_PARALLEL),
    unmanagedGoals: unmanagedGoalsMode(values["unmanaged-goals"]!),
  };
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^[0-9]+$/.test(text) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, not '${text}'`);
  return n;
}

function unmanagedGoalsMode(text: string): UpOptions["unmanagedGoals"] {
  if (text !== "ignore" && text !== "warn") throw new UsageError(`--unmanaged-goals must be ignore or warn, not '${text}'`);
  return text;
}
