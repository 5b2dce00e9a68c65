import { strict as assert } from "node:assert";
import { CampaignManagementClient, HttpResponse, MsAdsError, OutcomeUnknownError } from "../../provider/client";
import { accessToken, adminState, armFault } from "../support/emulator";
import { ClientHarness, rejection, resetEmulator, resetHarness, SECRET_SEED, startClientHarness } from "../support/client";

// The real service sends some SOAP faults with HTTP 200 rather than 500 (BingAds-Python-SDK issues #190, #217, #259:
// suds warns of "a SOAP processing fault using an unexpected HTTP status code 200"). The emulator here answers every
// fault with 200 (faultStatus), so each test below meets the fault the way those reports did.

const LEADS = { name: "Leads", goalCategory: "SubmitLeadForm" as const };
const SALES = { name: "Sales", goalCategory: "Purchase" as const };

/** The seed plus Fabrikam, a customer the seed user may not act for (106). */
const SEED = {
  ...SECRET_SEED,
  customers: [...SECRET_SEED.customers, { id: "1000002", name: "Fabrikam", accounts: [{ id: "2000003", currencyCode: "GBP" }] }],
};

type OperationName = "AddConversionGoals" | "UpdateConversionGoals" | "GetConversionGoalsByIds";

/** Each public operation, with a check that its call came through whole. `id` is a goal that exists beforehand. */
const OPERATIONS: Array<{
  label: string;
  operation: OperationName;
  run: (c: CampaignManagementClient, id: string) => Promise<unknown>;
  applied: (h: ClientHarness, id: string, result: unknown) => Promise<void>;
}> = [
  {
    label: "Add",
    operation: "AddConversionGoals",
    run: (c) => c.addConversionGoals([SALES]),
    applied: async (h, _id, result) => {
      assert.equal((result as { goalIds: string[] }).goalIds.length, 1);
      assert.deepEqual((await adminState(h.emu)).goals.map((g) => g.name), ["Leads", "Sales"], "Sales created exactly once");
    },
  },
  {
    label: "Update",
    operation: "UpdateConversionGoals",
    run: (c, id) => c.updateConversionGoals([{ id, status: "Paused" }]),
    applied: async (h) => assert.deepEqual((await adminState(h.emu)).goals.map((g) => g.status), ["Paused"]),
  },
  {
    label: "Get",
    operation: "GetConversionGoalsByIds",
    run: (c, id) => c.getConversionGoalsByIds([id]),
    applied: async (_h, id, result) => assert.equal((result as { goals: Array<{ id: string } | null> }).goals[0]?.id, id),
  },
  {
    label: "List",
    operation: "GetConversionGoalsByIds",
    run: (c) => c.listOfflineConversionGoals(),
    applied: async (_h, _id, result) => assert.deepEqual((result as Array<{ name: string }>).map((g) => g.name), ["Leads"]),
  },
];

