import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cliStackExporter, goalHolders, projectDirOf, stackOfUrn } from "../../provider/plugin/stack-holders";
import { DYNAMIC_GOAL_TYPE, NATIVE_GOAL_TYPE } from "../../provider/plugin/type-tokens";

describe("plugin: finding who holds a goal in the stack's state", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "msads-holders-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("lists goals of both front doors' types, by outputs.goalId or the id, and nothing else", () => {
    const doc = {
      deployment: {
        resources: [
          { urn: "urn:a", type: NATIVE_GOAL_TYPE, id: "7", outputs: { goalId: "7", accountId: "2000001" } },
          { urn: "urn:b", type: DYNAMIC_GOAL_TYPE, id: "8", outputs: {} },
          { urn: "urn:c", type: "pulumi:providers:msads", id: "p" },
        ],
      },
    };
    assert.deepEqual(goalHolders(doc), [
      { urn: "urn:a", type: NATIVE_GOAL_TYPE, goalId: "7", customerId: undefined, accountId: "2000001" },
      { urn: "urn:b", type: DYNAMIC_GOAL_TYPE, goalId: "8", customerId: undefined, accountId: undefined },
    ]);
    assert.deepEqual(stackOfUrn("urn:pulumi:dev::goals::msads:index:OfflineConversionGoal::leads"), { stack: "dev", project: "goals" });
  });

  it("finds the project's folder at or above the plugin's folder by the project's name, skipping other projects", () => {
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: goals\nruntime: nodejs\n");
    const nested = path.join(dir, "other", "dist");
    fs.mkdirSync(nested, { recursive: true });
    fs.writeFileSync(path.join(dir, "other", "Pulumi.yaml"), "name: 'not-goals' # another project\nruntime: yaml\n");
    assert.equal(projectDirOf("goals", nested), dir);
    assert.equal(projectDirOf("not-goals", nested), path.join(dir, "other"));
    assert.equal(projectDirOf("missing", nested), undefined);
  });

  it("exports the bare stack in the project's folder, or organization/<project>/<stack> without one", async () => {
    // A stand-in CLI that prints a deployment recording where and how it ran.
    const cli = path.join(dir, "pulumi");
    fs.writeFileSync(cli, `#!/bin/sh\nprintf '{"deployment":{"cwd":"%s","args":"%s"}}' "$PWD" "$*"\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: goals\n");
    const main = path.join(dir, "bin");
    fs.mkdirSync(main);
    const found = (await cliStackExporter(main, process.env, cli)("dev", "goals")) as { deployment: { cwd: string; args: string } };
    assert.deepEqual(found.deployment, { cwd: fs.realpathSync(dir), args: "stack export --stack dev --non-interactive" });
    const elsewhere = (await cliStackExporter(main, process.env, cli)("dev", "other")) as { deployment: { cwd: string; args: string } };
    assert.deepEqual(elsewhere.deployment, { cwd: fs.realpathSync(main), args: "stack export --stack organization/other/dev --non-interactive" });
  });

  it("rejects with the CLI's answer when the export fails", async () => {
    const cli = path.join(dir, "pulumi");
    fs.writeFileSync(cli, "#!/bin/sh\necho 'error: no stack named dev found' >&2\nexit 255\n", { mode: 0o755 });
    await assert.rejects(cliStackExporter(dir, process.env, cli)("dev", "goals"), /pulumi stack export --stack organization\/goals\/dev failed: error: no stack named dev found/);
  });
});
