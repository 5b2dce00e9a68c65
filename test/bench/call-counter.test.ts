import assert from "node:assert/strict";
import { CallCounter, operationOfLogLine, serviceCalls } from "../../bench/support/call-counter";
import { accessToken, addGoals, getGoals, startTestEmulator, TestEmulator } from "../support/emulator";

describe("bench call counter", () => {
  it("reads the operation of each request line, and nothing from other lines", () => {
    assert.equal(operationOfLogLine("POST /Api/Advertiser/CampaignManagement/v13/CampaignManagementService.svc AddConversionGoals TrackingId=ab12 200 3.1ms"), "AddConversionGoals");
    assert.equal(operationOfLogLine("POST /Api/x.svc UpdateConversionGoals code=105 TrackingId=cd 500 0.9ms"), "UpdateConversionGoals");
    assert.equal(operationOfLogLine("POST /common/oauth2/v2.0/token token issued 200 1.0ms"), "token");
    assert.equal(operationOfLogLine("GET /Api/x.svc page 200 0.2ms"), "page");
    assert.equal(operationOfLogLine("internal error: TypeError: x is undefined"), undefined);
    assert.equal(operationOfLogLine("    at handle (/repo/dist/emulator/server.js:12:3)"), undefined);
  });

  it("does not count token requests as service calls", () => {
    assert.equal(serviceCalls({ AddConversionGoals: 2, GetConversionGoalsByIds: 3, token: 1 }), 5);
    assert.equal(serviceCalls({ token: 4 }), 0);
  });

  describe("against the emulator's own request log", () => {
    let emu: TestEmulator;
    const counter = new CallCounter();
    before(async () => {
      emu = await startTestEmulator({ log: (line) => counter.add(line) });
    });
    after(() => emu.close());

    it("counts each request by operation between takes, a marker request aside", async () => {
      const token = await accessToken(emu);
      const added = await addGoals(emu, { token }, [{ Name: "a", GoalCategory: "Purchase" }, { Name: "b", GoalCategory: "Purchase" }]);
      await getGoals(emu, { token }, added.ids as string[]);
      await getGoals(emu, { token }, added.ids as string[]);
      const marker = counter.marker("page");
      await (await fetch(emu.url)).text();
      await marker;
      assert.deepEqual(counter.take(), { token: 1, AddConversionGoals: 1, GetConversionGoalsByIds: 2 });
      assert.deepEqual(counter.take(), {});
    });
  });
});
