// Contract: the OAuth refresh-token grant of the Microsoft identity platform, as the client uses it. Only what is
// stable across environments: a token is obtained and works; a bad refresh token is invalid_grant.
import { strict as assert } from "node:assert";
import { clearTokenCache, ClientLogEntry, MsAdsError } from "../../provider/client";
import { rejection } from "../support/client";
import { createdIds } from "./expect";
import { contract, contractCase, emulatorOnly, recordingTransport } from "./target";

contract("OAuth", (target) => {
  contractCase("redeems the refresh token for a bearer access token, and the service accepts it", async () => {
    const t = target();
    clearTokenCache(); // so that this client asks the token endpoint instead of reusing another case's token
    const rec = recordingTransport();
    await t.client({ transport: rec.transport }).listOfflineConversionGoals();
    const [exchange] = rec.tokenCalls();
    assert.ok(exchange, "one token request");
    assert.equal(exchange.response?.status, 200);
    // The body holds live tokens: only properties are compared, nothing of it is printed.
    const body = JSON.parse(exchange.response!.body) as Record<string, unknown>;
    assert.equal(String(body.token_type).toLowerCase(), "bearer");
    assert.equal(typeof body.access_token, "string");
    assert.ok((body.access_token as string).length > 20, "an access token of some length");
    assert.ok(Number(body.expires_in) > 0, "expires_in is a positive number of seconds");
    const soap = rec.soapCalls();
    assert.equal(soap.length, 1);
    assert.equal(soap[0].response?.status, 200);
    assert.ok(soap[0].request.body.includes(`>${body.access_token as string}<`), "the call carried the token just obtained");
  });

  contractCase("answers invalid_grant for a refresh token the identity platform does not know, and calls no service", async () => {
    const t = target();
    const rec = recordingTransport();
    const badRefreshToken = "contract-unknown-refresh-token";
    const e = await rejection<MsAdsError>(t.client({ refreshToken: badRefreshToken, transport: rec.transport }).listOfflineConversionGoals());
    assert.ok(e instanceof MsAdsError, String(e));
    assert.deepEqual([e.kind, e.operation, e.errorCode, e.retryable], ["auth", "Token", "invalid_grant", false]);
    assert.equal(rec.tokenCalls().length, 1, "not retried");
    assert.equal(rec.soapCalls().length, 0);
    assert.equal(JSON.stringify(e.toJSON()).includes(badRefreshToken), false, "the refresh token is not repeated");
  });

  emulatorOnly("answers invalid_grant once the user has withdrawn consent", async () => {
    const t = target();
    const emu = t.emulator!;
    const client = t.client({ refreshToken: emu.revocableRefreshToken });
    await client.listOfflineConversionGoals();
    await emu.revokeRefreshToken(emu.revocableRefreshToken);
    clearTokenCache(); // the cached access token would outlive the consent by up to an hour
    const e = await rejection<MsAdsError>(t.client({ refreshToken: emu.revocableRefreshToken }).listOfflineConversionGoals());
    assert.deepEqual([e.kind, e.errorCode], ["auth", "invalid_grant"]);
  });

  emulatorOnly("renews an access token the service reports expired (109) once, and resends", async () => {
    const t = target();
    const emu = t.emulator!;
    const frozen = emu.clock.now();
    const logs: ClientLogEntry[] = [];
    const rec = recordingTransport();
    clearTokenCache();
    const client = t.client({ now: () => frozen, transport: rec.transport, log: (l) => logs.push(l) }); // believes its token is fresh
    await client.listOfflineConversionGoals();
    emu.clock.advance(3_700_000); // past the 60-minute lifetime, as the service sees it
    createdIds(await client.addConversionGoals([{ name: t.name("after renewal"), goalCategory: "Purchase" }]));
    assert.deepEqual(logs.filter((l) => l.event === "tokenRefresh").map((l) => l.errorCode), ["AuthenticationTokenExpired"]);
    assert.equal(rec.tokenCalls().length, 2);
    assert.deepEqual(rec.soapCalls().map((x) => x.response?.status), [200, 500, 200], "the 109 fault, then the resend");
  });
});
