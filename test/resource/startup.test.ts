import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { repoRoot } from "../support/paths";

// The dynamic-provider host loads pulumi-msads/provider for every preview; one without changes only diffs.
describe("resource: what loading the provider costs", () => {
  it("does not load node-soap until the first service call", () => {
    const script = `require("./dist/provider"); process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((k) => k.includes("/node_modules/soap/")).length))`;
    assert.equal(execFileSync(process.execPath, ["-e", script], { cwd: repoRoot, encoding: "utf8" }), "0");
  });
});
