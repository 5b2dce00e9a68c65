import { strict as assert } from "node:assert";
import { CampaignManagementClient, endpointsFor, isLoopback } from "../../provider/client";

const base = { credentials: { accessToken: "token-value-123" }, developerToken: "BBD37VB98", customerId: "1", accountId: "2" };

describe("client: environments", () => {
  it("pairs production with login.microsoftonline.com/common and the ads.microsoft.com scope", () => {
    assert.deepEqual(endpointsFor("production"), {
      serviceUrl: "https://campaign.api.bingads.microsoft.com/Api/Advertiser/CampaignManagement/v13/CampaignManagementService.svc",
      tokenUrl: "https://login.microsoftonline.com/common/oauth2/v2.0/token",
      scope: "https://ads.microsoft.com/msads.manage offline_access",
    });
    assert.equal(endpointsFor("production", { tenant: "contoso.onmicrosoft.com" }).tokenUrl, "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token");
  });

  it("signs in to the sandbox at login.microsoftonline.com/common with the si.ads.microsoft.com scope by default (msa-prod)", () => {
    const sandboxService = "https://campaign.api.sandbox.bingads.microsoft.com/Api/Advertiser/CampaignManagement/v13/CampaignManagementService.svc";
    const msaProd = {
      serviceUrl: sandboxService,
      tokenUrl: "https://login.microsoftonline.com/common/oauth2/v2.0/token",
      scope: "https://si.ads.microsoft.com/msads.manage offline_access",
    };
    assert.deepEqual(endpointsFor("sandbox"), msaProd);
    assert.deepEqual(endpointsFor("sandbox", { sandboxLogin: "msa-prod" }), msaProd);
  });

  it("signs in to the sandbox at login.windows-ppe.net/consumers with the api.ads.microsoft.com scope for windows-ppe", () => {
    assert.deepEqual(endpointsFor("sandbox", { sandboxLogin: "windows-ppe" }), {
      serviceUrl: "https://campaign.api.sandbox.bingads.microsoft.com/Api/Advertiser/CampaignManagement/v13/CampaignManagementService.svc",
      tokenUrl: "https://login.windows-ppe.net/consumers/oauth2/v2.0/token",
      scope: "https://api.ads.microsoft.com/msads.manage offline_access",
    });
  });

  it("lets a scope override replace the login's scope and always adds offline_access", () => {
    assert.equal(endpointsFor("sandbox", { scope: "https://ads.microsoft.com/msads.manage" }).scope, "https://ads.microsoft.com/msads.manage offline_access");
    assert.equal(endpointsFor("production", { scope: "offline_access  https://x.example/s " }).scope, "offline_access https://x.example/s");
    assert.equal(endpointsFor({ serviceUrl: "https://p.example/svc", tokenUrl: "https://p.example/t" }).scope, "https://ads.microsoft.com/msads.manage offline_access");
    assert.throws(() => endpointsFor("production", { scope: "  " }), /^TypeError: credentials\.scope: must name at least one scope/);
  });

  it("refuses an unknown sandbox login, and a sandbox login outside the sandbox, naming the field", () => {
    assert.throws(() => endpointsFor("sandbox", { sandboxLogin: "ppe" as never }), /^TypeError: credentials\.sandboxLogin: must be "msa-prod" or "windows-ppe"; got "ppe"/);
    assert.throws(() => endpointsFor("production", { sandboxLogin: "windows-ppe" }), /^TypeError: credentials\.sandboxLogin: applies to environment "sandbox" only/);
    assert.throws(
      () => new CampaignManagementClient({ ...base, environment: "production", credentials: { clientId: "c", refreshToken: "r-123456", sandboxLogin: "windows-ppe" } }),
      /credentials\.sandboxLogin: applies to environment "sandbox" only/,
    );
  });

  it("accepts explicit https URLs anywhere and http on loopback", () => {
    assert.equal(endpointsFor({ serviceUrl: "https://proxy.example.com/svc", tokenUrl: "https://proxy.example.com/token" }).serviceUrl, "https://proxy.example.com/svc");
    for (const host of ["127.0.0.1:8080", "127.1.2.3", "localhost:9", "[::1]:4000"]) {
      assert.doesNotThrow(() => endpointsFor({ serviceUrl: `http://${host}/svc`, tokenUrl: `http://${host}/t` }), host);
    }
  });

  it("refuses plain http off loopback, naming the field and the reason", () => {
    assert.throws(() => endpointsFor({ serviceUrl: "http://campaign.example.com/svc" }), /^TypeError: serviceUrl: plain http is refused for campaign\.example\.com because tokens would cross the network unencrypted/);
    assert.throws(() => endpointsFor({ serviceUrl: "https://ok.example.com/svc", tokenUrl: "http://10.0.0.5/token" }), /^TypeError: tokenUrl: plain http is refused for 10\.0\.0\.5/);
    assert.throws(() => endpointsFor({ serviceUrl: "http://127.0.0.1.nip.io/svc" }), /plain http is refused/);
    assert.throws(
      () => new CampaignManagementClient({ ...base, environment: { serviceUrl: "http://192.168.1.20:8080/svc" } }),
      /serviceUrl: plain http is refused for 192\.168\.1\.20:8080/,
    );
  });

  it("refuses other protocols, relative URLs and credentials in URLs", () => {
    assert.throws(() => endpointsFor({ serviceUrl: "ftp://x/svc" }), /serviceUrl: protocol ftp: is not supported/);
    assert.throws(() => endpointsFor({ serviceUrl: "/svc" }), /serviceUrl: "\/svc" is not an absolute URL/);
    assert.throws(() => endpointsFor({ serviceUrl: "https://user:pw@host/svc" }), /serviceUrl: URLs with user information are refused/);
    assert.throws(() => endpointsFor("staging" as never), /environment must be "production", "sandbox" or \{ serviceUrl, tokenUrl \}/);
  });

  it("recognises loopback hosts only", () => {
    assert.deepEqual(
      ["localhost", "127.0.0.1", "127.255.0.1", "::1", "[::1]", "10.0.0.1", "example.com", "128.0.0.1", "::2"].map(isLoopback),
      [true, true, true, true, true, false, false, false, false],
    );
  });
});