describe("client: SOAP faults sent with HTTP 200", () => {
  let h: ClientHarness;
  let id: string;
  before(async () => (h = await startClientHarness({ seed: SEED, faultStatus: 200 })));
  after(() => h.emu.close());
  beforeEach(async () => {
    await resetEmulator(h.emu);
    resetHarness(h);
    id = (await h.client.addConversionGoals([LEADS])).goalIds[0] as string;
    resetHarness(h);
  });

  /** The answers that carried a SOAP fault, as the network delivered them. */
  const faultResponses = (): HttpResponse[] => h.recorder.responses.filter((r) => r.body.includes(":Fault>"));

  for (const { label, operation, run, applied } of OPERATIONS.filter((o) => o.label !== "Add")) {
    it(`retries ${label} after an InternalError fault with HTTP 200, with backoff`, async () => {
      await armFault(h.emu, { operation, kind: "internalError" });
      const result = await run(h.client, id);
      assert.deepEqual(faultResponses().map((r) => r.status), [200], "the fault came with HTTP 200");
      assert.equal(h.recorder.soap(operation).length, 2);
      assert.deepEqual(h.sleeps, [375]);
      await applied(h, id, result);
    });
  }

  it("does not resend Add after an InternalError fault with HTTP 200: the outcome is unknown", async () => {
    await armFault(h.emu, { operation: "AddConversionGoals", kind: "internalError" });
    const e = await rejection<OutcomeUnknownError>(h.client.addConversionGoals([SALES]));
    assert.ok(e instanceof OutcomeUnknownError, String(e));
    assert.equal(e.causeError.kind, "api");
    assert.equal(e.causeError.code, 0);
    assert.equal(e.causeError.httpStatus, 200);
    assert.deepEqual(e.goals, [{ index: 0, name: "Sales" }]);
    assert.equal(h.recorder.soap("AddConversionGoals").length, 1, "Add was sent exactly once");
    assert.deepEqual(h.sleeps, []);
  });

  for (const { label, operation, run, applied } of OPERATIONS) {
    it(`waits the throttling window after a 117 fault with HTTP 200 and resends ${label}`, async () => {
      await armFault(h.emu, { operation, kind: "callRateExceeded" });
      const result = await run(h.client, id);
      assert.deepEqual(faultResponses().map((r) => r.status), [200]);
      assert.deepEqual(h.sleeps, [60_000]);
      assert.equal(h.recorder.soap(operation).length, 2);
      await applied(h, id, result);
    });

    it(`renews the token once after a 109 fault with HTTP 200 and resends ${label}`, async () => {
      const frozen = h.emu.clock.now();
      const client = h.make({ now: () => frozen }); // believes its token is fresh
      await client.getConversionGoalsByIds([id]);
      // Forget that call, but not the cached token.
      h.recorder.requests.length = h.recorder.responses.length = h.logs.length = 0;
      h.emu.clock.advance(3_700_000); // the service sees it expired
      const result = await run(client, id);
      assert.deepEqual(faultResponses().map((r) => r.status), [200]);
      assert.deepEqual(h.logs.filter((l) => l.event === "tokenRefresh").map((l) => l.errorCode), ["AuthenticationTokenExpired"]);
      assert.equal(h.recorder.soap(operation).length, 2);
      await applied(h, id, result);
    });

    for (const [what, overrides, code, errorCode] of [
      ["105 for an unknown developer token", { developerToken: "WRONG-TOKEN" }, 105, "InvalidCredentials"],
      ["106 for a customer the user may not act for", { customerId: "1000002", accountId: "2000003" }, 106, "UserIsNotAuthorized"],
      ["1102 for an account of another customer", { accountId: "2000003" }, 1102, "CampaignServiceInvalidAccountId"],
    ] as const) {
      it(`raises ${what} on ${label} as a typed api error, never outcome unknown, without resending`, async () => {
        const e = await rejection<MsAdsError>(run(h.make(overrides), id));
        assert.ok(e instanceof MsAdsError && !(e instanceof OutcomeUnknownError), String(e));
        assert.equal(e.kind, "api");
        assert.equal(e.code, code);
        assert.equal(e.errorCode, errorCode);
        assert.equal(e.httpStatus, 200);
        assert.ok(e.trackingId, "the fault's TrackingId is kept");
        assert.equal(h.recorder.soap(operation).length, 1);
        assert.deepEqual(h.sleeps, []);
      });
    }
  }

  it("raises 109 with HTTP 200 for a static access token, which cannot be renewed", async () => {
    const token = await accessToken(h.emu);
    h.emu.clock.advance(3_700_000);
    const e = await rejection<MsAdsError>(h.make({ credentials: { accessToken: token } }).listOfflineConversionGoals());
    assert.equal(e.code, 109);
    assert.equal(e.httpStatus, 200);
    assert.equal(h.recorder.soap().length, 1);
  });
});

