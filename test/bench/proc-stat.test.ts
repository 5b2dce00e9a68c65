import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { parseProcStat, readProcStat, reapedChildrenCpuMs, ticksToMs } from "../../bench/support/proc-stat";

// A real line of /proc/<pid>/stat (kernel 6.x, 52 fields) whose command name holds a space and a ")".
const LINE =
  "4242 (node ) x) S 4200 4242 4100 0 -1 4194560 9000 0 0 0 " +
  "1234 567 89 12 20 0 11 0 753720 1000000000 20000 18446744073709551615 1 1 0 0 0 0 0 4096 134234626 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n";

describe("bench /proc stat", () => {
  it("reads the fields after the command name's last parenthesis", () => {
    const s = parseProcStat(LINE);
    assert.equal(s.pid, 4242);
    assert.equal(s.comm, "node ) x");
    assert.equal(s.state, "S");
    assert.equal(s.ppid, 4200);
    assert.deepEqual([s.utime, s.stime, s.cutime, s.cstime], [1234, 567, 89, 12]);
    assert.equal(s.starttime, 753720);
    assert.equal(s.processor, 1);
  });

  it("converts clock ticks of 1/100 s to milliseconds", () => {
    assert.equal(ticksToMs(1234 + 567), 18010);
  });

  it("refuses text that is not a stat line rather than reading zero CPU", () => {
    assert.throws(() => parseProcStat("garbage"), /not a \/proc\/<pid>\/stat line/);
    assert.throws(() => parseProcStat("1 (x) S 0 1 1"), /fields, expected at least 22/);
    assert.throws(() => parseProcStat(LINE.replace(" 1234 ", " 12x4 ")), /field 14 is not a whole number/);
  });

  it("reads this process's own stat", () => {
    const s = readProcStat("self");
    assert.ok(s, "/proc/self/stat is readable on Linux");
    assert.equal(s.pid, process.pid);
    assert.equal(s.ppid, process.ppid);
    assert.equal(readProcStat(2 ** 30), undefined);
  });

  it("adds the CPU of a reaped child and of the grandchild it reaped to cutime + cstime", function () {
    this.timeout(20_000);
    // The child burns 200 ms of its own CPU, then runs a grandchild that burns 300 ms and waits for it.
    const burn = (ms: number) => `const t0 = process.cpuUsage(); while ((process.cpuUsage(t0).user + process.cpuUsage(t0).system) / 1000 < ${ms});`;
    const child = `${burn(200)} require("node:child_process").execFileSync(process.execPath, ["-e", ${JSON.stringify(burn(300))}]);`;
    const before = reapedChildrenCpuMs();
    execFileSync(process.execPath, ["-e", child]);
    const spent = reapedChildrenCpuMs() - before;
    // At least the 500 ms burnt (ticks are 10 ms), plus two node start-ups; far below what a wrong field would give.
    assert.ok(spent >= 490, `the tree spent ${spent} ms, expected at least 490`);
    assert.ok(spent < 5_000, `the tree spent ${spent} ms, expected well under 5 s`);
  });
});
