import { strict as assert } from "node:assert";
import { MsAdsError } from "../../provider/client";
import { accessToken } from "../support/emulator";
import { ClientHarness, useClientHarness, rejection, resetEmulator, resetHarness, SECRETS, startClientHarness } from "../support/client";

describe("client: authentication", () => {
  const harness = useClientHarness();
  let h: ClientHarness;
  beforeEach(() => (h = harness()));

  it("uses a static access token as is, without asking the token endpoint", async () => {
    const token = await accessToken(h.emu);
    const client = h.make({ credentials: { accessToken: token } });
    assert.deepEqual(await client.listOfflineConversionGoals(), []);
    assert.equal(h.recorder.tokenRequests().length, 0);
    assert.ok(h.recorder.soap()[0].body.includes(`<AuthenticationToken xmlns="https://bingads.microsoft.com/CampaignManagement/v13">${token}<`));
  });

  it("redeems the refresh token once and reuses the access token for later calls and clients", async () => {
    await h.client.listOfflineConversionGoals();
    await h.client.addConversionGoals([{ name: "A", goalCategory: "Purchase" }]);
    await h.make().listOfflineConversionGoals();
    assert.equal(h.recorder.tokenRequests().length, 1);
    const form = new URLSearchParams(h.recorder.tokenRequests()[0].body);
    assert.equal(form.get("grant_type"), "refresh_token");
    assert.equal(form.get("client_id"), "msads-emulator-client");
    assert.equal(form.get("scope"), "https://ads.microsoft.com/msads.manage offline_access");
    assert.equal(form.has("client_secret"), false, "a public client sends no secret");
  });

  it("shares one token request among concurrent calls", async () => {
    await Promise.all([1, 2, 3, 4, 5].map(() => h.client.listOfflineConversionGoals()));
    assert.equal(h.recorder.tokenRequests().length, 1);
  });

  it("renews the token shortly before it expires, not after", async () => {
    await h.client.listOfflineConversionGoals();
    h.emu.clock.advance(3_200_000); // 53 min 20 s of a 60-minute token: still fresh
    await h.client.listOfflineConversionGoals();
    assert.equal(h.recorder.tokenRequests().length, 1);
    h.emu.clock.advance(150_000); // within 5 minutes of expiry
    await h.client.listOfflineConversionGoals();
    assert.equal(h.recorder.tokenRequests().length, 2);
  });

  it("on 109 AuthenticationTokenExpired refreshes once and resends", async () => {
    const frozen = h.emu.clock.now();
    const client = h.make({ now: () => frozen }); // believes its token is fresh
    await client.listOfflineConversionGoals();
    h.emu.clock.advance(3_700_000); // the service sees it expired
    assert.deepEqual(await client.listOfflineConversionGoals(), []);
    assert.equal(h.recorder.tokenRequests().length, 2);
    assert.equal(h.recorder.soap().length, 3);
    assert.deepEqual(h.logs.filter((l) => l.event === "tokenRefresh").map((l) => l.errorCode), ["AuthenticationTokenExpired"]);
  });

  it("refreshes only once: a second 109 is raised", async () => {
    const frozen = h.emu.clock.now();
    const client = h.make({ now: () => frozen });
    await client.listOfflineConversionGoals();
    h.emu.clock.advance(3_700_000);
    await client.listOfflineConversionGoals();
    const expiredBody = h.recorder.responses.find((r) => r.body.includes("AuthenticationTokenExpired"))?.body;
    assert.ok(expiredBody, "the emulator answered 109");
    h.recorder.requests.length = 0;
    for (let i = 0; i < 2; i++) {
      h.recorder.plan((r) => r.headers.soapaction !== undefined, async () => ({ status: 500, headers: { "content-type": "text/xml" }, body: expiredBody }));
    }
    const e = await rejection<MsAdsError>(client.listOfflineConversionGoals());
    assert.equal(e.code, 109);
    assert.equal(e.errorCode, "AuthenticationTokenExpired");
    assert.equal(h.recorder.soap().length, 2);
    assert.equal(h.recorder.tokenRequests().length, 1);
  });

  it("raises 109 at once for a static token, which it cannot renew", async () => {
    const token = await accessToken(h.emu);
    h.emu.clock.advance(3_700_000);
    const e = await rejection<MsAdsError>(h.make({ credentials: { accessToken: token } }).listOfflineConversionGoals());
    assert.equal(e.code, 109);
    assert.equal(h.recorder.soap().length, 1);
  });

  it("uses a confidential client's secret", async () => {
    const client = h.make({ credentials: { clientId: SECRETS.clientId, clientSecret: SECRETS.clientSecret, refreshToken: SECRETS.refreshToken }, developerToken: SECRETS.developerToken });
    assert.deepEqual(await client.listOfflineConversionGoals(), []);
    assert.equal(new URLSearchParams(h.recorder.tokenRequests()[0].body).get("client_secret"), SECRETS.clientSecret);
  });

  it("reports a refused refresh token as an auth error that says what to do, without retrying", async () => {
    const e = await rejection<MsAdsError>(h.make({ credentials: { clientId: "msads-emulator-client", refreshToken: "not-a-valid-refresh-token" } }).listOfflineConversionGoals());
    assert.ok(e instanceof MsAdsError);
    assert.equal(e.kind, "auth");
    assert.equal(e.operation, "Token");
    assert.equal(e.errorCode, "invalid_grant");
    assert.equal(e.httpStatus, 400);
    assert.match(e.message, /^Token: invalid_grant: .*obtain a new one/);
    assert.equal(h.recorder.tokenRequests().length, 1);
    assert.equal(h.recorder.soap().length, 0);
  });

  it("reports a wrong client secret as invalid_client", async () => {
    const e = await rejection<MsAdsError>(h.make({ credentials: { clientId: SECRETS.clientId, clientSecret: "wrong-secret-value", refreshToken: SECRETS.refreshToken } }).listOfflineConversionGoals());
    assert.equal(e.errorCode, "invalid_client");
    assert.equal(e.httpStatus, 401);
  });

  it("reports a revoked refresh token as invalid_grant", async () => {
    await fetch(`${h.emu.adminUrl}/revoke`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ refreshToken: "emulator-refresh-token" }) });
    const e = await rejection<MsAdsError>(h.client.listOfflineConversionGoals());
    assert.equal(e.errorCode, "invalid_grant");
  });

  it("reports 105 for a developer token the service does not know", async () => {
    const e = await rejection<MsAdsError>(h.make({ developerToken: "UNKNOWN-DEV-TOKEN" }).listOfflineConversionGoals());
    assert.equal(e.code, 105);
    assert.equal(e.errorCode, "InvalidCredentials");
    assert.equal(h.recorder.soap().length, 1);
  });
});

