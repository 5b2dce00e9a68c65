import assert from "node:assert/strict";
import { evaluateTargets, formatVerdicts, Verdict } from "../../bench/support/targets";
import { Operation, SizeResult } from "../../bench/support/up-results";

function size(goals: number, ratio: number, calls: Partial<Record<Operation, Record<string, number>>> = {}, goalBytes = 900, noopBytes = 1000): SizeResult {
  const r = { cpu: ratio, wall: ratio };
  return {
    goals,
    ratios: { up: r, preview: r, refresh: r, destroy: r },
    calls: { up: {}, preview: {}, refresh: {}, destroy: {}, ...calls },
    state: {
      goals: { resources: goals, medianResourceBytes: goalBytes, medianProviderBytes: 100 },
      noop: { resources: goals, medianResourceBytes: noopBytes, medianProviderBytes: 500 },
    },
  };
}

const find = (verdicts: Verdict[], start: string) => {
  const v = verdicts.find((x) => x.target.startsWith(start));
  assert.ok(v, `no verdict starting ${JSON.stringify(start)}`);
  return v;
};

describe("bench targets", () => {
  it("meets a ratio target at its limit and misses it just above, refresh having the looser limit", () => {
    const at = evaluateTargets([size(200, 1.1)]);
    assert.equal(find(at, "up CPU ≤ 1.10×").met, true);
    assert.equal(find(at, "destroy wall ≤ 1.10×").met, true);
    const above = evaluateTargets([size(200, 1.12)]);
    assert.equal(find(above, "up CPU ≤ 1.10×").met, false);
    assert.equal(find(above, "preview wall ≤ 1.10×").met, false);
    assert.equal(find(above, "refresh CPU ≤ 1.15×").met, true);
    assert.equal(find(above, "up CPU ≤ 1.10×").figure, "1.12×");
  });

  it("judges the ratio and call targets at 200 goals only", () => {
    const v = evaluateTargets([size(50, 3)]);
    assert.equal(find(v, "up CPU").met, undefined);
    assert.match(find(v, "up CPU").figure, /not measured \(add 200 to --goals\)/);
    assert.equal(find(v, "refresh: ≤ 4 service calls").met, undefined);
  });

  it("bounds service calls apart from the one token", () => {
    const v = evaluateTargets([
      size(200, 1, {
        up: { AddConversionGoals: 1, GetConversionGoalsByIds: 9, token: 1 },
        refresh: { GetConversionGoalsByIds: 5, token: 1 },
        destroy: { UpdateConversionGoals: 1, token: 2 },
      }),
    ]);
    assert.deepEqual(find(v, "up: ≤ 10 service calls"), { target: "up: ≤ 10 service calls + ≤ 1 token at 200 goals", figure: "10 calls + 1 token", met: true });
    assert.equal(find(v, "refresh: ≤ 4 service calls").met, false);
    assert.equal(find(v, "destroy: ≤ 10 service calls").met, false, "two tokens exceed the one allowed");
  });

  it("compares state per goal with the no-op's", () => {
    assert.equal(find(evaluateTargets([size(200, 1, {}, 1000, 1000)]), "state per goal").met, true);
    assert.equal(find(evaluateTargets([size(200, 1, {}, 1001, 1000)]), "state per goal").met, false);
  });

  it("calls a ratio grown beyond the allowance from the smallest size to the largest not met, and says which sizes it saw", () => {
    const v = evaluateTargets([size(1000, 1.26), size(50, 1.2), size(200, 5)]);
    const growth = find(v, "up CPU ratio does not grow");
    assert.equal(growth.met, true, "1.26 is within 5% of 1.20");
    assert.equal(growth.figure, "1.20× at 50 → 1.26× at 1000");
    const grown = find(evaluateTargets([size(50, 1.2), size(200, 1.27)]), "up wall ratio does not grow");
    assert.equal(grown.met, false);
    assert.equal(grown.figure, "1.20× at 50 → 1.27× at 200 (measured 50→200 only)");
    assert.equal(find(evaluateTargets([size(50, 1)]), "up CPU ratio does not grow").met, undefined);
  });

  it("prints met, NOT MET or n/a before each target and its figure", () => {
    assert.deepEqual(
      formatVerdicts([
        { target: "a", figure: "1", met: true },
        { target: "b", figure: "2", met: false },
        { target: "c", figure: "3", met: undefined },
      ]),
      ["  met     a: 1", "  NOT MET b: 2", "  n/a     c: 3"],
    );
  });
});
