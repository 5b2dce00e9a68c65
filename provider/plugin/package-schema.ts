// The plugin's Pulumi package schema (GetSchema, schema.json, the generated SDKs and docs), generated from the one
// zod goal schema (provider/resource/schema.ts) and the provider settings (SETTING_DOCS): nothing here restates a
// property. Pulumi package schema reference: pulumi.com/docs/iac/extending-pulumi/schema (pkg/codegen/schema).
import { z } from "zod";
import { CONFIG_KEYS, ConfigKey, SETTING_DOCS } from "../resource/config";
import { GoalInputsSchema } from "../resource/schema";
import { NATIVE_GOAL_TYPE } from "./type-tokens";

/** A property of the package schema (the subset this package uses). */
export interface PropertySpec {
  type?: "string" | "integer" | "number" | "boolean" | "object";
  $ref?: string;
  oneOf?: PropertySpec[];
  description?: string;
  secret?: boolean;
  willReplaceOnChanges?: boolean;
}

/** An object or enum type of the package schema. */
export interface TypeSpec {
  type: "object" | "string";
  description?: string;
  properties?: Record<string, PropertySpec>;
  required?: string[];
  enum?: Array<{ value: string; name?: string }>;
}

/** The package schema document (what `pulumi package get-schema` prints). */
export interface PackageSpec {
  name: string;
  displayName: string;
  version: string;
  description: string;
  keywords: string[];
  homepage: string;
  license: string;
  repository: string;
  publisher: string;
  meta: { moduleFormat: string };
  config: { variables: Record<string, PropertySpec> };
  provider: { description: string; inputProperties: Record<string, PropertySpec> };
  resources: Record<string, { description: string; inputProperties: Record<string, PropertySpec>; requiredInputs: string[]; properties: Record<string, PropertySpec>; required: string[] }>;
  types: Record<string, TypeSpec>;
  language: Record<string, unknown>;
}

/** The package name: the plugin is pulumi-resource-msads, its tokens msads:<module>:<Type>. */
export const PACKAGE_NAME = "msads";

// Names of the schema types the goal's nested shapes become, by property path.
const TYPE_NAMES: Record<string, string> = {
  goalCategory: "GoalCategory",
  countType: "CountType",
  scope: "GoalScope",
  status: "GoalStatus",
  revenue: "Revenue",
  "revenue.type": "RevenueType",
};

type JsonSchema = { type?: string | string[]; enum?: string[]; description?: string; properties?: Record<string, JsonSchema>; required?: string[] };

const token = (name: string) => `${PACKAGE_NAME}:index:${name}`;
const ref = (name: string) => `#/types/${token(name)}`;

/** Properties whose change replaces the goal (diff.ts REPLACE_ON), marked so that SDK docs say so. */
const REPLACING = new Set(["scope", "customerId", "accountId"]);

function propertyFrom(js: JsonSchema, path: string, types: Record<string, TypeSpec>): PropertySpec {
  const described = (p: PropertySpec): PropertySpec => ({ ...p, ...(js.description ? { description: js.description } : {}), ...(REPLACING.has(path) ? { willReplaceOnChanges: true } : {}) });
  if (Array.isArray(js.type)) return described({ oneOf: js.type.map((t) => ({ type: t as PropertySpec["type"] })) });
  if (js.enum) {
    const name = TYPE_NAMES[path];
    if (!name) throw new Error(`package schema: no type name for the enum at ${path}`);
    types[token(name)] = { type: "string", enum: js.enum.map((value) => ({ value, name: value })) };
    return described({ $ref: ref(name) });
  }
  if (js.type === "object") {
    const name = TYPE_NAMES[path];
    if (!name) throw new Error(`package schema: no type name for the object at ${path}`);
    types[token(name)] = {
      type: "object",
      ...(js.description ? { description: js.description } : {}),
      properties: Object.fromEntries(Object.entries(js.properties ?? {}).map(([k, v]) => [k, propertyFrom(v, `${path}.${k}`, types)])),
      ...(js.required?.length ? { required: js.required } : {}),
    };
    return described({ $ref: ref(name) });
  }
  if (js.type === "string" || js.type === "integer" || js.type === "number" || js.type === "boolean") return described({ type: js.type });
  throw new Error(`package schema: the goal schema's ${path} has a shape the package schema cannot say (${JSON.stringify(js)})`);
}

