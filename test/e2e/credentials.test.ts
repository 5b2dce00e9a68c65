import { strict as assert } from "node:assert";
import { SECRET_SEED, SECRETS } from "../support/client";
import { TestEmulator } from "../support/emulator";
import { byName, ok, Project, startProject } from "../support/pulumi-project";

// Credentials kept as stack-config secrets (pulumi config set --secret msads:…), then rotated. The engine records
// the provider's configuration in the state at every `up`; refresh, destroy and the refresh of preview --refresh
// rebuild the provider from that record without running the program (pulumi/pulumi#4981, #2936, #13839, #3810,
// #2971). A set MSADS_* variable must override credentials and endpoints, and the failure must say where the
// credential came from and what to run, without the value.

const NEW_REFRESH_TOKEN = "refresh-token-rotated-4e8b0d27";
const SEED = {
  ...SECRET_SEED,
  refreshTokens: [...SECRET_SEED.refreshTokens, { token: NEW_REFRESH_TOKEN, clientId: SECRETS.clientId, userId: "emulator-user" }],
};
const SECRET_VALUES = [SECRETS.developerToken, SECRETS.clientSecret, SECRETS.refreshToken, NEW_REFRESH_TOKEN];

async function revoke(emu: TestEmulator, refreshToken: string): Promise<void> {
  const res = await fetch(`${emu.adminUrl}/revoke`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ refreshToken }) });
  assert.equal(res.status, 200);
}

describe("end to end: credentials in stack config, rotated", function () {
  this.timeout(240_000);
  let p: Project;
  before(async () => {
    // No MSADS_* variable: every setting is stack config, the credentials as secrets.
    p = await startProject("credentials", { seed: SEED, env: () => ({}) });
    const set = async (key: string, value: string, secret = false) => ok(await p.pulumi("config", "set", secret ? "--secret" : "--plaintext", `msads:${key}`, value));
    await set("endpoint", p.emu.url);
    await set("tokenUrl", p.emu.tokenUrl);
    await set("customerId", "1000001");
    await set("accountId", "2000001");
    await set("clientId", SECRETS.clientId);
    await set("developerToken", SECRETS.developerToken, true);
    await set("clientSecret", SECRETS.clientSecret, true);
    await set("refreshToken", SECRETS.refreshToken, true);
    p.writeGoals("goals:\n  leads:\n    name: Leads\n    goalCategory: SubmitLeadForm\n");
    ok(await p.pulumi("up", "--yes"));
    assert.equal(byName(await p.goals(), "Leads").length, 1);
    // The user revokes the old refresh token and stores the new one, as a secret.
    await revoke(p.emu, SECRETS.refreshToken);
    ok(await p.pulumi("config", "set", "--secret", "msads:refreshToken", NEW_REFRESH_TOKEN));
  });
  after(() => p?.close());

  it("refresh without the program fails with where the refresh token came from and what to run, never the value", async () => {
    const r = await p.pulumi("refresh", "--yes");
    assert.notEqual(r.code, 0, "the recorded configuration still holds the revoked token");
    const out = r.stdout + r.stderr;
    assert.match(out, /invalid_grant/);
    assert.match(out, /msads:refreshToken from the stack configuration/);
    assert.match(out, /recorded in the state/);
    assert.match(out, /pulumi refresh --run-program/);
    assert.match(out, /pulumi destroy --run-program/);
    assert.match(out, /MSADS_REFRESH_TOKEN/);
    for (const s of SECRET_VALUES) assert.ok(!out.includes(s), `a credential is in the output: ${s.slice(0, 8)}…`);
  });

  it("preview --refresh fails the same way, with the same guidance", async () => {
    const r = await p.pulumi("preview", "--refresh");
    assert.notEqual(r.code, 0);
    assert.match(r.stdout + r.stderr, /msads:refreshToken from the stack configuration.*/);
  });

  it("a set MSADS_REFRESH_TOKEN overrides the recorded stack config for refresh and preview --refresh", async () => {
    p.ws.env = { MSADS_REFRESH_TOKEN: NEW_REFRESH_TOKEN };
    try {
      ok(await p.pulumi("refresh", "--yes"));
      ok(await p.pulumi("preview", "--refresh", "--expect-no-changes"));
    } finally {
      p.ws.env = {};
    }
  });

  it("refresh --run-program uses the current stack config", async () => {
    ok(await p.pulumi("refresh", "--run-program", "--yes"));
  });

  it("after an up records the new token, refresh and destroy work without the program", async () => {
    ok(await p.pulumi("up", "--yes"));
    ok(await p.pulumi("refresh", "--yes"));
    ok(await p.pulumi("destroy", "--yes"));
    const [g] = await p.goals();
    assert.equal(g.status, "Paused");
  });

  it("no credential appears in the exported state or in any CLI output", async () => {
    const exported = await p.pulumi("stack", "export");
    ok(exported);
    const texts = p.outputs.flatMap((o) => [o.stdout, o.stderr]);
    for (const s of SECRET_VALUES) for (const t of texts) assert.ok(!t.includes(s), `found ${s.slice(0, 8)}…`);
  });
});
