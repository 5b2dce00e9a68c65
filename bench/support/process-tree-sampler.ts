// Samples the CPU time of every descendant of one process, by kind, every few milliseconds from /proc. Sampled,
// not exact: a process's time after the last sample before it exits is missed (at most one interval of it), and
// a process that lives less than one interval may be missed whole. The exact total of a tree comes from
// reapedChildrenCpuMs (proc-stat.ts); these figures say how that total divides.
import * as fs from "node:fs";
import { ProcessKind, PROCESS_KINDS, processKind } from "./process-kind";
import { readProcStat, ticksToMs } from "./proc-stat";

/** The default interval between samples, ms. */
export const SAMPLE_INTERVAL_MS = 20;

interface Tracked {
  kind: ProcessKind;
  /** utime + stime at the last sample, ticks. */
  ticks: number;
  starttime: number;
}

/** What one sampling run saw: CPU ms per kind (last sample of each process) and how many processes of each. */
export interface SampledTree {
  cpuMsByKind: Record<ProcessKind, number>;
  processesByKind: Record<ProcessKind, number>;
  samples: number;
}

/**
 * Follows the tree under `root` (the root included) from start() to stop(). Each sample lists /proc, reads the
 * stat of pids not seen before to learn whether their parent is in the tree (a pid seen outside it is not read
 * again: a process never becomes a descendant later, only new ones do), and reads the stat and command line of
 * the tree's live processes (a pid that a foreign process held and a descendant later reuses is missed: pids
 * wrap only after pid_max, millions on a current kernel). Costs this process well under a millisecond per sample for a Pulumi run's tree.
 */
export class ProcessTreeSampler {
  private readonly tracked = new Map<number, Tracked>();
  /** Tree processes whose pid a later process took (pids are reused after they wrap). */
  private readonly retired: Tracked[] = [];
  private readonly foreign = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private samples = 0;

  constructor(
    private readonly root: number,
    private readonly intervalMs = SAMPLE_INTERVAL_MS,
  ) {}

  /** Takes a first sample now and then one every interval. */
  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  /** Stops sampling and returns the totals (no further sample: the tree is usually gone by then). */
  stop(): SampledTree {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const cpuMsByKind = Object.fromEntries(PROCESS_KINDS.map((k) => [k, 0])) as Record<ProcessKind, number>;
    const processesByKind = Object.fromEntries(PROCESS_KINDS.map((k) => [k, 0])) as Record<ProcessKind, number>;
    for (const t of [...this.tracked.values(), ...this.retired]) {
      cpuMsByKind[t.kind] += ticksToMs(t.ticks);
      processesByKind[t.kind] += 1;
    }
    return { cpuMsByKind, processesByKind, samples: this.samples };
  }

  private sample(): void {
    this.samples += 1;
    let entries: string[];
    try {
      entries = fs.readdirSync("/proc");
    } catch {
      return;
    }
    const fresh: Array<{ pid: number; ppid: number; starttime: number; ticks: number }> = [];
    for (const entry of entries) {
      const pid = Number(entry);
      if (!Number.isInteger(pid) || this.foreign.has(pid)) continue;
      const stat = readProcStat(pid);
      if (!stat) continue;
      const known = this.tracked.get(pid);
      if (known && known.starttime === stat.starttime) {
        known.ticks = stat.utime + stat.stime;
        known.kind = kindOf(pid, known.kind);
      } else {
        if (known) {
          this.retired.push(known);
          this.tracked.delete(pid);
        }
        fresh.push({ pid, ppid: stat.ppid, starttime: stat.starttime, ticks: stat.utime + stat.stime });
      }
    }
    // A child may be listed before its parent joins the tree in this same sample: repeat until nothing joins.
    for (let joined = true; joined; ) {
      joined = false;
      for (let i = fresh.length - 1; i >= 0; i--) {
        const p = fresh[i];
        if (p.pid !== this.root && !this.tracked.has(p.ppid)) continue;
        this.tracked.set(p.pid, { kind: kindOf(p.pid, "other"), ticks: p.ticks, starttime: p.starttime });
        fresh.splice(i, 1);
        joined = true;
      }
    }
    for (const p of fresh) this.foreign.add(p.pid);
  }
}

function kindOf(pid: number, previous: ProcessKind): ProcessKind {
  let argv: string[];
  try {
    argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter((a) => a !== "");
  } catch {
    return previous;
  }
  // A zombie's cmdline is empty: keep what it was.
  return argv.length === 0 ? previous : processKind(argv);
}
