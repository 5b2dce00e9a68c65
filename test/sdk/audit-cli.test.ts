import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { repoRoot } from "../support/paths";

const CLI = path.join(repoRoot, "dist", "sdk", "audit", "cli.js");

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(process.execPath, [CLI, ...args], { cwd: repoRoot, env: { PATH: process.env.PATH, ...env }, timeout: 30_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr }),
    ),
  );
}

describe("audit: the msads-goals command", function () {
  this.timeout(30_000);

  it("is the package's msads-goals bin", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { bin: Record<string, string> };
    assert.equal(pkg.bin["msads-goals"], "dist/sdk/audit/cli.js");
  });

  it("exits 2 with the usage on a wrong command, option or format, and 0 for --help", async () => {
    for (const args of [[], ["inspect"], ["audit", "--frobnicate"], ["audit", "--format", "xml"], ["audit", "--adopt", "leads=abc"], ["audit", "--write"]]) {
      const r = await run(args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, /msads-goals/);
    }
    const help = await run(["--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Exit codes: 0 none unmanaged, 3 unmanaged goals found, 2 usage/);
  });

  it("exits 2 naming the missing setting when no credentials are configured", async () => {
    const r = await run(["audit", "--goals", "goals.yaml"], { PATH: "/nonexistent" });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /missing provider setting msads:customerId \(MSADS_CUSTOMER_ID\)/);
  });

  it("runs in the scheduled drift job of the CI recipe", () => {
    const workflow = parse(fs.readFileSync(path.join(repoRoot, "examples", "ci", "github-actions.yml"), "utf8")) as { jobs: Record<string, { if?: string; steps: Array<{ run?: string }> }> };
    const drift = workflow.jobs.drift;
    assert.match(drift.if ?? "", /schedule/);
    assert.ok(drift.steps.some((s) => /npx msads-goals audit --stack "\$STACK"/.test(s.run ?? "")), "an audit step");
  });
});
