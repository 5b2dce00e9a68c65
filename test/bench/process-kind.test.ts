import assert from "node:assert/strict";
import { processKind } from "../../bench/support/process-kind";

// Command lines as `ps` showed them during a `pulumi preview` of the benchmark's no-op stack (CLI v3.274.1).
const RESOLVE_PROVIDER =
  '\n  try {\n    process.stdout.write(require.resolve("@pulumi/pulumi/cmd/dynamic-provider"));\n  } catch (e) {\n    process.exit(1);\n  }\n';
const RESOLVE_RUN = 'try { process.stdout.write(require.resolve("@pulumi/pulumi/cmd/run", { paths: [process.cwd()] })); } catch (e) { process.exit(1); }';

describe("bench process kinds", () => {
  it("counts the CLI and its Go plugins as the engine", () => {
    assert.equal(processKind(["/repo/.tools/bin/pulumi", "preview", "--stack", "bench", "--non-interactive"]), "engine");
    assert.equal(processKind(["/repo/.tools/bin/pulumi-language-nodejs", "127.0.0.1:43445"]), "engine");
    assert.equal(processKind(["pulumi"]), "engine");
  });

  it("counts node running the program for the language host, and the lookup of its entry point, as the program", () => {
    assert.equal(
      processKind(["/usr/bin/node", "/repo/node_modules/@pulumi/pulumi/cmd/run/index.js", "--monitor", "127.0.0.1:35035", "--dry-run", "--parallel", "8", "index.js"]),
      "program",
    );
    assert.equal(processKind(["/usr/bin/node", "-e", RESOLVE_RUN]), "program");
  });

  it("counts the dynamic provider, its shell launcher and the launcher's lookup as the provider host", () => {
    assert.equal(processKind(["node", "/repo/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js", "127.0.0.1:43445"]), "provider host");
    assert.equal(processKind(["/bin/sh", "/repo/.tools/bin/pulumi-resource-pulumi-nodejs", "127.0.0.1:41733"]), "provider host");
    assert.equal(processKind(["node", "-e", RESOLVE_PROVIDER]), "provider host");
  });

  it("counts anything else as other, a binary merely named like pulumi included", () => {
    assert.equal(processKind(["/usr/bin/node", "/repo/dist/bench/up.js"]), "other");
    assert.equal(processKind(["/usr/bin/git", "status"]), "other");
    assert.equal(processKind(["/opt/not-pulumi"]), "other");
    assert.equal(processKind([]), "other");
  });
});
