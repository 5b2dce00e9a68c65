import { UnownedGoal } from "./classify";

/** What the audit found, as `--format json` prints it. */
export interface AuditReport {
  stack?: string;
  /** What owned goals were told apart by: the stack's state (goal ids), or the goals file's names (no state yet). */
  ownedBy: "state" | "goals file";
  customerId: string;
  accountIds: string[];
  /** How many of the account's goals the stack owns. */
  managed: number;
  /** Goals nothing owns, active or paused. */
  unmanaged: UnownedGoal[];
  /** Goals the provider retired that nothing owns. */
  retired: UnownedGoal[];
}

/** One goal as reported: id, name, status, scope, the account it was listed through, the declared look-alike's key. */
function row(g: UnownedGoal) {
  return { id: g.id, name: g.name, status: g.status ?? "", scope: g.scope ?? "", accountId: g.accountId, sameNameAs: g.lookAlike ?? null };
}

/** The report as a table (for people) or JSON (for scripts). */
export function renderReport(r: AuditReport, format: "table" | "json", includeRetired: boolean): string {
  if (format === "json") {
    return JSON.stringify({ ...r, unmanaged: r.unmanaged.map(row), retired: r.retired.map(row) }, null, 2) + "\n";
  }
  const owner = r.ownedBy === "state" ? `stack ${r.stack ?? "(selected)"}` : "the goals file";
  const lines: string[] = [];
  lines.push(r.unmanaged.length === 0 ? `No unmanaged goals: every active or paused goal is owned by ${owner}.` : `Unmanaged goals (${r.unmanaged.length}): owned by no resource of ${owner}.`);
  if (r.unmanaged.length > 0) lines.push(...table(r.unmanaged));
  if (r.retired.length > 0) {
    lines.push("", `Retired goals (${r.retired.length}): paused under the provider's "(removed …)" names; ${includeRetired ? "they fail the audit (--include-retired)" : "listed apart, they do not fail the audit (--include-retired makes them)"}.`);
    lines.push(...table(r.retired));
  }
  lines.push("", `${r.managed} goal${r.managed === 1 ? "" : "s"} owned by ${owner}; customer ${r.customerId}, account${r.accountIds.length === 1 ? "" : "s"} ${r.accountIds.join(", ")}.`);
  return lines.join("\n") + "\n";
}

function table(goals: UnownedGoal[]): string[] {
  const header = ["ID", "NAME", "STATUS", "SCOPE", "ACCOUNT", "SAME NAME AS (declared key)"];
  const rows = goals.map((g) => {
    const r = row(g);
    return [r.id, r.name, r.status, r.scope, r.accountId, r.sameNameAs ?? "-"];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => "  " + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  "));
}
