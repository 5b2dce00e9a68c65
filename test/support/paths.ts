import * as fs from "node:fs";
import * as path from "node:path";

/** The repository root, found from wherever the compiled test runs (dist/test/... or test/...). */
export const repoRoot: string = (() => {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, "utf8")).name === "pulumi-msads") return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no pulumi-msads package.json above ${__dirname}`);
    dir = parent;
  }
})();

/** The shared reference material (official WSDL, docs, error codes); CI lays shared/ beside the clone. */
export const referenceDir: string = process.env.MSADS_REFERENCE_DIR ?? path.resolve(repoRoot, "..", "shared", "reference");

/** The official, untrimmed Campaign Management v13 WSDL. */
export const officialWsdlPath: string = path.join(referenceDir, "campaign-management-v13.wsdl");
