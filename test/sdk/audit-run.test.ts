import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { clearTokenCache } from "../../provider/client";
import { AuditOptions, runAudit } from "../../sdk/audit/run";
import { GOAL_RESOURCE_TYPE, PulumiRunner } from "../../sdk/audit/stack-state";
import { loadGoalConfig } from "../../sdk/goal-config";
import { IDS, seededGoal, UNMANAGED_SEED } from "../support/account-goals";
import { SECRETS } from "../support/client";
import { msadsEnv } from "../support/pulumi-project";
import { startTestEmulator, TestEmulator } from "../support/emulator";

const MANAGED = "9007199254740199";
const SEED = { ...UNMANAGED_SEED, goals: [...UNMANAGED_SEED.goals, seededGoal(MANAGED, "Leads")] };
const GOALS_YAML = "# the goals of this stack\ngoals:\n  leads:\n    name: Leads\n    goalCategory: Purchase\n  store:\n    name: Store Visits\n    goalCategory: Purchase\n";

/** A Pulumi CLI that knows one stack, whose state holds these goal ids (and a resource of another type). */
function stackWith(goalIds: string[], config: Record<string, unknown> = {}): PulumiRunner & { calls: string[][] } {
  const calls: string[][] = [];
  const run = (args: string[]) => {
    calls.push(args);
    if (args[0] === "stack" && args[1] === "export") {
      const resources = [{ type: "pulumi:pulumi:Stack", id: "" }, ...goalIds.map((id) => ({ type: GOAL_RESOURCE_TYPE, id, outputs: { goalId: id } })), { type: "pulumi-nodejs:dynamic/msads:GoalRetirement", id: IDS.retired }];
      return { code: 0, stdout: JSON.stringify({ version: 3, deployment: { resources } }), stderr: "" };
    }
    if (args[0] === "config") return { code: 0, stdout: JSON.stringify(config), stderr: "" };
    return { code: 1, stdout: "", stderr: "unexpected" };
  };
  return Object.assign(run, { calls });
}
const noStack: PulumiRunner = () => ({ code: 255, stdout: "", stderr: "error: no stack selected" });

