import assert from "node:assert/strict";
import { DEFAULT_SEED } from "../../emulator";
import { Caller, SoapResponse, TestEmulator, accessToken, addGoals, adminState, faultErrors, getGoals, startTestEmulator, updateGoals } from "../support/emulator";

/** Asserts a response is the 117 CallRateExceeded fault: HTTP 500, an AdApiFaultDetail, no ApiFaultDetail. */
function assertThrottled(r: SoapResponse, when: string): void {
  assert.equal(r.status, 500, `${when}: HTTP status`);
  assert.equal(r.str("//s:Fault/faultcode"), "s:Server", `${when}: faultcode`);
  assert.equal(r.nodes("//s:Fault/detail/ad:AdApiFaultDetail").length, 1, `${when}: AdApiFaultDetail`);
  assert.equal(r.nodes("//s:Fault/detail/v:ApiFaultDetail").length, 0, `${when}: no ApiFaultDetail`);
  assert.deepEqual(faultErrors(r).map((e) => [e.code, e.errorCode]), [[117, "CallRateExceeded"]], when);
}

function assertPassed(r: SoapResponse, when: string): void {
  assert.equal(r.status, 200, `${when}: expected success, got ${r.status} ${r.text.slice(0, 300)}`);
}

describe("emulator: throttling (callsPerMinute 3)", () => {
  let emu: TestEmulator;
  let contoso: Caller;
  let fabrikam: Caller;

  beforeEach(async () => {
    emu = await startTestEmulator({
      callsPerMinute: 3,
      seed: {
        ...DEFAULT_SEED,
        customers: [...DEFAULT_SEED.customers, { id: "1000002", name: "Fabrikam", accounts: [{ id: "2000003", currencyCode: "GBP" }] }],
        users: [{ id: "emulator-user", customerIds: ["1000001", "1000002"] }],
      },
    });
    const token = await accessToken(emu);
    contoso = { token };
    fabrikam = { token, customerId: "1000002", accountId: "2000003" };
  });
  afterEach(() => emu.close());

  it("answers 3 calls, refuses the 4th with 117, still refuses after 59 s, and answers once the first call leaves the window", async () => {
    assertPassed(await getGoals(emu, contoso, null), "call 1 at 0 s");
    emu.clock.advance(10_000);
    assertPassed(await getGoals(emu, contoso, null), "call 2 at 10 s");
    emu.clock.advance(10_000);
    assertPassed(await getGoals(emu, contoso, null), "call 3 at 20 s");
    assertThrottled(await getGoals(emu, contoso, null), "call 4 at 20 s");
    emu.clock.advance(39_000);
    assertThrottled(await getGoals(emu, contoso, null), "at 59 s");
    emu.clock.advance(1_000);
    assertPassed(await getGoals(emu, contoso, null), "at 60 s, call 1 has left the window");
    assertThrottled(await getGoals(emu, contoso, null), "at 60 s, calls 2, 3 and the last are in the window");
    emu.clock.advance(10_000);
    assertPassed(await getGoals(emu, contoso, null), "at 70 s, call 2 has left the window");
  });

  it("counts every operation against the same budget and applies nothing it refuses", async () => {
    const added = await addGoals(emu, contoso, [{ GoalCategory: "Purchase", Name: "Counted" }]);
    assertPassed(added, "Add");
    assertPassed(await updateGoals(emu, contoso, [{ Id: added.ids[0]!, Name: "Renamed" }]), "Update");
    assertPassed(await getGoals(emu, contoso, null), "Get");
    assertThrottled(await addGoals(emu, contoso, [{ GoalCategory: "Purchase", Name: "Refused" }]), "a 4th call, an Add");
    assertThrottled(await updateGoals(emu, contoso, [{ Id: added.ids[0]!, Name: "Refused rename" }]), "a 5th call, an Update");
    assert.deepEqual(
      (await adminState(emu)).goals.map((g) => g.name),
      ["Renamed"],
    );
  });

  it("throttles per customer: a second customer is unaffected", async () => {
    for (let i = 1; i <= 3; i++) assertPassed(await getGoals(emu, contoso, null), `Contoso call ${i}`);
    assertThrottled(await getGoals(emu, contoso, null), "Contoso call 4");
    for (let i = 1; i <= 3; i++) assertPassed(await getGoals(emu, fabrikam, null), `Fabrikam call ${i}, same user and token`);
    assertThrottled(await getGoals(emu, fabrikam, null), "Fabrikam call 4");
    assertThrottled(await getGoals(emu, contoso, null), "Contoso is still throttled");
  });

  it("does not count refused calls: they do not extend the wait", async () => {
    for (let i = 1; i <= 3; i++) assertPassed(await getGoals(emu, contoso, null), `call ${i} at 0 s`);
    for (let i = 1; i <= 10; i++) {
      emu.clock.advance(5_900);
      assertThrottled(await getGoals(emu, contoso, null), `refused call at ${(i * 5.9).toFixed(1)} s`);
    }
    emu.clock.advance(1_000);
    // Now 60 s after the first three calls: all three slots are free again, because none of the refusals counted.
    assertPassed(await getGoals(emu, contoso, null), "at 60 s, slot 1");
    assertPassed(await getGoals(emu, contoso, null), "at 60 s, slot 2");
    assertPassed(await getGoals(emu, contoso, null), "at 60 s, slot 3");
    assertThrottled(await getGoals(emu, contoso, null), "at 60 s, a 4th");
  });
});

describe("emulator: throttling disabled", () => {
  let emu: TestEmulator;
  beforeEach(async () => {
    emu = await startTestEmulator();
  });
  afterEach(() => emu.close());

  it("answers any number of calls when callsPerMinute is absent", async () => {
    const token = await accessToken(emu);
    for (let i = 1; i <= 10; i++) assertPassed(await getGoals(emu, { token }, null), `call ${i}`);
  });
});
