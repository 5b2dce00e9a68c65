// The targets of bench/up.ts (issue 14), judged against the figures: printed as met / not met, never asserted
// (a benchmark on a shared machine is too noisy to fail a build on).
import { serviceCalls } from "./call-counter";
import { OPERATIONS, Operation, SizeResult } from "./up-results";

/** The size the ratio and call targets are set for. */
export const TARGET_GOALS = 200;
/** Highest goals/no-op ratio, CPU and wall alike, at TARGET_GOALS. */
export const RATIO_TARGETS: Record<Operation, number> = { up: 1.1, preview: 1.1, refresh: 1.15, destroy: 1.1 };
/** Most service calls (token requests aside) of one operation at TARGET_GOALS; preview has no target. */
export const CALL_TARGETS: Partial<Record<Operation, number>> = { refresh: 4, up: 10, destroy: 10 };
/** Most token requests of one operation beside its service calls. */
export const TOKEN_TARGET = 1;
/**
 * "The ratio does not grow" (from 50 goals to 1,000) allows the ratio at the largest size to exceed that at the
 * smallest by this share: paired medians of a few reps still move by a few percent between identical runs.
 */
export const GROWTH_ALLOWANCE = 0.05;

/** One target against its figure; met is undefined when the run did not measure it. */
export interface Verdict {
  target: string;
  figure: string;
  met: boolean | undefined;
}

/** Judges every target against results (one per size measured, any order). */
export function evaluateTargets(results: readonly SizeResult[]): Verdict[] {
  const sorted = [...results].sort((a, b) => a.goals - b.goals);
  const at = sorted.find((r) => r.goals === TARGET_GOALS);
  const notMeasured = `not measured (add ${TARGET_GOALS} to --goals)`;
  const verdicts: Verdict[] = [];

  for (const op of OPERATIONS) {
    for (const measure of ["cpu", "wall"] as const) {
      const limit = RATIO_TARGETS[op];
      const target = `${op} ${measure === "cpu" ? "CPU" : "wall"} ≤ ${limit.toFixed(2)}× the no-op at ${TARGET_GOALS} goals`;
      const ratio = at?.ratios[op][measure];
      verdicts.push(ratio === undefined ? { target, figure: notMeasured, met: undefined } : { target, figure: `${ratio.toFixed(2)}×`, met: ratio <= limit });
    }
  }

  for (const op of OPERATIONS) {
    const limit = CALL_TARGETS[op];
    if (limit === undefined) continue;
    const target = `${op}: ≤ ${limit} service calls + ≤ ${TOKEN_TARGET} token at ${TARGET_GOALS} goals`;
    if (!at) {
      verdicts.push({ target, figure: notMeasured, met: undefined });
      continue;
    }
    const calls = at.calls[op];
    const service = serviceCalls(calls);
    const tokens = calls.token ?? 0;
    verdicts.push({ target, figure: `${service} calls + ${tokens} token`, met: service <= limit && tokens <= TOKEN_TARGET });
  }

  // State per goal does not depend on the count; judged at the target size, else the largest measured.
  const stateAt = at ?? sorted[sorted.length - 1];
  if (stateAt) {
    const { goals, noop } = stateAt.state;
    verdicts.push({
      target: "state per goal ≤ the no-op's per resource",
      figure: `${goals.medianResourceBytes} B vs ${noop.medianResourceBytes} B (medians at ${stateAt.goals})`,
      met: goals.medianResourceBytes <= noop.medianResourceBytes,
    });
  }

  for (const op of OPERATIONS) {
    for (const measure of ["cpu", "wall"] as const) {
      const target = `${op} ${measure === "cpu" ? "CPU" : "wall"} ratio does not grow from 50 to 1000 goals (allowance ${Math.round(GROWTH_ALLOWANCE * 100)}%)`;
      if (sorted.length < 2) {
        verdicts.push({ target, figure: "not measured (give --goals two sizes or more, e.g. 50,200,1000)", met: undefined });
        continue;
      }
      const first = sorted[0];
      const last = sorted[sorted.length - 1];
      const a = first.ratios[op][measure];
      const b = last.ratios[op][measure];
      const partial = first.goals !== 50 || last.goals !== 1000 ? ` (measured ${first.goals}→${last.goals} only)` : "";
      verdicts.push({ target, figure: `${a.toFixed(2)}× at ${first.goals} → ${b.toFixed(2)}× at ${last.goals}${partial}`, met: b <= a * (1 + GROWTH_ALLOWANCE) });
    }
  }
  return verdicts;
}

/** One line per verdict: `met`, `NOT MET` or `n/a`, the target, the figure. */
export function formatVerdicts(verdicts: readonly Verdict[]): string[] {
  return verdicts.map((v) => `  ${(v.met === undefined ? "n/a" : v.met ? "met" : "NOT MET").padEnd(8)}${v.target}: ${v.figure}`);
}
