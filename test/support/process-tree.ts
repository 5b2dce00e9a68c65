import * as fs from "node:fs";

/** Parent pid of a Linux process, from /proc/<pid>/stat; undefined when it has gone. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: fields resume after its last ")".
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

function commandLine(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
}

/**
 * Descendants of `root` (children, grandchildren…) whose command line matches `pattern`, found through /proc
 * (Linux only, like the CI). Used to kill the provider host the CLI started, and nothing else.
 */
export function descendantsMatching(root: number, pattern: RegExp): number[] {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = parentOf(Number(entry));
    if (ppid !== undefined) parents.set(Number(entry), ppid);
  }
  const isDescendant = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === root) return true;
    return false;
  };
  return [...parents.keys()].filter((pid) => isDescendant(pid) && pattern.test(commandLine(pid)));
}