describe("audit: the goals no resource of the stack owns", function () {
  this.timeout(20_000);
  let emu: TestEmulator;
  let dir: string;
  before(async () => (emu = await startTestEmulator({ seed: SEED })));
  after(() => emu.close());
  beforeEach(() => {
    clearTokenCache();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "msads-audit-"));
    fs.writeFileSync(path.join(dir, "goals.yaml"), GOALS_YAML);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const env = (extra: Record<string, string> = {}) => ({ ...msadsEnv(emu), ...extra });
  const audit = (o: Partial<AuditOptions> = {}) => runAudit({ cwd: dir, env: env(), pulumi: stackWith([MANAGED]), stack: "dev", ...o });
  const json = async (o: Partial<AuditOptions> = {}) => {
    const r = await audit({ format: "json", ...o });
    return { ...r, body: JSON.parse(r.stdout) as { ownedBy: string; managed: number; accountIds: string[]; unmanaged: Array<Record<string, unknown>>; retired: Array<Record<string, unknown>> } };
  };

  it("lists each unmanaged goal with id, name, status, scope and the declared look-alike, and exits 3", async () => {
    const r = await json();
    assert.equal(r.code, 3, r.stderr);
    assert.equal(r.body.ownedBy, "state");
    assert.equal(r.body.managed, 1);
    assert.deepEqual(r.body.unmanaged, [
      { id: IDS.webUi, name: "Web UI leads", status: "Active", scope: "Account", accountId: "2000001", sameNameAs: null },
      { id: IDS.lookAlike, name: "STORE VISITS", status: "Active", scope: "Account", accountId: "2000001", sameNameAs: "store" },
      { id: IDS.customer, name: "Agency wide", status: "Active", scope: "Customer", accountId: "2000001", sameNameAs: null },
      { id: IDS.pausedByHand, name: "Paused by hand", status: "Paused", scope: "Account", accountId: "2000001", sameNameAs: null },
    ]);
    assert.deepEqual(r.body.retired.map((g) => g.id), [IDS.retired], "retired goals are listed apart");
  });

  it("prints a table naming both lists, and no credential", async () => {
    const r = await audit();
    assert.equal(r.code, 3);
    assert.match(r.stdout, /Unmanaged goals \(4\): owned by no resource of stack dev/);
    assert.match(r.stdout, new RegExp(`${IDS.lookAlike}\\s+STORE VISITS\\s+Active\\s+Account\\s+2000001\\s+store`));
    assert.match(r.stdout, /Retired goals \(1\): .* they do not fail the audit/);
    for (const secret of Object.values(SECRETS)) assert.ok(!(r.stdout + r.stderr).includes(secret), "no secret in the output");
  });

  it("exits 0 when every goal is owned, and retired ones fail the gate only with --include-retired", async () => {
    const owned = [MANAGED, IDS.webUi, IDS.lookAlike, IDS.customer, IDS.pausedByHand];
    const clean = await json({ pulumi: stackWith(owned) });
    assert.equal(clean.code, 0);
    assert.deepEqual([clean.body.unmanaged.length, clean.body.retired.length], [0, 1]);
    assert.equal((await audit({ pulumi: stackWith(owned), includeRetired: true })).code, 3);
  });

  it("looks at every account of msads:accountIds and reports a Customer-scope goal once", async () => {
    const r = await json({ env: env({ MSADS_ACCOUNT_IDS: "2000001, 2000002" }) });
    assert.deepEqual(r.body.accountIds, ["2000001", "2000002"]);
    const ids = r.body.unmanaged.map((g) => g.id);
    assert.ok(ids.includes(IDS.euOnly), "the EUR account's own goal");
    assert.equal(ids.filter((id) => id === IDS.customer).length, 1);
  });

  it("takes msads:accountIds from the stack config as a list, with credentials from the stack config", async () => {
    const config = { "msads:accountIds": { value: '["2000001","2000002"]', objectValue: ["2000001", "2000002"] }, "msads:developerToken": { value: SECRETS.developerToken, secret: true } };
    const r = await json({ pulumi: stackWith([MANAGED], config), env: { ...env(), MSADS_DEVELOPER_TOKEN: "" } });
    assert.equal(r.code, 3, r.stderr);
    assert.deepEqual(r.body.accountIds, ["2000001", "2000002"]);
  });

  it("a stack config that cannot be read (no passphrase, say) leaves the MSADS_* variables, with a note", async () => {
    const base = stackWith([MANAGED]);
    const locked: PulumiRunner = (args) => (args[0] === "config" ? { code: 255, stdout: "", stderr: "error: incorrect passphrase" } : base(args));
    const r = await json({ pulumi: locked });
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /note: pulumi config --json --stack dev failed \(error: incorrect passphrase\): only MSADS_\* variables are used/);
  });

  it("a failure after the stack config could not be read says so first", async () => {
    const base = stackWith([MANAGED]);
    const locked: PulumiRunner = (args) => (args[0] === "config" ? { code: 255, stdout: "", stderr: "error: incorrect passphrase" } : base(args));
    const r = await audit({ pulumi: locked, env: { ...env(), MSADS_CUSTOMER_ID: "" } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^note: pulumi config --json --stack dev failed \(error: incorrect passphrase\)[^\n]*\nmsads-goals audit: .*msads:customerId/);
  });

  it("reads the goals file the stack's goalsFile setting names, and writes adopted entries there", async () => {
    fs.mkdirSync(path.join(dir, "goals"));
    fs.writeFileSync(path.join(dir, "goals", "prod.yaml"), "goals:\n  web:\n    name: Web UI leads\n    goalCategory: Purchase\n");
    const pulumi = stackWith([], { "msads-e2e:goalsFile": { value: "goals/prod.yaml", secret: false } });
    const r = await json({ pulumi });
    assert.equal(r.body.ownedBy, "goals file");
    assert.ok(!r.body.unmanaged.some((g) => g.id === IDS.webUi), "the stack's file declares Web UI leads");
    assert.ok(r.body.unmanaged.some((g) => g.id === IDS.customer));
    const written = await audit({ pulumi, adopt: [{ key: "cust", id: IDS.customer }], write: true });
    assert.equal(written.code, 0, written.stderr);
    assert.match(fs.readFileSync(path.join(dir, "goals", "prod.yaml"), "utf8"), new RegExp(`cust:[\\s\\S]*adoptExisting: true`));
    assert.doesNotMatch(fs.readFileSync(path.join(dir, "goals.yaml"), "utf8"), /adoptExisting/, "goals.yaml is not the stack's file");
  });

  it("without state, the goals file's names own goals (ignoring case)", async () => {
    const viaNoStack = await json({ pulumi: noStack, stack: undefined });
    assert.equal(viaNoStack.body.ownedBy, "goals file");
    assert.match(viaNoStack.stderr, /no stack selected/);
    assert.deepEqual(viaNoStack.body.unmanaged.map((g) => g.id), [IDS.webUi, IDS.customer, IDS.pausedByHand], "Leads and STORE VISITS are declared");
    const emptyStack = await json({ pulumi: stackWith([]) });
    assert.equal(emptyStack.body.ownedBy, "goals file");
    assert.equal(emptyStack.body.managed, 2);
  });

  it("exits 2 when the named stack cannot be read, or a setting is missing, naming it", async () => {
    const unreadable = await audit({ pulumi: noStack });
    assert.equal(unreadable.code, 2);
    assert.match(unreadable.stderr, /pulumi stack export --stack dev failed: error: no stack selected/);
    const missing = await audit({ env: { ...env(), MSADS_DEVELOPER_TOKEN: "" } });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /msads:developerToken .*MSADS_DEVELOPER_TOKEN/);
    const badList = await audit({ env: env({ MSADS_ACCOUNT_IDS: "2000001,abc" }) });
    assert.equal(badList.code, 2);
    assert.match(badList.stderr, /msads:accountIds \(MSADS_ACCOUNT_IDS\): every item must be an account id.*"abc"/);
  });

  it("exits 2 on a refused credential, saying where it came from and never what it is", async () => {
    const r = await audit({ env: env({ MSADS_REFRESH_TOKEN: "revoked-refresh-token-31f9" }) });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /invalid_grant/);
    assert.match(r.stderr, /MSADS_REFRESH_TOKEN from the environment/);
    assert.ok(!r.stderr.includes("revoked-refresh-token-31f9"));
  });

  it("--adopt all prints entries that load as a goals file, every setting as held and adoptExisting: true", async () => {
    const r = await audit({ adopt: "all", env: env({ MSADS_ACCOUNT_IDS: "2000001,2000002" }) });
    assert.equal(r.code, 0, r.stderr);
    fs.writeFileSync(path.join(dir, "adopted.yaml"), r.stdout);
    const { goals } = loadGoalConfig(path.join(dir, "adopted.yaml"));
    assert.deepEqual(Object.keys(goals), ["web-ui-leads", "store-visits", "agency-wide", "paused-by-hand", "eu-signups"]);
    assert.deepEqual(goals["web-ui-leads"], {
      name: "Web UI leads",
      goalCategory: "SubmitLeadForm",
      conversionWindowInMinutes: 10080,
      countType: "Unique",
      excludeFromBidding: false,
      revenue: { type: "FixedValue", value: "12.50", currencyCode: "USD" },
      scope: "Account",
      status: "Active",
      isExternallyAttributed: false,
      adoptExisting: true,
    });
    assert.equal(goals["paused-by-hand"].status, "Paused");
    assert.equal(goals["agency-wide"].scope, "Customer");
    assert.equal(goals["eu-signups"].accountId, "2000002", "a goal of another account than msads:accountId says which");
    assert.match(r.stdout, new RegExp(`# adopted: goal ${IDS.webUi}`));
  });

  it("--adopt KEY=ID --write adds the chosen entries to the goals file, keeping its entries and comments", async () => {
    const r = await audit({ adopt: [{ id: IDS.webUi, key: "leads-from-web" }, { id: IDS.pausedByHand }], write: true });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /wrote 2 adopted goals to goals\.yaml: leads-from-web \(\d+\), paused-by-hand/);
    const text = fs.readFileSync(path.join(dir, "goals.yaml"), "utf8");
    assert.ok(text.startsWith("# the goals of this stack\n"));
    assert.deepEqual(Object.keys(loadGoalConfig(path.join(dir, "goals.yaml")).goals), ["leads", "store", "leads-from-web", "paused-by-hand"]);
    const taken = await audit({ adopt: [{ id: IDS.webUi, key: "leads" }] });
    assert.equal(taken.code, 2);
    assert.match(taken.stderr, /key leads is already taken/);
    const managed = await audit({ adopt: [{ id: MANAGED }] });
    assert.match(managed.stderr, new RegExp(`goal ${MANAGED} is not among the unmanaged goals`));
  });
});

