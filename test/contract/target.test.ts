// The contract suite's own harness: how the target is chosen (and refused), and the clean-up a sandbox run relies
// on. These run against a local emulator whatever the target, since the sandbox path cannot be exercised here.
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { endpointsFor, HttpRequest, nodeTransport, Transport } from "../../provider/client";
import { retiredName } from "../../provider/resource/delete";
import { startTestEmulator } from "../support/emulator";
import { repoRoot } from "../support/paths";
import { itemError } from "./expect";
import { openTarget, REQUIRED_LIVE_VARIABLES, retireGoalsUnder, runPrefix, selectTarget } from "./target";

const MOCHA = path.join(repoRoot, "node_modules", "mocha", "bin", "mocha.js");
const COMPILED = path.join(repoRoot, "dist", "test", "contract");

/** Every sandbox variable, with values a leak would be easy to spot in. */
const FULL_ENV = {
  MSADS_LIVE: "sandbox",
  MSADS_DEVELOPER_TOKEN: "dev-token-SECRET-3f9a",
  MSADS_CUSTOMER_ID: "123456",
  MSADS_ACCOUNT_ID: "700001",
  MSADS_SECOND_ACCOUNT_ID: "700002",
  MSADS_CLIENT_ID: "00000000-0000-0000-0000-000000000001",
  MSADS_REFRESH_TOKEN: "refresh-SECRET-8c21",
};

/** process.env without any MSADS_ variable, so that a contributor's own settings cannot leak into a child run. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("MSADS_")) env[k] = v;
  return { ...env, ...extra };
}

/** Runs mocha (without the project's .mocharc, so only `files` load) and collects its output and exit status. */
function runMocha(files: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MOCHA, "--no-config", "--reporter", "spec", "--timeout", "10000", ...files], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
    child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("contract harness: choosing the target", () => {
  it("targets the emulator when MSADS_LIVE is unset or 'emulator'", () => {
    assert.equal(selectTarget({}).kind, "emulator");
    assert.equal(selectTarget({ MSADS_LIVE: "emulator" }).kind, "emulator");
  });

  it("targets the sandbox when MSADS_LIVE=sandbox and every variable is set, with the run id given", () => {
    const s = selectTarget({ ...FULL_ENV, MSADS_CLIENT_SECRET: "secret-SECRET-11", MSADS_CONTRACT_RUN_ID: "ci-42" });
    if (s.kind !== "sandbox") return assert.fail(`expected the sandbox, got ${JSON.stringify(s)}`);
    assert.equal(s.runId, "ci-42");
    assert.deepEqual(s.settings, {
      developerToken: FULL_ENV.MSADS_DEVELOPER_TOKEN,
      customerId: "123456",
      accountId: "700001",
      secondAccountId: "700002",
      clientId: FULL_ENV.MSADS_CLIENT_ID,
      clientSecret: "secret-SECRET-11",
      refreshToken: FULL_ENV.MSADS_REFRESH_TOKEN,
      tenant: undefined,
    });
    assert.equal(runPrefix(s.runId), "pulumi-msads-contract-ci-42 ");
  });

  it("refuses MSADS_LIVE=sandbox without credentials, naming every missing variable and none of the values present", () => {
    const s = selectTarget({ MSADS_LIVE: "sandbox", MSADS_DEVELOPER_TOKEN: FULL_ENV.MSADS_DEVELOPER_TOKEN, MSADS_ACCOUNT_ID: "700001" });
    if (s.kind !== "refused") return assert.fail(`expected a refusal, got ${s.kind}`);
    assert.deepEqual(s.missing, ["MSADS_CUSTOMER_ID", "MSADS_SECOND_ACCOUNT_ID", "MSADS_CLIENT_ID", "MSADS_REFRESH_TOKEN"]);
    for (const name of s.missing) assert.ok(s.message.includes(name), `the message names ${name}`);
    assert.match(s.message, /^contract tests refused: .*Nothing was run\.$/);
    assert.equal(s.message.includes(FULL_ENV.MSADS_DEVELOPER_TOKEN), false, "no value is printed");
    const empty = selectTarget({ ...FULL_ENV, MSADS_REFRESH_TOKEN: "  " });
    assert.deepEqual(empty.kind === "refused" && empty.missing, ["MSADS_REFRESH_TOKEN"], "a blank variable counts as missing");
  });

  it("refuses any other MSADS_LIVE value, production included", () => {
    const s = selectTarget({ ...FULL_ENV, MSADS_LIVE: "production" });
    if (s.kind !== "refused") return assert.fail(`expected a refusal, got ${s.kind}`);
    assert.match(s.message, /MSADS_LIVE="production" is not a contract target; use MSADS_LIVE=sandbox/);
  });

  it("refuses ids that are not whole numbers, the same account twice, and a run id unfit for goal names", () => {
    const ids = selectTarget({ ...FULL_ENV, MSADS_CUSTOMER_ID: "12x", MSADS_SECOND_ACCOUNT_ID: "-3" });
    assert.match(ids.kind === "refused" ? ids.message : "", /MSADS_CUSTOMER_ID, MSADS_SECOND_ACCOUNT_ID: must be a positive whole number/);
    const same = selectTarget({ ...FULL_ENV, MSADS_SECOND_ACCOUNT_ID: FULL_ENV.MSADS_ACCOUNT_ID });
    assert.match(same.kind === "refused" ? same.message : "", /MSADS_SECOND_ACCOUNT_ID must name another account/);
    const run = selectTarget({ MSADS_CONTRACT_RUN_ID: "a b" });
    assert.match(run.kind === "refused" ? run.message : "", /MSADS_CONTRACT_RUN_ID must be 1 to 24 letters/);
  });

  it("ends a sandbox run without credentials before any case, with status 2 and the refusal on stderr", async function () {
    this.timeout(30_000);
    const env = cleanEnv({ MSADS_LIVE: "sandbox", MSADS_DEVELOPER_TOKEN: FULL_ENV.MSADS_DEVELOPER_TOKEN });
    const run = await runMocha([path.join(COMPILED, "operations.test.js"), path.join(COMPILED, "scopes.test.js")], env);
    assert.equal(run.code, 2, `exit status; stdout ${run.stdout}; stderr ${run.stderr}`);
    const missing = REQUIRED_LIVE_VARIABLES.filter((v) => v !== "MSADS_DEVELOPER_TOKEN");
    assert.match(run.stderr, new RegExp(`contract tests refused: MSADS_LIVE=sandbox .* missing: ${missing.join(", ")}\\.`));
    assert.doesNotMatch(run.stdout, /passing|✔/, "nothing ran, nothing passed");
    assert.equal((run.stdout + run.stderr).includes(FULL_ENV.MSADS_DEVELOPER_TOKEN), false);
  });
});

