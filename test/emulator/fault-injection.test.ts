import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { DEFAULT_SEED, startEmulator } from "../../emulator";
import { tokenHash } from "../../emulator/state";
import { Cli, endpoints, exitWithin, spawnCli } from "../support/cli-process";
import {
  GoalXml,
  SoapResponse,
  TestEmulator,
  accessToken,
  addGoals,
  adminState,
  armFault,
  call,
  envelopeXml,
  faultErrors,
  getGoals,
  goalXml,
  postSoap,
  redeem,
  startTestEmulator,
  updateGoals,
} from "../support/emulator";

const goal = (name: string): GoalXml => ({ GoalCategory: "Purchase", Name: name });

/** Asserts the call failed at the connection level: fetch rejects instead of answering. */
async function assertConnectionError(call: Promise<unknown>): Promise<void> {
  await assert.rejects(call, (e: unknown) => {
    assert.ok(e instanceof TypeError, `expected fetch's TypeError, got ${String(e)}`);
    return true;
  });
}

async function goalNames(emu: TestEmulator): Promise<string[]> {
  return (await adminState(emu)).goals.map((g) => String(g.name));
}

async function postFaultSpec(emu: TestEmulator, body: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${emu.adminUrl}/faults`, { method: "POST", headers: { "content-type": "application/json" }, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Posts a request and returns the raw answer: a cut answer is not XML, so the support helpers cannot parse it. */
async function postRaw(emu: TestEmulator, operation: string, token: string, goals: GoalXml[]): Promise<{ status: number; text: string }> {
  const res = await fetch(emu.url, {
    method: "POST",
    headers: { "content-type": "text/xml; charset=utf-8", soapaction: `"${operation}"` },
    body: envelopeXml(operation, { token }, `<ConversionGoals>${goals.map(goalXml).join("")}</ConversionGoals>`),
  });
  return { status: res.status, text: await res.text() };
}

async function listFaults(emu: TestEmulator): Promise<Array<Record<string, unknown>>> {
  const res = await fetch(`${emu.adminUrl}/faults`);
  assert.equal(res.status, 200);
  return (await res.json()) as Array<Record<string, unknown>>;
}

describe("emulator: fault injection", () => {
  let emu: TestEmulator;
  let token: string;

  beforeEach(async () => {
    emu = await startTestEmulator();
    token = await accessToken(emu);
  });
  afterEach(() => emu.close());

  describe("AddConversionGoals", () => {
    for (const [kind, status, title] of [
      ["http500", 500, "500 Internal Server Error"],
      ["http503", 503, "503 Service Unavailable"],
    ] as const) {
      it(`answers ${kind} with an HTML page and no SOAP envelope, and adds nothing`, async () => {
        await armFault(emu, { operation: "AddConversionGoals", kind });
        const r = await addGoals(emu, { token }, [goal("Not stored")]);
        assert.equal(r.status, status);
        assert.ok(r.text.includes(title), r.text);
        assert.ok(!r.text.includes("Envelope"), "no SOAP envelope");
        assert.deepEqual(await goalNames(emu), []);
      });
    }

    it("answers internalError with a SOAP fault carrying OperationError 0, and adds nothing", async () => {
      await armFault(emu, { operation: "AddConversionGoals", kind: "internalError" });
      const r = await addGoals(emu, { token }, [goal("Not stored")]);
      assert.equal(r.status, 500);
      assert.equal(r.str("//s:Fault/faultcode"), "s:Server");
      assert.equal(r.nodes("//s:Fault/detail/v:ApiFaultDetail").length, 1);
      assert.deepEqual(faultErrors(r).map((e) => [e.code, e.errorCode]), [[0, "InternalError"]]);
      assert.deepEqual(await goalNames(emu), []);
    });

    it("answers callRateExceeded with a SOAP fault carrying AdApiError 117, and adds nothing", async () => {
      await armFault(emu, { operation: "AddConversionGoals", kind: "callRateExceeded" });
      const r = await addGoals(emu, { token }, [goal("Not stored")]);
      assert.equal(r.status, 500);
      assert.equal(r.nodes("//s:Fault/detail/ad:AdApiFaultDetail").length, 1);
      assert.deepEqual(faultErrors(r).map((e) => [e.code, e.errorCode]), [[117, "CallRateExceeded"]]);
      assert.deepEqual(await goalNames(emu), []);
    });

    it("delays the answer by delayMs and still applies the Add", async () => {
      const delayMs = 150;
      await armFault(emu, { operation: "AddConversionGoals", kind: "delay", delayMs });
      const started = performance.now();
      const r = await addGoals(emu, { token }, [goal("Slow but stored")]);
      const elapsed = performance.now() - started;
      assert.ok(elapsed >= delayMs, `answered after ${elapsed.toFixed(1)} ms, before the ${delayMs} ms delay`);
      assert.equal(r.status, 200);
      assert.equal(r.ids.length, 1);
      assert.notEqual(r.ids[0], null);
      assert.deepEqual(await goalNames(emu), ["Slow but stored"]);
    });

    it("resets the connection before applying an Add, and no goal exists", async () => {
      await armFault(emu, { operation: "AddConversionGoals", kind: "reset" });
      await assertConnectionError(addGoals(emu, { token }, [goal("Never applied")]));
      const all = await getGoals(emu, { token }, null);
      assert.equal(all.status, 200);
      assert.equal(all.nodes("//v:ConversionGoals/v:ConversionGoal").length, 0);
      assert.deepEqual(await goalNames(emu), []);
    });

    it("resets the connection after committing an Add, and the goal exists", async () => {
      await armFault(emu, { operation: "AddConversionGoals", kind: "commitThenDrop" });
      await assertConnectionError(addGoals(emu, { token }, [goal("Committed anyway")]));
      const all = await getGoals(emu, { token }, null);
      assert.equal(all.status, 200);
      assert.deepEqual(
        all.nodes("//v:ConversionGoals/v:ConversionGoal/v:Name").map((n) => n.textContent),
        ["Committed anyway"],
      );
      assert.deepEqual(await goalNames(emu), ["Committed anyway"]);
    });
  });

  describe("GetConversionGoalsByIds", () => {
    it("answers http503 with an HTML page", async () => {
      await armFault(emu, { operation: "GetConversionGoalsByIds", kind: "http503" });
      const r = await getGoals(emu, { token }, null);
      assert.equal(r.status, 503);
      assert.ok(!r.text.includes("Envelope"));
    });

    it("resets the connection", async () => {
      await armFault(emu, { operation: "GetConversionGoalsByIds", kind: "reset" });
      await assertConnectionError(getGoals(emu, { token }, null));
      assert.equal((await getGoals(emu, { token }, null)).status, 200, "the next Get is answered");
    });

    it("answers internalError with OperationError 0", async () => {
      await armFault(emu, { operation: "GetConversionGoalsByIds", kind: "internalError" });
      const r = await getGoals(emu, { token }, null);
      assert.equal(r.status, 500);
      assert.deepEqual(faultErrors(r).map((e) => [e.code, e.errorCode]), [[0, "InternalError"]]);
    });
  });

  describe("UpdateConversionGoals", () => {
    let id: string;
    beforeEach(async () => {
      const added = await addGoals(emu, { token }, [goal("Original")]);
      assert.equal(added.status, 200);
      id = added.ids[0]!;
    });

    it("answers http503 with an HTML page and leaves the goal unchanged", async () => {
      await armFault(emu, { operation: "UpdateConversionGoals", kind: "http503" });
      const r = await updateGoals(emu, { token }, [{ Id: id, Name: "Renamed" }]);
      assert.equal(r.status, 503);
      assert.ok(!r.text.includes("Envelope"));
      assert.deepEqual(await goalNames(emu), ["Original"]);
    });

    it("resets the connection before applying an Update", async () => {
      await armFault(emu, { operation: "UpdateConversionGoals", kind: "reset" });
      await assertConnectionError(updateGoals(emu, { token }, [{ Id: id, Name: "Renamed" }]));
      assert.deepEqual(await goalNames(emu), ["Original"]);
    });

    it("answers internalError with OperationError 0 and leaves the goal unchanged", async () => {
      await armFault(emu, { operation: "UpdateConversionGoals", kind: "internalError" });
      const r = await updateGoals(emu, { token }, [{ Id: id, Name: "Renamed" }]);
      assert.equal(r.status, 500);
      assert.deepEqual(faultErrors(r).map((e) => [e.code, e.errorCode]), [[0, "InternalError"]]);
      assert.deepEqual(await goalNames(emu), ["Original"]);
    });

    it("resets the connection after committing an Update, and the change is applied", async () => {
      await armFault(emu, { operation: "UpdateConversionGoals", kind: "commitThenDrop" });
      await assertConnectionError(updateGoals(emu, { token }, [{ Id: id, Name: "Renamed" }]));
      assert.deepEqual(await goalNames(emu), ["Renamed"]);
    });
  });

  describe("the token endpoint", () => {
    it("answers http500 with an HTML page and issues no token", async () => {
      const before = (await adminState(emu)).accessTokens;
      await armFault(emu, { operation: "Token", kind: "http500" });
      const res = await fetch(emu.tokenUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "refresh_token", client_id: "msads-emulator-client", refresh_token: "emulator-refresh-token", scope: "https://ads.microsoft.com/msads.manage" }),
      });
      assert.equal(res.status, 500);
      assert.match(res.headers.get("content-type") ?? "", /text\/html/);
      assert.ok((await res.text()).includes("Internal Server Error"));
      assert.equal((await adminState(emu)).accessTokens, before);
    });

    it("resets the connection and issues no token", async () => {
      const before = (await adminState(emu)).accessTokens;
      await armFault(emu, { operation: "Token", kind: "reset" });
      await assertConnectionError(redeem(emu));
      assert.equal((await adminState(emu)).accessTokens, before);
      assert.equal((await redeem(emu)).status, 200, "the next redemption works");
    });

    it("resets the connection after issuing a token: the redemption happened", async () => {
      await emu.close();
      emu = await startTestEmulator({ singleUseRefreshTokens: true });
      const before = (await adminState(emu)).accessTokens;
      await armFault(emu, { operation: "Token", kind: "commitThenDrop" });
      await assertConnectionError(redeem(emu));
      assert.equal((await adminState(emu)).accessTokens, Number(before) + 1, "an access token was issued");
      const again = await redeem(emu);
      assert.equal(again.status, 400);
      assert.equal(again.json.error, "invalid_grant", "the single-use refresh token was consumed by the dropped call");
    });
  });

  describe("arming", () => {
    it("injects a fault armed for 2 calls twice, then answers the third call", async () => {
      await armFault(emu, { operation: "GetConversionGoalsByIds", kind: "http503", times: 2 });
      assert.equal((await getGoals(emu, { token }, null)).status, 503);
      assert.equal((await getGoals(emu, { token }, null)).status, 503);
      assert.equal((await getGoals(emu, { token }, null)).status, 200);
    });

    it("consumes faults in the order they were armed", async () => {
      await armFault(emu, { operation: "GetConversionGoalsByIds", kind: "http500" });
      await armFault(emu, { operation: "GetConversionGoalsByIds", kind: "http503" });
      assert.equal((await getGoals(emu, { token }, null)).status, 500);
      assert.equal((await getGoals(emu, { token }, null)).status, 503);
      assert.equal((await getGoals(emu, { token }, null)).status, 200);
    });

    it("leaves a fault for another operation armed", async () => {
      await armFault(emu, { operation: "AddConversionGoals", kind: "http503" });
      assert.equal((await getGoals(emu, { token }, null)).status, 200);
      assert.equal((await listFaults(emu)).length, 1);
      assert.equal((await addGoals(emu, { token }, [goal("Refused")])).status, 503);
      assert.deepEqual(await listFaults(emu), []);
    });

    it("matches any operation, the token endpoint included, with *", async () => {
      await armFault(emu, { operation: "*", kind: "http503", times: 4 });
      assert.equal((await addGoals(emu, { token }, [goal("Refused")])).status, 503);
      assert.equal((await getGoals(emu, { token }, null)).status, 503);
      assert.equal((await updateGoals(emu, { token }, [{ Id: "1", Name: "x" }])).status, 503);
      const t = await fetch(emu.tokenUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "" });
      assert.equal(t.status, 503);
      await t.text();
      assert.equal((await getGoals(emu, { token }, null)).status, 200);
    });

    it("defaults the operation to * and times to 1", async () => {
      await armFault(emu, { kind: "http500" });
      const listed = await listFaults(emu);
      assert.equal(listed.length, 1);
      assert.equal(listed[0].operation, "*");
      assert.equal(listed[0].remaining, 1);
      assert.equal((await addGoals(emu, { token }, [goal("Refused")])).status, 500);
      assert.equal((await addGoals(emu, { token }, [goal("Stored")])).status, 200);
    });

    it("lists armed faults and clears them with DELETE /faults", async () => {
      await armFault(emu, { operation: "AddConversionGoals", kind: "reset", times: 3 });
      await armFault(emu, { operation: "Token", kind: "http500" });
      const listed = await listFaults(emu);
      assert.deepEqual(
        listed.map((f) => [f.operation, f.kind, f.remaining]),
        [
          ["AddConversionGoals", "reset", 3],
          ["Token", "http500", 1],
        ],
      );
      const del = await fetch(`${emu.adminUrl}/faults`, { method: "DELETE" });
      assert.equal(del.status, 200);
      await del.text();
      assert.deepEqual(await listFaults(emu), []);
      assert.equal((await addGoals(emu, { token }, [goal("Stored")])).status, 200);
      assert.equal((await redeem(emu)).status, 200);
    });

    for (const [what, spec, field] of [
      ["an unknown kind", { kind: "explode" }, "kind"],
      ["a missing kind", { operation: "AddConversionGoals" }, "kind"],
      ["an unknown operation", { operation: "DeleteConversionGoals", kind: "reset" }, "operation"],
      ["times 0", { kind: "reset", times: 0 }, "times"],
      ["a fractional times", { kind: "reset", times: 1.5 }, "times"],
      ["a delay without delayMs", { kind: "delay" }, "delayMs"],
      ["a negative delayMs", { kind: "delay", delayMs: -1 }, "delayMs"],
      ["an unknown field", { kind: "reset", colour: "red" }, "colour"],
      ["a status other than 200 or 500", { kind: "internalError", status: 404 }, "status: must be 200 or 500"],
      ["a status given as text", { kind: "internalError", status: "200" }, "status: must be 200 or 500"],
      ["a status on a kind that answers no fault", { kind: "http503", status: 200 }, "status: applies only to the SOAP fault kinds"],
    ] as const) {
      it(`refuses a fault spec with ${what} (400 naming ${field}) and arms nothing`, async () => {
        const r = await postFaultSpec(emu, JSON.stringify(spec));
        assert.equal(r.status, 400);
        assert.equal(typeof r.json.error, "string");
        assert.ok(String(r.json.error).includes(field), `error names ${field}: ${String(r.json.error)}`);
        assert.deepEqual(await listFaults(emu), []);
      });
    }

    it("refuses a fault spec that is not JSON (400)", async () => {
      const r = await postFaultSpec(emu, "{kind: reset");
      assert.equal(r.status, 400);
      assert.match(String(r.json.error), /JSON/);
      assert.deepEqual(await listFaults(emu), []);
    });
  });

  describe("faults with HTTP 200", () => {
    // The real service sends some faults with 200 (BingAds-Python-SDK issues #190, #217, #259).
    const operations = {
      AddConversionGoals: () => addGoals(emu, { token }, [goal("Not stored")]),
      UpdateConversionGoals: () => updateGoals(emu, { token }, [{ Id: "9007199254741001", Name: "Renamed" }]),
      GetConversionGoalsByIds: () => getGoals(emu, { token }, null),
    };
    for (const [operation, send] of Object.entries(operations)) {
      for (const [kind, detail, code] of [
        ["internalError", "v:ApiFaultDetail", 0],
        ["callRateExceeded", "ad:AdApiFaultDetail", 117],
      ] as const) {
        it(`answers ${operation} with the ${kind} fault on HTTP 200 when armed with status 200, and changes nothing`, async () => {
          await addGoals(emu, { token }, [goal("Original")]);
          const before = await adminState(emu);
          await armFault(emu, { operation, kind, status: 200 });
          const r = await send();
          assert.equal(r.status, 200);
          assert.equal(r.str("//s:Fault/faultcode"), "s:Server");
          assert.equal(r.nodes(`//s:Fault/detail/${detail}`).length, 1);
          assert.deepEqual(faultErrors(r).map((e) => e.code), [code]);
          assert.deepEqual((await adminState(emu)).goals, before.goals);
        });
      }
    }

    it("lists the status of an armed fault", async () => {
      await armFault(emu, { operation: "AddConversionGoals", kind: "internalError", status: 200 });
      assert.deepEqual((await listFaults(emu)).map((f) => [f.kind, f.status]), [["internalError", 200]]);
    });

    it("answers with HTTP 500 again once the fault armed with 200 is used up", async () => {
      await armFault(emu, { operation: "GetConversionGoalsByIds", kind: "internalError", status: 200 });
      assert.equal((await getGoals(emu, { token }, null)).status, 200);
      assert.equal((await call(emu, "GetConversionGoalsByIds", { token, developerToken: "WRONG" }, "")).status, 500);
    });
  });

  describe("the truncated kind", () => {
    it("applies an Add, then answers HTTP 200 with the first half of the response", async () => {
      await armFault(emu, { operation: "AddConversionGoals", kind: "truncated" });
      const r = await postRaw(emu, "AddConversionGoals", token, [goal("Stored, answer cut")]);
      assert.equal(r.status, 200);
      assert.match(r.text, /^<s:Envelope /);
      assert.ok(!r.text.includes("</s:Envelope>"), "the end of the answer is missing");
      assert.deepEqual(await goalNames(emu), ["Stored, answer cut"]);
      const whole = await addGoals(emu, { token }, [goal("Stored, answer whole")]);
      assert.equal(whole.status, 200);
      assert.ok(whole.text.startsWith(r.text.slice(0, r.text.indexOf("<h:TrackingId"))), "the cut answer begins as a whole one does");
      assert.ok(Math.abs(r.text.length - whole.text.length / 2) <= 20, `${r.text.length} characters of about ${whole.text.length}`);
    });

    it("applies an Update and cuts its answer", async () => {
      const id = (await addGoals(emu, { token }, [goal("Original")])).ids[0]!;
      await armFault(emu, { operation: "UpdateConversionGoals", kind: "truncated" });
      const r = await postRaw(emu, "UpdateConversionGoals", token, [{ Id: id, Name: "Renamed" }]);
      assert.equal(r.status, 200);
      assert.ok(!r.text.includes("</s:Envelope>"));
      assert.deepEqual(await goalNames(emu), ["Renamed"]);
    });

    it("issues a token and cuts the JSON answer", async () => {
      const before = Number((await adminState(emu)).accessTokens);
      await armFault(emu, { operation: "Token", kind: "truncated" });
      const res = await fetch(emu.tokenUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "refresh_token", client_id: "msads-emulator-client", refresh_token: "emulator-refresh-token", scope: "https://ads.microsoft.com/msads.manage" }),
      });
      assert.equal(res.status, 200);
      const text = await res.text();
      assert.throws(() => JSON.parse(text));
      assert.equal((await adminState(emu)).accessTokens, before + 1);
    });
  });

  describe("the admin state", () => {
    it("never shows the developer token, refresh tokens, access tokens or client secrets", async () => {
      await emu.close();
      emu = await startTestEmulator({
        seed: {
          ...DEFAULT_SEED,
          oauthClients: [...DEFAULT_SEED.oauthClients, { clientId: "web-app-client", clientSecret: "web-app-secret-5f1c" }],
          refreshTokens: [...DEFAULT_SEED.refreshTokens, { token: "web-app-refresh-token-77aa", clientId: "web-app-client", userId: "emulator-user" }],
        },
      });
      const issued = await redeem(emu);
      assert.equal(issued.status, 200);
      const access = String(issued.json.access_token);
      const rotated = String(issued.json.refresh_token);
      assert.equal((await getGoals(emu, { token: access }, null)).status, 200, "the access token is real");

      const res = await fetch(`${emu.adminUrl}/state`);
      assert.equal(res.status, 200);
      const raw = await res.text();
      const state = JSON.parse(raw) as { accessTokens: unknown; refreshTokens: unknown };
      assert.equal(state.accessTokens, 1, "the state counts the access token it must not show");
      for (const secret of [
        "BBD37VB98",
        "emulator-refresh-token",
        "web-app-refresh-token-77aa",
        "web-app-secret-5f1c",
        access,
        rotated,
        tokenHash(access),
        tokenHash(rotated),
        tokenHash("emulator-refresh-token"),
      ]) {
        assert.ok(!raw.includes(secret), `the admin state shows ${secret.slice(0, 12)}…`);
      }
    });
  });
});

