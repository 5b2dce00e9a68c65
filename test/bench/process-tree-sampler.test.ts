import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { ProcessTreeSampler } from "../../bench/support/process-tree-sampler";

describe("bench process tree sampler", () => {
  it("finds a grandchild, classifies it by command line and sums its CPU", async function () {
    this.timeout(20_000);
    // The grandchild burns 400 ms of CPU and carries the program's entry point in its argv; the child only waits
    // (its own argv spells the path in two pieces, so that only the grandchild reads as the program).
    const burn = "const t0 = process.cpuUsage(); while ((process.cpuUsage(t0).user + process.cpuUsage(t0).system) / 1000 < 400);";
    const child = `require("node:child_process").execFileSync(process.execPath, ["-e", ${JSON.stringify(burn)}, "/x/node_modules/@pulumi/" + "pulumi/cmd/run/index.js"]);`;
    const proc = spawn(process.execPath, ["-e", child], { stdio: "ignore" });
    const sampler = new ProcessTreeSampler(proc.pid!, 10);
    sampler.start();
    await new Promise((resolve) => proc.once("close", resolve));
    const seen = sampler.stop();
    assert.equal(seen.processesByKind.program, 1);
    // Sampled: the grandchild's last interval before it exits may be missed.
    assert.ok(seen.cpuMsByKind.program >= 300, `program ${seen.cpuMsByKind.program} ms, expected at least 300`);
    assert.ok(seen.cpuMsByKind.program < 3_000, `program ${seen.cpuMsByKind.program} ms, expected well under 3 s`);
    // The root (node -e …) is in the tree, as "other"; this process is not.
    assert.equal(seen.processesByKind.other, 1);
    assert.equal(seen.processesByKind.engine, 0);
    assert.ok(seen.samples > 5);
  });
});
