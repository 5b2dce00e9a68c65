import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_SEED, EmulatorOptions, StoredGoal } from "../../emulator";
import { State, stateFromSeed, tokenHash } from "../../emulator/state";
import { Store } from "../../emulator/store";
import { TestEmulator, addGoals, adminState, getGoals, redeem, startTestEmulator, updateGoals } from "../support/emulator";
import { Cli, endpoints, spawnCli } from "../support/cli-process";

const STORE = "store.json";

function goalIds(r: { nodes(p: string): Node[] }): string[] {
  return r.nodes("//v:ConversionGoals/v:ConversionGoal/v:Id").map((n) => n.textContent ?? "");
}

describe("emulator: persistence (dataDir)", () => {
  let dir: string;
  let emu: TestEmulator | undefined;

  const start = async (options: EmulatorOptions = {}) => {
    emu = await startTestEmulator({ dataDir: dir, ...options });
    return emu;
  };
  const stop = async () => {
    await emu?.close();
    emu = undefined;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "msads-persist-"));
  });
  afterEach(async () => {
    await stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps goals and issued tokens across a restart, and new ids continue above the old ones", async () => {
    const first = await start();
    const issued = await redeem(first);
    const access = issued.json.access_token as string;
    const rotated = issued.json.refresh_token as string;
    const added = await addGoals(first, { token: access }, [
      { GoalCategory: "Purchase", Name: "Before restart A" },
      { GoalCategory: "Signup", Name: "Before restart B", Scope: "Customer" },
    ]);
    assert.equal(added.status, 200);
    const [a, b] = added.ids as string[];
    assert.equal((await updateGoals(first, { token: access }, [{ Id: a, Name: "Renamed A" }])).status, 200);
    await stop();

    const second = await start();
    const got = await getGoals(second, { token: access }, null, "OfflineConversion", "GoalCategory");
    assert.equal(got.status, 200, "an access token issued before the restart still works");
    assert.deepEqual(goalIds(got), [a, b]);
    assert.deepEqual(
      got.nodes("//v:ConversionGoals/v:ConversionGoal/v:Name").map((n) => n.textContent),
      ["Renamed A", "Before restart B"],
    );
    assert.deepEqual(
      got.nodes("//v:ConversionGoals/v:ConversionGoal/v:Scope").map((n) => n.textContent),
      ["Account", "Customer"],
    );
    const state = await adminState(second);
    assert.deepEqual(
      state.customers[0].accounts.map((x) => x.msclkidAutoTaggingEnabled),
      [true, true],
      "auto-tagging turned on by the Customer-scope goal is kept",
    );
    assert.equal((await redeem(second, { refresh_token: rotated })).status, 200, "a rotated refresh token survives the restart");

    const later = await addGoals(second, { token: access }, [{ GoalCategory: "Purchase", Name: "After restart" }]);
    assert.equal(later.status, 200);
    const c = later.ids[0]!;
    assert.ok(BigInt(c) > BigInt(b) && BigInt(c) > BigInt(a), `id ${c} is not above ${a} and ${b}`);
  });

  it("does not reuse the id of a goal whose Add happened just before the restart", async () => {
    const first = await start();
    const access = (await redeem(first)).json.access_token as string;
    const a = (await addGoals(first, { token: access }, [{ GoalCategory: "Purchase", Name: "Last before restart" }])).ids[0]!;
    await stop();
    const second = await start();
    const b = (await addGoals(second, { token: access }, [{ GoalCategory: "Purchase", Name: "First after restart" }])).ids[0]!;
    assert.equal(BigInt(b), BigInt(a) + 1n);
  });

  it("ignores the seed once the data folder holds a store", async () => {
    const first = await start();
    const access = (await redeem(first)).json.access_token as string;
    await addGoals(first, { token: access }, [{ GoalCategory: "Purchase", Name: "Kept" }]);
    await stop();
    const second = await start({ seed: { ...DEFAULT_SEED, developerTokens: ["OTHERTOKEN"], firstGoalId: "5" } });
    const got = await getGoals(second, { token: access }, null);
    assert.equal(got.status, 200, "the stored developer token still works");
    assert.equal(got.nodes("//v:ConversionGoals/v:ConversionGoal").length, 1);
    const next = (await addGoals(second, { token: access }, [{ GoalCategory: "Purchase", Name: "Next" }])).ids[0]!;
    assert.ok(BigInt(next) > 5n);
  });

  it("creates the data folder and seeds it on first start", async () => {
    const nested = path.join(dir, "nested", "data");
    await start({ dataDir: nested });
    assert.deepEqual(fs.readdirSync(nested), [STORE]);
    const stored = JSON.parse(fs.readFileSync(path.join(nested, STORE), "utf8")) as State;
    assert.equal(stored.version, 1);
    assert.deepEqual(stored.goals, []);
    assert.deepEqual(stored.developerTokens, ["BBD37VB98"]);
  });

  it("leaves no temporary file after writes, and holds tokens only as digests", async () => {
    const first = await start();
    const issued = await redeem(first);
    const access = issued.json.access_token as string;
    const rotated = issued.json.refresh_token as string;
    const ids = (await addGoals(first, { token: access }, [{ GoalCategory: "Purchase", Name: "One" }, { GoalCategory: "Purchase", Name: "Two" }])).ids;
    await updateGoals(first, { token: access }, [{ Id: ids[0]!, Status: "Paused" }]);
    await redeem(first, { refresh_token: rotated });
    assert.deepEqual(fs.readdirSync(dir), [STORE]);
    const raw = fs.readFileSync(path.join(dir, STORE), "utf8");
    for (const secret of [access, rotated, "emulator-refresh-token"]) assert.ok(!raw.includes(secret), `store.json holds ${secret.slice(0, 12)}…`);
    assert.ok(raw.includes(tokenHash(access)), "the access token is stored as its digest");
    const stored = JSON.parse(raw) as State;
    assert.deepEqual(
      stored.goals.map((g) => [g.name, g.status]),
      [
        ["One", "Paused"],
        ["Two", "Active"],
      ],
    );
  });

  it("removes stale temporary files at start and keeps the store intact", async () => {
    const first = await start();
    const access = (await redeem(first)).json.access_token as string;
    await addGoals(first, { token: access }, [{ GoalCategory: "Purchase", Name: "Survivor" }]);
    await stop();
    const intact = fs.readFileSync(path.join(dir, STORE), "utf8");
    fs.writeFileSync(path.join(dir, `${STORE}.tmp-4242-1764331200000`), '{"version":1,"goals":[{"torn');
    fs.writeFileSync(path.join(dir, `${STORE}.tmp-1-2`), "");
    fs.writeFileSync(path.join(dir, "notes.txt"), "not the emulator's");

    const second = await start();
    assert.deepEqual(fs.readdirSync(dir).sort(), ["notes.txt", STORE]);
    assert.equal(fs.readFileSync(path.join(dir, STORE), "utf8"), intact);
    const got = await getGoals(second, { token: access }, null);
    assert.deepEqual(got.nodes("//v:ConversionGoals/v:ConversionGoal/v:Name").map((n) => n.textContent), ["Survivor"]);
  });

  for (const [what, content] of [
    ["not JSON", '{"version": 1, "goals": [ {"id": '],
    ["JSON of the wrong shape", JSON.stringify({ version: 1, goals: "none" })],
    ["an empty file", ""],
  ] as const) {
    it(`refuses to start on a store.json that is ${what}, naming the file and leaving it alone`, async () => {
      const file = path.join(dir, STORE);
      fs.writeFileSync(file, content);
      await assert.rejects(startTestEmulator({ dataDir: dir }), (e: unknown) => {
        assert.ok(e instanceof Error);
        assert.ok(e.message.includes(file), `the error names ${file}: ${e.message}`);
        return true;
      });
      assert.equal(fs.readFileSync(file, "utf8"), content, "the corrupt store is not overwritten");
    });
  }

  it("answers an error and keeps nothing in memory when the store cannot be written", async () => {
    const first = await start();
    const access = (await redeem(first)).json.access_token as string;
    const beforeState = await adminState(first);
    // A folder where store.json should be makes the rename of every save fail.
    fs.rmSync(path.join(dir, STORE));
    fs.mkdirSync(path.join(dir, STORE, "blocker"), { recursive: true });
    const refused = await addGoals(first, { token: access }, [{ GoalCategory: "Purchase", Name: "Unsaved" }]);
    assert.notEqual(refused.status, 200);
    assert.deepEqual(await adminState(first), beforeState);
    assert.ok(!fs.readdirSync(dir).some((n) => n.includes(".tmp-")), "no temporary file is left after a failed save");
    fs.rmSync(path.join(dir, STORE), { recursive: true });
    const saved = await addGoals(first, { token: access }, [{ GoalCategory: "Purchase", Name: "Saved" }]);
    assert.equal(saved.status, 200);
    assert.equal(saved.ids[0], beforeState.nextGoalId, "the failed Add did not use up an id");
  });
});

