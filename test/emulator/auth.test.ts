import assert from "node:assert/strict";
import { DEFAULT_SEED } from "../../emulator";
import { SOAP, TestEmulator, V13, XSI, accessToken, envelopeXml, adminState, faultErrors, getGoals, goalXml, postSoap, startTestEmulator } from "../support/emulator";

describe("emulator: SOAP headers and authentication", () => {
  let emu: TestEmulator;
  let token: string;

  beforeEach(async () => {
    emu = await startTestEmulator({
      seed: {
        ...DEFAULT_SEED,
        customers: [...DEFAULT_SEED.customers, { id: "1000002", name: "Fabrikam", accounts: [{ id: "2000003", currencyCode: "GBP" }] }],
        users: [...DEFAULT_SEED.users, { id: "fabrikam-user", customerIds: ["1000002"] }],
      },
    });
    token = await accessToken(emu);
  });
  afterEach(() => emu.close());

  const cases: Array<[string, () => Record<string, string | undefined>, number, string, "adapi" | "api"]> = [
    ["no developer token", () => ({ developerToken: undefined }), 105, "InvalidCredentials", "adapi"],
    ["an unknown developer token", () => ({ developerToken: "NOTATOKEN" }), 105, "InvalidCredentials", "adapi"],
    ["no access token", () => ({ token: undefined }), 105, "InvalidCredentials", "adapi"],
    ["an access token the emulator never issued", () => ({ token: "forged" }), 105, "InvalidCredentials", "adapi"],
    ["no CustomerId", () => ({ customerId: undefined }), 1029, "CampaignServiceCustomerIdHasToBeSpecified", "api"],
    ["no CustomerAccountId", () => ({ accountId: undefined }), 1030, "CampaignServiceAccountIdHasToBeSpecified", "api"],
    ["an unknown customer", () => ({ customerId: "999" }), 1490, "CampaignServiceInvalidCustomerId", "api"],
    ["a customer the user cannot access", () => ({ customerId: "1000002", accountId: "2000003" }), 106, "UserIsNotAuthorized", "adapi"],
    ["an unknown account", () => ({ accountId: "999" }), 1102, "CampaignServiceInvalidAccountId", "api"],
    ["an account of another customer", () => ({ accountId: "2000003" }), 1102, "CampaignServiceInvalidAccountId", "api"],
  ];
  for (const [what, caller, code, errorCode, kind] of cases) {
    it(`answers ${code} ${errorCode} for ${what}`, async () => {
      const c = { token, ...caller() };
      const xml = envelopeXml("GetConversionGoalsByIds", c, getBody());
      const r = await postSoap(emu, "GetConversionGoalsByIds", xml);
      assert.equal(r.status, 500);
      assert.equal(r.str("//s:Fault/faultcode"), "s:Server");
      assert.deepEqual(faultErrors(r).map((e) => [e.code, e.errorCode]), [[code, errorCode]]);
      const detail = kind === "adapi" ? "//detail/ad:AdApiFaultDetail" : "//detail/v:ApiFaultDetail";
      assert.equal(r.nodes(detail).length, 1, `fault detail is ${kind}`);
      assert.ok(r.str("//s:Header/v:TrackingId").length > 0, "a TrackingId header");
      assert.equal(r.str(`${detail}/ad:TrackingId`), r.str("//s:Header/v:TrackingId"));
    });
  }

  it("answers 109 once the access token has expired, and a new token works", async () => {
    assert.equal((await getGoals(emu, { token }, null)).status, 200);
    emu.clock.advance(3600_000);
    const expired = await getGoals(emu, { token }, null);
    assert.deepEqual(faultErrors(expired).map((e) => [e.code, e.errorCode]), [[109, "AuthenticationTokenExpired"]]);
    const fresh = await accessToken(emu);
    assert.equal((await getGoals(emu, { token: fresh }, null)).status, 200);
  });

  it("ignores headers outside the v13 namespace, as WCF does (105)", async () => {
    const xml =
      `<s:Envelope xmlns:s="${SOAP}" xmlns:i="${XSI}"><s:Header>` +
      `<AuthenticationToken>${token}</AuthenticationToken><CustomerAccountId>2000001</CustomerAccountId>` +
      `<CustomerId>1000001</CustomerId><DeveloperToken>BBD37VB98</DeveloperToken></s:Header>` +
      `<s:Body><GetConversionGoalsByIdsRequest xmlns="${V13}">${getBody()}</GetConversionGoalsByIdsRequest></s:Body></s:Envelope>`;
    const r = await postSoap(emu, "GetConversionGoalsByIds", xml);
    assert.deepEqual(faultErrors(r).map((e) => e.code), [105]);
  });

  it("accepts headers under any prefix bound to the v13 namespace", async () => {
    const xml =
      `<soap:Envelope xmlns:soap="${SOAP}" xmlns:tns="${V13}"><soap:Header>` +
      `<tns:AuthenticationToken>${token}</tns:AuthenticationToken><tns:CustomerAccountId>2000001</tns:CustomerAccountId>` +
      `<tns:CustomerId>1000001</tns:CustomerId><tns:DeveloperToken>BBD37VB98</tns:DeveloperToken></soap:Header>` +
      `<soap:Body><tns:GetConversionGoalsByIdsRequest><tns:ConversionGoalTypes>OfflineConversion</tns:ConversionGoalTypes></tns:GetConversionGoalsByIdsRequest></soap:Body></soap:Envelope>`;
    const r = await postSoap(emu, "GetConversionGoalsByIds", xml);
    assert.equal(r.status, 200, r.text);
  });

  it("changes nothing when an Add is refused for its credentials", async () => {
    const xml = envelopeXml("AddConversionGoals", { token: "forged" }, `<ConversionGoals>${goalXml({ GoalCategory: "Purchase", Name: "x" })}</ConversionGoals>`);
    const r = await postSoap(emu, "AddConversionGoals", xml);
    assert.deepEqual(faultErrors(r).map((e) => e.code), [105]);
    assert.equal((await adminState(emu)).goals.length, 0);
  });

  it("never repeats a credential in a fault", async () => {
    const r = await postSoap(emu, "GetConversionGoalsByIds", envelopeXml("GetConversionGoalsByIds", { token: "secret-looking-token", developerToken: "SECRET-DEV" }, getBody()));
    assert.ok(!r.text.includes("secret-looking-token"));
    assert.ok(!r.text.includes("SECRET-DEV"));
  });
});

function getBody(): string {
  return "<ConversionGoalTypes>OfflineConversion</ConversionGoalTypes>";
}
