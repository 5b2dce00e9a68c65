// CPU time of processes from Linux's /proc/<pid>/stat (proc(5)). Two measures: a live process's own time
// (utime + stime, every thread), and the time of the children this process has reaped (cutime + cstime), which
// the kernel adds up exactly when a child is waited for, including what that child had itself reaped.
import * as fs from "node:fs";

/**
 * Clock ticks per second of the times in /proc/<pid>/stat. USER_HZ is 100 on every Linux architecture Node
 * supports: it is part of the kernel ABI (`getconf CLK_TCK`), independent of the kernel's internal HZ.
 */
export const USER_HZ = 100;

/** The fields of one /proc/<pid>/stat line that the benchmarks use; times in clock ticks (1/USER_HZ s). */
export interface ProcStat {
  pid: number;
  /** Field 2, without its parentheses: the executable's name, cut to 15 bytes by the kernel. */
  comm: string;
  /** Field 3: R, S, D, Z… */
  state: string;
  /** Field 4: the parent's pid (1, or a subreaper, once the parent has gone). */
  ppid: number;
  /** Fields 14 and 15: user and system time of the process itself (all its threads). */
  utime: number;
  stime: number;
  /** Fields 16 and 17: user and system time of the children it has waited for (and of theirs). */
  cutime: number;
  cstime: number;
  /** Field 22: when it started, in ticks since boot; with the pid, it names one process (pids are reused). */
  starttime: number;
  /** Field 39: the CPU it last ran on; undefined on kernels older than 2.2.8 (the field is missing). */
  processor: number | undefined;
}

/**
 * Parses the text of /proc/<pid>/stat. The command name (field 2) may hold spaces and parentheses, so the
 * fields resume after its LAST ")". Throws on text that is not a stat line (fewer than 22 fields, or a
 * non-numeric time), so a format surprise fails loudly instead of reading as zero CPU.
 */
export function parseProcStat(text: string): ProcStat {
  const open = text.indexOf("(");
  const close = text.lastIndexOf(")");
  if (open < 1 || close < open) throw new Error(`not a /proc/<pid>/stat line: ${JSON.stringify(text.slice(0, 80))}`);
  // rest[0] is field 3 (state), so field n is rest[n - 3].
  const rest = text.slice(close + 2).trim().split(" ");
  if (rest.length < 20) throw new Error(`a /proc/<pid>/stat line with ${rest.length + 2} fields, expected at least 22`);
  const num = (field: number): number => {
    const value = Number(rest[field - 3]);
    if (!Number.isInteger(value)) throw new Error(`/proc/<pid>/stat field ${field} is not a whole number: ${JSON.stringify(rest[field - 3])}`);
    return value;
  };
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    state: rest[0],
    ppid: num(4),
    utime: num(14),
    stime: num(15),
    cutime: num(16),
    cstime: num(17),
    starttime: num(22),
    processor: rest.length >= 37 ? num(39) : undefined,
  };
}

/** Clock ticks to milliseconds. */
export function ticksToMs(ticks: number): number {
  return (ticks * 1000) / USER_HZ;
}

/** The stat of a process, or undefined when it has gone (or /proc is absent). */
export function readProcStat(pid: number | "self"): ProcStat | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  return parseProcStat(text);
}

/** A live process's own CPU time (user + system, every thread) in ms; undefined when it has gone. */
export function ownCpuMs(pid: number): number | undefined {
  const stat = readProcStat(pid);
  return stat && ticksToMs(stat.utime + stat.stime);
}

/** The CPU a process last ran on; undefined when it has gone. */
export function processorOf(pid: number): number | undefined {
  return readProcStat(pid)?.processor;
}

/**
 * CPU time in ms of every child this process has reaped so far, each with the descendants it reaped in turn
 * (cutime + cstime of /proc/self/stat). The difference across one awaited child process is that child's whole
 * tree, exactly (to the tick), as long as each parent in the tree waited for its own children. Throws where
 * /proc is absent: the benchmark cannot measure CPU then.
 */
export function reapedChildrenCpuMs(): number {
  const stat = readProcStat("self");
  if (!stat) throw new Error("/proc/self/stat is unreadable: CPU can be measured on Linux only");
  return ticksToMs(stat.cutime + stat.cstime);
}
