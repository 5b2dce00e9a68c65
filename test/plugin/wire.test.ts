import { strict as assert } from "node:assert";
import fc from "fast-check";
import { conceal, reveal, secret, SECRET_SIG, SIG_KEY } from "../../provider/plugin/wire";

// The plugin accepts secrets (ConfigureResponse.acceptSecrets): every value may arrive with secret wrappers at any
// depth, the steps work on plain values, and what was secret must leave wrapped at the same place.

describe("plugin: secret wrappers on the wire", () => {
  it("takes off nested secrets and records the dotted path of each", () => {
    const r = reveal({ name: secret("Leads"), revenue: { type: "FixedValue", value: secret(12.5) }, status: "Active" });
    assert.deepEqual(r.value, { name: "Leads", revenue: { type: "FixedValue", value: 12.5 }, status: "Active" });
    assert.deepEqual([...r.secretPaths].sort(), ["name", "revenue.value"]);
  });

  it("keeps array indices in the paths of secrets inside arrays", () => {
    const r = reveal({ ids: ["1", secret("2"), { a: secret(true) }] });
    assert.deepEqual(r.value, { ids: ["1", "2", { a: true }] });
    assert.deepEqual([...r.secretPaths].sort(), ["ids.1", "ids.2.a"]);
    assert.deepEqual(conceal(r.value, r.secretPaths), { ids: ["1", secret("2"), { a: secret(true) }] });
  });

  it("wraps a secret that holds an object whole again, inner secrets included", () => {
    const x = { revenue: secret({ type: "FixedValue", value: secret("9.99") }) };
    const r = reveal(x);
    assert.deepEqual(r.value, { revenue: { type: "FixedValue", value: "9.99" } });
    assert.deepEqual([...r.secretPaths].sort(), ["revenue", "revenue.value"]);
    assert.deepEqual(conceal(r.value, r.secretPaths), x);
  });

  it("wraps a secret root whole again, keeping the secrets inside it", () => {
    const x = secret({ a: secret(1), b: 2 });
    const r = reveal(x);
    assert.deepEqual(r.value, { a: 1, b: 2 });
    assert.deepEqual(conceal(r.value, r.secretPaths), x);
  });

  it("writes the secret signature of pulumi's sig package", () => {
    assert.deepEqual(secret("x"), { [SIG_KEY]: SECRET_SIG, value: "x" });
    assert.equal(SIG_KEY, "4dabf18193072939515e22adb298388d");
    assert.equal(SECRET_SIG, "1b47061264138c4ac30d75fd1eb44270");
  });

  it("leaves objects tagged with another signature (not secrets) as they are", () => {
    const asset = { [SIG_KEY]: "c44067f5952c0a294b673a41bacd8c17", path: "x" };
    assert.deepEqual(reveal({ asset }), { value: { asset }, secretPaths: [] });
  });

  it("skips paths that no longer exist, or that run through a value that is no object", () => {
    const outs = { name: "Leads", revenue: { type: "NoValue" } };
    assert.deepEqual(conceal(outs, ["revenue.value", "missing", "missing.deeper", "name.length", "revenue.type.x"]), outs);
  });

  it("skips a path named like an inherited member (toString, constructor) that the value does not hold", () => {
    // `in` would find Object.prototype's members and wrap them into the value.
    const outs = { name: "Leads" };
    assert.deepEqual(conceal(outs, ["toString", "constructor", "name.constructor"]), outs);
  });

  it("does not wrap a value twice, nor change the value it was given", () => {
    const v = { name: secret("Leads"), status: "Active" };
    const before = structuredClone(v);
    assert.deepEqual(conceal(v, ["name", "status"]), { name: secret("Leads"), status: secret("Active") });
    assert.deepEqual(v, before);
  });

  it("puts every secret back where it was, for any value (property)", () => {
    // Keys without dots (paths are dotted) and no secret directly inside a secret (the wire cannot tell those apart).
    const key = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,7}$/).filter((k) => k !== "__proto__");
    const leaf = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null));
    const { tree } = fc.letrec<{ tree: unknown; plain: unknown }>((tie) => ({
      tree: fc.oneof({ depthSize: "small" }, tie("plain"), tie("plain").map((v) => secret(v))),
      plain: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.array(tie("tree"), { maxLength: 4 }),
        fc.dictionary(key, tie("tree"), { maxKeys: 5, noNullPrototype: true }),
      ),
    }));
    fc.assert(
      fc.property(tree, (x) => {
        const r = reveal(x);
        assert.equal(JSON.stringify(r.value).includes(SECRET_SIG), false, "no wrapper is left in the revealed value");
        assert.deepStrictEqual(conceal(r.value, r.secretPaths), x);
      }),
      { numRuns: 500 },
    );
  });
});
