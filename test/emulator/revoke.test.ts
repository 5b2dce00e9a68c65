import assert from "node:assert/strict";
import { TestEmulator, redeem, startTestEmulator } from "../support/emulator";

describe("emulator: revoking refresh tokens through the admin API", () => {
  let emu: TestEmulator;
  beforeEach(async () => (emu = await startTestEmulator()));
  afterEach(() => emu.close());

  const revoke = (body: unknown) => fetch(`${emu.adminUrl}/revoke`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  it("makes a revoked refresh token answer invalid_grant while others keep working", async () => {
    const first = await redeem(emu);
    const rotated = first.json.refresh_token as string;
    const res = await revoke({ refreshToken: "emulator-refresh-token" });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { revoked: 1 });
    const refused = await redeem(emu);
    assert.equal(refused.status, 400);
    assert.equal(refused.json.error, "invalid_grant");
    assert.equal((await redeem(emu, { refresh_token: rotated })).status, 200);
  });

  it("revokes every refresh token with all: true", async () => {
    const rotated = (await redeem(emu)).json.refresh_token as string;
    assert.deepEqual(await (await revoke({ all: true })).json(), { revoked: 2 });
    assert.equal((await redeem(emu, { refresh_token: rotated })).json.error, "invalid_grant");
  });

  it("says what it needs when the body names no token", async () => {
    const res = await revoke({ token: "x" });
    assert.equal(res.status, 400);
    assert.match(String(((await res.json()) as { error: string }).error), /refreshToken/);
  });
});
