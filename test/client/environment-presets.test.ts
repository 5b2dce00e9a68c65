import { strict as assert } from "node:assert";
import { CampaignManagementClient, clearTokenCache, ClientOptions, HttpRequest, MsAdsError } from "../../provider/client";
import { documentedHostsTransport } from "../support/documented-hosts";
import { startTestEmulator, TestEmulator } from "../support/emulator";
import { rejection } from "../support/client";

/** A client on a real environment preset, its traffic routed from the documented hosts to the emulator. */
function presetClient(emu: TestEmulator, overrides: Partial<ClientOptions>): { client: CampaignManagementClient; seen: HttpRequest[] } {
  const { transport, seen } = documentedHostsTransport(emu.origin);
  const client = new CampaignManagementClient({
    environment: "production",
    credentials: { clientId: "msads-emulator-client", refreshToken: "emulator-refresh-token" },
    developerToken: "BBD37VB98",
    customerId: "1000001",
    accountId: "2000001",
    transport,
    sleep: async () => {},
    now: emu.clock.now,
    random: () => 0.5,
    ...overrides,
  });
  return { client, seen };
}

const tokenRequests = (seen: HttpRequest[]) => seen.filter((r) => r.url.includes("/oauth2/"));
const soapRequests = (seen: HttpRequest[]) => seen.filter((r) => r.headers.soapaction !== undefined);
const scopeOf = (r: HttpRequest) => new URLSearchParams(r.body).get("scope");

describe("client: the production and sandbox presets, end to end against the emulator", () => {
  beforeEach(() => clearTokenCache());

  describe("an emulator playing production", () => {
    let emu: TestEmulator;
    before(async () => (emu = await startTestEmulator()));
    after(() => emu.close());

    it("gets a token at login.microsoftonline.com/common with the ads.microsoft.com scope and calls the production service", async () => {
      const { client, seen } = presetClient(emu, { environment: "production" });
      assert.deepEqual(await client.listOfflineConversionGoals(), []);
      assert.deepEqual(tokenRequests(seen).map((r) => [r.url, scopeOf(r)]), [
        ["https://login.microsoftonline.com/common/oauth2/v2.0/token", "https://ads.microsoft.com/msads.manage offline_access"],
      ]);
      assert.deepEqual(
        soapRequests(seen).map((r) => new URL(r.url).host),
        ["campaign.api.bingads.microsoft.com"],
      );
    });

    it("is refused a sandbox scope (invalid_scope), with a hint naming the scopes and settings that pair", async () => {
      const { client, seen } = presetClient(emu, { environment: "sandbox" });
      const e = await rejection<MsAdsError>(client.listOfflineConversionGoals());
      assert.ok(e instanceof MsAdsError);
      assert.equal(e.kind, "auth");
      assert.equal(e.errorCode, "invalid_scope");
      assert.match(e.message, /AADSTS70011/);
      assert.match(e.message, /msads:sandboxLogin, msads:oauthScope/);
      assert.equal(soapRequests(seen).length, 0, "no call without a token");
    });
  });

  describe("an emulator playing the sandbox", () => {
    let emu: TestEmulator;
    before(async () => (emu = await startTestEmulator({ oauthEnvironment: "sandbox" })));
    after(() => emu.close());

    it("signs in by default at login.microsoftonline.com/common with the si.ads.microsoft.com scope (msa-prod) and calls the sandbox service", async () => {
      const { client, seen } = presetClient(emu, { environment: "sandbox" });
      assert.deepEqual(await client.listOfflineConversionGoals(), []);
      assert.deepEqual(tokenRequests(seen).map((r) => [r.url, scopeOf(r)]), [
        ["https://login.microsoftonline.com/common/oauth2/v2.0/token", "https://si.ads.microsoft.com/msads.manage offline_access"],
      ]);
      assert.deepEqual(soapRequests(seen).map((r) => new URL(r.url).host), ["campaign.api.sandbox.bingads.microsoft.com"]);
    });

    it("signs in with sandboxLogin windows-ppe at login.windows-ppe.net/consumers with the api.ads.microsoft.com scope", async () => {
      const { client, seen } = presetClient(emu, {
        environment: "sandbox",
        credentials: { clientId: "msads-emulator-client", refreshToken: "emulator-refresh-token", sandboxLogin: "windows-ppe" },
      });
      const { goalIds } = await client.addConversionGoals([{ name: "Sandbox lead", goalCategory: "SubmitLeadForm" }]);
      assert.equal(goalIds.length, 1);
      assert.notEqual(goalIds[0], null);
      assert.deepEqual(tokenRequests(seen).map((r) => [r.url, scopeOf(r)]), [
        ["https://login.windows-ppe.net/consumers/oauth2/v2.0/token", "https://api.ads.microsoft.com/msads.manage offline_access"],
      ]);
      assert.deepEqual(soapRequests(seen).map((r) => new URL(r.url).host), ["campaign.api.sandbox.bingads.microsoft.com"]);
    });

    it("fails with the production scope on a sandbox sign-in, as the earlier client did", async () => {
      for (const sandboxLogin of ["msa-prod", "windows-ppe"] as const) {
        clearTokenCache();
        const { client, seen } = presetClient(emu, {
          environment: "sandbox",
          credentials: { clientId: "msads-emulator-client", refreshToken: "emulator-refresh-token", sandboxLogin, scope: "https://ads.microsoft.com/msads.manage offline_access" },
        });
        const e = await rejection<MsAdsError>(client.listOfflineConversionGoals());
        assert.equal(e.errorCode, "invalid_scope", sandboxLogin);
        assert.match(e.message, /The scope https:\/\/ads\.microsoft\.com\/msads\.manage is not valid/, sandboxLogin);
        assert.equal(soapRequests(seen).length, 0);
      }
    });

    it("fails with one sandbox login's scope on the other's token endpoint", async () => {
      const { client } = presetClient(emu, {
        environment: "sandbox",
        credentials: { clientId: "msads-emulator-client", refreshToken: "emulator-refresh-token", sandboxLogin: "windows-ppe", scope: "https://si.ads.microsoft.com/msads.manage" },
      });
      const e = await rejection<MsAdsError>(client.listOfflineConversionGoals());
      assert.equal(e.errorCode, "invalid_scope");
    });

    it("is refused by the production preset, whose scope the sandbox does not grant", async () => {
      const { client } = presetClient(emu, { environment: "production" });
      assert.equal((await rejection<MsAdsError>(client.listOfflineConversionGoals())).errorCode, "invalid_scope");
    });
  });
});
