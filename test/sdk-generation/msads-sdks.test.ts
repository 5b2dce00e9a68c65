import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { generateSdks, SDK_LANGUAGES, SDKS_DIR } from "../../scripts/gen-sdks";
import { check, listFiles, pythonVenv, TSC } from "../support/generated-sdk";
import { repoRoot } from "../support/paths";

// The committed SDKs of the msads plugin (sdks/nodejs, sdks/python): what schema.json generates, and usable: the
// TypeScript one compiles and registers msads:index:OfflineConversionGoal, the Python one imports and registers it
// too. Both run under pulumi's mocks; no language host runs them here (README: which hosts ran, which compiled).

const TS_PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import * as msads from "./index";

const registered: Array<{ type: string; name: string; inputs: unknown }> = [];
pulumi.runtime.setMocks(
  {
    newResource(args) {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs });
      return { id: "7000123", state: { ...args.inputs, goalId: "7000123", status: "Active", revenue: { type: "FixedValue", value: "12.50", currencyCode: "USD" } } };
    },
    call(args) {
      return args.inputs;
    },
  },
  "project",
  "stack",
  false,
);

const value = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

async function main(): Promise<void> {
  const provider = new msads.Provider("p", { developerToken: "dev-token", customerId: "1000001", requestTimeoutSeconds: 30 });
  const leads = new msads.OfflineConversionGoal(
    "leads",
    { name: "Leads", goalCategory: msads.GoalCategory.SubmitLeadForm, revenue: { type: msads.RevenueType.FixedValue, value: 12.5 }, scope: "Account" },
    { provider, aliases: [{ type: "pulumi-nodejs:dynamic/msads:OfflineConversionGoal" }] },
  );
  // @ts-expect-error goalCategory is required
  void (() => new msads.OfflineConversionGoal("no-category", { name: "n" }));
  // @ts-expect-error a goal category is one of the offline categories
  void (() => new msads.OfflineConversionGoal("bad-category", { name: "n", goalCategory: "Lead" }));
  // @ts-expect-error excludeFromBidding is a boolean
  void (() => new msads.OfflineConversionGoal("bad-type", { name: "n", goalCategory: "Other", excludeFromBidding: "yes" }));
  const revenue: pulumi.Output<msads.types.output.GoalRevenue> = leads.revenue;
  console.log(JSON.stringify({ goalId: await value(leads.goalId), revenue: await value(revenue), registered }));
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
`;

const PY_PROGRAM = `
import json
import pulumi

registered = []

class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args):
        registered.append({"type": args.typ, "name": args.name, "inputs": args.inputs})
        return ["7000123", {**args.inputs, "goalId": "7000123"}]

    def call(self, args):
        return {}

pulumi.runtime.set_mocks(Mocks(), preview=False)

import pulumi_msads as msads

result = {}

@pulumi.runtime.test
def check():
    goal = msads.OfflineConversionGoal(
        "leads",
        name="Leads",
        goal_category=msads.GoalCategory.SUBMIT_LEAD_FORM,
        conversion_window_in_minutes=10080,
        revenue=msads.RevenueArgs(type=msads.RevenueType.FIXED_VALUE, value=12.5),
    )
    return goal.goal_id.apply(lambda v: result.update(goalId=v))

check()
result["registered"] = registered
result["categories"] = [m.value for m in msads.GoalCategory]
print(json.dumps(result, default=str))
`;

// Runs the example's __main__.py under mocks and prints what it registered.
const RUN_EXAMPLE = `
import json, runpy, pulumi
registered = []
class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args):
        registered.append([args.typ, args.name, args.inputs])
        return [args.name + "-id", {**args.inputs, "goalId": "1"}]
    def call(self, args):
        return {}
pulumi.runtime.set_mocks(Mocks(), preview=False)
@pulumi.runtime.test
def run():
    runpy.run_path("__main__.py")
