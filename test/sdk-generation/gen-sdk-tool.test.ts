import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { check, listFiles, pythonVenv, readJson, Result, run, TSC } from "../support/generated-sdk";
import { repoRoot } from "../support/paths";

// msads-gen-sdk (scripts/pulumi-install/gen-sdk) as `npm run pulumi:install` installs it into .tools/bin: it turns a
// package schema into the Node.js and Python SDKs. The generated SDKs are built and run here, not only read: the
// Node.js one is compiled with the repository's TypeScript against the repository's @pulumi/pulumi and run under
// pulumi.runtime mocks; the Python one is byte-compiled, installed next to the `pulumi` PyPI package (in a venv kept
// in .cache/) and run under mocks too. A missing tool fails here, never skips.

const TOOL = path.join(repoRoot, ".tools", "bin", "msads-gen-sdk");
const SCHEMA = path.join(repoRoot, "test", "fixtures", "package-schema-sample.json");

function genSdk(...args: string[]): Promise<Result> {
  return run(TOOL, args);
}

/** True when `version` (x.y.z) satisfies an npm caret range `^a.b.c` with a > 0. */
function satisfiesCaret(version: string, range: string): boolean {
  const r = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range);
  assert.ok(r, `expected a caret range, got ${range}`);
  const v = version.split(".").map(Number);
  const want = r.slice(1).map(Number);
  if (v[0] !== want[0]) return false;
  return v[1] > want[1] || (v[1] === want[1] && v[2] >= want[2]);
}

// A program against the generated Node.js SDK: its types are part of the test (@ts-expect-error fails the compile
// when the SDK accepts what it should refuse), and running it under mocks shows what the SDK registers.
const NODE_CHECK_PROGRAM = `
import * as pulumi from "@pulumi/pulumi";
import * as msads from "./index";

const registered: Array<{ type: string; name: string; inputs: unknown }> = [];
pulumi.runtime.setMocks(
  {
    newResource(args) {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs });
      return { id: args.name + "-id", state: { ...args.inputs, goalId: "goal-7" } };
    },
    call(args) {
      return args.inputs;
    },
  },
  "project",
  "stack",
  false,
);

function value<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply(resolve));
}

async function main(): Promise<void> {
  const provider = new msads.Provider("p", { developerToken: "dev-token" });
  const goal = new msads.OfflineConversionGoal(
    "g",
    {
      name: "Signups",
      scope: msads.GoalScope.Customer,
      revenueValue: 1.5,
      excludeFromBidding: true,
      conversionWindow: { days: 30, includeViewThrough: false },
    },
    { provider },
  );
  const goalId: pulumi.Output<string> = goal.goalId;
  const scope: pulumi.Output<msads.GoalScope> = goal.scope;
  const excluded: pulumi.Output<boolean> = goal.excludeFromBidding;
  const revenue: pulumi.Output<number | undefined> = goal.revenueValue;
  const window: pulumi.Output<msads.types.output.ConversionWindow | undefined> = goal.conversionWindow;
  let missingScope = "";
  try {
    // @ts-expect-error scope is a required input
    new msads.OfflineConversionGoal("missing-scope", { name: "n" });
  } catch (e) {
    missingScope = (e as Error).message;
  }
  // @ts-expect-error revenueValue is a number
  void (() => new msads.OfflineConversionGoal("bad-revenue", { name: "n", scope: "Account", revenueValue: "1" }));
  // @ts-expect-error scope is one of the enum's values
  void (() => new msads.OfflineConversionGoal("bad-scope", { name: "n", scope: "Campaign" }));
  console.log(JSON.stringify({
    goalId: await value(goalId),
    scope: await value(scope),
    excluded: await value(excluded),
    revenue: await value(revenue),
    window: await value(window),
    missingScope,
    registered,
  }));
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
`;