describe("client: refresh-token rotation", () => {
  let h: ClientHarness;
  before(async () => (h = await startClientHarness({ singleUseRefreshTokens: true })));
  after(() => h.emu.close());

  it("keeps the rotated refresh token and redeems it at the next renewal", async () => {
    resetHarness(h);
    const rotated: string[] = [];
    const client = h.make({ onRefreshTokenRotated: (t) => rotated.push(t) });
    await client.listOfflineConversionGoals();
    h.emu.clock.advance(3_700_000);
    await client.listOfflineConversionGoals();
    h.emu.clock.advance(3_700_000);
    await client.listOfflineConversionGoals();
    const sent = h.recorder.tokenRequests().map((r) => new URLSearchParams(r.body).get("refresh_token"));
    assert.equal(sent.length, 3);
    assert.equal(sent[0], "emulator-refresh-token");
    assert.equal(rotated.length, 3);
    assert.deepEqual(sent.slice(1), rotated.slice(0, 2), "each renewal redeems the newest refresh token");
    assert.equal(new Set(sent).size, 3);
  });

  it("shares a rotation with another client built from the same credentials", async () => {
    resetHarness(h);
    await resetEmulator(h.emu);
    await h.make().listOfflineConversionGoals();
    h.emu.clock.advance(3_700_000);
    // A new client object, same original refresh token: the first one is single-use and already spent.
    assert.deepEqual(await h.make().listOfflineConversionGoals(), []);
  });
});
