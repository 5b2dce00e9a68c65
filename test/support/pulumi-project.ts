import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { ensurePulumiCli, PulumiResult, PulumiWorkspace, runPulumi, selectStack } from "../../scripts/pulumi-cli";
import { CampaignManagementClient } from "../../provider/client";
import { adminState, startTestEmulator, TestEmulator } from "./emulator";
import { SECRET_SEED, SECRETS } from "./client";
import { repoRoot } from "./paths";

/** The root goals program (goals.yaml → resources), compiled. */
export const GOALS_PROGRAM = path.join(repoRoot, "dist", "examples", "goals", "index.js");

/** A Pulumi project run by the real CLI against its own emulator and file backend. */
export interface Project {
  ws: PulumiWorkspace;
  emu: TestEmulator;
  /** A client of the emulator, standing in for a person using the web UI. */
  client: CampaignManagementClient;
  /** Every CLI result so far, for searches over all output. */
  outputs: PulumiResult[];
  /** Writes a file into the project directory (goals.yaml, or what the program reads). */
  writeFile(name: string, text: string): void;
  writeGoals(yaml: string): void;
  /** `pulumi args… --stack dev`. */
  pulumi(...args: string[]): Promise<PulumiResult>;
  /** The emulator's goals, as /_emulator/state shows them. */
  goals(): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

/**
 * A project under .data (so node resolves pulumi-msads and @pulumi/pulumi from the repository), its own emulator
 * (the seed with a client secret, persisted so tests can read the issued token digests) and backend. A missing
 * CLI fails here, never skips.
 */
export async function startProject(name: string, program: string = GOALS_PROGRAM): Promise<Project> {
  ensurePulumiCli();
  const dir = path.join(repoRoot, ".data", "e2e", `${name}-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const cwd = path.join(dir, "project");
  fs.mkdirSync(cwd, { recursive: true });
  fs.writeFileSync(path.join(cwd, "Pulumi.yaml"), `name: msads-e2e\nruntime: nodejs\nmain: ${program}\n`);
  const emu = await startTestEmulator({ seed: SECRET_SEED, dataDir: path.join(dir, "emulator") });
  const env = {
    MSADS_ENDPOINT: emu.url,
    MSADS_TOKEN_URL: emu.tokenUrl,
    MSADS_DEVELOPER_TOKEN: SECRETS.developerToken,
    MSADS_CUSTOMER_ID: "1000001",
    MSADS_ACCOUNT_ID: "2000001",
    MSADS_CLIENT_ID: SECRETS.clientId,
    MSADS_CLIENT_SECRET: SECRETS.clientSecret,
    MSADS_REFRESH_TOKEN: SECRETS.refreshToken,
  };
  const ws: PulumiWorkspace = { dir, cwd, env };
  await selectStack(ws, "dev");
  const outputs: PulumiResult[] = [];
  const client = new CampaignManagementClient({
    environment: { serviceUrl: emu.url, tokenUrl: emu.tokenUrl },
    credentials: { clientId: "msads-emulator-client", refreshToken: "emulator-refresh-token" },
    developerToken: "BBD37VB98",
    customerId: "1000001",
    accountId: "2000001",
  });
  const writeFile = (file: string, text: string) => fs.writeFileSync(path.join(cwd, file), text);
  return {
    ws,
    emu,
    client,
    outputs,
    writeFile,
    writeGoals: (yaml) => writeFile("goals.yaml", yaml),
    pulumi: async (...args) => {
      const r = await runPulumi(ws, [...args, "--stack", "dev"]);
      outputs.push(r);
      return r;
    },
    goals: async () => (await adminState(emu)).goals,
    close: async () => {
      await emu.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Asserts a CLI run exited 0, showing its output when it did not. */
export const ok = (r: PulumiResult): void => assert.equal(r.code, 0, `pulumi exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
