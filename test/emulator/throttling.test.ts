import assert from "node:assert/strict";
import { DEFAULT_SEED } from "../../emulator";
import { startEmulator } from "../../emulator";
import { Cli, endpoints, exitWithin, spawnCli } from "../support/cli-process";
import { Caller, SoapResponse, TestEmulator, accessToken, addGoals, adminState, faultErrors, getGoals, redeem, startTestEmulator, updateGoals } from "../support/emulator";

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

/**
 * Two customers and two users: Ann may act for both customers, Bob for Contoso only. The reference limits "the
 * number of calls ... that any one user can make in a minute" and, "at the customer level", the calls made to the
 * customer's data (services-protocol, Campaign Management throttling).
 */
const TWO_USERS_SEED = {
  ...DEFAULT_SEED,
  customers: [...DEFAULT_SEED.customers, { id: "1000002", name: "Fabrikam", accounts: [{ id: "2000003", currencyCode: "GBP" }] }],
  users: [
    { id: "ann", customerIds: ["1000001", "1000002"] },
    { id: "bob", customerIds: ["1000001"] },
  ],
  refreshTokens: [
    { token: "ann-refresh-token", clientId: "msads-emulator-client", userId: "ann" },
    { token: "bob-refresh-token", clientId: "msads-emulator-client", userId: "bob" },
  ],
};

/** The 117 message's last sentence, which names the window that refused the call. */
function refusalSentence(r: SoapResponse): string {
  const [error] = faultErrors(r);
  assert.ok(error, `expected a fault, got ${r.status} ${r.text.slice(0, 200)}`);
  return error.message.replace(/^.*Please reduce the number of calls that you make per minute\. /, "");
}

describe("emulator: throttling per user and per customer", () => {
  let emu: TestEmulator;
  let annContoso: Caller;
  let annFabrikam: Caller;
  let bobContoso: Caller;

  async function start(options: Parameters<typeof startTestEmulator>[0]): Promise<void> {
    emu = await startTestEmulator({ seed: TWO_USERS_SEED, ...options });
    const token = async (refreshToken: string) => {
      const r = await redeem(emu, { refresh_token: refreshToken });
      assert.equal(r.status, 200, JSON.stringify(r.json));
      return r.json.access_token as string;
    };
    const ann = await token("ann-refresh-token");
    const bob = await token("bob-refresh-token");
    annContoso = { token: ann };
    annFabrikam = { token: ann, customerId: "1000002", accountId: "2000003" };
    bobContoso = { token: bob };
  }
  afterEach(() => emu.close());

  it("limits each user on their own: a second user of the same customer is unaffected", async () => {
    await start({ userCallsPerMinute: 2 });
    assertPassed(await getGoals(emu, annContoso, null), "Ann call 1");
    assertPassed(await getGoals(emu, annContoso, null), "Ann call 2");
    const refused = await getGoals(emu, annContoso, null);
    assertThrottled(refused, "Ann call 3");
    assert.equal(refusalSentence(refused), "The user limit was reached: 2 calls per 60 seconds for user ann.");
    for (let i = 1; i <= 2; i++) assertPassed(await getGoals(emu, bobContoso, null), `Bob call ${i}, same customer`);
    assertThrottled(await getGoals(emu, bobContoso, null), "Bob call 3");
  });

  it("counts one user's calls across every customer they act for", async () => {
    await start({ userCallsPerMinute: 2 });
    assertPassed(await getGoals(emu, annContoso, null), "Ann on Contoso");
    assertPassed(await getGoals(emu, annFabrikam, null), "Ann on Fabrikam");
    const refused = await getGoals(emu, annFabrikam, null);
    assertThrottled(refused, "Ann's third call, on Fabrikam");
    assert.match(refusalSentence(refused), /^The user limit was reached: .* for user ann\.$/);
    assertThrottled(await getGoals(emu, annContoso, null), "Ann's third call, on Contoso");
  });

  it("limits a customer's calls by all its users together, and leaves the user's other customer alone", async () => {
    await start({ customerCallsPerMinute: 3 });
    assertPassed(await getGoals(emu, annContoso, null), "Ann on Contoso 1");
    assertPassed(await getGoals(emu, annContoso, null), "Ann on Contoso 2");
    assertPassed(await getGoals(emu, bobContoso, null), "Bob on Contoso");
    const refused = await getGoals(emu, bobContoso, null);
    assertThrottled(refused, "Bob's second call, Contoso's fourth");
    assert.equal(refusalSentence(refused), "The customer limit was reached: 3 calls per 60 seconds for customer 1000001.");
    assertThrottled(await getGoals(emu, annContoso, null), "Ann on Contoso, fourth for the customer");
    for (let i = 1; i <= 3; i++) assertPassed(await getGoals(emu, annFabrikam, null), `Ann on Fabrikam ${i}`);
  });

  it("checks both windows when both are set, naming the one that refused", async () => {
    await start({ userCallsPerMinute: 2, customerCallsPerMinute: 3 });
    assertPassed(await getGoals(emu, annContoso, null), "Ann 1");
    assertPassed(await getGoals(emu, annContoso, null), "Ann 2");
    assert.match(refusalSentence(await getGoals(emu, annContoso, null)), /^The user limit/, "Ann's own window is full first");
    assertPassed(await getGoals(emu, bobContoso, null), "Bob 1, Contoso's third");
    assert.match(refusalSentence(await getGoals(emu, bobContoso, null)), /^The customer limit/, "Bob has room, Contoso has not");
  });

  it("does not count a call the customer window refused against the user's window", async () => {
    await start({ userCallsPerMinute: 2, customerCallsPerMinute: 2 });
    assertPassed(await getGoals(emu, bobContoso, null), "Bob 1");
    assertPassed(await getGoals(emu, bobContoso, null), "Bob 2, Contoso full");
    for (let i = 1; i <= 3; i++) assert.match(refusalSentence(await getGoals(emu, annContoso, null)), /^The customer limit/, `Ann refused on Contoso ${i}`);
    // Had the three refusals counted, Ann's window (2) would be full now.
    assertPassed(await getGoals(emu, annFabrikam, null), "Ann on Fabrikam 1");
    assertPassed(await getGoals(emu, annFabrikam, null), "Ann on Fabrikam 2");
    assert.match(refusalSentence(await getGoals(emu, annFabrikam, null)), /^The user limit/);
  });

  it("slides each window: a slot frees exactly one window length after the call that took it", async () => {
    await start({ userCallsPerMinute: 2, customerCallsPerMinute: 3 });
    assertPassed(await getGoals(emu, annContoso, null), "Ann at 0 s");
    emu.clock.advance(20_000);
    assertPassed(await getGoals(emu, annContoso, null), "Ann at 20 s");
    assertPassed(await getGoals(emu, bobContoso, null), "Bob at 20 s, Contoso's third");
    emu.clock.advance(39_999);
    assert.match(refusalSentence(await getGoals(emu, annContoso, null)), /^The user limit/, "Ann at 59.999 s");
    assert.match(refusalSentence(await getGoals(emu, bobContoso, null)), /^The customer limit/, "Bob at 59.999 s");
    emu.clock.advance(1);
    assertPassed(await getGoals(emu, bobContoso, null), "Bob at 60 s: Ann's first call left both windows");
    assert.match(refusalSentence(await getGoals(emu, annContoso, null)), /^The customer limit/, "Ann at 60 s: her window has room, Contoso's is full again");
    emu.clock.advance(20_000);
    assertPassed(await getGoals(emu, annContoso, null), "Ann at 80 s");
  });

  it("takes the window length from throttleWindowSeconds", async () => {
    await start({ userCallsPerMinute: 1, throttleWindowSeconds: 5 });
    assertPassed(await getGoals(emu, annContoso, null), "at 0 s");
    emu.clock.advance(4_999);
    const refused = await getGoals(emu, annContoso, null);
    assert.equal(refusalSentence(refused), "The user limit was reached: 1 call per 5 seconds for user ann.");
    emu.clock.advance(1);
    assertPassed(await getGoals(emu, annContoso, null), "at 5 s");
  });

  it("keeps callsPerMinute as the per-customer limit", async () => {
    await start({ callsPerMinute: 1 });
    assertPassed(await getGoals(emu, annContoso, null), "Ann on Contoso");
    assert.match(refusalSentence(await getGoals(emu, bobContoso, null)), /^The customer limit was reached: 1 call per 60 seconds for customer 1000001\.$/);
    assertPassed(await getGoals(emu, annFabrikam, null), "Ann on Fabrikam");
  });
});

