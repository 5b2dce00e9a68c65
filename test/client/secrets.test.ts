import { strict as assert } from "node:assert";
import { inspect } from "node:util";
import { CampaignManagementClient, MsAdsError } from "../../provider/client";
import { Redactor } from "../../provider/client/redact";
import { armFault } from "../support/emulator";
import { ClientHarness, rejection, resetEmulator, resetHarness, SECRETS, startClientHarness } from "../support/client";

/** Every way an error can be looked at: message, stack, JSON, and a deep inspect of everything reachable. */
function renderings(e: unknown): string[] {
  return [String(e), (e as Error).stack ?? "", JSON.stringify(e), inspect(e, { depth: Infinity, showHidden: true, getters: true })];
}

describe("client: credentials never leak", () => {
  let h: ClientHarness;
  let accessTokens: string[];
  let refreshTokens: string[];
  let client: CampaignManagementClient;
  before(async () => (h = await startClientHarness()));
  after(() => h.emu.close());
  beforeEach(async () => {
    await resetEmulator(h.emu);
    resetHarness(h);
    client = h.make({ credentials: { clientId: SECRETS.clientId, clientSecret: SECRETS.clientSecret, refreshToken: SECRETS.refreshToken }, developerToken: SECRETS.developerToken });
    await client.listOfflineConversionGoals();
    const tokenAnswers = h.recorder.responses.map((r) => r.body).filter((b) => b.includes("access_token")).map((b) => JSON.parse(b) as Record<string, string>);
    accessTokens = tokenAnswers.map((t) => t.access_token);
    refreshTokens = tokenAnswers.map((t) => t.refresh_token);
    assert.equal(accessTokens.length, 1, "the test knows the access token it must look for");
    assert.equal(typeof refreshTokens[0], "string", "and the rotated refresh token the client now holds");
  });

  const secretValues = () => [SECRETS.developerToken, SECRETS.clientSecret, SECRETS.refreshToken, ...accessTokens, ...refreshTokens];
  function assertClean(what: string, texts: string[]) {
    for (const t of texts) for (const s of secretValues()) assert.ok(!t.includes(s), `${what} contains a secret: ${t.slice(0, 300)}`);
  }

  const paths: Array<[string, () => Promise<unknown>]> = [
    ["a SOAP fault (117 after retries)", async () => {
      await armFault(h.emu, { operation: "GetConversionGoalsByIds", kind: "callRateExceeded", times: 10 });
      return client.listOfflineConversionGoals();
    }],
    ["an HTTP 503 page", async () => {
      await armFault(h.emu, { operation: "GetConversionGoalsByIds", kind: "http503", times: 10 });
      return client.listOfflineConversionGoals();
    }],
    ["a connection reset", async () => {
      await armFault(h.emu, { operation: "GetConversionGoalsByIds", kind: "reset", times: 10 });
      return client.listOfflineConversionGoals();
    }],
    ["an ambiguous Add", async () => {
      await armFault(h.emu, { operation: "AddConversionGoals", kind: "commitThenDrop" });
      return client.addConversionGoals([{ name: "A", goalCategory: "Purchase" }]);
    }],
    ["a timeout", async () => {
      await armFault(h.emu, { operation: "GetConversionGoalsByIds", kind: "delay", delayMs: 400, times: 10 });
      return h.make({ credentials: { clientId: SECRETS.clientId, clientSecret: SECRETS.clientSecret, refreshToken: SECRETS.refreshToken }, developerToken: SECRETS.developerToken, timeoutMs: 100, retry: { maxAttempts: 1 } }).listOfflineConversionGoals();
    }],
    ["an authorization fault (1102)", async () =>
      h.make({ credentials: { clientId: SECRETS.clientId, clientSecret: SECRETS.clientSecret, refreshToken: SECRETS.refreshToken }, developerToken: SECRETS.developerToken, accountId: "2999999" }).listOfflineConversionGoals()],
    ["a refused client secret", async () =>
      h.make({ credentials: { clientId: SECRETS.clientId, clientSecret: SECRETS.clientSecret + "x", refreshToken: SECRETS.refreshToken }, developerToken: SECRETS.developerToken }).listOfflineConversionGoals()],
    ["a refused refresh token", async () =>
      h.make({ credentials: { clientId: SECRETS.clientId, clientSecret: SECRETS.clientSecret, refreshToken: SECRETS.refreshToken + "x" }, developerToken: SECRETS.developerToken }).listOfflineConversionGoals()],
    ["a refresh token expired after 90 days (AADSTS700082)", async () => {
      h.emu.clock.advance(90 * 24 * 3600_000);
      return client.listOfflineConversionGoals();
    }],
    ["an expired static token", async () => {
      h.emu.clock.advance(3_700_000);
      return h.make({ credentials: { accessToken: accessTokens[0] }, developerToken: SECRETS.developerToken }).listOfflineConversionGoals();
    }],
    ["an unknown developer token", async () => h.make({ developerToken: SECRETS.developerToken + "Z" }).listOfflineConversionGoals()],
    ["an unreadable answer", async () => {
      for (let i = 0; i < 4; i++) h.recorder.plan((r) => r.headers.soapaction !== undefined, async (r) => ({ status: 200, headers: {}, body: `<not-soap>${r.body.length}</not-soap>` }));
      return client.listOfflineConversionGoals();
    }],
  ];

  for (const [name, run] of paths) {
    it(`keeps them out of the error and the log for ${name}`, async () => {
      const e = await rejection<MsAdsError>(run());
      assert.ok(e instanceof MsAdsError, `a typed error: ${String(e)}`);
      assertClean("the error", renderings(e));
      assertClean("the log", h.logs.map((l) => JSON.stringify(l)));
    });
  }

  it("says how to replace an expired refresh token without showing the old one or the rotated one", async () => {
    h.emu.clock.advance(90 * 24 * 3600_000);
    const e = await rejection<MsAdsError>(client.listOfflineConversionGoals());
    assert.equal(e.errorCode, "invalid_grant");
    assert.match(e.message, /AADSTS700082: The refresh token has expired due to inactivity\./);
    assert.match(e.message, /pulumi config set --secret msads:refreshToken <new refresh token>, or the environment variable MSADS_REFRESH_TOKEN/);
    assert.equal(new URLSearchParams(h.recorder.tokenRequests().at(-1)!.body).get("refresh_token"), refreshTokens[0], "the rotated token was the one refused");
    assertClean("the error", renderings(e));
    assertClean("the log", h.logs.map((l) => JSON.stringify(l)));
  });

  it("keeps them out of per-goal errors and results", async () => {
    const res = await client.addConversionGoals([{ name: "", goalCategory: "Purchase" }]);
    assert.equal(res.partialErrors.length, 1);
    assertClean("the result", [inspect(res, { depth: Infinity, showHidden: true }), JSON.stringify(res)]);
  });

  it("keeps them out of the client object's printable form", () => {
    assertClean("the client", [inspect(client, { depth: 6 }), JSON.stringify(client) ?? ""]);
  });

  it("redacts a secret value and credential-shaped text wherever they appear", () => {
    const r = new Redactor().add("sekrit-value-42");
    assert.equal(r.redact("x sekrit-value-42 y"), "x [redacted] y");
    assert.equal(r.redact("grant_type=refresh_token&refresh_token=abc.def&client_secret=zzz"), "grant_type=refresh_token&refresh_token=[redacted]&client_secret=[redacted]");
    assert.equal(r.redact('{"access_token":"eyJ0eXAi"}'), '{"access_token":"[redacted]"}');
    assert.equal(r.redact("<h:AuthenticationToken xmlns:h='x'>tok</h:AuthenticationToken>"), "<h:AuthenticationToken xmlns:h='x'>[redacted]</h:AuthenticationToken>");
    assert.equal(r.redact("Authorization: Bearer abc123"), "Authorization: Bearer [redacted]");
  });
});
