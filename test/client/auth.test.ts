import { strict as assert } from "node:assert";
import { HttpRequest, MsAdsError } from "../../provider/client";
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
    assert.match(e.message, /^Token: invalid_grant: .*expired, revoked or for another environment; sign in again .* to get a new refresh token/);
    assert.match(e.message, /pulumi config set --secret msads:refreshToken <new refresh token>, or the environment variable MSADS_REFRESH_TOKEN/);
    assert.ok(!e.message.includes("not-a-valid-refresh-token"));
    assert.equal(h.recorder.tokenRequests().length, 1);
    assert.equal(h.recorder.soap().length, 0);
  });

  it("always asks for offline_access, also when a scope override leaves it out", async () => {
    const client = h.make({ credentials: { clientId: "msads-emulator-client", refreshToken: "emulator-refresh-token", scope: "https://ads.microsoft.com/msads.manage" } });
    assert.deepEqual(await client.listOfflineConversionGoals(), []);
    assert.equal(new URLSearchParams(h.recorder.tokenRequests()[0].body).get("scope"), "https://ads.microsoft.com/msads.manage offline_access");
    const answer = JSON.parse(h.recorder.responses.find((r) => r.body.includes("access_token"))!.body) as Record<string, unknown>;
    assert.equal(typeof answer.refresh_token, "string", "so a refresh token comes back");
  });

  it("keeps the refresh token it has when an answer brings none", async () => {
    // Strips offline_access on the way out, so the emulator answers as Microsoft does then: no refresh_token.
    const withoutOffline = async (r: HttpRequest) => {
      if (!r.url.includes("/oauth2/")) return h.recorder.transport(r);
      const form = new URLSearchParams(r.body);
      form.set("scope", "https://ads.microsoft.com/msads.manage");
      return h.recorder.transport({ ...r, body: form.toString() });
    };
    const rotated: string[] = [];
    const client = h.make({ transport: withoutOffline, onRefreshTokenRotated: (t) => rotated.push(t) });
    await client.listOfflineConversionGoals();
    const first = JSON.parse(h.recorder.responses[0].body) as Record<string, unknown>;
    assert.equal(first.refresh_token, undefined, "the emulator issued no refresh token");
    assert.equal(first.scope, "https://ads.microsoft.com/msads.manage");
    h.emu.clock.advance(3_700_000);
    assert.deepEqual(await client.listOfflineConversionGoals(), []);
    assert.deepEqual(
      h.recorder.tokenRequests().map((r) => new URLSearchParams(r.body).get("refresh_token")),
      ["emulator-refresh-token", "emulator-refresh-token"],
    );
    assert.deepEqual(rotated, []);
  });

  it("reports a refresh token expired after 90 days without renewal, saying how to get and store a new one", async () => {
    const issued = new Date(h.emu.clock.now()).toISOString();
    await h.client.listOfflineConversionGoals(); // holds the rotated refresh token from here on
    const rotated = (JSON.parse(h.recorder.responses[0].body) as { refresh_token: string }).refresh_token;
    h.emu.clock.advance(90 * 24 * 3600_000);
    const e = await rejection<MsAdsError>(h.client.listOfflineConversionGoals());
    assert.equal(e.kind, "auth");
    assert.equal(e.errorCode, "invalid_grant");
    assert.equal(new URLSearchParams(h.recorder.tokenRequests()[1].body).get("refresh_token"), rotated, "it redeemed the rotated token");
    assert.match(e.message, /^Token: invalid_grant: AADSTS700082: The refresh token has expired due to inactivity\. The token was issued on (\S+) and was inactive for 90\.00:00:00\./);
    assert.equal(/issued on (\S+) and/.exec(e.message)?.[1], issued);
    assert.match(e.message, /lasts 90 days and is replaced at every renewal/);
    assert.match(e.message, /sign in again .* pulumi config set --secret msads:refreshToken <new refresh token>, or the environment variable MSADS_REFRESH_TOKEN/);
    for (const secret of [rotated, "emulator-refresh-token"]) assert.ok(!e.message.includes(secret) && !(e.stack ?? "").includes(secret));
    assert.equal(h.recorder.soap().length, 1, "no call after the refusal");
  });

  it("renews for a year when each renewal falls within 90 days of the last", async () => {
    for (let day = 0; day <= 360; day += 60) {
      assert.deepEqual(await h.client.listOfflineConversionGoals(), [], `day ${day}`);
      h.emu.clock.advance(60 * 24 * 3600_000);
    }
    assert.equal(h.recorder.tokenRequests().length, 7);
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
