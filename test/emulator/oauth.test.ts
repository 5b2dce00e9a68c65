import assert from "node:assert/strict";
import { DEFAULT_SEED, EmulatorOptions } from "../../emulator";
import { TestEmulator, adminState, faultErrors, getGoals, redeem, startTestEmulator } from "../support/emulator";

const ADS_SCOPE = "https://ads.microsoft.com/msads.manage";
const WEB_CLIENT = "web-app-client";
const WEB_SECRET = "web-app-secret-5f1c9e";
const WEB_REFRESH = "web-app-refresh-token-77aa31";

/** The default seed plus a confidential (web) client with a secret and a refresh token of its own. */
const SEED = {
  ...DEFAULT_SEED,
  oauthClients: [...DEFAULT_SEED.oauthClients, { clientId: WEB_CLIENT, clientSecret: WEB_SECRET }],
  refreshTokens: [...DEFAULT_SEED.refreshTokens, { token: WEB_REFRESH, clientId: WEB_CLIENT, userId: "emulator-user" }],
};

interface RawTokenResponse {
  status: number;
  contentType: string;
  text: string;
  json: Record<string, unknown>;
}

/** Posts a raw body to a token URL and keeps the raw text, so a test can search it for echoed secrets. */
async function postToken(url: string, body: string, contentType = "application/x-www-form-urlencoded"): Promise<RawTokenResponse> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": contentType }, body });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", text, json: JSON.parse(text) as Record<string, unknown> };
}

function form(fields: Record<string, string | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) p.set(k, v);
  return p.toString();
}

const seedGrant = {
  grant_type: "refresh_token",
  client_id: "msads-emulator-client",
  refresh_token: "emulator-refresh-token",
  scope: `${ADS_SCOPE} offline_access`,
};

