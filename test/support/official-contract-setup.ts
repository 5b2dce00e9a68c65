// Mocha global setup (loaded through .mocharc.json "require"): obtains the official contract before any suite
// runs, so plain `npx mocha` after a build works on a fresh clone. A failure is reported by the tests that need
// the contract, with the message from scripts/official-contract.ts; the other suites still run.
import { prepareOfficialContract } from "./paths";

/** Fetches (first run, about 10 s) or verifies (later runs) the official contract. */
export async function mochaGlobalSetup(): Promise<void> {
  await prepareOfficialContract((line) => console.error(line));
}
