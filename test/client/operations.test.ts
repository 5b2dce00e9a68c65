import { strict as assert } from "node:assert";
import { ConversionGoal, MsAdsError } from "../../provider/client";
import { adminState } from "../support/emulator";
import { ClientHarness, rejection, useClientHarness } from "../support/client";

describe("client: operations against the emulator", () => {
  const harness = useClientHarness();
  let h: ClientHarness;
  beforeEach(() => (h = harness()));

  const leads: ConversionGoal = {
    name: "Leads",
    goalCategory: "SubmitLeadForm",
    conversionWindowInMinutes: 10080,
    countType: "Unique",
    excludeFromBidding: true,
    revenue: { type: "FixedValue", value: "12.50" },
    scope: "Account",
    status: "Active",
    isExternallyAttributed: false,
  };

  it("adds goals and returns their ids as strings above 2^53, aligned with the goals sent", async () => {
    const res = await h.client.addConversionGoals([leads, { name: "Sales", goalCategory: "Purchase" }]);
    assert.deepEqual(res.goalIds, ["9007199254741001", "9007199254741002"]);
    assert.deepEqual(res.partialErrors, []);
    assert.equal(res.trackingIds.length, 1);
    assert.match(res.trackingIds[0], /^[0-9a-f-]{36}$/);
    const state = await adminState(h.emu);
    assert.deepEqual(state.goals.map((g) => g.name), ["Leads", "Sales"]);
  });

  it("reads back every setting sent, plus the defaults and the account currency the service filled in", async () => {
    const { goalIds } = await h.client.addConversionGoals([leads, { name: "Sales", goalCategory: "Purchase" }]);
    const { goals, partialErrors } = await h.client.getConversionGoalsByIds(goalIds as string[]);
    assert.deepEqual(partialErrors, []);
    assert.deepEqual(goals[0], {
      ...leads,
      id: "9007199254741001",
      revenue: { type: "FixedValue", value: "12.50", currencyCode: "USD" },
      type: "OfflineConversion",
    });
    assert.deepEqual(goals[1], {
      id: "9007199254741002",
      name: "Sales",
      goalCategory: "Purchase",
      conversionWindowInMinutes: 43200,
      countType: "All",
      excludeFromBidding: false,
      revenue: { type: "NoValue", currencyCode: "USD" },
      scope: "Account",
      status: "Active",
      isExternallyAttributed: false,
      type: "OfflineConversion",
    });
  });

  it("keeps decimals exact as text in both directions", async () => {
    const { goalIds } = await h.client.addConversionGoals([{ name: "Cents", goalCategory: "Purchase", revenue: { type: "VariableValue", value: "0.30000000000000004" } }]);
    const { goals } = await h.client.getConversionGoalsByIds(goalIds as string[]);
    assert.equal(goals[0]?.revenue?.value, "0.30000000000000004");
  });

  it("reports a per-goal error with its index, the goal's name and the code, and still creates the others", async () => {
    const res = await h.client.addConversionGoals([{ name: "Ok", goalCategory: "Purchase" }, { name: "x".repeat(101), goalCategory: "Purchase" }, { name: "Also ok", goalCategory: "Contact" }]);
    assert.equal(res.goalIds[0], "9007199254741001");
    assert.equal(res.goalIds[1], null);
    assert.equal(res.goalIds[2], "9007199254741002");
    assert.equal(res.partialErrors.length, 1);
    const e = res.partialErrors[0];
    assert.ok(e instanceof MsAdsError);
    assert.equal(e.kind, "api");
    assert.equal(e.index, 1);
    assert.equal(e.code, 5320);
    assert.equal(e.errorCode, "InvalidConversionGoalName");
    assert.equal(e.goal?.name, "x".repeat(101));
    assert.equal(e.trackingId, res.trackingIds[0]);
    assert.equal(e.errors[0].fieldPath, "Name");
  });

  it("writes actionable messages: operation, code, symbol, service text, goal and TrackingId", async () => {
    await h.client.addConversionGoals([{ name: "Leads", goalCategory: "Purchase" }]);
    const res = await h.client.addConversionGoals([{ name: "LEADS", goalCategory: "Purchase" }]);
    const e = res.partialErrors[0];
    assert.equal(e.code, 5317);
    assert.match(
      e.message,
      /^AddConversionGoals: 5317 ConversionGoalNameAlreadyExists: The Conversion Goal with the same name already exists for the customer\. \(goal "LEADS"; index 0; TrackingId [0-9a-f-]{36}\)$/,
    );
  });

  it("updates only the fields given and replaces revenue whole", async () => {
    const { goalIds } = await h.client.addConversionGoals([leads]);
    const id = goalIds[0] as string;
    const upd = await h.client.updateConversionGoals([{ id, status: "Paused", revenue: { type: "NoValue" } }]);
    assert.deepEqual(upd.partialErrors, []);
    const [goal] = (await h.client.getConversionGoalsByIds([id])).goals;
    assert.equal(goal?.status, "Paused");
    assert.deepEqual(goal?.revenue, { type: "NoValue", currencyCode: "USD" });
    assert.equal(goal?.name, "Leads");
    assert.equal(goal?.conversionWindowInMinutes, 10080);
    assert.equal(goal?.countType, "Unique");
    const body = h.recorder.soap("UpdateConversionGoals")[0].body;
    assert.ok(!body.includes("<Name>"), "an unchanged name is not sent");
    assert.ok(!body.includes("ConversionWindowInMinutes"), "an unchanged window is not sent");
  });

  it("reports an update of an unknown id as a per-goal error naming the id", async () => {
    const res = await h.client.updateConversionGoals([{ id: "9007199254749999", status: "Paused" }]);
    assert.equal(res.partialErrors.length, 1);
    assert.equal(res.partialErrors[0].code, 5314);
    assert.equal(res.partialErrors[0].goal?.id, "9007199254749999");
    assert.equal(res.partialErrors[0].index, 0);
  });

  it("returns null for ids the service does not know, keeping the others in place", async () => {
    const { goalIds } = await h.client.addConversionGoals([{ name: "A", goalCategory: "Purchase" }, { name: "B", goalCategory: "Purchase" }]);
    const res = await h.client.getConversionGoalsByIds([goalIds[0] as string, "9007199254749999", goalIds[1] as string]);
    assert.deepEqual(res.goals.map((g) => g?.name ?? null), ["A", null, "B"]);
    assert.equal(res.partialErrors[0].index, 1);
    assert.equal(res.partialErrors[0].code, 5314);
  });

  it("lists every offline goal of the account, paused ones included", async () => {
    const { goalIds } = await h.client.addConversionGoals([{ name: "A", goalCategory: "Purchase" }, { name: "B", goalCategory: "Signup" }]);
    await h.client.updateConversionGoals([{ id: goalIds[1] as string, status: "Paused" }]);
    const all = await h.client.listOfflineConversionGoals();
    assert.deepEqual(all.map((g) => [g.name, g.status, g.goalCategory]), [["A", "Active", "Purchase"], ["B", "Paused", "Signup"]]);
    const body = h.recorder.soap("GetConversionGoalsByIds")[0].body;
    assert.match(body, /<ConversionGoalIds xsi:nil="true"/);
    assert.match(body, /<ConversionGoalTypes>OfflineConversion<\/ConversionGoalTypes>/);
  });

  it("always asks for GoalCategory and IsExternallyAttributed, which the service returns only on request", async () => {
    const { goalIds } = await h.client.addConversionGoals([{ name: "A", goalCategory: "BookAppointment", isExternallyAttributed: true }]);
    const { goals } = await h.client.getConversionGoalsByIds(goalIds as string[]);
    assert.equal(goals[0]?.goalCategory, "BookAppointment");
    assert.equal(goals[0]?.isExternallyAttributed, true);
    assert.match(h.recorder.soap("GetConversionGoalsByIds")[0].body, /<ReturnAdditionalFields>GoalCategory IsExternallyAttributed<\/ReturnAdditionalFields>/);
  });

  it("sends the four headers qualified in the v13 namespace and xsi:type on every goal", async () => {
    await h.client.addConversionGoals([{ name: "A", goalCategory: "Purchase" }, { name: "B", goalCategory: "Purchase" }]);
    const body = h.recorder.soap("AddConversionGoals")[0].body;
    for (const name of ["AuthenticationToken", "CustomerAccountId", "CustomerId", "DeveloperToken"]) {
      assert.match(body, new RegExp(`<${name} xmlns="https://bingads.microsoft.com/CampaignManagement/v13">`), name);
    }
    assert.equal(body.match(/<ConversionGoal xsi:type="OfflineConversionGoal">/g)?.length, 2);
  });

  it("asks nothing of the service for empty lists", async () => {
    assert.deepEqual(await h.client.addConversionGoals([]), { goalIds: [], partialErrors: [], trackingIds: [] });
    assert.deepEqual(await h.client.updateConversionGoals([]), { partialErrors: [], trackingIds: [] });
    assert.deepEqual(await h.client.getConversionGoalsByIds([]), { goals: [], partialErrors: [], trackingIds: [] });
    assert.equal(h.recorder.requests.length, 0);
  });

  it("refuses malformed goals before sending anything, naming each field", async () => {
    const e = await rejection<TypeError>(
      h.client.addConversionGoals([
        { name: "A", goalCategory: "Purchase", revenue: { type: "FixedValue", value: 1.5 as unknown as string } },
        { name: "B", goalCategory: "Purchase", conversionWindow: 5 } as unknown as ConversionGoal,
        { id: "1", name: "C", goalCategory: "Purchase" },
      ]),
    );
    assert.ok(e instanceof TypeError);
    assert.match(e.message, /goals\[0\]\.revenue\.value/);
    assert.match(e.message, /goals\[1\]\.\(goal\): Unrecognized key: "conversionWindow"/);
    assert.match(e.message, /goals\[2\]\.id: must be absent when adding/);
    const u = await rejection<TypeError>(h.client.updateConversionGoals([{ status: "Paused" }]));
    assert.match(u.message, /goals\[0\]\.id: is required to update/);
    const g = await rejection<TypeError>(h.client.getConversionGoalsByIds([Number("9007199254741001") as unknown as string]));
    assert.match(g.message, /ids\[0\]: 9007199254741000 is not a goal id/);
    assert.equal(h.recorder.requests.length, 0);
  });

  it("surfaces whole-call faults as MsAdsError with the code, e.g. 1102 for an account the user cannot use", async () => {
    const e = await rejection<MsAdsError>(h.make({ accountId: "2999999" }).listOfflineConversionGoals());
    assert.ok(e instanceof MsAdsError);
    assert.equal(e.kind, "api");
    assert.equal(e.operation, "GetConversionGoalsByIds");
    assert.ok(e.code === 1102 || e.code === 106, `code ${e.code}`);
    assert.match(e.trackingId ?? "", /^[0-9a-f-]{36}$/);
    assert.equal(e.retryable, false);
  });

  it("refuses invalid options at construction, naming the option", () => {
    assert.throws(() => h.make({ customerId: "abc" }), /customerId: must be a whole number written as text/);
    assert.throws(() => h.make({ developerToken: "" }), /developerToken: is required/);
    assert.throws(() => h.make({ credentials: {} as never }), /credentials: give \{ accessToken \} or \{ clientId, refreshToken \}/);
    assert.throws(() => h.make({ environment: { serviceUrl: h.emu.url } }), /environment\.tokenUrl: is required/);
  });
});
