import { strict as assert } from "node:assert";
import { GoalHeldError, PluginProvider } from "../../provider/plugin/plugin-provider";
import { ResourceIdError } from "../../provider/plugin/resource-id";
import { DYNAMIC_GOAL_TYPE, NATIVE_GOAL_TYPE } from "../../provider/plugin/type-tokens";
import { secret, SECRET_SIG, SIG_KEY } from "../../provider/plugin/wire";
import { GoalStepError } from "../../provider/resource/context";
import { GoalProvider } from "../../provider/resource/provider";
import { UNKNOWN } from "../../provider/resource/unknowns";
import { adminState, armFault } from "../support/emulator";
import { rejection, SECRETS } from "../support/client";
import { ProviderHarness, resetProviderHarness, startProviderHarness } from "../support/provider";

// The plugin's decisions over the shared GoalProvider, with values as the engine sends them (secrets wrapped),
// against the in-process emulator. The gRPC translation is server.test.ts's.

type Props = Record<string, unknown>;

const URN = `urn:pulumi:dev::goals::${NATIVE_GOAL_TYPE}::leads`;
const OTHER_URN = `urn:pulumi:dev::goals::${NATIVE_GOAL_TYPE}::other`;

/** A state document as `pulumi stack export` prints it, holding one goal resource. */
const stateHolding = (urn: string, type: string, goalId: string, accountId = "2000001") => ({
  version: 3,
  deployment: { resources: [{ urn, type, id: goalId, outputs: { goalId, name: "Leads", customerId: "1000001", accountId } }] },
});

/** Whether `v` is a secret wrapper of exactly the engine's shape. */
const isWrapper = (v: unknown): v is { value: unknown } =>
  typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).sort().join(",") === [SIG_KEY, "value"].sort().join(",") && (v as Props)[SIG_KEY] === SECRET_SIG;

/** `v` with every secret wrapper replaced by a marker: what may be shown without revealing anything. */
const outsideWrappers = (v: unknown): unknown => {
  if (isWrapper(v)) return "[secret]";
  if (Array.isArray(v)) return v.map(outsideWrappers);
  if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, outsideWrappers(e)]));
  return v;
};