describe("client: HTTP 200 answers that are neither a response nor a fault", () => {
  let h: ClientHarness;
  let id: string;
  before(async () => (h = await startClientHarness()));
  after(() => h.emu.close());
  beforeEach(async () => {
    await resetEmulator(h.emu);
    resetHarness(h);
    id = (await h.client.addConversionGoals([LEADS])).goalIds[0] as string;
    resetHarness(h);
  });

  const SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/";
  const V13 = "https://bingads.microsoft.com/CampaignManagement/v13";
  /** Answers a proxy or a broken front end could give with status 200. */
  const BODIES: Record<string, (operation: OperationName) => string> = {
    "an HTML page": () => "<html><body>captive portal</body></html>",
    "an empty body": () => "",
    "an envelope with an empty Body": () => `<s:Envelope xmlns:s="${SOAP_ENV}"><s:Body></s:Body></s:Envelope>`,
    "an envelope answering another operation": (operation) => {
      const other = operation === "AddConversionGoals" ? "UpdateConversionGoalsResponse" : "AddConversionGoalsResponse";
      return `<s:Envelope xmlns:s="${SOAP_ENV}"><s:Body><${other} xmlns="${V13}"><PartialErrors/></${other}></s:Body></s:Envelope>`;
    },
    "a truncated response": (operation) => `<s:Envelope xmlns:s="${SOAP_ENV}"><s:Body><${operation}Response xmlns="${V13}"><PartialErrors>`,
    "a truncated fault": () => `<s:Envelope xmlns:s="${SOAP_ENV}"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>Invalid cli`,
  };
  const answer200 = (operation: OperationName, body: string) =>
    h.recorder.plan(
      (r) => r.headers.soapaction === `"${operation}"`,
      async () => ({ status: 200, headers: { "content-type": "text/xml; charset=utf-8" }, body }),
    );

  for (const [what, body] of Object.entries(BODIES)) {
    it(`treats ${what} with HTTP 200 to Add as outcome unknown, without resending`, async () => {
      answer200("AddConversionGoals", body("AddConversionGoals"));
      const e = await rejection<OutcomeUnknownError>(h.client.addConversionGoals([SALES]));
      assert.ok(e instanceof OutcomeUnknownError, String(e));
      assert.equal(e.causeError.errorCode, "UnreadableResponse");
      assert.equal(e.causeError.httpStatus, 200);
      assert.equal(h.recorder.soap("AddConversionGoals").length, 1);
    });

    for (const { label, operation, run, applied } of OPERATIONS.filter((o) => o.label !== "Add")) {
      it(`retries ${label} after ${what} with HTTP 200`, async () => {
        answer200(operation, body(operation));
        const result = await run(h.client, id);
        assert.equal(h.recorder.soap(operation).length, 2);
        assert.deepEqual(h.logs.filter((l) => l.event === "retry").map((l) => l.errorCode), ["UnreadableResponse"]);
        await applied(h, id, result);
      });
    }
  }

  it("accepts an empty response element: Update's PartialErrors may be absent", async () => {
    answer200("UpdateConversionGoals", `<s:Envelope xmlns:s="${SOAP_ENV}"><s:Body><UpdateConversionGoalsResponse xmlns="${V13}"/></s:Body></s:Envelope>`);
    assert.deepEqual((await h.client.updateConversionGoals([{ id, status: "Paused" }])).partialErrors, []);
    assert.equal(h.recorder.soap("UpdateConversionGoals").length, 1);
  });

  it("treats the emulator's truncated Add as outcome unknown; the goal was in fact created", async () => {
    await armFault(h.emu, { operation: "AddConversionGoals", kind: "truncated" });
    const e = await rejection<OutcomeUnknownError>(h.client.addConversionGoals([SALES]));
    assert.ok(e instanceof OutcomeUnknownError, String(e));
    assert.equal(e.causeError.errorCode, "UnreadableResponse");
    assert.equal(h.recorder.soap("AddConversionGoals").length, 1);
    assert.deepEqual((await adminState(h.emu)).goals.map((g) => g.name), ["Leads", "Sales"]);
  });

  it("retries an Update whose answer the emulator truncated; it is applied once", async () => {
    await armFault(h.emu, { operation: "UpdateConversionGoals", kind: "truncated" });
    await h.client.updateConversionGoals([{ id, name: "Leads (renamed)" }]);
    assert.equal(h.recorder.soap("UpdateConversionGoals").length, 2);
    assert.deepEqual((await adminState(h.emu)).goals.map((g) => g.name), ["Leads (renamed)"]);
  });

  it("retries a Get whose answer the emulator truncated", async () => {
    await armFault(h.emu, { operation: "GetConversionGoalsByIds", kind: "truncated" });
    assert.equal((await h.client.getConversionGoalsByIds([id])).goals[0]?.name, "Leads");
    assert.equal(h.recorder.soap("GetConversionGoalsByIds").length, 2);
  });
});
