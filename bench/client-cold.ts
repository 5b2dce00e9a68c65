// One cold start of the client, run in a fresh process by bench/client.ts: prints JSON timings (ms since the
// process started) for loading the module, parsing the WSDL, and completing the first call (token + Get).
// Usage: node dist/bench/client-cold.js <serviceUrl> <tokenUrl>
const t0 = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const client = require("../provider/client") as typeof import("../provider/client");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const soapService = require("../provider/client/soap-service") as typeof import("../provider/client/soap-service");

async function cold(): Promise<void> {
  const [serviceUrl, tokenUrl] = process.argv.slice(2);
  const loaded = performance.now();
  await soapService.loadServiceDescription();
  const ready = performance.now();
  const c = new client.CampaignManagementClient({
    environment: { serviceUrl, tokenUrl },
    credentials: { clientId: "msads-emulator-client", refreshToken: "emulator-refresh-token" },
    developerToken: "BBD37VB98",
    customerId: "1000001",
    accountId: "2000001",
  });
  await c.listOfflineConversionGoals();
  const first = performance.now();
  process.stdout.write(JSON.stringify({ beforeRequire: t0, require: loaded - t0, wsdl: ready - loaded, firstCall: first - ready, total: first }) + "\n");
}

cold().catch((e) => {
  console.error(String(e));
  process.exit(1);
});
