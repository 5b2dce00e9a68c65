import * as fs from "node:fs";
import * as path from "node:path";

/** The installed pulumi-msads package's root, from wherever this module was compiled to. */
export const packageRoot: string = (() => {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, "utf8")).name === "pulumi-msads") return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`pulumi-msads: no package.json of the package above ${__dirname}`);
    dir = parent;
  }
})();

/** The project's trimmed Campaign Management v13 WSDL (the three goal operations). */
export const goalsWsdlPath = path.join(packageRoot, "wsdl", "campaign-management-v13.goals.wsdl");