describe("contract harness: the sandbox target, rehearsed against an emulator posing as the sandbox", () => {
  it("calls the sandbox endpoints as the configured customer, on both accounts, and retires what it created", async () => {
    const selection = selectTarget({ ...FULL_ENV, MSADS_CONTRACT_RUN_ID: "rehearsal" });
    if (selection.kind !== "sandbox") return assert.fail(`expected the sandbox, got ${selection.kind}`);
    // An emulator seeded with the sandbox settings: it answers only if developer token, customer, accounts,
    // client id and refresh token all arrive as configured.
    const emu = await startTestEmulator({
      seed: {
        developerTokens: [FULL_ENV.MSADS_DEVELOPER_TOKEN],
        customers: [{ id: "123456", accounts: [{ id: "700001", currencyCode: "GBP" }, { id: "700002", currencyCode: "USD" }] }],
        users: [{ id: "contributor", customerIds: ["123456"] }],
        oauthClients: [{ clientId: FULL_ENV.MSADS_CLIENT_ID }],
        refreshTokens: [{ token: FULL_ENV.MSADS_REFRESH_TOKEN, clientId: FULL_ENV.MSADS_CLIENT_ID, userId: "contributor" }],
      },
    });
    const sandbox = endpointsFor("sandbox");
    const seen: HttpRequest[] = [];
    const redirect: Transport = (req) => {
      seen.push(req);
      const url = req.url === sandbox.serviceUrl ? emu.url : req.url === sandbox.tokenUrl ? emu.tokenUrl : undefined;
      if (!url) throw new Error(`unexpected request to ${req.url}`);
      if (url !== emu.tokenUrl) return nodeTransport({ ...req, url });
      // The sandbox's identity platform may want another scope than the emulator accepts; the scope is not what is
      // rehearsed here, so the token request asks the emulator for its own.
      const form = new URLSearchParams(req.body);
      form.set("scope", "https://ads.microsoft.com/msads.manage offline_access");
      return nodeTransport({ ...req, url, body: form.toString() });
    };
    const target = await openTarget(selection, { sandboxTransport: redirect });
    try {
      assert.equal(target.kind, "sandbox");
      assert.equal(target.emulator, undefined, "no fault injection on the sandbox");
      const name = target.name("rehearsal");
      assert.ok(name.startsWith("pulumi-msads-contract-rehearsal "));
      const [id] = (await target.client().addConversionGoals([{ name, goalCategory: "Purchase" }])).goalIds;
      assert.ok(id);
      itemError((await target.client({ account: "second" }).getConversionGoalsByIds([id])).partialErrors, 0, 5314, "InvalidConversionGoalId");
      assert.deepEqual(await target.retireRunGoals(), { retired: [id], failed: [] });
      assert.deepEqual(new Set(seen.map((r) => r.url)), new Set([sandbox.tokenUrl, sandbox.serviceUrl]), "only the sandbox's token endpoint and service");
    } finally {
      await target.close();
      await emu.close();
    }
  });
});

