// A Pulumi program for the native provider's end-to-end tests: one goal per entry of goals.json in the project
// directory, declared through either front door (README "Two front doors"):
// { "<key>": { "door": "native" | "dynamic", "args": { …goal inputs }, "secret": ["name"], "import": "<id>",
//   "aliases": [{ "type": "…" }] }}. The native door is a CustomResource of msads:index:OfflineConversionGoal (what a
// program without a generated SDK writes), served by the msads plugin that Pulumi.yaml's plugins section names.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { NATIVE_GOAL_TYPE } from "../../../provider/plugin/type-tokens";
import { OfflineConversionGoal } from "../../../sdk";

interface Entry {
  door?: "native" | "dynamic";
  args: Record<string, unknown>;
  /** Inputs declared as pulumi.secret. */
  secret?: string[];
  /** The `import` resource option (a goal id, or `<customerId>/<accountId>/<goalId>`). */
  import?: string;
  aliases?: pulumi.Alias[];
}

/** The resource's outputs (schema.json), declared so that the registration reads them back. */
const OUTPUTS = ["goalId", "name", "goalCategory", "conversionWindowInMinutes", "countType", "excludeFromBidding", "revenue", "scope", "status", "isExternallyAttributed", "adoptExisting", "customerId", "accountId"];

/** A goal of the native type, as a program without a generated SDK declares it. */
class NativeGoal extends pulumi.CustomResource {
  declare readonly goalId: pulumi.Output<string>;
  constructor(name: string, args: Record<string, unknown>, opts: pulumi.CustomResourceOptions) {
    super(NATIVE_GOAL_TYPE, name, { ...Object.fromEntries(OUTPUTS.map((k) => [k, undefined])), ...args }, opts);
  }
}

const file = path.join(pulumi.runtime.getRootDirectory(), "goals.json");
const entries = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, Entry>;
const ids: Record<string, pulumi.Output<string>> = {};
for (const [key, entry] of Object.entries(entries)) {
  const args: Record<string, unknown> = { ...entry.args };
  for (const k of entry.secret ?? []) args[k] = pulumi.secret(args[k]);
  const opts: pulumi.CustomResourceOptions = { import: entry.import, aliases: entry.aliases };
  if (entry.door === "dynamic") {
    ids[key] = new OfflineConversionGoal(key, args as never, opts).goalId;
  } else {
    ids[key] = new NativeGoal(key, args, opts).goalId;
  }
}

/** key → goal id, to follow each goal through a migration. */
export const goalIds = ids;