describe("emulator: Store.transact rollback", () => {
  const existing: StoredGoal = {
    id: "77",
    customerId: "1000001",
    accountId: "2000001",
    type: "OfflineConversion",
    name: "Existing",
    goalCategory: "Purchase",
    conversionWindowInMinutes: 43200,
    countType: "All",
    excludeFromBidding: false,
    revenue: { type: "NoValue", value: null, currencyCode: "USD" },
    scope: "Account",
    status: "Active",
    isExternallyAttributed: false,
  };
  let failing: boolean;
  let persisted: number;
  let store: Store;

  beforeEach(() => {
    failing = false;
    persisted = 0;
    store = new Store(stateFromSeed({ ...DEFAULT_SEED, goals: [existing] }), () => {
      if (failing) throw new Error("disk full");
      persisted++;
    });
  });

  /** Every kind of change a transaction can make, in one transaction. */
  function everything(tx: Parameters<Parameters<Store["transact"]>[0]>[0]): string {
    const id = tx.allocateGoalId();
    tx.putGoal({ ...existing, id, name: "Brand new" });
    tx.putGoal({ ...existing, name: "Renamed existing", status: "Paused" });
    tx.putGoal({ ...existing, id, name: "Brand new, edited" });
    tx.setAutoTagging(["2000001", "2000002"]);
    tx.addAccessToken({ hash: "at-digest", clientId: "msads-emulator-client", userId: "emulator-user", revoked: false, expiresAt: 10 }, 0);
    tx.addRefreshToken({ hash: "rt-digest", clientId: "msads-emulator-client", userId: "emulator-user", revoked: false });
    tx.revokeRefreshToken(tokenHash("emulator-refresh-token"));
    return id;
  }

  function assertNothingRemains(before: State, newId: string): void {
    assert.deepEqual(store.snapshot(), before);
    assert.equal(store.goal(newId), undefined);
    assert.equal(store.goal(existing.id)?.name, "Existing");
    assert.equal(store.nameHolder("1000001", "brand new, edited"), undefined);
    assert.equal(store.nameHolder("1000001", "Renamed existing"), undefined);
    assert.equal(store.nameHolder("1000001", "EXISTING")?.id, existing.id);
    assert.equal(store.accountGoalCount("2000001"), 1);
    assert.equal(store.customerGoalCount("1000001"), 1);
    assert.equal(store.account("2000002")?.account.msclkidAutoTaggingEnabled, false);
    assert.equal(store.accessToken("at-digest"), undefined);
    assert.equal(store.refreshToken("rt-digest"), undefined);
    assert.equal(store.refreshToken(tokenHash("emulator-refresh-token"))?.revoked, false);
  }

  it("keeps nothing of a transaction whose persist callback throws", () => {
    const before = store.snapshot();
    let newId = "";
    failing = true;
    assert.throws(
      () =>
        store.transact((tx) => {
          newId = everything(tx);
        }),
      /disk full/,
    );
    assert.notEqual(newId, "");
    assertNothingRemains(before, newId);
    failing = false;
    assert.equal(
      store.transact((tx) => tx.allocateGoalId()),
      before.nextGoalId,
      "the id handed out in the failed transaction is handed out again",
    );
  });

  it("keeps nothing of a transaction whose function throws, and does not persist it", () => {
    const before = store.snapshot();
    let newId = "";
    assert.throws(
      () =>
        store.transact((tx) => {
          newId = everything(tx);
          throw new Error("rule broken");
        }),
      /rule broken/,
    );
    assertNothingRemains(before, newId);
    assert.equal(persisted, 0);
  });

  it("keeps a transaction whose persist callback succeeds, persisting once", () => {
    const id = store.transact((tx) => everything(tx));
    assert.equal(persisted, 1);
    assert.equal(store.goal(id)?.name, "Brand new, edited");
    assert.equal(store.nameHolder("1000001", "renamed EXISTING")?.id, existing.id);
    assert.equal(store.refreshToken(tokenHash("emulator-refresh-token"))?.revoked, true);
  });

  it("does not persist a transaction that changes nothing", () => {
    store.transact((tx) => tx.setAutoTagging([]));
    assert.equal(persisted, 0);
  });

  it("keeps the old state when persisting a replacement fails", () => {
    const before = store.snapshot();
    failing = true;
    assert.throws(() => store.replace(stateFromSeed(DEFAULT_SEED)), /disk full/);
    assert.deepEqual(store.snapshot(), before);
    assert.equal(store.goal(existing.id)?.name, "Existing");
    assert.equal(store.nameHolder("1000001", "existing")?.id, existing.id);
  });
});

