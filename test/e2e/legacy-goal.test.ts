import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { ensurePulumiCli, PulumiResult, PulumiWorkspace, runPulumi, selectStack } from "../../scripts/pulumi-cli";
import { retiredName } from "../../provider/resource/delete";
import { adminState, startTestEmulator, TestEmulator } from "../support/emulator";
import { SECRET_SEED, SECRETS } from "../support/client";
import { repoRoot } from "../support/paths";

// A goal added before June 2021 holds category None, and the service refuses to update it without a category:
// adopting it from goals.yaml and destroying it again must both work with the real CLI.
const program = path.join(repoRoot, "dist", "examples", "goals", "index.js");

const LEGACY = {
  id: "4000001",
  customerId: "1000001",
  accountId: "2000001",
  type: "OfflineConversion",
  name: "Old leads",
  goalCategory: "None",
  conversionWindowInMinutes: 10080,
  countType: "All",
  excludeFromBidding: false,
  revenue: { type: "NoValue", value: null, currencyCode: "USD" },
  scope: "Account",
  status: "Active",
  isExternallyAttributed: false,
};

const ok = (r: PulumiResult) => assert.equal(r.code, 0, `pulumi exited ${r.code}:\n${r.stdout}\n${r.stderr}`);

describe("end to end: a legacy goal with category None", function () {
  this.timeout(180_000);
  let emu: TestEmulator;
  let ws: PulumiWorkspace;
  const pulumi = (...args: string[]) => runPulumi(ws, [...args, "--stack", "dev"]);
  const legacyGoal = async () => (await adminState(emu)).goals.find((g) => g.id === LEGACY.id)!;

  before(async () => {
    ensurePulumiCli();
    const dir = path.join(repoRoot, ".data", "e2e", `legacy-${process.pid}`);
    fs.rmSync(dir, { recursive: true, force: true });
    const cwd = path.join(dir, "project");
    fs.mkdirSync(cwd, { recursive: true });
    fs.writeFileSync(path.join(cwd, "Pulumi.yaml"), `name: msads-e2e-legacy\nruntime: nodejs\nmain: ${program}\n`);
    fs.writeFileSync(path.join(cwd, "goals.yaml"), "goals:\n  leads:\n    name: Old leads\n    goalCategory: SubmitLeadForm\n    adoptExisting: true\n");
    emu = await startTestEmulator({ seed: { ...SECRET_SEED, goals: [LEGACY] } });
    ws = {
      dir,
      cwd,
      env: {
        MSADS_ENDPOINT: emu.url,
        MSADS_TOKEN_URL: emu.tokenUrl,
        MSADS_DEVELOPER_TOKEN: SECRETS.developerToken,
        MSADS_CUSTOMER_ID: "1000001",
        MSADS_ACCOUNT_ID: "2000001",
        MSADS_CLIENT_ID: SECRETS.clientId,
        MSADS_CLIENT_SECRET: SECRETS.clientSecret,
        MSADS_REFRESH_TOKEN: SECRETS.refreshToken,
      },
    };
    await selectStack(ws, "dev");
  });
  after(async () => {
    await emu?.close();
    if (ws) fs.rmSync(ws.dir, { recursive: true, force: true });
  });

  it("adoptExisting takes it over and gives it the declared category; a preview then shows no change", async () => {
    ok(await pulumi("up", "--yes"));
    const g = await legacyGoal();
    assert.deepEqual([g.goalCategory, g.status, g.conversionWindowInMinutes], ["SubmitLeadForm", "Active", 43200]);
    assert.equal((await adminState(emu)).goals.length, 1, "adopted, not duplicated");
    ok(await pulumi("preview", "--expect-no-changes"));
  });

  it("destroy retires it: paused, renamed, its name free", async () => {
    ok(await pulumi("destroy", "--yes"));
    const g = await legacyGoal();
    assert.deepEqual([g.status, g.name], ["Paused", retiredName("Old leads", LEGACY.id)]);
  });
});
