// npm run demo, the main job: the goals in goals.yaml, deployed with the real Pulumi CLI against the embedded
// emulator. Starts the emulator (data in .data/demo), `pulumi up --yes` on stack dev with a local file backend,
// `pulumi preview --expect-no-changes`, prints the goals as the account holds them, stops the emulator.
import * as path from "node:path";
import { startEmulator } from "../emulator";
import { CampaignManagementClient } from "../provider/client";
import { packageRoot } from "../wsdl/location";
import { ensurePulumiCli, PulumiWorkspace, runPulumi, selectStack } from "./pulumi-cli";

async function main(): Promise<number> {
  ensurePulumiCli();
  const data = path.join(packageRoot, ".data", "demo");
  const emu = await startEmulator({ dataDir: path.join(data, "emulator") });
  try {
    console.log(`emulator: ${emu.url}`);
    // Settings as MSADS_* variables: the emulator's port changes per run, and nothing lands in stack files.
    const settings = {
      MSADS_ENDPOINT: emu.url,
      MSADS_TOKEN_URL: emu.tokenUrl,
      MSADS_DEVELOPER_TOKEN: "BBD37VB98",
      MSADS_CUSTOMER_ID: "1000001",
      MSADS_ACCOUNT_ID: "2000001",
      MSADS_CLIENT_ID: "msads-emulator-client",
      MSADS_REFRESH_TOKEN: "emulator-refresh-token",
    };
    const ws: PulumiWorkspace = { dir: path.join(data, "pulumi"), cwd: packageRoot, env: settings };
    await selectStack(ws, "dev");
    const up = await runPulumi(ws, ["up", "--yes", "--stack", "dev"], { echo: true });
    if (up.code !== 0) throw new Error(`pulumi up failed with exit code ${up.code}`);
    const preview = await runPulumi(ws, ["preview", "--expect-no-changes", "--stack", "dev"], { echo: true });
    if (preview.code !== 0) throw new Error(`pulumi preview --expect-no-changes failed with exit code ${preview.code}: the plan is not stable`);

    const client = new CampaignManagementClient({
      environment: { serviceUrl: emu.url, tokenUrl: emu.tokenUrl },
      credentials: { clientId: settings.MSADS_CLIENT_ID, refreshToken: settings.MSADS_REFRESH_TOKEN },
      developerToken: settings.MSADS_DEVELOPER_TOKEN,
      customerId: settings.MSADS_CUSTOMER_ID,
      accountId: settings.MSADS_ACCOUNT_ID,
    });
    console.log("\nThe account now holds:");
    for (const g of await client.listOfflineConversionGoals()) {
      const revenue = g.revenue?.type === "NoValue" ? "no value" : `${g.revenue?.type} ${g.revenue?.value ?? ""} ${g.revenue?.currencyCode ?? ""}`.trim();
      console.log(`  ${g.id}  ${g.status?.padEnd(6)}  ${g.scope?.padEnd(8)}  ${g.goalCategory?.padEnd(15)}  ${JSON.stringify(g.name)}  (${revenue}, window ${g.conversionWindowInMinutes} min)`);
    }
    return 0;
  } finally {
    await emu.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`demo failed: ${(e as Error).message}`);
    process.exit(1);
  },
);