// The same for the generated Python SDK (pulumi.runtime.test runs the mocked program to completion).
const PYTHON_CHECK_PROGRAM = `
import json
import sys
import pulumi

registered = []

class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args):
        registered.append({"type": args.typ, "name": args.name, "inputs": args.inputs})
        return [args.name + "-id", {**args.inputs, "goalId": "goal-7"}]

    def call(self, args):
        return {}

pulumi.runtime.set_mocks(Mocks(), preview=False)

import pulumi_msads as msads

result = {}

@pulumi.runtime.test
def check():
    provider = msads.Provider("p", developer_token="dev-token")
    goal = msads.OfflineConversionGoal(
        "g",
        name="Signups",
        scope=msads.GoalScope.CUSTOMER,
        revenue_value=1.5,
        exclude_from_bidding=True,
        conversion_window=msads.ConversionWindowArgs(days=30, include_view_through=False),
        opts=pulumi.ResourceOptions(provider=provider),
    )
    try:
        msads.OfflineConversionGoal("missing-scope", name="n")
    except TypeError as e:
        result["missingScope"] = str(e)

    def record(values):
        goal_id, scope, window = values
        result.update(goalId=goal_id, scope=scope, window=dict(window))

    return pulumi.Output.all(goal.goal_id, goal.scope, goal.conversion_window).apply(record)

check()
result["registered"] = registered
result["version"] = msads._utilities.get_version()
result["enum"] = {m.name: m.value for m in msads.GoalScope}
result["properties"] = sorted(p for p in vars(msads.OfflineConversionGoal) if not p.startswith("_"))
# Reading a setting loads the lazily imported config module (and reads PULUMI_CONFIG).
result["accountId"] = msads.config.account_id
result["config"] = sorted(p for p in vars(type(sys.modules["pulumi_msads.config"])) if not p.startswith("_"))
print(json.dumps(result, default=str))
`;

/** What the check programs print: the outputs they read and every resource the SDK registered. */
interface MockedRun {
  goalId: string;
  scope: string;
  window: Record<string, unknown>;
  missingScope: string;
  registered: Array<{ type: string; name: string; inputs: Record<string, unknown> }>;
}

/** The signature @pulumi/pulumi puts on a serialised secret value (sdk/nodejs/runtime/rpc.ts specialSecretSig). */
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

/** Asserts what both SDKs must register for the check programs' provider and goal. */
function assertRegistered(out: MockedRun): void {
  const provider = out.registered.find((r) => r.name === "p");
  assert.ok(provider, JSON.stringify(out.registered));
  assert.equal(provider.type, "pulumi:providers:msads");
  // The secret provider input reaches the engine marked secret.
  assert.deepEqual(provider.inputs.developerToken, { [SIG_KEY]: SECRET_SIG, value: "dev-token" });
  const goal = out.registered.find((r) => r.name === "g");
  assert.ok(goal, JSON.stringify(out.registered));
  assert.equal(goal.type, "msads:index:OfflineConversionGoal");
  assert.deepEqual(goal.inputs, {
    name: "Signups",
    scope: "Customer",
    revenueValue: 1.5,
    excludeFromBidding: true,
    conversionWindow: { days: 30, includeViewThrough: false },
  });
  assert.equal(out.registered.length, 2, "the goal without scope must not be registered");
  assert.equal(out.goalId, "goal-7");
  assert.equal(out.scope, "Customer");
  assert.equal(out.missingScope, "Missing required property 'scope'");
}