run()
print(json.dumps(registered))
`;

describe("the msads plugin's SDKs (sdks/)", function () {
  this.timeout(240_000);
  let work: string;
  before(() => (work = fs.mkdtempSync(path.join(os.tmpdir(), "msads-sdks-"))));
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it("are what schema.json generates (npm run sdk:gen)", () => {
    const fresh = path.join(work, "generated");
    generateSdks(fresh);
    for (const language of SDK_LANGUAGES) {
      const committed = path.join(SDKS_DIR, language);
      const files = listFiles(path.join(fresh, language));
      // What the SDKs' own .gitignore files leave out (build output, installed packages, byte code) is not compared.
      const tracked = listFiles(committed).filter((f) => !/^(bin|node_modules)\//.test(f) && !/(^|\/)(__pycache__|[^/]+\.egg-info|build|dist)\//.test(f));
      assert.deepEqual(tracked, files, `sdks/${language}: run npm run sdk:gen`);
      for (const f of files) assert.ok(fs.readFileSync(path.join(committed, f)).equals(fs.readFileSync(path.join(fresh, language, f))), `sdks/${language}/${f} differs from what schema.json generates: run npm run sdk:gen`);
    }
  });

  it("TypeScript: compiles with the repository's TypeScript and @pulumi/pulumi, refuses wrong inputs, and registers the plugin's type", async () => {
    const out = path.join(work, "nodejs");
    fs.cpSync(path.join(SDKS_DIR, "nodejs"), out, { recursive: true });
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(out, "node_modules"), "dir");
    fs.writeFileSync(path.join(out, "check.ts"), TS_PROGRAM);
    fs.writeFileSync(path.join(out, "tsconfig.check.json"), JSON.stringify({ extends: "./tsconfig.json", files: ["index.ts", "check.ts"] }));
    await check(process.execPath, [TSC, "-p", path.join(out, "tsconfig.check.json")]);
    fs.copyFileSync(path.join(out, "package.json"), path.join(out, "bin", "package.json"));
    const r = await check(process.execPath, [path.join(out, "bin", "check.js")], { cwd: out });
    const result = JSON.parse(r.stdout) as { goalId: string; revenue: Record<string, string>; registered: Array<{ type: string; name: string; inputs: Record<string, unknown> }> };
    const goal = result.registered.find((x) => x.name === "leads")!;
    assert.equal(goal.type, "msads:index:OfflineConversionGoal");
    assert.deepEqual(goal.inputs, { name: "Leads", goalCategory: "SubmitLeadForm", revenue: { type: "FixedValue", value: 12.5 }, scope: "Account" });
    const provider = result.registered.find((x) => x.name === "p")!;
    assert.equal(provider.type, "pulumi:providers:msads");
    assert.deepEqual(provider.inputs.developerToken, { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "dev-token" }, "the developer token is sent as a secret");
    assert.equal(result.goalId, "7000123");
    assert.deepEqual(result.revenue, { type: "FixedValue", value: "12.50", currencyCode: "USD" });
  });

  it("Python: byte-compiles, installs beside the pulumi package, registers the plugin's type, and so does examples/python-goals", async function () {
    this.timeout(420_000);
    // Copies are compiled, so that no byte code lands in the repository.
    const copy = path.join(work, "python");
    const exampleCopy = path.join(work, "python-goals");
    fs.cpSync(path.join(SDKS_DIR, "python"), copy, { recursive: true });
    fs.cpSync(path.join(repoRoot, "examples", "python-goals"), exampleCopy, { recursive: true });
    await check("python3", ["-m", "compileall", "-q", copy, exampleCopy]);
    const python = await pythonVenv();
    const site = path.join(work, "site");
    await check(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "--no-build-isolation", "--target", site, copy], { timeoutMs: 180_000 });
    fs.writeFileSync(path.join(work, "check.py"), PY_PROGRAM);
    const r = await check(python, [path.join(work, "check.py")], { cwd: work, env: { ...process.env, PYTHONPATH: site } });
    const result = JSON.parse(r.stdout) as { goalId: string; categories: string[]; registered: Array<{ type: string; inputs: Record<string, unknown> }> };
    assert.equal(result.registered.length, 1);
    assert.equal(result.registered[0].type, "msads:index:OfflineConversionGoal");
    assert.deepEqual(result.registered[0].inputs, { name: "Leads", goalCategory: "SubmitLeadForm", conversionWindowInMinutes: 10080, revenue: { type: "FixedValue", value: 12.5 } });
    assert.equal(result.goalId, "7000123");
    assert.ok(result.categories.includes("SubmitLeadForm") && result.categories.includes("Purchase"));

    // examples/python-goals, run under the same mocks: the goals of examples/yaml-goals.
    const example = await check(python, ["-c", RUN_EXAMPLE], { cwd: exampleCopy, env: { ...process.env, PYTHONPATH: site, PYTHONDONTWRITEBYTECODE: "1" } });
    const goals = (JSON.parse(example.stdout) as Array<[string, string, Record<string, unknown>]>).sort((a, b) => a[1].localeCompare(b[1]));
    assert.deepEqual(goals, [
      ["msads:index:OfflineConversionGoal", "qualifiedLeads", { name: "Qualified leads", goalCategory: "SubmitLeadForm", conversionWindowInMinutes: 43200, revenue: { type: "FixedValue", value: 25 } }],
      ["msads:index:OfflineConversionGoal", "storePurchases", { name: "Store purchases", goalCategory: "Purchase", revenue: { type: "VariableValue", value: "49.90" } }],
    ]);
  });
});
