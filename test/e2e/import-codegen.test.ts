import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { runPulumi } from "../../scripts/pulumi-cli";
import { repoRoot } from "../support/paths";
import { NATIVE_PLUGINS, ok, Project, startProject } from "../support/pulumi-project";

// `pulumi import` and `pulumi convert` in a Node.js project: the engine has the language host turn PCL into
// TypeScript (GenerateProgram, GenerateProject), and the host must answer for the command to succeed. The code
// names the schema's Node.js package (language.nodejs.packageName) and holds what the provider's Read reports as
// the goal's inputs: its settings that differ from the defaults, never its id or the defaults themselves.

describe("end to end: code generation for pulumi import and pulumi convert", function () {
  this.timeout(180_000);
  let p: Project;
  before(async () => {
    p = await startProject("import-codegen", { pulumiYaml: `name: msads-e2e\nruntime: nodejs\n${NATIVE_PLUGINS}` });
  });
  after(() => p?.close());

  it("pulumi import writes the TypeScript declaration of the goal: its settings, protected, and nothing else", async () => {
    const { goalIds } = await p.client.addConversionGoals([
      { name: "Qualified leads", goalCategory: "SubmitLeadForm", conversionWindowInMinutes: 10080, countType: "Unique", status: "Paused", excludeFromBidding: true },
    ]);
    const [id] = goalIds;
    assert.ok(id, "the emulator assigned an id");
    const out = path.join(p.ws.dir, "imported.ts");
    const r = await p.pulumi("import", "msads:index:OfflineConversionGoal", "leads", id, "--yes", "--out", out);
    ok(r);
    assert.doesNotMatch(r.stdout + r.stderr, /not implemented/);
    const code = fs.readFileSync(out, "utf8");
    assert.equal(
      code,
      [
        `import * as pulumi from "@pulumi/pulumi";`,
        `import * as msads from "@pulumi-msads/msads";`,
        ``,
        `const leads = new msads.OfflineConversionGoal("leads", {`,
        `    conversionWindowInMinutes: 10080,`,
        `    countType: msads.CountType.Unique,`,
        `    excludeFromBidding: true,`,
        `    goalCategory: msads.GoalCategory.SubmitLeadForm,`,
        `    name: "Qualified leads",`,
        `    status: msads.GoalStatus.Paused,`,
        `}, {`,
        `    protect: true,`,
        `});`,
        ``,
      ].join("\n"),
    );
    // Said separately so that a failure names the cause: the id is the resource's, not an input, and a default
    // (Account scope, no revenue, not externally attributed) or the provider's own settings are not the goal's.
    assert.doesNotMatch(code, /goalId|scope|revenue|isExternallyAttributed|adoptExisting|customerId|accountId/);
    assert.doesNotMatch(code, new RegExp(id));
  });

  it("pulumi convert --from pcl writes a Node.js project whose index.ts declares the goal", async () => {
    const source = path.join(p.ws.dir, "pcl");
    const target = path.join(p.ws.dir, "converted");
    fs.mkdirSync(source);
    fs.writeFileSync(path.join(source, "Pulumi.yaml"), `name: msads-pcl\nruntime: yaml\n${NATIVE_PLUGINS}`);
    fs.writeFileSync(
      path.join(source, "main.pp"),
      `resource signups "msads:index:OfflineConversionGoal" {\n    name = "Signups"\n    goalCategory = "Signup"\n    countType = "Unique"\n}\n`,
    );
    // --generate-only: no npm install (the generated package.json names the SDK package, which is not published).
    const r = await runPulumi({ ...p.ws, cwd: source }, ["convert", "--from", "pcl", "--language", "typescript", "--out", target, "--generate-only"]);
    ok(r);
    assert.deepEqual(fs.readdirSync(target).sort(), [".gitignore", "Pulumi.yaml", "index.ts", "package.json", "tsconfig.json"]);
    assert.equal(
      fs.readFileSync(path.join(target, "index.ts"), "utf8"),
      [
        `import * as pulumi from "@pulumi/pulumi";`,
        `import * as msads from "@pulumi-msads/msads";`,
        ``,
        `const signups = new msads.OfflineConversionGoal("signups", {`,
        `    name: "Signups",`,
        `    goalCategory: msads.GoalCategory.Signup,`,
        `    countType: msads.CountType.Unique,`,
        `});`,
        ``,
      ].join("\n"),
    );
    const manifest = JSON.parse(fs.readFileSync(path.join(target, "package.json"), "utf8")) as { name: string; dependencies: Record<string, string> };
    assert.equal(manifest.name, "msads-pcl");
    const schemaVersion = (JSON.parse(fs.readFileSync(path.join(repoRoot, "schema.json"), "utf8")) as { version: string }).version;
    assert.equal(manifest.dependencies["@pulumi-msads/msads"], schemaVersion, "the SDK at the schema's version");
    assert.match(fs.readFileSync(path.join(target, "Pulumi.yaml"), "utf8"), /^runtime: nodejs$/m);
  });
});
