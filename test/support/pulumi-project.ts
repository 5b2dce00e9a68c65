import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { ensurePulumiCli, PulumiResult, PulumiRun, PulumiWorkspace, runPulumi, selectStack, startPulumi } from "../../scripts/pulumi-cli";
import { CampaignManagementClient } from "../../provider/client";
import { EmulatorOptions } from "../../emulator";
import { adminState, startTestEmulator, TestEmulator } from "./emulator";
import { SECRET_SEED, SECRETS } from "./client";
import { repoRoot } from "./paths";

// The real Pulumi CLI (npm run pulumi:install), a program, the emulator and a local file backend: what only the
// engine can show (replacement order, refresh, previews). A missing CLI fails here, never skips.

/** The root goals program (Pulumi.yaml's main), compiled. */
export const goalsProgram = path.join(repoRoot, "dist", "examples", "goals", "index.js");

/** A Pulumi project with its own emulator, backend and stack `dev`. */
export interface Project {
  /** The workspace; `ws.env` may be replaced between commands (it is read on every run). */
  ws: PulumiWorkspace;
  emu: TestEmulator;
  /** A client of the emulator as the seed user, for arranging and inspecting the account. */
  client: CampaignManagementClient;
  /** Every CLI result so far, for searching all output for secrets. */
  outputs: PulumiResult[];
  writeGoals(yaml: string): void;
  /** Writes a file into the project directory (a program of the test's own, say). */
  writeFile(name: string, text: string): void;
  /** `pulumi args… --stack dev`. */
  pulumi(...args: string[]): Promise<PulumiResult>;
  /** Starts `pulumi args… --stack dev` in the background (to interrupt it); its output is added to `outputs` when it ends. */
  start(...args: string[]): PulumiRun;
  goals(): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

export interface ProjectOptions {
  /** The program Pulumi.yaml runs (default: the root goals program). */
  main?: string;
  /** The emulator's seed (default: SECRET_SEED). */
  seed?: EmulatorOptions["seed"];
  /**
   * Pulumi.yaml's text instead of the Node.js project that runs `main` (a Pulumi YAML program, say); NATIVE_PLUGINS
   * points the engine at this repository's msads plugin.
   */
  pulumiYaml?: string;
  /** MSADS_* settings; default: every setting, pointing at the project's emulator (see msadsEnv). */
  env?: (emu: TestEmulator) => Record<string, string>;
}

/** Pulumi.yaml's `plugins` section that makes the engine run this repository's msads provider plugin (bin/). */
export const NATIVE_PLUGINS = `plugins:\n  providers:\n    - name: msads\n      path: ${path.join(repoRoot, "bin")}\n`;

/** Every provider setting as MSADS_* variables, with the distinctive credentials of SECRETS. */
export function msadsEnv(emu: TestEmulator): Record<string, string> {
  return {
    MSADS_ENDPOINT: emu.url,
    MSADS_TOKEN_URL: emu.tokenUrl,
    MSADS_DEVELOPER_TOKEN: SECRETS.developerToken,
    MSADS_CUSTOMER_ID: "1000001",
    MSADS_ACCOUNT_ID: "2000001",
    MSADS_CLIENT_ID: SECRETS.clientId,
    MSADS_CLIENT_SECRET: SECRETS.clientSecret,
    MSADS_REFRESH_TOKEN: SECRETS.refreshToken,
  };
}

/** A project under .data (so node resolves pulumi-msads and @pulumi/pulumi from the repository), its own emulator and backend. */
export async function startProject(name: string, options: ProjectOptions = {}): Promise<Project> {
  ensurePulumiCli();
  const dir = path.join(repoRoot, ".data", "e2e", `${name}-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const cwd = path.join(dir, "project");
  fs.mkdirSync(cwd, { recursive: true });
  fs.writeFileSync(path.join(cwd, "Pulumi.yaml"), options.pulumiYaml ?? `name: msads-e2e\nruntime: nodejs\nmain: ${options.main ?? goalsProgram}\n`);
  // Persisted, so that a test can read the digests of the access tokens the emulator issued.
  const emu = await startTestEmulator({ seed: options.seed ?? SECRET_SEED, dataDir: path.join(dir, "emulator") });
  const ws: PulumiWorkspace = { dir, cwd, env: (options.env ?? msadsEnv)(emu) };
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
    writeFile: (file, text) => fs.writeFileSync(path.join(cwd, file), text),
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

/** Asserts a zero exit, showing the whole output otherwise. */
export const ok = (r: PulumiResult): void => assert.equal(r.code, 0, `pulumi exited ${r.code}:\n${r.stdout}\n${r.stderr}`);

/** Goals of the account with exactly this name. */
export const byName = (goals: Array<Record<string, unknown>>, name: string): Array<Record<string, unknown>> => goals.filter((g) => g.name === name);
