/**
 * The emulator tour: starts the embedded Campaign Management emulator, signs in with the seed OAuth
 * credentials, makes the account hold the goals declared below (adding the missing ones, never
 * duplicating), and prints the goals as the account now holds them. Running it twice adds nothing the
 * second time: the data folder (.data/demo) keeps the account between runs.
 *
 * It speaks raw SOAP on purpose: it shows what travels on the wire. The Pulumi resource replaces it as
 * the main job once the client and provider land.
 */
import * as path from "node:path";
import { startEmulator } from "../../emulator";

const V13 = "https://bingads.microsoft.com/CampaignManagement/v13";

/** The goals this account should hold. */
const DECLARED = [
  { name: "Qualified lead", category: "SubmitLeadForm", revenue: "<Type>FixedValue</Type><Value>25.00</Value>" },
  { name: "Closed deal", category: "Purchase", revenue: "<Type>VariableValue</Type>" },
  { name: "Booked demo", category: "BookAppointment", revenue: "<Type>NoValue</Type>" },
];

async function main(): Promise<void> {
  const dataDir = path.resolve(__dirname, "..", "..", "..", ".data", "demo");
  const emulator = await startEmulator({ dataDir });
  console.log(`emulator listening on ${emulator.url} (data in ${path.relative(process.cwd(), dataDir)})`);
  try {
    const tokenResponse = await fetch(emulator.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        client_id: "msads-emulator-client",
        refresh_token: "emulator-refresh-token",
        scope: "https://ads.microsoft.com/msads.manage offline_access",
      }),
    });
    if (!tokenResponse.ok) throw new Error(`token endpoint answered ${tokenResponse.status}`);
    const { access_token: token } = (await tokenResponse.json()) as { access_token: string };

    const soap = async (operation: string, body: string): Promise<string> => {
      const envelope =
        `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">` +
        `<s:Header xmlns="${V13}"><AuthenticationToken>${token}</AuthenticationToken><CustomerAccountId>2000001</CustomerAccountId>` +
        `<CustomerId>1000001</CustomerId><DeveloperToken>BBD37VB98</DeveloperToken></s:Header>` +
        `<s:Body><${operation}Request xmlns="${V13}">${body}</${operation}Request></s:Body></s:Envelope>`;
      const res = await fetch(emulator.url, { method: "POST", headers: { "content-type": "text/xml; charset=utf-8", soapaction: operation }, body: envelope });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${operation} failed with HTTP ${res.status}: ${text.slice(0, 400)}`);
      return text;
    };
    const listGoals = async () =>
      [...(await soap("GetConversionGoalsByIds", "<ConversionGoalTypes>OfflineConversion</ConversionGoalTypes><ReturnAdditionalFields>GoalCategory</ReturnAdditionalFields>")).matchAll(/<ConversionGoal i:type="OfflineConversionGoal">(.*?)<\/ConversionGoal>/g)].map(
        (m) => Object.fromEntries([...m[1].matchAll(/<(\w+)>([^<]*)<\/\1>/g)].map((f) => [f[1], f[2]])),
      );

    const existing = new Set((await listGoals()).map((g) => g.Name.toLowerCase()));
    const missing = DECLARED.filter((d) => !existing.has(d.name.toLowerCase()));
    if (missing.length > 0) {
      const goals = missing
        .map((d) => `<ConversionGoal i:type="OfflineConversionGoal"><GoalCategory>${d.category}</GoalCategory><Name>${d.name}</Name><Revenue>${d.revenue}</Revenue></ConversionGoal>`)
        .join("");
      const added = await soap("AddConversionGoals", `<ConversionGoals>${goals}</ConversionGoals>`);
      if (added.includes("<BatchError>")) throw new Error(`some goals were refused: ${added}`);
    }
    console.log(`added ${missing.length} goal(s); ${DECLARED.length - missing.length} already present\n`);
    const rows = (await listGoals()).map((g) => [g.Id, g.Name, g.GoalCategory, g.Status]);
    console.log(["id".padEnd(18), "name".padEnd(16), "category".padEnd(16), "status"].join("  "));
    for (const [id, name, category, status] of rows) console.log([id.padEnd(18), name.padEnd(16), category.padEnd(16), status].join("  "));
  } finally {
    await emulator.close();
  }
}

main().catch((e: unknown) => {
  console.error(`demo failed: ${(e as Error).message}`);
  process.exit(1);
});
