import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { clearTokenCache } from "../../provider/client";
import { retiredName } from "../../provider/resource/delete";
import { reconcileUnmanagedGoals, unmanagedGoalMode } from "../../sdk/unmanaged-goals";
import { OwnState } from "../../sdk/audit/stack-state";
import { IDS, seededGoal, UNMANAGED_SEED } from "../support/account-goals";
import { startTestEmulator, TestEmulator } from "../support/emulator";

// The goals program's side (the modes with the real CLI: test/e2e/unmanaged-goals.test.ts): who owns a goal, what
// each mode does when the state or the listing cannot be had, under Pulumi's mock runtime.

const STATE_OWNED = "9007199254740198";
const DECLARED = "9007199254740199";
const SEED = { ...UNMANAGED_SEED, goals: [...UNMANAGED_SEED.goals, seededGoal(STATE_OWNED, "Being deleted"), seededGoal(DECLARED, "Leads")] };

describe("goals program: unmanagedGoals", function () {
  this.timeout(20_000);
  let emu: TestEmulator;
  let registered: Array<{ type: string; name: string; inputs: Record<string, unknown> }>;
  const lines: string[] = [];
  before(async () => {
    emu = await startTestEmulator({ seed: SEED, log: (l) => lines.push(l) });
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({ type: args.type, name: args.name, inputs: args.inputs });
          return { id: String(args.inputs.goalId ?? "1"), state: args.inputs };
        },
        call: () => ({}),
      },
      "msads-test",
      "dev",
      false,
    );
  });
  after(() => emu.close());
  beforeEach(() => {
    registered = [];
    lines.length = 0;
    clearTokenCache();
  });

  const config = () => {
    const values: Record<string, string> = {
      "msads:developerToken": "BBD37VB98",
      "msads:customerId": "1000001",
      "msads:accountId": "2000001",
      "msads:endpoint": emu.url,
      "msads:tokenUrl": emu.tokenUrl,
      "msads:clientId": "msads-emulator-client",
      "msads:refreshToken": "emulator-refresh-token",
    };
    return { get: (k: string) => values[k] };
  };
  const declared = [
    { key: "leads", name: "Leads", id: pulumi.output(DECLARED) },
    { key: "store", name: "Store visits", id: pulumi.output("9007199254749999") },
  ];
  const state = (own: Partial<OwnState> = {}) => async (): Promise<OwnState> => ({ goalIds: new Set([STATE_OWNED]), retirementIds: new Set(), ...own });
  const settle = async (n: number) => {
    for (let i = 0; i < 100 && registered.length < n; i++) await new Promise((r) => setTimeout(r, 10));
  };

  it("warn: one line per goal neither the state nor a declaration owns; a declared name owns its look-alike", async () => {
    const warned: string[] = [];
    const out = await reconcileUnmanagedGoals(declared, "warn", { config: config(), env: {}, warn: (m) => warned.push(m), state: state() });
    assert.deepEqual(out.map((g) => g.id), [IDS.webUi, IDS.customer, IDS.pausedByHand]);
    assert.equal(warned.length, 3);
    assert.match(warned[0], new RegExp(`^unmanaged goal "Web UI leads" \\(id ${IDS.webUi}, Active, Account scope, account 2000001\\): .*--adopt ${IDS.webUi}`));
    assert.ok(!warned.some((w) => w.includes(STATE_OWNED)), "a goal of the state (its delete pending) is the stack's");
  });

  it("a state that cannot be read is a warning, and then only declarations own goals", async () => {
    const warned: string[] = [];
    const out = await reconcileUnmanagedGoals(declared, "warn", { config: config(), env: {}, warn: (m) => warned.push(m), state: async () => Promise.reject(new Error("cannot run pulumi: ENOENT")) });
    assert.match(warned[0], /the stack's state could not be read.*ENOENT/);
    assert.ok(out.some((g) => g.id === STATE_OWNED));
  });

  it("ignore lists nothing", async () => {
    assert.deepEqual(await reconcileUnmanagedGoals(declared, "ignore", { config: config(), env: {}, state: state() }), []);
    assert.equal(lines.length, 0, "no call");
  });

  it("a listing that fails is a warning in warn, and fails fail and retire naming the setting", async () => {
    const refused = { get: (k: string) => (k === "msads:refreshToken" ? "not-a-token" : config().get(k)) };
    const warned: string[] = [];
    assert.deepEqual(await reconcileUnmanagedGoals(declared, "warn", { config: refused, env: {}, warn: (m) => warned.push(m), state: state() }), []);
    assert.match(warned[0], /unmanaged goals not checked: listing the accounts' goals failed: .*invalid_grant/);
    assert.ok(!warned[0].includes("not-a-token"));
    for (const mode of ["fail", "retire"] as const) {
      await assert.rejects(reconcileUnmanagedGoals(declared, mode, { config: refused, env: {}, warn: () => {}, state: state() }), new RegExp(`unmanagedGoals: ${mode}: listing the accounts' goals failed`));
    }
  });

  it("fail rejects naming every unmanaged goal and the ways out", async () => {
    await assert.rejects(reconcileUnmanagedGoals(declared, "fail", { config: config(), env: {}, state: state() }), (e: Error) => {
      assert.ok(e instanceof pulumi.RunError);
      assert.match(e.message, /3 goals of the account no entry of the goals file declares/);
      for (const id of [IDS.webUi, IDS.customer, IDS.pausedByHand]) assert.match(e.message, new RegExp(id));
      assert.match(e.message, /msads-goals audit --adopt all --write/);
      return true;
    });
  });

  it("retire declares a GoalRetirement per unmanaged goal of Account scope, and keeps the state's records of goals since retired", async () => {
    const warned: string[] = [];
    await reconcileUnmanagedGoals(declared, "retire", { config: config(), env: {}, warn: (m) => warned.push(m), state: state({ retirementIds: new Set([IDS.retired]) }) });
    await settle(3);
    assert.deepEqual(registered.map((r) => [r.type, r.name]), [IDS.webUi, IDS.pausedByHand, IDS.retired].map((id) => ["pulumi-nodejs:dynamic/msads:GoalRetirement", `retire-${id}`]));
    // A Customer-scope goal may be another account's stack's: reported, never retired.
    assert.equal(warned.length, 1);
    assert.match(warned[0], new RegExp(`id ${IDS.customer}, Active, Customer scope.*Not retired: a Customer-scope goal is seen from every account`));
    const webUi = registered[0].inputs;
    // Its provider is a module text like the goal's: small, no credential, the installed code required.
    const text = webUi.__provider as string;
    assert.ok(typeof text === "string" && Buffer.byteLength(text) <= 150, "a small plain string");
    assert.match(text, /require\("module"\)\.createRequire\(process\.cwd\(\)\+"\/"\)\("pulumi-msads\/provider"\)\.retirement$/);
    assert.ok(!text.includes("emulator-refresh-token") && !text.includes("BBD37VB98"));
    assert.deepEqual({ ...webUi, __provider: undefined }, { __provider: undefined, goalId: IDS.webUi, customerId: "1000001", accountId: "2000001", name: retiredName("Web UI leads", IDS.webUi), status: "Paused", previous: { name: "Web UI leads", status: "Active" } });
    registered = [];
    await reconcileUnmanagedGoals(declared, "retire", { config: config(), env: {}, state: state() });
    await settle(3);
    assert.ok(!registered.some((r) => r.name === `retire-${IDS.retired}`), "a goal retired without a record gets none");
  });

  it("the mode setting defaults to warn and refuses anything else naming the choices", () => {
    assert.equal(unmanagedGoalMode(undefined), "warn");
    assert.equal(unmanagedGoalMode(" retire "), "retire");
    assert.throws(() => unmanagedGoalMode("delete"), /invalid stack setting unmanagedGoals: must be one of ignore, warn, fail, retire, got "delete"/);
  });
});
