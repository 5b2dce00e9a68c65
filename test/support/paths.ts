import * as fs from "node:fs";
import * as path from "node:path";
import { OfficialContractUnavailable, findOfficialContract, howToObtain, obtainOfficialContract } from "../../scripts/official-contract";

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

let prepared: { file: string } | { error: Error } | undefined;

/**
 * Obtains the official contract once per test run (fetching it with pip into the ignored cache when needed) and
 * remembers the outcome; the mocha global setup (test/support/official-contract-setup.ts) calls it. A failure is
 * not thrown here, so suites that do not need the contract still run; officialWsdlPath() rethrows it.
 */
export async function prepareOfficialContract(log?: (line: string) => void): Promise<void> {
  try {
    prepared = { file: await obtainOfficialContract({ log }) };
  } catch (error) {
    prepared = { error: error as Error };
  }
}

/**
 * The official, untrimmed Campaign Management v13 WSDL (verified by sha256; see scripts/official-contract.ts).
 * Throws OfficialContractUnavailable, whose message says how to provide it, when it could not be obtained.
 */
export function officialWsdlPath(): string {
  if (!prepared) {
    // Run without the global setup (another mocha config): use what is already cached or in MSADS_REFERENCE_DIR.
    try {
      const file = findOfficialContract();
      prepared = file ? { file } : { error: new OfficialContractUnavailable(howToObtain("it has not been fetched yet.")) };
    } catch (error) {
      prepared = { error: error as Error };
    }
  }
  if ("error" in prepared) throw prepared.error;
  return prepared.file;
}