describe("msads-gen-sdk: SDKs from a package schema", function () {
  this.timeout(120_000);
  let work: string;

  before(() => {
    if (!fs.existsSync(TOOL)) {
      throw new Error(`${TOOL} is missing: run \`npm run pulumi:install\` (it builds msads-gen-sdk with Go)`);
    }
    work = fs.mkdtempSync(path.join(os.tmpdir(), "msads-gen-sdk-"));
  });

  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("writes a Node.js SDK that compiles against the repository's @pulumi/pulumi and registers the declared properties", async () => {
    const out = path.join(work, "nodejs");
    const gen = await genSdk("--schema", SCHEMA, "--language", "nodejs", "--out", out);
    assert.equal(gen.code, 0, gen.stderr);
    assert.match(gen.stdout, /wrote \d+ files of the nodejs SDK for package msads/);
    for (const f of ["package.json", "tsconfig.json", "index.ts", "offlineConversionGoal.ts", "provider.ts", "config/vars.ts", "types/enums/index.ts", "utilities.ts"]) {
      assert.ok(fs.existsSync(path.join(out, f)), `missing ${f}; got ${listFiles(out).join(", ")}`);
    }
    const pkg = readJson(path.join(out, "package.json"));
    assert.equal(pkg.name, "@pulumi/msads");
    assert.equal(pkg.version, "0.3.0");
    assert.deepEqual(pkg.pulumi, { resource: true, name: "msads", version: "0.3.0" });
    // The SDK's @pulumi/pulumi range admits the version this repository installs (Node 20): the generators'
    // release is pinned to match (scripts/pulumi-install/gen-sdk/go.mod).
    const sdkRange = (pkg.dependencies as Record<string, string>)["@pulumi/pulumi"];
    const installed = readJson(path.join(repoRoot, "node_modules", "@pulumi", "pulumi", "package.json")).version as string;
    assert.ok(satisfiesCaret(installed, sdkRange), `generated SDK wants @pulumi/pulumi ${sdkRange}, the repository has ${installed}`);

    // The generated project as generated, then with the check program added; both with the repository's tsc.
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(out, "node_modules"), "dir");
    await check(process.execPath, [TSC, "-p", path.join(out, "tsconfig.json")]);
    fs.writeFileSync(path.join(out, "check.ts"), NODE_CHECK_PROGRAM);
    fs.writeFileSync(path.join(out, "tsconfig.check.json"), JSON.stringify({ extends: "./tsconfig.json", files: ["check.ts"] }));
    await check(process.execPath, [TSC, "-p", path.join(out, "tsconfig.check.json")]);
    // Published SDKs ship package.json inside bin/ (utilities.getVersion() reads it from there).
    fs.copyFileSync(path.join(out, "package.json"), path.join(out, "bin", "package.json"));

    const r = await check(process.execPath, [path.join(out, "bin", "check.js")], { cwd: out });
    const result = JSON.parse(r.stdout) as MockedRun & { excluded: boolean; revenue: number };
    assertRegistered(result);
    assert.equal(result.excluded, true);
    assert.equal(result.revenue, 1.5);
    assert.deepEqual(result.window, { days: 30, includeViewThrough: false });
  });

  it("writes a Python SDK that byte-compiles, installs beside the pulumi package and registers the declared properties", async function () {
    this.timeout(420_000);
    const out = path.join(work, "python");
    const gen = await genSdk("--schema", SCHEMA, "--language", "python", "--out", out);
    assert.equal(gen.code, 0, gen.stderr);
    for (const f of ["setup.py", "pulumi_msads/__init__.py", "pulumi_msads/offline_conversion_goal.py", "pulumi_msads/provider.py", "pulumi_msads/_enums.py", "pulumi_msads/config/vars.py", "pulumi_msads/pulumi-plugin.json"]) {
      assert.ok(fs.existsSync(path.join(out, f)), `missing ${f}; got ${listFiles(out).join(", ")}`);
    }
    assert.deepEqual(readJson(path.join(out, "pulumi_msads", "pulumi-plugin.json")), { resource: true, name: "msads", version: "0.3.0" });
    assert.match(fs.readFileSync(path.join(out, "setup.py"), "utf8"), /^VERSION = "0\.3\.0"$/m);
    await check("python3", ["-m", "compileall", "-q", out]);

    const python = await pythonVenv();
    const site = path.join(work, "python-site");
    // --target keeps the cached venv unchanged; the dist-info it writes is what _utilities.get_version() reads.
    await check(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "--no-build-isolation", "--target", site, out], {
      timeoutMs: 120_000,
    });
    const program = path.join(work, "check.py");
    fs.writeFileSync(program, PYTHON_CHECK_PROGRAM);
    const r = await check(python, [program], {
      cwd: work,
      env: { ...process.env, PYTHONPATH: site, PULUMI_CONFIG: JSON.stringify({ "msads:accountId": "2000001" }) },
    });
    const result = JSON.parse(r.stdout) as MockedRun & {
      version: string;
      enum: Record<string, string>;
      properties: string[];
      config: string[];
      accountId: string;
    };
    assertRegistered(result);
    assert.deepEqual(result.window, { days: 30, include_view_through: false });
    assert.equal(result.version, "0.3.0");
    assert.deepEqual(result.enum, { ACCOUNT: "Account", CUSTOMER: "Customer" });
    for (const p of ["name", "revenue_value", "exclude_from_bidding", "scope", "conversion_window", "goal_id"]) {
      assert.ok(result.properties.includes(p), `OfflineConversionGoal lacks ${p}: ${result.properties.join(", ")}`);
    }
    assert.deepEqual(result.config, ["account_id", "developer_token"]);
    assert.equal(result.accountId, "2000001");
  });

  it("writes byte-identical output for the same schema, and replaces an earlier output entirely", async () => {
    for (const language of ["nodejs", "python"]) {
      const a = path.join(work, `same-${language}-a`);
      const b = path.join(work, `same-${language}-b`);
      assert.equal((await genSdk("--schema", SCHEMA, "--language", language, "--out", a)).code, 0);
      assert.equal((await genSdk("--schema", SCHEMA, "--language", language, "--out", b)).code, 0);
      const files = listFiles(a);
      assert.deepEqual(listFiles(b), files);
      for (const f of files) assert.ok(fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))), `${language}: ${f} differs`);

      // Leftovers of an earlier run (a stale module, build output) are gone after the next one.
      fs.writeFileSync(path.join(b, "stale.ts"), "old");
      fs.mkdirSync(path.join(b, "bin"));
      fs.writeFileSync(path.join(b, "bin", "index.js"), "old");
      assert.equal((await genSdk("--schema", SCHEMA, "--language", language, "--out", b)).code, 0);
      assert.deepEqual(listFiles(b), files);
    }
  });

  it("refuses to delete a non-empty directory that it did not write (exit 1, nothing removed)", async () => {
    const mine = path.join(work, "not-generated");
    fs.mkdirSync(mine);
    fs.writeFileSync(path.join(mine, "notes.txt"), "keep me");
    const r = await genSdk("--schema", SCHEMA, "--language", "nodejs", "--out", mine);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /--out .*not-generated is not empty and was not written by msads-gen-sdk/);
    assert.deepEqual(fs.readdirSync(mine), ["notes.txt"]);
  });

  it("writes --package-version into the SDK and the plugin version it requests, and warns when there is no version", async () => {
    const node = path.join(work, "versioned-nodejs");
    const py = path.join(work, "versioned-python");
    assert.equal((await genSdk("--schema", SCHEMA, "--language", "nodejs", "--out", node, "--package-version", "1.4.2")).code, 0);
    assert.equal((await genSdk("--schema", SCHEMA, "--language", "python", "--out", py, "--package-version", "1.4.2")).code, 0);
    const pkg = readJson(path.join(node, "package.json"));
    assert.equal(pkg.version, "1.4.2");
    assert.deepEqual(pkg.pulumi, { resource: true, name: "msads", version: "1.4.2" });
    assert.equal(readJson(path.join(py, "pulumi_msads", "pulumi-plugin.json")).version, "1.4.2");
    assert.match(fs.readFileSync(path.join(py, "setup.py"), "utf8"), /^VERSION = "1\.4\.2"$/m);

    const unversioned = readJson(SCHEMA);
    delete unversioned.version;
    delete unversioned.language;
    const schema = path.join(work, "unversioned.json");
    fs.writeFileSync(schema, JSON.stringify(unversioned));
    const r = await genSdk("--schema", schema, "--language", "nodejs", "--out", path.join(work, "unversioned"));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: the schema has no version and --package-version was not given/);
    assert.equal(readJson(path.join(work, "unversioned", "package.json")).version, "${VERSION}");

    const bad = await genSdk("--schema", SCHEMA, "--language", "nodejs", "--out", path.join(work, "bad-version"), "--package-version", "one");
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--package-version "one" is not a semantic version/);
  });

  it("exits 1 naming the schema field that is wrong, and writes nothing", async () => {
    const broken = readJson(SCHEMA) as { resources: Record<string, { inputProperties: Record<string, { type?: string }> }> };
    broken.resources["msads:index:OfflineConversionGoal"].inputProperties.revenueValue.type = "decimal";
    const schema = path.join(work, "broken.json");
    fs.writeFileSync(schema, JSON.stringify(broken));
    const out = path.join(work, "broken-out");
    const r = await genSdk("--schema", schema, "--language", "nodejs", "--out", out);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /#\/resources\/msads:index:OfflineConversionGoal\/inputProperties\/revenueValue\/type: unknown type kind decimal/);
    assert.equal(fs.existsSync(out), false);

    const missing = await genSdk("--schema", path.join(work, "no-such.json"), "--language", "nodejs", "--out", out);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /reading the schema: .*no-such\.json/);
  });

  it("exits 2 with the usage when a flag is missing or the language is unknown", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["--language", "nodejs", "--out", "x"], /--schema is required/],
      [["--schema", SCHEMA, "--out", "x"], /--language is required/],
      [["--schema", SCHEMA, "--language", "nodejs"], /--out is required/],
      [["--schema", SCHEMA, "--language", "go", "--out", "x"], /--language "go" is not supported \(want nodejs or python\)/],
      [["--schema", SCHEMA, "--language", "nodejs", "--out", "x", "extra"], /unexpected argument "extra"/],
      [["--frobnicate"], /flag provided but not defined: -frobnicate/],
    ];
    for (const [args, message] of cases) {
      const r = await genSdk(...args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /usage: msads-gen-sdk --schema FILE --language nodejs\|python --out DIR/);
    }
    assert.equal(fs.existsSync(path.join(repoRoot, "x")), false);
  });
});