const auditEnv = (emu: TestEmulator) => ({
  MSADS_ENDPOINT: emu.url,
  MSADS_TOKEN_URL: emu.tokenUrl,
  MSADS_DEVELOPER_TOKEN: SECRETS.developerToken,
  MSADS_CUSTOMER_ID: "1000001",
  MSADS_ACCOUNT_IDS: "2000001,2000002",
  MSADS_CLIENT_ID: SECRETS.clientId,
  MSADS_CLIENT_SECRET: SECRETS.clientSecret,
  MSADS_REFRESH_TOKEN: SECRETS.refreshToken,
});

describe("audit: a 1,000-goal account within the service's call limits", function () {
  this.timeout(60_000);
  it("takes one token and one Get per account, with the emulator throttling at exactly that many calls per minute", async () => {
    const lines: string[] = [];
    const goals = Array.from({ length: 1000 }, (_, i) => seededGoal(String(9007199254750000n + BigInt(i)), `Goal ${String(i).padStart(4, "0")}`));
    const accounts = 2;
    const emu = await startTestEmulator({ seed: { ...UNMANAGED_SEED, goals }, userCallsPerMinute: accounts, customerCallsPerMinute: accounts, log: (l) => lines.push(l) });
    clearTokenCache();
    try {
      const r = await runAudit({
        cwd: os.tmpdir(),
        goalsFile: undefined,
        pulumi: stackWith(goals.slice(0, 10).map((g) => g.id as string)),
        stack: "dev",
        format: "json",
        env: { ...auditEnv(emu), MSADS_MAX_THROTTLE_RETRIES: "0" },
      });
      assert.equal(r.code, 3, r.stderr);
      const body = JSON.parse(r.stdout) as { managed: number; unmanaged: unknown[] };
      assert.deepEqual([body.managed, body.unmanaged.length], [10, 990]);
      const soap = lines.filter((l) => / \/Api\//.test(l));
      const gets = soap.filter((l) => l.includes(" GetConversionGoalsByIds "));
      const tokens = lines.filter((l) => l.includes(" token "));
      assert.deepEqual({ soap: soap.length, gets: gets.length, tokens: tokens.length }, { soap: accounts, gets: accounts, tokens: 1 }, lines.join("\n"));
      assert.ok(!lines.some((l) => l.includes("code=117")), "no call was throttled");
      // The limit is tight: one more audit within the minute is refused, so the figures above are all the audit made.
      const again = await runAudit({ cwd: os.tmpdir(), pulumi: stackWith([]), stack: "dev", env: { ...auditEnv(emu), MSADS_MAX_THROTTLE_RETRIES: "0" } });
      assert.equal(again.code, 2);
      assert.match(again.stderr, /117/);
    } finally {
      await emu.close();
    }
  });
});