describe("emulator: faultStatus 200 (every fault the service writes)", () => {
  /** Contoso plus Fabrikam, which the seed user may not act for (106). */
  const seed = { ...DEFAULT_SEED, customers: [...DEFAULT_SEED.customers, { id: "1000002", name: "Fabrikam", accounts: [{ id: "2000003", currencyCode: "GBP" }] }] };
  let emu: TestEmulator;
  let token: string;
  beforeEach(async () => {
    emu = await startTestEmulator({ seed, faultStatus: 200, callsPerMinute: 5 });
    token = await accessToken(emu);
  });
  afterEach(() => emu.close());

  const assertFault200 = (r: SoapResponse, faultcode: string) => {
    assert.equal(r.status, 200, r.text.slice(0, 300));
    assert.equal(r.str("//s:Fault/faultcode"), faultcode);
  };

  for (const [what, caller, code] of [
    ["105 for an unknown developer token", { developerToken: "WRONG" }, 105],
    ["105 for an unknown access token", { token: "not-a-token" }, 105],
    ["1029 for a missing CustomerId", { customerId: undefined }, 1029],
    ["106 for a customer the user may not act for", { customerId: "1000002", accountId: "2000003" }, 106],
    ["1102 for an account of another customer", { accountId: "2000003" }, 1102],
  ] as const) {
    it(`answers ${what} with HTTP 200`, async () => {
      const r = await getGoals(emu, { token, ...caller }, null);
      assertFault200(r, "s:Server");
      assert.deepEqual(faultErrors(r).map((e) => e.code), [code]);
    });
  }

  it("answers 109 for an expired access token with HTTP 200", async () => {
    emu.clock.advance(3601_000);
    const r = await getGoals(emu, { token }, null);
    assertFault200(r, "s:Server");
    assert.deepEqual(faultErrors(r).map((e) => e.code), [109]);
  });

  it("answers throttling's 117 with HTTP 200", async () => {
    for (let i = 1; i <= 5; i++) assert.equal((await getGoals(emu, { token }, null)).status, 200);
    const r = await getGoals(emu, { token }, null);
    assertFault200(r, "s:Server");
    assert.deepEqual(faultErrors(r).map((e) => e.code), [117]);
    assert.equal(r.nodes("//v:GetConversionGoalsByIdsResponse").length, 0);
  });

  it("answers an ApiFault without batch errors (5321, no goals) with HTTP 200", async () => {
    const r = await call(emu, "AddConversionGoals", { token }, "<ConversionGoals/>");
    assertFault200(r, "s:Server");
    assert.equal(r.nodes("//s:Fault/detail/v:ApiFaultDetail/v:BatchErrors/*").length, 0);
    assert.deepEqual(faultErrors(r).map((e) => e.code), [5321]);
  });

  it("answers WCF's detail-less faults (deserialization, unknown action) with HTTP 200", async () => {
    const bad = await addGoals(emu, { token }, [{ GoalCategory: "Purchase", Name: "x", ConversionWindowInMinutes: "ten" }]);
    assertFault200(bad, "a:DeserializationFailed");
    const unknown = await postSoap(emu, "DeleteConversionGoals", "<s:Envelope/>");
    assertFault200(unknown, "a:ActionNotSupported");
  });

  it("keeps 400 for a message that is not XML, and 200 for successes", async () => {
    const r = await postSoap(emu, "GetConversionGoalsByIds", "<not-closed");
    assert.equal(r.status, 400);
    assert.equal((await getGoals(emu, { token }, null)).status, 200);
    assert.deepEqual((await adminState(emu)).goals, []);
  });

  it("lets a fault armed with status 500 keep it", async () => {
    await armFault(emu, { operation: "GetConversionGoalsByIds", kind: "internalError", status: 500 });
    assert.equal((await getGoals(emu, { token }, null)).status, 500);
    await armFault(emu, { operation: "GetConversionGoalsByIds", kind: "internalError" });
    assert.equal((await getGoals(emu, { token }, null)).status, 200, "an armed fault without status follows faultStatus");
  });

  it("refuses to start with a faultStatus other than 200 or 500", async () => {
    await assert.rejects(startEmulator({ port: 0, faultStatus: 404 as never }), /^TypeError: faultStatus: must be 200 or 500, not 404$/);
  });
});

describe("emulator: --fault-status on the command line", () => {
  const children: Cli[] = [];
  afterEach(async () => {
    for (const cli of children.splice(0)) {
      if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill("SIGKILL");
      await cli.exited;
    }
  });
  const run = (args: string[]) => {
    const cli = spawnCli(args);
    children.push(cli);
    return cli;
  };

  it("sends faults with HTTP 200 under --fault-status 200", async () => {
    const emu = await endpoints(run(["--port", "0", "--quiet", "--fault-status", "200"]));
    const r = await getGoals(emu, { token: "not-a-token" }, null);
    assert.equal(r.status, 200);
    assert.deepEqual(faultErrors(r).map((e) => e.code), [105]);
  });

  it("exits with code 2 for --fault-status 404, naming the flag", async () => {
    const cli = run(["--port", "0", "--fault-status", "404"]);
    assert.equal((await exitWithin(cli)).code, 2);
    assert.match(cli.stderr(), /--fault-status must be 200 or 500, not '404'/);
  });
});
