import * as fs from "node:fs";
import * as path from "node:path";
import { ensurePulumiCli, PulumiResult, PulumiRun, PulumiWorkspace, runPulumi, selectStack, startPulumi } from "../../scripts/pulumi-cli";
import { CampaignManagementClient } from "../../provider/client";
import { adminState, startTestEmulator, TestEmulator } from "./emulator";
import { SECRET_SEED, SECRETS } from "./client";
import { repoRoot } from "./paths";

// The real Pulumi CLI (npm run pulumi:install), the root goals program, the emulator and a local file backend:
// what only the engine can show (replacement order, refresh, previews). A missing CLI fails here, never skips.
const program = path.join(repoRoot, "dist", "examples", "goals", "index.js");

/** A Pulumi project of the root goals program with its own emulator and file backend, for end-to-end tests. */
export interface Project {
  ws: PulumiWorkspace;
  emu: TestEmulator;
  client: CampaignManagementClient;
  outputs: PulumiResult[];
  writeGoals(yaml: string): void;
  pulumi(...args: string[]): Promise<PulumiResult>;
  /** Starts `pulumi args… --stack dev` in the background (to interrupt it); its output is added to `outputs` when it ends. */
  start(...args: string[]): PulumiRun;
  goals(): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

/** A project under .data (so node resolves pulumi-msads and @pulumi/pulumi from the repository), its own emulator and backend. */
export async function startProject(name: string): Promise<Project> {
  ensurePulumiCli();
  const dir = path.join(repoRoot, ".data", "e2e", `${name}-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const cwd = path.join(dir, "project");
  fs.mkdirSync(cwd, { recursive: true });
  fs.writeFileSync(path.join(cwd, "Pulumi.yaml"), `name: msads-e2e\nruntime: nodejs\nmain: ${program}\n`);
  // Persisted, so that the test can read the digests of the access tokens the emulator issued.
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
  return {
    ws,
    emu,
    client,
    outputs,
    writeGoals: (yaml) => fs.writeFileSync(path.join(cwd, "goals.yaml"), yaml),
    pulumi: async (...args) => {
      const r = await runPulumi(ws, [...args, "--stack", "dev"]);
      outputs.push(r);
      return r;
    },
    start: (...args) => {
      const run = startPulumi(ws, [...args, "--stack", "dev"]);
      void run.done.then((r) => outputs.push(r));
      return run;
    },
    goals: async () => (await adminState(emu)).goals,
    close: async () => {
      await emu.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

