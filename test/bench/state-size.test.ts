import assert from "node:assert/strict";
import { stateSize } from "../../bench/support/state-size";

const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

describe("bench state size", () => {
  const stack = { urn: "urn:pulumi:bench::p::pulumi:pulumi:Stack::p-bench", type: "pulumi:pulumi:Stack", custom: false };
  const provider = (code: string, key: string) => ({
    urn: `urn:pulumi:bench::p::pulumi-nodejs:dynamic:Resource::${key}`,
    type: "pulumi-nodejs:dynamic:Resource",
    custom: true,
    id: key,
    inputs: { __provider: code, key },
    outputs: { __provider: code, key, extra: "é" },
  });

  it("sizes only the dynamic resources, as compact JSON, with their __provider inputs and outputs apart", () => {
    const a = provider("exports.handler = 1;", "a");
    const b = provider("exports.handler = 22;", "bb");
    const c = provider("exports.handler = 333;", "ccc");
    const size = stateSize({ version: 3, deployment: { resources: [stack, a, b, c] } });
    assert.equal(size.resources, 3);
    assert.equal(size.medianResourceBytes, bytes(b));
    assert.equal(size.medianProviderBytes, 2 * bytes("exports.handler = 22;"));
    // Compact, UTF-8: "é" is two bytes, and no indentation is counted.
    assert.equal(bytes(a), JSON.stringify(a).length + 1);
  });

  it("refuses an export without resources or without any dynamic resource", () => {
    assert.throws(() => stateSize({ deployment: {} }), /deployment.resources is missing/);
    assert.throws(() => stateSize({ deployment: { resources: [stack] } }), /no dynamic resource/);
  });
});
