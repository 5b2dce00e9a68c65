// npm run schema: writes schema.json (the msads plugin's package schema) from the zod goal schema and the provider
// settings (provider/plugin/package-schema.ts). A test fails while the committed file and the code disagree.
import * as fs from "node:fs";
import * as path from "node:path";
import { packageSchema } from "../provider/plugin/package-schema";
import { PLUGIN_VERSION } from "../provider/plugin/main";
import { packageRoot } from "../wsdl/location";

/** schema.json's path and the text it must hold (two-space JSON, final newline). */
export const SCHEMA_FILE = path.join(packageRoot, "schema.json");
export const schemaText = (): string => `${JSON.stringify(packageSchema(PLUGIN_VERSION), null, 2)}\n`;

if (require.main === module) {
  fs.writeFileSync(SCHEMA_FILE, schemaText());
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}