async function killCli(cli: Cli | undefined): Promise<void> {
  if (!cli || cli.child.exitCode !== null || cli.child.signalCode !== null) return;
  cli.child.kill("SIGKILL");
  await cli.exited;
}


describe("emulator: persistence of the CLI across a crash", () => {
  let dir: string;
  let cli: Cli | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "msads-cli-data-"));
  });
  afterEach(async () => {
    await killCli(cli);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps a goal whose Add was answered when the process is killed with SIGKILL right after", async () => {
    cli = spawnCli(["--port", "0", "--data", dir, "--quiet"]);
    const first = await endpoints(cli);
    const issued = await redeem(first);
    assert.equal(issued.status, 200);
    const access = issued.json.access_token as string;
    const added = await addGoals(first, { token: access }, [{ GoalCategory: "Purchase", Name: "Survives SIGKILL" }]);
    cli.child.kill("SIGKILL");
    assert.equal(added.status, 200);
    await cli.exited;
    assert.equal(cli.child.signalCode, "SIGKILL");

    cli = spawnCli(["--port", "0", "--data", dir, "--quiet"]);
    const second = await endpoints(cli);
    const got = await getGoals(second, { token: access }, null);
    assert.equal(got.status, 200);
    assert.deepEqual(goalIds(got), [added.ids[0]]);
    assert.deepEqual(got.nodes("//v:ConversionGoals/v:ConversionGoal/v:Name").map((n) => n.textContent), ["Survives SIGKILL"]);
    assert.ok(!fs.readdirSync(dir).some((n) => n.includes(".tmp-")));
  });
});
