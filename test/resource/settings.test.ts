import { strict as assert } from "node:assert";
import { CONFIG_KEYS, ConfigKey, resolveSettings } from "../../provider/resource/config";
import { GoalOutputs } from "../../provider/resource/outputs";
import { rejection } from "../support/client";
import { ProviderHarness, resetProviderHarness, startProviderHarness } from "../support/provider";

const config = (values: Record<string, string>) => ({ get: (k: string) => values[k] });

describe("resource: provider settings, which source wins", () => {
  it("a set MSADS_* variable wins for credentials and endpoints; stack config wins for the placement", () => {
    const all = Object.keys(CONFIG_KEYS) as ConfigKey[];
    const fromConfig = Object.fromEntries(all.map((k) => [`msads:${k}`, `config-${k}`]));
    const fromEnv = Object.fromEntries(all.map((k) => [CONFIG_KEYS[k], `env-${k}`]));
    const { settings, origins } = resolveSettings(config(fromConfig), fromEnv);
    for (const k of all) {
      const placement = k === "customerId" || k === "accountId" || k === "accountIds";
      assert.equal(settings[k], placement ? `config-${k}` : `env-${k}`, k);
      assert.equal(origins[k], placement ? "stack configuration" : "environment", k);
    }
  });

  it("falls back to the other source, and blank values count as absent", () => {
    const { settings, origins } = resolveSettings(config({ "msads:refreshToken": "from-config", "msads:accountId": "  " }), { MSADS_REFRESH_TOKEN: " ", MSADS_ACCOUNT_ID: "2000002" });
    assert.deepEqual([settings.refreshToken, origins.refreshToken], ["from-config", "stack configuration"]);
    assert.deepEqual([settings.accountId, origins.accountId], ["2000002", "environment"]);
  });
});

describe("resource: refused credentials say where they came from", () => {
  let h: ProviderHarness;
  before(async () => (h = await startProviderHarness()));
  after(() => h.emu.close());
  beforeEach(() => resetProviderHarness(h));
  const leads = { name: "Leads", goalCategory: "SubmitLeadForm" };
  const stack = (h: ProviderHarness, refreshToken: string) => ({
    "msads:developerToken": "BBD37VB98",
    "msads:customerId": "1000001",
    "msads:accountId": "2000001",
    "msads:endpoint": h.emu.url,
    "msads:tokenUrl": h.emu.tokenUrl,
    "msads:clientId": "msads-emulator-client",
    "msads:refreshToken": refreshToken,
  });

  it("a revoked refresh token from stack config: names msads:refreshToken, the recorded copy and --run-program, never the value", async () => {
    const revoked = "revoked-refresh-token-3f9a";
    const p = await h.configured(stack(h, revoked));
    const e = await rejection(p.create(leads));
    assert.match(e.message, /invalid_grant/);
    assert.match(e.message, /The credentials came from: msads:refreshToken from the stack configuration, msads:clientId from the stack configuration/);
    assert.match(e.message, /recorded in the state at the last pulumi up/);
    assert.match(e.message, /pulumi refresh --run-program or pulumi destroy --run-program/);
    assert.match(e.message, /or set MSADS_REFRESH_TOKEN, MSADS_CLIENT_ID, MSADS_TOKEN_URL, which override the stack configuration/);
    assert.ok(!e.message.includes(revoked));
    assert.ok(!JSON.stringify(e).includes(revoked));
  });

  it("a set MSADS_REFRESH_TOKEN overrides the recorded one", async () => {
    const p = await h.configured(stack(h, "revoked-refresh-token-3f9a"), { MSADS_REFRESH_TOKEN: "emulator-refresh-token" });
    const c = await p.create(leads);
    assert.equal((c.outs as GoalOutputs).name, "Leads");
  });

  it("a refused variable is named as the variable", async () => {
    const p = await h.configured(stack(h, "emulator-refresh-token"), { MSADS_DEVELOPER_TOKEN: "NOT-A-TOKEN-71c2" });
    const e = await rejection(p.create(leads));
    assert.match(e.message, /105 InvalidCredentials/);
    assert.match(e.message, /The credentials came from: MSADS_DEVELOPER_TOKEN from the environment, msads:refreshToken from the stack configuration/);
    assert.ok(!e.message.includes("NOT-A-TOKEN-71c2"));
  });

  it("the placement from stack config wins over MSADS_ACCOUNT_ID", async () => {
    const p = await h.configured(stack(h, "emulator-refresh-token"), { MSADS_ACCOUNT_ID: "2000002" });
    const c = await p.create(leads);
    assert.equal((c.outs as GoalOutputs).accountId, "2000001");
  });
});