describe("plugin: PluginProvider against the emulator", () => {
  let h: ProviderHarness;
  let warnings: string[];
  let exported: string[];
  let exportStack: (stack: string) => Promise<unknown>;
  before(async () => (h = await startProviderHarness()));
  after(() => h.emu.close());
  beforeEach(async () => {
    await resetProviderHarness(h);
    warnings = [];
    exported = [];
    exportStack = async () => ({ version: 3, deployment: { resources: [] } });
  });

  /** A plugin over a GoalProvider with the harness's transport and clock; `env` is both its MSADS_* environment. */
  const plugin = (env: NodeJS.ProcessEnv = h.env) =>
    new PluginProvider({
      version: "0.0.0-test",
      env,
      goals: new GoalProvider(env, { transport: h.recorder.transport, sleep: async (ms: number) => void h.sleeps.push(ms), now: h.emu.clock.now, random: () => 0.5 }, (m) => void warnings.push(m)),
      exportStack: (stack) => {
        exported.push(stack);
        return exportStack(stack);
      },
      locate: (resource, property) => (resource === "leads" && property === "revenue.value" ? "Pulumi.yaml:12:16" : undefined),
    });
  const GOAL_URN = "urn:pulumi:dev::goals::msads:index:OfflineConversionGoal::leads";

  /** Every setting for the emulator, as a stack's config gives them: the credentials SECRETS' (the confidential client). */
  const settings = (): Props => ({
    developerToken: SECRETS.developerToken,
    clientId: SECRETS.clientId,
    clientSecret: SECRETS.clientSecret,
    refreshToken: SECRETS.refreshToken,
    endpoint: h.emu.url,
    tokenUrl: h.emu.tokenUrl,
    customerId: "1000001",
    accountId: "2000001",
  });

  const leads: Props = { name: "Leads", goalCategory: "Purchase", revenue: { type: "FixedValue", value: 12.5 } };
  const goals = async () => (await adminState(h.emu)).goals as Array<Record<string, unknown>>;

  describe("checkConfig", () => {
    it("fails on developerToken when neither the config nor MSADS_DEVELOPER_TOKEN gives it", () => {
      const { developerToken: _t, ...rest } = settings();
      const r = plugin({}).checkConfig(rest);
      assert.deepEqual(r.failures.map((f) => f.property), ["developerToken"]);
      assert.match(r.failures[0].reason, /missing provider setting msads:developerToken .*MSADS_DEVELOPER_TOKEN/);
    });

    it("accepts a developer token given by MSADS_DEVELOPER_TOKEN", () => {
      const { developerToken: _t, ...rest } = settings();
      assert.deepEqual(plugin({ MSADS_DEVELOPER_TOKEN: SECRETS.developerToken }).checkConfig(rest).failures, []);
    });

    for (const [key, value, rule] of [
      ["customerId", "abc", /msads:customerId .*MSADS_CUSTOMER_ID.*positive whole number .*got "abc"/],
      ["accountId", "02000001", /msads:accountId .*without leading zeros, got "02000001"/],
      ["endpoint", "notaurl", /msads:endpoint .*MSADS_ENDPOINT.*"notaurl" is not an absolute URL/],
      ["tokenUrl", "http://10.1.2.3/token", /msads:tokenUrl .*plain http is refused for 10\.1\.2\.3/],
    ] as const) {
      it(`fails on a ${key} that cannot be right (${value}), at preview rather than at the first call`, () => {
        const r = plugin({}).checkConfig({ ...settings(), [key]: value });
        assert.deepEqual(r.failures.map((f) => f.property), [key]);
        assert.match(r.failures[0].reason, rule);
      });
    }

    it("fails on a requestTimeoutSeconds out of range, naming it", () => {
      const r = plugin({}).checkConfig({ ...settings(), requestTimeoutSeconds: "0" });
      assert.deepEqual(r.failures.map((f) => f.property), ["requestTimeoutSeconds"]);
      assert.match(r.failures[0].reason, /msads:requestTimeoutSeconds .*from 1 to 3600, got "0"/);
    });

    it("fails on a key that is no setting, suggesting the setting it was meant to be", () => {
      const { developerToken, ...rest } = settings();
      const r = plugin({}).checkConfig({ ...rest, developertoken: developerToken });
      const f = r.failures.find((x) => x.property === "developertoken");
      assert.ok(f, JSON.stringify(r.failures));
      assert.match(f.reason, /is not a setting of the msads provider \(did you mean developerToken\?\)/);
      assert.ok(!JSON.stringify(r.failures).includes(SECRETS.developerToken), "no failure shows the value");
    });

    it("fails on a key named like an inherited member of objects (constructor)", () => {
      const r = plugin({}).checkConfig({ ...settings(), constructor: "x" });
      assert.deepEqual(r.failures.map((f) => f.property), ["constructor"]);
    });

    it("ignores the version and pluginDownloadURL the engine adds", () => {
      assert.deepEqual(plugin({}).checkConfig({ ...settings(), version: "0.2.0", pluginDownloadURL: "file:///x" }).failures, []);
    });

    it("hands back credentials given in plain text as secrets, other settings as they came", () => {
      const news = { ...settings(), clientSecret: secret(SECRETS.clientSecret) };
      const r = plugin({}).checkConfig(news);
      assert.deepEqual(r.failures, []);
      assert.deepEqual(r.inputs.developerToken, secret(SECRETS.developerToken));
      assert.deepEqual(r.inputs.refreshToken, secret(SECRETS.refreshToken));
      assert.deepEqual(r.inputs.clientSecret, secret(SECRETS.clientSecret), "an already secret value is not wrapped twice");
      assert.equal(r.inputs.customerId, "1000001");
      assert.equal(r.inputs.clientId, SECRETS.clientId);
      assert.equal(r.inputs.endpoint, h.emu.url);
    });

    it("skips the settings checks while a value is unknown (preview), and leaves unknowns unwrapped", () => {
      const r = plugin({}).checkConfig({ developerToken: UNKNOWN, requestTimeoutSeconds: "0" });
      assert.deepEqual(r.failures, []);
      assert.equal(r.inputs.developerToken, UNKNOWN);
    });
  });

  describe("diffConfig", () => {
    it("sees no change when a whole-number setting is written as a number instead of text", () => {
      const d = plugin().diffConfig({ ...settings(), requestTimeoutSeconds: "30" }, { ...settings(), requestTimeoutSeconds: 30 });
      assert.deepEqual(d, { changes: false, replaces: [], deleteBeforeReplace: false, detailedDiff: {} });
    });

    it("lists the changed settings as updates, never replacements, ignoring version", () => {
      const d = plugin().diffConfig({ ...settings(), version: "0.1.0" }, { ...settings(), accountId: "2000002", requestTimeoutSeconds: "30", version: "0.2.0" });
      assert.deepEqual(d, { changes: true, replaces: [], deleteBeforeReplace: false, detailedDiff: { accountId: "update", requestTimeoutSeconds: "update" } });
    });

    it("compares secrets by their values and shows none of them", () => {
      const p = plugin();
      const same = p.diffConfig({ ...settings(), developerToken: secret(SECRETS.developerToken) }, settings());
      assert.deepEqual(same, { changes: false, replaces: [], deleteBeforeReplace: false, detailedDiff: {} });
      const rotated = p.diffConfig({ ...settings(), refreshToken: secret(SECRETS.refreshToken) }, { ...settings(), refreshToken: secret("rotated-refresh-token") });
      assert.deepEqual(rotated.detailedDiff, { refreshToken: "update" });
      assert.ok(!/rotated-refresh-token|refresh-token-9c4f7a13/.test(JSON.stringify(rotated)), JSON.stringify(rotated));
    });

    it("finds no change when only version changed", () => {
      assert.equal(plugin().diffConfig({ ...settings(), version: "0.1.0" }, { ...settings(), version: "0.2.0" }).changes, false);
    });
  });

  describe("configure", () => {
    it("takes the settings from args, secret-wrapped, so a goal can be created with no MSADS_* variable", async () => {
      const p = plugin({});
      await assert.rejects(p.create(leads), /missing provider setting/, "unconfigured, nothing is set");
      const args = Object.fromEntries(Object.entries(settings()).map(([k, v]) => [k, ["developerToken", "clientSecret", "refreshToken"].includes(k) ? secret(v) : v]));
      await p.configure({ ...args, requestTimeoutSeconds: 30 }, {});
      const c = await p.create(leads);
      assert.equal(c.outs.goalId, c.id);
      assert.deepEqual((await goals()).map((g) => g.name), ["Leads"]);
      const body = h.recorder.soap("AddConversionGoals")[0].body;
      assert.match(body, new RegExp(`<DeveloperToken[^>]*>${SECRETS.developerToken}</DeveloperToken>`), "the token of args was sent, unwrapped");
    });

    it("takes the settings from the variables when args hold only what the engine adds (version)", async () => {
      const p = plugin({});
      await p.configure({ version: "0.3.0" }, Object.fromEntries(Object.entries(settings()).map(([k, v]) => [`msads:config:${k}`, String(v)])));
      const c = await p.create(leads);
      assert.equal((await goals()).find((g) => g.id === c.id)?.name, "Leads");
    });

    it("takes the settings from msads:config:<key> variables when there are no args", async () => {
      const p = plugin({});
      await p.configure(undefined, Object.fromEntries(Object.entries(settings()).map(([k, v]) => [`msads:config:${k}`, String(v)])));
      const c = await p.create(leads);
      assert.equal((await goals()).find((g) => g.id === c.id)?.name, "Leads");
    });
  });

  describe("check", () => {
    it("passes inputs whose values arrive secret-wrapped, and hands them back still wrapped", async () => {
      const news = { name: secret("Leads"), goalCategory: "Purchase", revenue: { type: "FixedValue", value: secret(12.5) } };
      const r = await plugin().check(GOAL_URN, {}, news);
      assert.deepEqual(r.failures, []);
      assert.deepEqual(r.inputs, news);
    });

    it("still fails real violations under secret wrappers, naming their properties", async () => {
      const r = await plugin().check(GOAL_URN, {}, { name: secret(""), goalCategory: "Nope", revenue: { type: "FixedValue", value: secret("-1") } });
      assert.deepEqual(r.failures.map((f) => f.property).sort(), ["goalCategory", "name", "revenue.value"]);
    });

    it("fails a goal that sets no accountId when the provider has none either, naming the setting and its variable", async () => {
      const env = { ...h.env };
      delete env.MSADS_ACCOUNT_ID;
      const r = await plugin(env).check(GOAL_URN, {}, { name: "Leads", goalCategory: "Purchase" });
      assert.deepEqual(r.failures.map((f) => f.property), ["accountId"]);
      assert.match(r.failures[0].reason, /missing provider setting msads:accountId .*MSADS_ACCOUNT_ID.*the goal sets no accountId/);
      const own = await plugin(env).check(GOAL_URN, {}, { name: "Leads", goalCategory: "Purchase", accountId: "2000002" });
      assert.deepEqual(own.failures, [], "a goal with its own account needs none from the provider");
    });

    it("adds the place where a Pulumi YAML program writes the failing property, when the locator knows it", async () => {
      const r = await plugin().check(GOAL_URN, {}, { name: "Leads", goalCategory: "Purchase", revenue: { type: "FixedValue", value: -1 } });
      assert.deepEqual(r.failures, [{ property: "revenue.value", reason: "must be from 0 to 9999999, got -1 (Pulumi.yaml:12:16)" }]);
      const elsewhere = await plugin().check(GOAL_URN.replace("::leads", "::other"), {}, { name: "Leads", goalCategory: "Purchase", revenue: { type: "FixedValue", value: -1 } });
      assert.deepEqual(elsewhere.failures, [{ property: "revenue.value", reason: "must be from 0 to 9999999, got -1" }]);
    });
  });

  describe("diff", () => {
    it("names exactly the changed properties in the detailed diff", async () => {
      const p = plugin();
      const c = await p.create(leads);
      const d = await p.diff(c.id, c.outs, { ...leads, status: "Paused", conversionWindowInMinutes: 60 });
      assert.deepEqual(d, { changes: true, replaces: [], deleteBeforeReplace: false, detailedDiff: { status: "update", conversionWindowInMinutes: "update" } });
    });

    it("plans a scope change as update-replace, in replaces", async () => {
      const p = plugin();
      const goal = { name: "Visits", goalCategory: "Purchase" };
      const c = await p.create(goal);
      const d = await p.diff(c.id, c.outs, { ...goal, scope: "Customer" });
      assert.deepEqual(d.replaces, ["scope"]);
      assert.deepEqual(d.detailedDiff, { scope: "update-replace" });
      assert.equal(d.changes, true);
    });

    it("finds no change, with an empty detail, when nothing changed (secrets compared by value)", async () => {
      const p = plugin();
      const c = await p.create({ ...leads, name: secret("Leads") });
      assert.deepEqual(await p.diff(c.id, c.outs, { ...leads, name: secret("Leads") }), { changes: false, replaces: [], deleteBeforeReplace: false, detailedDiff: {} });
    });
  });

  describe("secret inputs in outputs", () => {
    const secretName = "Confidential goal 5e7d";
    const secretValue = "12.3456";
    const assertOnlyWrapped = (outs: Props) => {
      const shown = JSON.stringify(outsideWrappers(outs));
      assert.ok(!shown.includes(secretName) && !shown.includes(secretValue), `plaintext outside the wrappers: ${shown}`);
    };

    it("keeps a secret input secret in the outputs of create, the recorded declaration wrapped whole", async () => {
      const c = await plugin().create({ name: secret(secretName), goalCategory: "Purchase", revenue: { type: "FixedValue", value: secret(secretValue) } });
      assert.deepEqual(c.outs.name, secret(secretName));
      assert.deepEqual((c.outs.revenue as Props).value, secret(secretValue));
      assert.ok(isWrapper(c.outs.__declared), "__declared repeats the inputs, so it is wrapped");
      assert.deepEqual(c.outs.__declared.value, { name: secretName, goalCategory: "Purchase", revenue: { type: "FixedValue", value: secretValue } });
      assert.equal(c.outs.goalCategory, "Purchase", "what was not secret stays plain");
      assertOnlyWrapped(c.outs);
    });

    it("keeps a secret input secret in the outputs of update", async () => {
      const p = plugin();
      const c = await p.create(leads);
      const u = await p.update(c.id, c.outs, { ...leads, name: secret(secretName), revenue: { type: "FixedValue", value: secret(secretValue) } });
      assert.deepEqual(u.outs.name, secret(secretName));
      assert.deepEqual((u.outs.revenue as Props).value, secret(secretValue));
      assert.ok(isWrapper(u.outs.__declared));
      assertOnlyWrapped(u.outs);
      assert.equal((await goals())[0].name, secretName, "the service got the value itself");
    });

    it("keeps a secret input secret in the properties of a create that failed after the goal was made", async () => {
      await armFault(h.emu, { operation: "GetConversionGoalsByIds", kind: "http503", times: 4 });
      const e = await rejection<GoalStepError>(plugin().create({ name: secret(secretName), goalCategory: "Purchase" }));
      assert.ok(e instanceof GoalStepError, String(e));
      const props = e.properties as unknown as Props;
      assert.deepEqual(props.name, secret(secretName));
      assert.ok(isWrapper(props.__declared));
      assertOnlyWrapped(props);
    });

    it("keeps recorded secrets secret through a refresh", async () => {
      const p = plugin();
      const c = await p.create({ name: secret(secretName), goalCategory: "Purchase" });
      const r = await p.read(c.id, URN, c.outs, { name: secret(secretName), goalCategory: "Purchase" });
      assert.equal(r.id, c.id);
      assert.deepEqual(r.props!.name, secret(secretName));
      assert.deepEqual(r.inputs!.name, secret(secretName));
      assertOnlyWrapped(r.props!);
      assert.deepEqual(exported, [], "a refresh is no import: the state is not read");
    });
  });

  describe("read as import", () => {
    /** A goal made outside the plugin (no resource of this deployment holds it). */
    const existing = async (accountId = "2000001", name = "Existing") => {
      const client = h.make({ accountId });
      const r = await client.addConversionGoals([{ name, goalCategory: "Purchase" }]);
      return r.goalIds[0]!;
    };

    it("imports <goalId> from the provider's placement", async () => {
      const id = await existing();
      const r = await plugin().read(id, URN, {}, {});
      assert.equal(r.id, id);
      assert.equal(r.props!.goalId, id);
      assert.equal(r.props!.accountId, "2000001");
      assert.deepEqual(r.inputs, { name: "Existing", goalCategory: "Purchase" }, "the provider's placement is not declared");
      assert.deepEqual(exported, ["dev"], "the stack's state was consulted");
    });

    it("imports <customerId>/<accountId>/<goalId> from another account, declaring that placement", async () => {
      const id = await existing("2000002");
      const r = await plugin().read(`1000001/2000002/${id}`, URN, {}, {});
      assert.equal(r.id, id);
      assert.equal(r.props!.accountId, "2000002");
      assert.equal(r.props!.customerId, "1000001");
      assert.equal(r.inputs!.accountId, "2000002", "differs from msads:accountId, so it is declared");
      assert.equal(r.inputs!.customerId, undefined, "equal to msads:customerId, so left to the provider");
    });

    it("finds nothing for a goal that does not exist", async () => {
      assert.deepEqual(await plugin().read("9007199254749999", URN, {}, {}), {});
    });

    it("refuses a malformed import id, naming the part", async () => {
      await assert.rejects(plugin().read("1000001/07", URN, {}, {}), (e: Error) => e instanceof ResourceIdError && /expected <goalId> or/.test(e.message));
    });

    for (const type of [NATIVE_GOAL_TYPE, DYNAMIC_GOAL_TYPE]) {
      it(`refuses a goal another resource of the stack holds as ${type}`, async () => {
        const id = await existing();
        const holder = `urn:pulumi:dev::goals::${type}::old-leads`;
        exportStack = async () => stateHolding(holder, type, id);
        const e = await rejection(plugin().read(id, URN, {}, {}));
        assert.ok(e instanceof GoalHeldError, String(e));
        assert.ok(e.message.includes(`goal ${id} is already managed by ${holder}`), e.message);
        assert.match(e.message, /aliases/);
      });
    }

    it("refuses the import when the stack's state cannot be read", async () => {
      const id = await existing();
      exportStack = async () => {
        throw new Error("pulumi stack export --stack dev failed: no stack named dev");
      };
      const e = await rejection(plugin().read(id, URN, {}, {}));
      assert.ok(e instanceof GoalHeldError, String(e));
      assert.match(e.message, /cannot import goal \d+: the stack's state could not be read .*no stack named dev/);
    });

    it("imports a goal the state already records under the importing URN itself", async () => {
      const id = await existing();
      exportStack = async () => stateHolding(URN, NATIVE_GOAL_TYPE, id);
      assert.equal((await plugin().read(id, URN, {}, {})).id, id);
    });

    it("refuses the second of two concurrent imports of one goal in this deployment, and keeps refusing it after the first", async () => {
      const id = await existing();
      const p = plugin();
      // Both imports wait on the state at once, which holds neither yet: only the claim tells them apart.
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      exportStack = async () => {
        await gate;
        return { version: 3, deployment: { resources: [] } };
      };
      const first = p.read(id, URN, {}, {});
      const second = rejection(p.read(id, OTHER_URN, {}, {}));
      open();
      assert.equal((await first).id, id);
      const e = await second;
      assert.ok(e instanceof GoalHeldError, String(e));
      assert.ok(e.message.includes(`goal ${id} is already being imported by ${URN}`), e.message);
      const later = await rejection(p.read(id, OTHER_URN, {}, {}));
      assert.ok(later instanceof GoalHeldError && later.message.includes(URN), String(later));
    });

    it("reads the stack's state once for many imports of one deployment", async () => {
      const p = plugin();
      const ids = [await existing("2000001", "First"), await existing("2000001", "Second"), await existing("2000001", "Third")];
      await Promise.all(ids.map((id, i) => p.read(id, `${URN}${i}`, {}, {})));
      assert.deepEqual(exported, ["dev"], "one export, however many goals are imported");
    });

    it("reads the state again after a read that failed, instead of keeping the failure", async () => {
      const p = plugin();
      const id = await existing();
      let fail = true;
      exportStack = async () => {
        if (fail) throw new Error("pulumi stack export --stack dev failed: the backend is busy");
        return { version: 3, deployment: { resources: [] } };
      };
      await assert.rejects(p.read(id, URN, {}, {}), GoalHeldError);
      fail = false;
      assert.equal((await p.read(id, URN, {}, {})).id, id);
      assert.deepEqual(exported, ["dev", "dev"]);
    });

    it("gives the claim back when the service fails the import's read, so the import can be run again", async () => {
      const p = plugin();
      const id = await existing();
      await armFault(h.emu, { operation: "GetConversionGoalsByIds", kind: "http503", times: 4 });
      await assert.rejects(p.read(id, URN, {}, {}));
      assert.equal((await p.read(id, OTHER_URN, {}, {})).id, id, "not refused by the failed import's claim");
    });

    it("gives the claim back when the import finds no goal, so another resource may import that id", async () => {
      const p = plugin();
      assert.deepEqual(await p.read("9007199254749999", URN, {}, {}), {});
      assert.deepEqual(await p.read("9007199254749999", OTHER_URN, {}, {}), {}, "not refused by the first attempt's claim");
    });

    it("refuses a goal the state holds through another account (a goal id is the service's, whatever account reaches it)", async () => {
      const id = await existing();
      const holder = `urn:pulumi:dev::goals::${NATIVE_GOAL_TYPE}::customer-wide`;
      exportStack = async () => stateHolding(holder, NATIVE_GOAL_TYPE, id, "2000002");
      const e = await rejection(plugin().read(`1000001/2000001/${id}`, URN, {}, {}));
      assert.ok(e instanceof GoalHeldError && e.message.includes(`already managed by ${holder}`), String(e));
    });

    it("refuses a goal a resource of this deployment created, without reading the state", async () => {
      const p = plugin();
      const c = await p.create(leads);
      const e = await rejection(p.read(c.id, OTHER_URN, {}, {}));
      assert.ok(e instanceof GoalHeldError, String(e));
      assert.match(e.message, /already held by another resource of this stack \(as "Leads"\)/);
      assert.deepEqual(exported, []);
    });
  });

  describe("composite resource ids", () => {
    it("diffs, updates and deletes a goal whose resource id is <customerId>/<accountId>/<goalId>", async () => {
      const p = plugin();
      const c = await p.create(leads);
      const id = `1000001/2000001/${c.id}`;
      const d = await p.diff(id, c.outs, { ...leads, status: "Paused" });
      assert.deepEqual(d.detailedDiff, { status: "update" });
      const u = await p.update(id, c.outs, { ...leads, status: "Paused" });
      assert.equal(u.outs.status, "Paused");
      assert.equal((await goals())[0].status, "Paused");
      await p.delete(id, u.outs);
      const after = (await goals())[0];
      assert.notEqual(after.name, "Leads", "deleted: renamed so that the name is free");
      assert.deepEqual(warnings, []);
    });

    it("refuses a malformed resource id in update and delete", async () => {
      const p = plugin();
      await assert.rejects(p.update("2000001/7", {}, leads), ResourceIdError);
      await assert.rejects(p.delete("x", {}), ResourceIdError);
    });
  });
});