/**
 * The outputs: every declared setting as the account holds it (enums as text: the account may hold values a
 * declaration may not, such as status Deleted), revenue with its value as decimal text, and goalId. Mirrors
 * outputsFromGoal (outputs.ts); a test holds the two together.
 */
function outputProperties(inputs: Record<string, PropertySpec>, types: Record<string, TypeSpec>): Record<string, PropertySpec> {
  const out: Record<string, PropertySpec> = { goalId: { type: "string", description: "The service's id of the goal (a 64-bit integer as text)." } };
  for (const [k, p] of Object.entries(inputs)) {
    const { willReplaceOnChanges: _r, ...spec } = p;
    if (k === "revenue") out[k] = { $ref: ref("GoalRevenue"), description: "What a conversion is worth, as the account holds it." };
    else if (spec.$ref && types[spec.$ref.slice("#/types/".length)]?.type === "string") out[k] = { type: "string", ...(spec.description ? { description: spec.description } : {}) };
    else out[k] = spec;
  }
  types[token("GoalRevenue")] = {
    type: "object",
    description: "Revenue as the account holds it.",
    properties: {
      type: { type: "string", description: "FixedValue, VariableValue or NoValue." },
      value: { type: "string", description: "Decimal text, exactly as the service stores it (e.g. \"12.50\")." },
      currencyCode: { type: "string", description: "The currency the service applied (the account's, when none was declared on an Account-scope goal)." },
    },
    required: ["type"],
  };
  return out;
}

function settingProperty(key: ConfigKey): PropertySpec {
  const d = SETTING_DOCS[key];
  return { type: d.type, description: `${d.description} Environment variable: ${CONFIG_KEYS[key]}.`, ...(d.secret ? { secret: true } : {}) };
}

/** The package schema, deterministic for a version (`version`: the plugin's, from package.json). */
export function packageSchema(version: string): PackageSpec {
  const js = z.toJSONSchema(GoalInputsSchema, { io: "input", unrepresentable: "throw" }) as JsonSchema;
  const types: Record<string, TypeSpec> = {};
  const inputProperties = Object.fromEntries(Object.entries(js.properties ?? {}).map(([k, v]) => [k, propertyFrom(v, k, types)]));
  const properties = outputProperties(inputProperties, types);
  const settings = Object.fromEntries((Object.keys(CONFIG_KEYS) as ConfigKey[]).map((k) => [k, settingProperty(k)]));
  return {
    name: PACKAGE_NAME,
    displayName: "Microsoft Advertising",
    version,
    description: "Microsoft Advertising offline conversion goals (Campaign Management API v13) as Pulumi resources.",
    keywords: ["pulumi", "msads", "microsoft-advertising", "bing-ads", "conversion-goals", "category/marketing"],
    homepage: "https://github.com/pulumi-msads/pulumi-msads",
    license: "Apache-2.0",
    repository: "https://github.com/pulumi-msads/pulumi-msads",
    publisher: "pulumi-msads",
    meta: { moduleFormat: "(.*)" },
    config: { variables: settings },
    provider: {
      description: "The msads provider: credentials and the default placement (customer and account) of goals. Each setting may also come from its MSADS_* environment variable.",
      inputProperties: settings,
    },
    resources: {
      [NATIVE_GOAL_TYPE]: {
        description:
          "A Microsoft Advertising offline conversion goal (Campaign Management v13). Changing scope, customerId or accountId replaces it; deleting it pauses it and renames it so that its name is free again (the API has no delete).\n\n" +
          "## Import\n\nAn existing goal, by its id (the provider's customer and account) or with its placement:\n\n" +
          "```sh\n$ pulumi import msads:index:OfflineConversionGoal leads 7000123\n$ pulumi import msads:index:OfflineConversionGoal leads 1000001/2000001/7000123\n```\n",
        inputProperties,
        requiredInputs: js.required ?? [],
        properties,
        required: Object.keys(properties),
      },
    },
    types: Object.fromEntries(Object.entries(types).sort(([a], [b]) => a.localeCompare(b))),
    language: {
      nodejs: {
        packageName: "@pulumi-msads/msads",
        packageDescription: "Microsoft Advertising offline conversion goals for Pulumi (the msads provider plugin's SDK).",
        respectSchemaVersion: true,
        dependencies: { "@pulumi/pulumi": "^3.142.0" },
      },
      python: {
        packageName: "pulumi_msads",
        respectSchemaVersion: true,
        requires: { pulumi: ">=3.142.0,<4.0.0" },
        pyproject: { enabled: true },
      },
    },
  };
}