describe("emulator: OAuth token endpoint", () => {
  let emu: TestEmulator;
  /** Replaces the suite's emulator with one started with other options. */
  const restart = async (options: EmulatorOptions) => {
    await emu.close();
    emu = await startTestEmulator({ seed: SEED, ...options });
  };
  beforeEach(async () => {
    emu = await startTestEmulator({ seed: SEED });
  });
  afterEach(() => emu.close());

  describe("a successful redemption", () => {
    it("returns a Bearer access token that works, expires_in 3600 and a rotated refresh token", async () => {
      const res = await postToken(emu.tokenUrl, form(seedGrant));
      assert.equal(res.status, 200);
      assert.match(res.contentType, /^application\/json/);
      assert.equal(res.json.token_type, "Bearer");
      assert.equal(res.json.expires_in, 3600);
      assert.equal(typeof res.json.access_token, "string");
      assert.ok((res.json.access_token as string).length >= 20);
      assert.equal(typeof res.json.refresh_token, "string");
      assert.notEqual(res.json.refresh_token, "emulator-refresh-token", "the refresh token is rotated");
      assert.notEqual(res.json.refresh_token, res.json.access_token);
      assert.equal(res.json.scope, `${ADS_SCOPE} offline_access`, "the scope granted, offline_access included");
      assert.equal((await getGoals(emu, { token: res.json.access_token as string }, null)).status, 200);
    });

    it("issues a different access token on every redemption", async () => {
      const a = await redeem(emu);
      const b = await redeem(emu);
      assert.notEqual(a.json.access_token, b.json.access_token);
      assert.notEqual(a.json.refresh_token, b.json.refresh_token);
    });

    it("accepts the rotated refresh token, and the old one keeps working by default", async () => {
      const first = await redeem(emu);
      const second = await redeem(emu, { refresh_token: first.json.refresh_token as string });
      assert.equal(second.status, 200);
      assert.equal((await getGoals(emu, { token: second.json.access_token as string }, null)).status, 200);
      const third = await redeem(emu, { refresh_token: second.json.refresh_token as string });
      assert.equal(third.status, 200);
      assert.equal((await redeem(emu)).status, 200, "Microsoft does not revoke a redeemed refresh token");
    });

    it("with singleUseRefreshTokens, refuses a redeemed refresh token (invalid_grant) and accepts the rotated one", async () => {
      await restart({ singleUseRefreshTokens: true });
      const first = await redeem(emu);
      assert.equal(first.status, 200);
      const reused = await redeem(emu);
      assert.equal(reused.status, 400);
      assert.equal(reused.json.error, "invalid_grant");
      const second = await redeem(emu, { refresh_token: first.json.refresh_token as string });
      assert.equal(second.status, 200);
      const reusedRotated = await redeem(emu, { refresh_token: first.json.refresh_token as string });
      assert.equal(reusedRotated.json.error, "invalid_grant");
      assert.equal((await redeem(emu, { refresh_token: second.json.refresh_token as string })).status, 200);
    });

    it("reports the configured access token lifetime in expires_in and enforces it", async () => {
      await restart({ accessTokenLifetimeSeconds: 120 });
      const res = await redeem(emu);
      assert.equal(res.json.expires_in, 120);
      const token = res.json.access_token as string;
      emu.clock.advance(119_000);
      assert.equal((await getGoals(emu, { token }, null)).status, 200, "valid one second before expiry");
      emu.clock.advance(1_000);
      const expired = await getGoals(emu, { token }, null);
      assert.deepEqual(faultErrors(expired).map((e) => [e.code, e.errorCode]), [[109, "AuthenticationTokenExpired"]]);
    });

    it("answers 109 once a default token has lived 3600 s, and a freshly redeemed token works", async () => {
      const token = (await redeem(emu)).json.access_token as string;
      emu.clock.advance(3600_000);
      const expired = await getGoals(emu, { token }, null);
      assert.equal(expired.status, 500);
      assert.equal(expired.nodes("//s:Fault/detail/ad:AdApiFaultDetail").length, 1);
      assert.deepEqual(faultErrors(expired).map((e) => [e.code, e.errorCode]), [[109, "AuthenticationTokenExpired"]]);
      const fresh = (await redeem(emu)).json.access_token as string;
      assert.equal((await getGoals(emu, { token: fresh }, null)).status, 200);
    });

    it("redeems a confidential client's refresh token with its secret", async () => {
      const res = await redeem(emu, { client_id: WEB_CLIENT, client_secret: WEB_SECRET, refresh_token: WEB_REFRESH });
      assert.equal(res.status, 200);
      assert.equal((await getGoals(emu, { token: res.json.access_token as string }, null)).status, 200);
    });

    for (const tenant of ["common", "consumers", "organizations", "contoso.onmicrosoft.com", "72f988bf-86f1-41af-91ab-2d7cd011db47"]) {
      it(`answers on the /${tenant}/oauth2/v2.0/token path`, async () => {
        const res = await postToken(`${emu.origin}/${tenant}/oauth2/v2.0/token`, form(seedGrant));
        assert.equal(res.status, 200);
        assert.equal(res.json.token_type, "Bearer");
        assert.equal((await getGoals(emu, { token: res.json.access_token as string }, null)).status, 200);
      });
    }

    it("answers 404 for another path under the tenant and 405 for a GET of the token endpoint", async () => {
      const other = await fetch(`${emu.origin}/consumers/oauth2/v2.0/authorize`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: form(seedGrant) });
      assert.equal(other.status, 404);
      await other.text();
      const get = await fetch(emu.tokenUrl);
      assert.equal(get.status, 405);
      await get.text();
    });
  });

  describe("offline_access", () => {
    it("issues no refresh token without offline_access, reports only the ads scope as granted, and stores nothing to redeem", async () => {
      const before = await adminState(emu);
      const res = await postToken(emu.tokenUrl, form({ ...seedGrant, scope: ADS_SCOPE }));
      assert.equal(res.status, 200);
      assert.equal(res.json.scope, ADS_SCOPE);
      assert.equal("refresh_token" in res.json, false);
      assert.equal((await getGoals(emu, { token: res.json.access_token as string }, null)).status, 200, "the access token works");
      const after = await adminState(emu);
      assert.equal(after.refreshTokens, before.refreshTokens);
      assert.equal(after.accessTokens, (before.accessTokens as number) + 1);
    });

    it("leaves a single-use refresh token valid when the answer brought no replacement", async () => {
      await restart({ singleUseRefreshTokens: true });
      assert.equal((await postToken(emu.tokenUrl, form({ ...seedGrant, scope: ADS_SCOPE }))).status, 200);
      const again = await redeem(emu);
      assert.equal(again.status, 200, "still redeemable: nothing replaced it");
      assert.equal((await redeem(emu)).json.error, "invalid_grant", "spent once a replacement was issued");
    });
  });

  describe("scopes per environment and sign-in", () => {
    const SI = "https://si.ads.microsoft.com/msads.manage";
    const API = "https://api.ads.microsoft.com/msads.manage";
    const grant = (scope: string) => form({ ...seedGrant, scope: `${scope} offline_access` });
    const cases: Array<{ environment: "production" | "sandbox"; tenant: string; grants: string; refuses: string[] }> = [
      { environment: "production", tenant: "common", grants: ADS_SCOPE, refuses: [SI, API] },
      { environment: "production", tenant: "consumers", grants: ADS_SCOPE, refuses: [SI, API] },
      // login.microsoftonline.com/common, the SDKs' default sandbox sign-in (msa-prod).
      { environment: "sandbox", tenant: "common", grants: SI, refuses: [ADS_SCOPE, API] },
      { environment: "sandbox", tenant: "contoso.onmicrosoft.com", grants: SI, refuses: [ADS_SCOPE, API] },
      // login.windows-ppe.net/consumers, the older sandbox-only sign-in.
      { environment: "sandbox", tenant: "consumers", grants: API, refuses: [ADS_SCOPE, SI] },
    ];
    for (const c of cases) {
      it(`as ${c.environment}, /${c.tenant} grants ${c.grants} and answers invalid_scope (AADSTS70011) for the others`, async () => {
        await restart({ oauthEnvironment: c.environment });
        const url = `${emu.origin}/${c.tenant}/oauth2/v2.0/token`;
        const ok = await postToken(url, grant(c.grants));
        assert.equal(ok.status, 200);
        assert.equal(ok.json.scope, `${c.grants} offline_access`);
        assert.equal((await getGoals(emu, { token: ok.json.access_token as string }, null)).status, 200);
        for (const scope of c.refuses) {
          const before = await adminState(emu);
          const res = await postToken(url, grant(scope));
          assert.equal(res.status, 400, scope);
          assert.equal(res.json.error, "invalid_scope", scope);
          assert.match(String(res.json.error_description), new RegExp(`^AADSTS70011: .*The scope ${scope.replace(/\./g, "\\.")} is not valid\\.`));
          assert.deepEqual(res.json.error_codes, [70011]);
          assert.equal(res.json.access_token, undefined);
          assert.equal((await adminState(emu)).accessTokens, before.accessTokens, "nothing issued");
        }
      });
    }

    it("refuses an unknown oauthEnvironment, naming the option", async () => {
      await assert.rejects(startTestEmulator({ oauthEnvironment: "staging" as never }), /^Error: oauthEnvironment: must be production or sandbox, got "staging"/);
    });
  });

  describe("refresh token expiry", () => {
    const DAY = 24 * 3600_000;

    it("refuses an issued refresh token 90 days after its issue with AADSTS700082, without echoing it", async () => {
      const issuedAt = emu.clock.now();
      const rotated = (await redeem(emu)).json.refresh_token as string;
      emu.clock.advance(90 * DAY - 1);
      const lastChance = await redeem(emu, { refresh_token: rotated });
      assert.equal(lastChance.status, 200, "valid until the 90 days are over");
      emu.clock.advance(1);
      const res = await postToken(emu.tokenUrl, form({ ...seedGrant, refresh_token: rotated }));
      assert.equal(res.status, 400);
      assert.equal(res.json.error, "invalid_grant");
      assert.equal(
        res.json.error_description,
        `AADSTS700082: The refresh token has expired due to inactivity. The token was issued on ${new Date(issuedAt).toISOString()} and was inactive for 90.00:00:00.`,
      );
      assert.deepEqual(res.json.error_codes, [700082]);
      assert.equal(res.json.timestamp, new Date(emu.clock.now()).toISOString(), "stamped by the emulator's clock");
      assert.ok(!res.text.includes(rotated));
      const renewed = await redeem(emu, { refresh_token: lastChance.json.refresh_token as string });
      assert.equal(renewed.status, 200, "the token issued on day 90 has 90 days of its own");
    });

    it("keeps a chain alive when each renewal comes within 90 days", async () => {
      let token = (await redeem(emu)).json.refresh_token as string;
      for (let i = 0; i < 6; i++) {
        emu.clock.advance(89 * DAY);
        const res = await redeem(emu, { refresh_token: token });
        assert.equal(res.status, 200, `renewal ${i + 1}`);
        token = res.json.refresh_token as string;
      }
    });

    it("ages a seed token from its issuedAt, and never ages a seed token without one", async () => {
      const issuedAt = new Date(emu.clock.now() - 89 * DAY).toISOString();
      await restart({
        seed: { ...SEED, refreshTokens: [...SEED.refreshTokens, { token: "aged-seed-token-41c2", clientId: "msads-emulator-client", userId: "emulator-user", issuedAt }] },
      });
      assert.equal((await redeem(emu, { refresh_token: "aged-seed-token-41c2" })).status, 200);
      emu.clock.advance(DAY);
      const res = await redeem(emu, { refresh_token: "aged-seed-token-41c2" });
      assert.equal(res.json.error, "invalid_grant");
      assert.match(String(res.json.error_description), new RegExp(`^AADSTS700082: .* issued on ${issuedAt.replace(/\./g, "\\.")} `));
      emu.clock.advance(1000 * DAY);
      assert.equal((await redeem(emu)).status, 200, "the documented seed token has no issue date");
    });

    it("honours refreshTokenLifetimeSeconds and prints it as Microsoft does", async () => {
      await restart({ refreshTokenLifetimeSeconds: 3723 });
      const rotated = (await redeem(emu)).json.refresh_token as string;
      emu.clock.advance(3723_000);
      const res = await redeem(emu, { refresh_token: rotated });
      assert.match(String(res.json.error_description), /was inactive for 01:02:03\.$/);
    });

    it("refuses a seed issuedAt that is not an ISO 8601 date-time, naming its path", async () => {
      const seed = { ...SEED, refreshTokens: [{ token: "t-123456", clientId: "msads-emulator-client", userId: "emulator-user", issuedAt: "last Tuesday" }] };
      await assert.rejects(startTestEmulator({ seed }), /invalid emulator seed: refreshTokens\.0\.issuedAt: /);
    });
  });

  describe("errors", () => {
    const SUBMITTED_REFRESH = "submitted-refresh-token-3c9d";
    const SUBMITTED_SECRET = "submitted-secret-b81e";
    const cases: Array<{ what: string; body: () => string; contentType?: string; status: number; error: string }> = [
      { what: "an unknown refresh token", body: () => form({ ...seedGrant, refresh_token: SUBMITTED_REFRESH }), status: 400, error: "invalid_grant" },
      {
        what: "another client's refresh token",
        body: () => form({ ...seedGrant, client_id: WEB_CLIENT, client_secret: WEB_SECRET, refresh_token: "emulator-refresh-token" }),
        status: 400,
        error: "invalid_grant",
      },
      {
        what: "a confidential client's refresh token presented by the public client",
        body: () => form({ ...seedGrant, refresh_token: WEB_REFRESH }),
        status: 400,
        error: "invalid_grant",
      },
      { what: "grant_type authorization_code", body: () => form({ ...seedGrant, grant_type: "authorization_code", code: SUBMITTED_REFRESH }), status: 400, error: "unsupported_grant_type" },
      { what: "grant_type client_credentials", body: () => form({ ...seedGrant, grant_type: "client_credentials", client_secret: SUBMITTED_SECRET }), status: 400, error: "unsupported_grant_type" },
      // A missing parameter is invalid_request (RFC 6749 5.2; Microsoft answers AADSTS900144), not an unsupported grant.
      { what: "no grant_type", body: () => form({ ...seedGrant, grant_type: undefined, refresh_token: SUBMITTED_REFRESH }), status: 400, error: "invalid_request" },
      { what: "no client_id", body: () => form({ ...seedGrant, client_id: undefined, refresh_token: SUBMITTED_REFRESH }), status: 400, error: "invalid_request" },
      { what: "no refresh_token", body: () => form({ ...seedGrant, refresh_token: undefined }), status: 400, error: "invalid_request" },
      {
        what: "a JSON body",
        body: () => JSON.stringify({ ...seedGrant, refresh_token: SUBMITTED_REFRESH, client_secret: SUBMITTED_SECRET }),
        contentType: "application/json",
        status: 400,
        error: "invalid_request",
      },
      { what: "a form body sent as text/plain", body: () => form({ ...seedGrant, refresh_token: SUBMITTED_REFRESH }), contentType: "text/plain", status: 400, error: "invalid_request" },
      { what: "a scope without msads.manage", body: () => form({ ...seedGrant, refresh_token: SUBMITTED_REFRESH, scope: "openid offline_access" }), status: 400, error: "invalid_scope" },
      { what: "no scope", body: () => form({ ...seedGrant, refresh_token: SUBMITTED_REFRESH, scope: undefined }), status: 400, error: "invalid_scope" },
      {
        what: "a scope that only resembles msads.manage",
        body: () => form({ ...seedGrant, refresh_token: SUBMITTED_REFRESH, scope: `${ADS_SCOPE}.extra offline_access` }),
        status: 400,
        error: "invalid_scope",
      },
      { what: "an unknown client id", body: () => form({ ...seedGrant, client_id: "no-such-client", refresh_token: SUBMITTED_REFRESH }), status: 400, error: "unauthorized_client" },
      {
        what: "a confidential client with a wrong secret",
        body: () => form({ ...seedGrant, client_id: WEB_CLIENT, client_secret: SUBMITTED_SECRET, refresh_token: WEB_REFRESH }),
        status: 401,
        error: "invalid_client",
      },
      // AADSTS700025: a public client must not present a secret.
      { what: "a public client sending a client secret", body: () => form({ ...seedGrant, client_secret: SUBMITTED_SECRET }), status: 400, error: "invalid_request" },
      {
        what: "a confidential client without its secret",
        body: () => form({ ...seedGrant, client_id: WEB_CLIENT, refresh_token: SUBMITTED_REFRESH }),
        status: 401,
        error: "invalid_client",
      },
    ];

    for (const c of cases) {
      it(`answers ${c.status} ${c.error} for ${c.what}, without echoing the token or secret and without issuing a token`, async () => {
        const before = await adminState(emu);
        const res = await postToken(emu.tokenUrl, c.body(), c.contentType);
        assert.equal(res.status, c.status);
        assert.match(res.contentType, /^application\/json/);
        assert.equal(res.json.error, c.error);
        assert.equal(typeof res.json.error_description, "string");
        assert.ok((res.json.error_description as string).length > 0);
        assert.equal(res.json.access_token, undefined);
        assert.equal(res.json.refresh_token, undefined);
        for (const secret of [SUBMITTED_REFRESH, SUBMITTED_SECRET, WEB_SECRET, WEB_REFRESH, "emulator-refresh-token"]) {
          assert.ok(!res.text.includes(secret), `the error response repeats ${secret}`);
        }
        const after = await adminState(emu);
        assert.equal(after.accessTokens, before.accessTokens, "no access token was issued");
        assert.equal(after.refreshTokens, before.refreshTokens, "no refresh token was issued");
      });
    }

    it("refuses a refresh token revoked by single use (invalid_grant) without echoing it", async () => {
      await restart({ singleUseRefreshTokens: true });
      assert.equal((await redeem(emu, { client_id: WEB_CLIENT, client_secret: WEB_SECRET, refresh_token: WEB_REFRESH })).status, 200);
      const res = await postToken(emu.tokenUrl, form({ ...seedGrant, client_id: WEB_CLIENT, client_secret: WEB_SECRET, refresh_token: WEB_REFRESH }));
      assert.equal(res.status, 400);
      assert.equal(res.json.error, "invalid_grant");
      assert.ok(!res.text.includes(WEB_REFRESH));
      assert.ok(!res.text.includes(WEB_SECRET));
    });

    it("keeps answering after errors", async () => {
      await postToken(emu.tokenUrl, "%%%not a form", "application/x-www-form-urlencoded");
      await postToken(emu.tokenUrl, "{", "application/json");
      assert.equal((await redeem(emu)).status, 200);
    });
  });
});
