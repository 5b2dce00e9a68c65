import { strict as assert } from "node:assert";
import { clearTokenCache, HttpRequest } from "../../provider/client";
import { GoalOutputs } from "../../provider/resource/outputs";
import { GoalProvider } from "../../provider/resource/provider";
import { rejection } from "../support/client";
import { documentedHostsTransport } from "../support/documented-hosts";
import { adminState, startTestEmulator, TestEmulator } from "../support/emulator";

/** The seed's credentials for the sandbox, as a user would configure them (no endpoint: the real preset). */
const SANDBOX_STACK = {
  "msads:environment": "sandbox",
  "msads:developerToken": "BBD37VB98",
  "msads:customerId": "1000001",
  "msads:accountId": "2000001",
  "msads:clientId": "msads-emulator-client",
  "msads:refreshToken": "emulator-refresh-token",
};

const leads = { name: "Sandbox leads", goalCategory: "SubmitLeadForm" };

describe("resource: sandbox sign-in and scope from provider configuration", () => {
  let emu: TestEmulator;
  before(async () => (emu = await startTestEmulator({ oauthEnvironment: "sandbox" })));
  after(() => emu.close());
  beforeEach(async () => {
    clearTokenCache();
    await fetch(`${emu.adminUrl}/reset`, { method: "POST" });
  });

  /** A provider configured with stack config and variables, its traffic routed from the documented hosts to the emulator. */
  async function configured(config: Record<string, string>, env: Record<string, string> = {}): Promise<{ provider: GoalProvider; seen: HttpRequest[] }> {
    const { transport, seen } = documentedHostsTransport(emu.origin);
    const provider = new GoalProvider(env, { transport, sleep: async () => {}, now: emu.clock.now, random: () => 0.5 });
    await provider.configure({ config: { get: (k: string) => config[k] } });
    return { provider, seen };
  }
  const tokenCalls = (seen: HttpRequest[]) => seen.filter((r) => r.url.includes("/oauth2/")).map((r) => [r.url, new URLSearchParams(r.body).get("scope")]);

  it("creates a goal in the sandbox through login.microsoftonline.com/common and the si.ads.microsoft.com scope by default", async () => {
    const { provider, seen } = await configured(SANDBOX_STACK);
    const c = await provider.create(leads);
    assert.equal((c.outs as GoalOutputs).name, "Sandbox leads");
    assert.deepEqual(tokenCalls(seen), [["https://login.microsoftonline.com/common/oauth2/v2.0/token", "https://si.ads.microsoft.com/msads.manage offline_access"]]);
    assert.equal((await adminState(emu)).goals.length, 1);
  });

  it("signs in at login.windows-ppe.net/consumers with msads:sandboxLogin windows-ppe, or MSADS_SANDBOX_LOGIN", async () => {
    for (const [config, env] of [
      [{ ...SANDBOX_STACK, "msads:sandboxLogin": "windows-ppe" }, {}],
      [SANDBOX_STACK, { MSADS_SANDBOX_LOGIN: "windows-ppe" }],
    ] as const) {
      clearTokenCache();
      const { provider, seen } = await configured(config, env);
      const name = `Leads via ${JSON.stringify(env)}`;
      assert.equal(((await provider.create({ ...leads, name })).outs as GoalOutputs).name, name);
      assert.deepEqual(tokenCalls(seen), [["https://login.windows-ppe.net/consumers/oauth2/v2.0/token", "https://api.ads.microsoft.com/msads.manage offline_access"]]);
    }
    assert.equal((await adminState(emu)).goals.length, 2);
  });

  it("sends msads:oauthScope (MSADS_OAUTH_SCOPE) instead of the login's scope, and the sandbox refuses the production scope", async () => {
    const { provider, seen } = await configured({ ...SANDBOX_STACK, "msads:oauthScope": "https://ads.microsoft.com/msads.manage" });
    const e = await rejection(provider.create(leads));
    assert.deepEqual(tokenCalls(seen), [["https://login.microsoftonline.com/common/oauth2/v2.0/token", "https://ads.microsoft.com/msads.manage offline_access"]]);
    assert.match(e.message, /invalid_scope: AADSTS70011: .*The scope https:\/\/ads\.microsoft\.com\/msads\.manage is not valid/);
    assert.match(e.message, /check the environment, the sandbox login and any scope override \(credentials\.sandboxLogin, credentials\.scope; for the Pulumi provider: msads:sandboxLogin, msads:oauthScope\)/);
    assert.equal((await adminState(emu)).goals.length, 0);

    clearTokenCache();
    const fromEnv = await configured(SANDBOX_STACK, { MSADS_OAUTH_SCOPE: "https://si.ads.microsoft.com/msads.manage offline_access" });
    await fromEnv.provider.create(leads);
    assert.deepEqual(tokenCalls(fromEnv.seen)[0][1], "https://si.ads.microsoft.com/msads.manage offline_access");
  });

  it("refuses an unknown sandbox login, naming the key and the variable", async () => {
    const { provider, seen } = await configured({ ...SANDBOX_STACK, "msads:sandboxLogin": "ppe" });
    const e = await rejection(provider.create(leads));
    assert.match(e.message, /^invalid provider setting msads:sandboxLogin \(pulumi config set msads:sandboxLogin …\) or the environment variable MSADS_SANDBOX_LOGIN: must be msa-prod or windows-ppe, got "ppe"/);
    assert.equal(seen.length, 0, "nothing sent");
  });

  it("refuses a sandbox login outside the sandbox", async () => {
    const { provider } = await configured({ ...SANDBOX_STACK, "msads:environment": "production", "msads:sandboxLogin": "windows-ppe" });
    assert.match((await rejection(provider.create(leads))).message, /^msads:sandboxLogin \(MSADS_SANDBOX_LOGIN\) applies to msads:environment sandbox only/);
  });
});
