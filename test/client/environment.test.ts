import { strict as assert } from "node:assert";
import { CampaignManagementClient, endpointsFor, isLoopback } from "../../provider/client";

const base = { credentials: { accessToken: "token-value-123" }, developerToken: "BBD37VB98", customerId: "1", accountId: "2" };

describe("client: environments", () => {
  it("knows the production service and token endpoints, tenant common by default", () => {
    assert.deepEqual(endpointsFor("production"), {
      serviceUrl: "https://campaign.api.bingads.microsoft.com/Api/Advertiser/CampaignManagement/v13/CampaignManagementService.svc",
      tokenUrl: "https://login.microsoftonline.com/common/oauth2/v2.0/token",
    });
    assert.equal(endpointsFor("production", "contoso.onmicrosoft.com").tokenUrl, "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token");
  });

  it("knows the sandbox endpoints, tenant consumers by default", () => {
    assert.deepEqual(endpointsFor("sandbox"), {
      serviceUrl: "https://campaign.api.sandbox.bingads.microsoft.com/Api/Advertiser/CampaignManagement/v13/CampaignManagementService.svc",
      tokenUrl: "https://login.windows-ppe.net/consumers/oauth2/v2.0/token",
    });
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
