// The growth table of bench/up.ts: per size, the goal/no-op ratios of each operation, and how they changed from
// the smallest size to the largest.
import { OPERATIONS, SizeResult } from "./up-results";

const CELL = 7;

/**
 * Lines of the table: a header, one row per size (ascending) with CPU and wall ratio per operation (two decimals),
 * and, when there are two sizes or more, a row with each ratio at the largest size divided by that at the smallest
 * (above 1.00: the provider's cost per resource grows faster than the engine's). Throws on no sizes.
 */
export function formatGrowthTable(results: ReadonlyArray<Pick<SizeResult, "goals" | "ratios">>): string[] {
  if (results.length === 0) throw new Error("a growth table needs at least one size");
  const sorted = [...results].sort((a, b) => a.goals - b.goals);
  const cell = (text: string) => text.padStart(CELL);
  const lines = [
    `  ${"goals".padEnd(CELL)}` + OPERATIONS.map((op) => `  ${op.padStart(2 * CELL)}`).join(""),
    `  ${"".padEnd(CELL)}` + OPERATIONS.map(() => `  ${cell("CPU")}${cell("wall")}`).join(""),
  ];
  for (const r of sorted) {
    lines.push(`  ${String(r.goals).padEnd(CELL)}` + OPERATIONS.map((op) => `  ${cell(r.ratios[op].cpu.toFixed(2))}${cell(r.ratios[op].wall.toFixed(2))}`).join(""));
  }
  if (sorted.length >= 2) {
    const first = sorted[0];
    const last = sorted[sorted.length - 1];
    const growth = (a: number, b: number) => `×${(b / a).toFixed(2)}`;
    lines.push(
      `  ${`${first.goals}→${last.goals}`.padEnd(CELL)}` +
        OPERATIONS.map((op) => `  ${cell(growth(first.ratios[op].cpu, last.ratios[op].cpu))}${cell(growth(first.ratios[op].wall, last.ratios[op].wall))}`).join(""),
    );
  }
  return lines;
}
