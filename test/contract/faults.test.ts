// Contract: whole-call faults. A fault refuses the whole request (no PartialErrors, nothing applied), and the
// client retries only what a resend can cure. Network and throttling faults need the emulator's fault injection.
import { strict as assert } from "node:assert";
import { ClientLogEntry, MsAdsError, OutcomeUnknownError } from "../../provider/client";
import { rejection } from "../support/client";
import { createdIds } from "./expect";
import { contract, contractCase, emulatorOnly, recordingTransport } from "./target";

contract("faults", (target) => {
  contractCase("refuses the whole call with 105 for a developer token the service does not know, after one request, creating nothing", async () => {
    const t = target();
    const rec = recordingTransport();
    const badToken = "contract-unknown-developer-token";
    const name = t.name("refused by 105");
    const e = await rejection<MsAdsError>(t.client({ developerToken: badToken, transport: rec.transport }).addConversionGoals([{ name, goalCategory: "Purchase" }]));
    assert.ok(e instanceof MsAdsError, String(e));
    assert.deepEqual([e.kind, e.operation, e.code, e.errorCode], ["api", "AddConversionGoals", 105, "InvalidCredentials"]);
    assert.equal(rec.soapCalls().length, 1, "not retried: resending cannot cure it");
    assert.equal(e.message.includes(badToken), false, "the developer token is not repeated in the error");
    assert.equal((await t.client().listOfflineConversionGoals()).some((g) => g.name === name), false, "nothing was created");
  });

  contractCase("refuses the whole call with 105 for an access token the service does not know", async () => {
    const t = target();
    const rec = recordingTransport();
    const e = await rejection<MsAdsError>(t.client({ accessToken: "contract-unknown-access-token", transport: rec.transport }).listOfflineConversionGoals());
    assert.ok(e instanceof MsAdsError, String(e));
    assert.deepEqual([e.kind, e.code, e.errorCode], ["api", 105, "InvalidCredentials"]);
    assert.equal(rec.tokenCalls().length, 0, "a static token is used as is");
  });

  contractCase("refuses the whole call with 1102 for an account id that is not one of the customer's", async () => {
    const t = target();
    const e = await rejection<MsAdsError>(t.client({ accountId: "9999999999" }).getConversionGoalsByIds(["1"]));
    assert.ok(e instanceof MsAdsError, String(e));
    assert.deepEqual([e.kind, e.operation, e.code, e.errorCode], ["api", "GetConversionGoalsByIds", 1102, "CampaignServiceInvalidAccountId"]);
  });

  emulatorOnly("waits out 117 CallRateExceeded and resends, creating the goal once", async () => {
    const t = target();
    const emu = t.emulator!;
    const rec = recordingTransport();
    const logs: ClientLogEntry[] = [];
    await emu.armFault({ operation: "AddConversionGoals", kind: "callRateExceeded" });
    const waitsBefore = emu.sleeps.length;
    const name = t.name("throttled");
    createdIds(await t.client({ transport: rec.transport, log: (l) => logs.push(l) }).addConversionGoals([{ name, goalCategory: "Purchase" }]));
    assert.deepEqual(emu.sleeps.slice(waitsBefore), [60_000], "one wait of the throttling window");
    assert.equal(rec.soapCalls().length, 2);
    assert.deepEqual(logs.filter((l) => l.event === "throttled").map((l) => l.errorCode), ["CallRateExceeded"]);
    assert.equal((await t.client().listOfflineConversionGoals()).filter((g) => g.name === name).length, 1);
  });

  emulatorOnly("reports an Add whose answer was lost after the commit as outcome unknown, naming the goal, without resending it", async () => {
    const t = target();
    const emu = t.emulator!;
    const rec = recordingTransport();
    await emu.armFault({ operation: "AddConversionGoals", kind: "commitThenDrop" });
    const name = t.name("outcome unknown");
    const e = await rejection<OutcomeUnknownError>(t.client({ transport: rec.transport }).addConversionGoals([{ name, goalCategory: "Purchase" }]));
    assert.ok(e instanceof OutcomeUnknownError, String(e));
    assert.deepEqual(e.goals, [{ index: 0, name }]);
    assert.equal(rec.soapCalls().length, 1, "an Add is never resent blindly");
    assert.equal((await t.client().listOfflineConversionGoals()).filter((g) => g.name === name).length, 1, "the service did create it, once");
  });

  emulatorOnly("retries an update that met an HTTP 503 page, and applies it", async () => {
    const t = target();
    const emu = t.emulator!;
    const client = t.client();
    const [id] = createdIds(await client.addConversionGoals([{ name: t.name("retried update"), goalCategory: "Purchase" }]));
    await emu.armFault({ operation: "UpdateConversionGoals", kind: "http503" });
    const rec = recordingTransport();
    const res = await t.client({ transport: rec.transport }).updateConversionGoals([{ id, status: "Paused" }]);
    assert.deepEqual(res.partialErrors, []);
    assert.deepEqual(rec.soapCalls().map((x) => x.response?.status), [503, 200]);
    assert.equal((await client.getConversionGoalsByIds([id])).goals[0]?.status, "Paused");
  });
});
