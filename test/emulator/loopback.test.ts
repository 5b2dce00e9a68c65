import assert from "node:assert/strict";
import { isLoopback } from "../../emulator/loopback";

describe("emulator: the admin API's loopback check", () => {
  it("admits IPv4 loopback, IPv6 loopback and IPv4-mapped loopback", () => {
    for (const a of ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"]) assert.equal(isLoopback(a), true, a);
  });

  it("refuses every other address, including ones that merely start like loopback", () => {
    for (const a of ["10.0.0.1", "192.168.1.2", "::ffff:10.0.0.1", "1.127.0.0", "127.0.0.1.evil", "::2", "", undefined]) {
      assert.equal(isLoopback(a), false, String(a));
    }
  });
});