describe("contract harness: clean-up", () => {
  it("retires every goal under the run prefix on both accounts, leaves other goals alone, and frees the names", async () => {
    const prefix = runPrefix("harness");
    const target = await openTarget({ kind: "emulator", runId: "harness" });
    try {
      const primary = target.client();
      const second = target.client({ account: "second" });
      const mine = { name: `${prefix}mine`, goalCategory: "Purchase" as const };
      const shouting = { name: `${prefix}LOUD`.toUpperCase(), goalCategory: "Purchase" as const };
      const shared = { name: `${prefix}shared`, goalCategory: "Purchase" as const, scope: "Customer" as const };
      const other = { name: "pulumi-msads-contract-other-run mine", goalCategory: "Purchase" as const };
      const onPrimary = (await primary.addConversionGoals([mine, shouting, shared, other])).goalIds as string[];
      const [onSecond] = (await second.addConversionGoals([{ name: `${prefix}theirs`, goalCategory: "Contact" }])).goalIds as string[];
      const ours = [onPrimary[0], onPrimary[1], onPrimary[2], onSecond];

      const report = await retireGoalsUnder(prefix, { primary, second });
      assert.deepEqual(report.failed, []);
      assert.deepEqual([...report.retired].sort(), [...ours].sort(), "each goal of the run once, the Customer-scope one included");
      const { goals } = await primary.getConversionGoalsByIds(onPrimary);
      const [theirs] = (await second.getConversionGoalsByIds([onSecond])).goals;
      const names = [mine.name, shouting.name, shared.name];
      goals.slice(0, 3).forEach((g, i) => assert.deepEqual([g?.status, g?.name], ["Paused", retiredName(names[i], onPrimary[i])]));
      assert.deepEqual([theirs?.status, theirs?.name], ["Paused", retiredName(`${prefix}theirs`, onSecond)]);
      assert.deepEqual([goals[3]?.status, goals[3]?.name], ["Active", other.name], "another run's goal is not touched");

      assert.deepEqual(await retireGoalsUnder(prefix, { primary, second }), { retired: [], failed: [] }, "retiring again finds nothing to do");
      const again = await primary.addConversionGoals([mine, shared]);
      assert.deepEqual(again.partialErrors, [], "the names are free again");
    } finally {
      await target.close();
    }
  });

  it("retires the goals of a case that failed, after the run", async function () {
    this.timeout(30_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "contract-harness-"));
    const spec = path.join(dir, "fails-after-creating.test.js");
    fs.writeFileSync(
      spec,
      `const { contract, contractCase } = require(${JSON.stringify(path.join(COMPILED, "target.js"))});
contract("a case that fails", (target) => {
  contractCase("creates a goal, then fails", async () => {
    const t = target();
    const res = await t.client().addConversionGoals([{ name: t.name("left behind"), goalCategory: "Purchase" }]);
    if (res.goalIds[0] === null) throw new Error("the goal was not created");
    throw new Error("deliberate failure after creating a goal");
  });
});
`,
    );
    try {
      const run = await runMocha([spec], cleanEnv({ MSADS_CONTRACT_RUN_ID: "failing-case" }));
      assert.equal(run.code, 1, `one failure; stdout ${run.stdout}; stderr ${run.stderr}`);
      assert.match(run.stdout, /deliberate failure after creating a goal/);
      assert.match(run.stdout, /contract clean-up: retired 1 goal\(s\) named "pulumi-msads-contract-failing-case …"/);
      assert.match(run.stdout, /0 passing[\s\S]*1 failing/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
