// npm run sdk:gen: writes sdks/nodejs and sdks/python from schema.json with msads-gen-sdk (built by
// npm run pulumi:install). A test fails while the committed SDKs and schema.json disagree.
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { packageRoot } from "../wsdl/location";

/** The languages generated, each into sdks/<language>. */
export const SDK_LANGUAGES = ["nodejs", "python"] as const;

/** Where the committed SDKs live. */
export const SDKS_DIR = path.join(packageRoot, "sdks");

/** Generates every SDK of `schema` under `outRoot` (one folder per language); throws with the tool's output. */
export function generateSdks(outRoot: string = SDKS_DIR, schema: string = path.join(packageRoot, "schema.json"), tool: string = path.join(packageRoot, ".tools", "bin", "msads-gen-sdk")): void {
  for (const language of SDK_LANGUAGES) {
    execFileSync(tool, ["--schema", schema, "--language", language, "--out", path.join(outRoot, language)], { stdio: ["ignore", "pipe", "inherit"] });
  }
}

if (require.main === module) {
  generateSdks();
  console.log(`wrote ${SDK_LANGUAGES.map((l) => path.relative(process.cwd(), path.join(SDKS_DIR, l))).join(", ")}`);
}
