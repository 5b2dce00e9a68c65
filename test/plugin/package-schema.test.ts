import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { COUNT_TYPES, OFFLINE_GOAL_CATEGORIES, REVENUE_TYPES, SCOPES } from "../../provider/client/goal";
import { PackageSpec } from "../../provider/plugin/package-schema";
import { NATIVE_GOAL_TYPE } from "../../provider/plugin/type-tokens";
import { CONFIG_KEYS, SETTING_DOCS } from "../../provider/resource/config";
import { REPLACE_ON } from "../../provider/resource/diff";
import { outputsFromGoal } from "../../provider/resource/outputs";
import { DECLARED_STATUSES, GOAL_INPUT_KEYS, GoalInputsSchema } from "../../provider/resource/schema";
import { schemaText } from "../../scripts/write-schema";
import { repoRoot } from "../support/paths";

// schema.json is what SDK generation and the registry read; GetSchema serves the same document. Both are generated
// from the zod goal schema and SETTING_DOCS, and these tests hold them to those sources and to the outputs the steps
// actually write.

const committedText = () => fs.readFileSync(path.join(repoRoot, "schema.json"), "utf8");
const committed = (): PackageSpec => JSON.parse(committedText()) as PackageSpec;
const goal = () => committed().resources[NATIVE_GOAL_TYPE];
const sorted = (xs: Iterable<string>) => [...xs].sort();

describe("plugin: package schema", () => {
  it("is committed as scripts/write-schema.ts writes it", () => {
    assert.ok(committedText() === schemaText(), "schema.json is out of date with the goal schema or SETTING_DOCS: run npm run schema");
  });

  it("has every declarable goal property as an input with a description", () => {
    const inputs = goal().inputProperties;
    assert.deepEqual(sorted(Object.keys(inputs)), sorted(GOAL_INPUT_KEYS));
    for (const k of GOAL_INPUT_KEYS) assert.ok((inputs[k].description ?? "").trim().length > 0, `${k} has no description`);
    const revenue = committed().types["msads:index:Revenue"];
    for (const [k, p] of Object.entries(revenue.properties ?? {})) assert.ok((p.description ?? "").trim().length > 0, `revenue.${k} has no description`);
    assert.deepEqual(sorted(Object.keys(revenue.properties ?? {})), ["currencyCode", "type", "value"]);
  });

  it("requires exactly the inputs the goal schema requires", () => {
    const shape = GoalInputsSchema.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;
    const required = GOAL_INPUT_KEYS.filter((k) => !shape[k].safeParse(undefined).success);
    assert.deepEqual(sorted(goal().requiredInputs), sorted(required));
    assert.deepEqual(sorted(required), ["goalCategory", "name"], "the goal schema itself still requires name and goalCategory");
  });

  it("holds exactly the goal schema's values in each enum type", () => {
    const s = committed();
    const enumOf = (input: string, nested?: string) => {
      const refd = nested ? s.types[s.resources[NATIVE_GOAL_TYPE].inputProperties[input].$ref!.slice("#/types/".length)].properties![nested] : s.resources[NATIVE_GOAL_TYPE].inputProperties[input];
      assert.ok(refd.$ref, `${input}${nested ? `.${nested}` : ""} refers to an enum type`);
      const t = s.types[refd.$ref.slice("#/types/".length)];
      assert.equal(t.type, "string");
      return (t.enum ?? []).map((e) => e.value);
    };
    assert.deepEqual(enumOf("goalCategory"), [...OFFLINE_GOAL_CATEGORIES]);
    assert.deepEqual(enumOf("countType"), [...COUNT_TYPES]);
    assert.deepEqual(enumOf("scope"), [...SCOPES]);
    assert.deepEqual(enumOf("status"), [...DECLARED_STATUSES]);
    assert.deepEqual(enumOf("revenue", "type"), [...REVENUE_TYPES]);
  });

  it("has exactly the outputs the steps record (outputsFromGoal), all of them always present", () => {
    const outs = outputsFromGoal({ id: "7000123", name: "Leads", goalCategory: "Purchase", revenue: { type: "FixedValue", value: "1", currencyCode: "USD" } }, { customerId: "1", accountId: "2" }, false);
    const recorded = Object.keys(outs).filter((k) => k !== "__declared");
    assert.deepEqual(sorted(Object.keys(goal().properties)), sorted(recorded));
    assert.deepEqual(sorted(goal().required), sorted(recorded));
    const revenue = committed().types[goal().properties.revenue.$ref!.slice("#/types/".length)];
    assert.deepEqual(sorted(Object.keys(revenue.properties ?? {})), sorted(Object.keys(outs.revenue)));
    for (const [k, p] of Object.entries(goal().properties)) assert.equal(p.willReplaceOnChanges, undefined, `output ${k} says nothing about replacement`);
  });

  it("has exactly the provider settings as config variables and provider inputs, credentials secret", () => {
    const s = committed();
    const credentials = sorted(Object.entries(SETTING_DOCS).filter(([, d]) => d.secret).map(([k]) => k));
    assert.deepEqual(credentials, ["accessToken", "clientSecret", "developerToken", "refreshToken"]);
    for (const [where, props] of [["config.variables", s.config.variables], ["provider.inputProperties", s.provider.inputProperties]] as const) {
      assert.deepEqual(sorted(Object.keys(props)), sorted(Object.keys(CONFIG_KEYS)), where);
      assert.deepEqual(sorted(Object.entries(props).filter(([, p]) => p.secret === true).map(([k]) => k)), credentials, `${where}: secret exactly on the credentials`);
      for (const [k, p] of Object.entries(props)) {
        assert.ok((p.description ?? "").includes(CONFIG_KEYS[k as keyof typeof CONFIG_KEYS]), `${where}.${k} names its environment variable`);
        assert.equal(p.type, SETTING_DOCS[k as keyof typeof SETTING_DOCS].type, `${where}.${k} type`);
      }
    }
  });

  it("marks exactly the properties whose change replaces the goal (diff.ts REPLACE_ON)", () => {
    const replacing = Object.entries(goal().inputProperties).filter(([, p]) => p.willReplaceOnChanges === true).map(([k]) => k);
    assert.deepEqual(sorted(replacing), sorted(REPLACE_ON));
    assert.deepEqual(sorted(replacing), ["accountId", "customerId", "scope"]);
  });

  it("is served by the plugin binary as committed (pulumi package get-schema)", async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "msads-schema-"));
    try {
      const tools = path.join(repoRoot, ".tools", "bin");
      const env = { ...process.env, PATH: `${tools}${path.delimiter}${process.env.PATH ?? ""}`, PULUMI_HOME: home, PULUMI_SKIP_UPDATE_CHECK: "true" };
      const stdout = await new Promise<string>((resolve, reject) =>
        execFile(path.join(tools, "pulumi"), ["package", "get-schema", path.join(repoRoot, "bin", "pulumi-resource-msads")], { env, encoding: "utf8", timeout: 30_000, maxBuffer: 16 * 1024 * 1024 }, (err, out, stderr) =>
          err ? reject(new Error(`pulumi package get-schema failed: ${err.message}\n${stderr}`)) : resolve(out),
        ),
      );
      assert.deepEqual(JSON.parse(stdout), committed());
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