describe("emulator: throttling options", () => {
  for (const [what, options, field] of [
    ["callsPerMinute together with customerCallsPerMinute", { callsPerMinute: 3, customerCallsPerMinute: 3 }, /callsPerMinute, customerCallsPerMinute: give only one/],
    ["a negative userCallsPerMinute", { userCallsPerMinute: -1 }, /^userCallsPerMinute: /],
    ["a fractional customerCallsPerMinute", { customerCallsPerMinute: 1.5 }, /^customerCallsPerMinute: /],
    ["a throttle window of 0 seconds", { throttleWindowSeconds: 0 }, /^throttleWindowSeconds: must be a whole number of seconds, 1 or more/],
  ] as const) {
    it(`refuses to start with ${what}, naming the option`, async () => {
      await assert.rejects(startEmulator({ ...options, port: 0 }), (e: Error) => {
        assert.ok(e instanceof TypeError, String(e));
        assert.match(e.message, field);
        return true;
      });
    });
  }
});

describe("emulator: throttling options on the command line", () => {
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

  for (const [flag, scope] of [
    ["--user-calls-per-minute", "user emulator-user"],
    ["--customer-calls-per-minute", "customer 1000001"],
  ] as const) {
    it(`passes ${flag} and --throttle-window to the throttle`, async () => {
      const emu = await endpoints(run(["--port", "0", "--quiet", flag, "1", "--throttle-window", "7"]));
      const token = await accessToken(emu);
      assertPassed(await getGoals(emu, { token }, null), "call 1");
      const refused = await getGoals(emu, { token }, null);
      assertThrottled(refused, "call 2");
      assert.match(refusalSentence(refused), new RegExp(`limit was reached: 1 call per 7 seconds for ${scope}\\.$`));
    });
  }

  it("exits with code 2 for a throttle window of 0, naming the flag", async () => {
    const cli = run(["--port", "0", "--throttle-window", "0"]);
    assert.equal((await exitWithin(cli)).code, 2);
    assert.match(cli.stderr(), /--throttle-window must be 1 second or more/);
  });
});
