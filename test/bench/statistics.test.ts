import assert from "node:assert/strict";
import { median, medianOfPairedRatios, pairedRatios } from "../../bench/support/statistics";

describe("bench statistics", () => {
  it("takes the middle value of an odd count, whatever the order", () => {
    assert.equal(median([9, 1, 5]), 5);
    assert.equal(median([3]), 3);
  });

  it("takes the mean of the two middle values of an even count", () => {
    assert.equal(median([10, 1, 4, 2]), 3);
  });

  it("sorts numerically, not as text", () => {
    assert.equal(median([100, 9, 20]), 20);
  });

  it("refuses an empty list and NaN", () => {
    assert.throws(() => median([]), /empty/);
    assert.throws(() => median([1, NaN]), /NaN/);
  });

  it("pairs numerators and denominators by index", () => {
    assert.deepEqual(pairedRatios([2, 9, 4], [1, 3, 8]), [2, 3, 0.5]);
  });

  it("gives the median of the per-pair ratios, not the ratio of the medians", () => {
    // A slow moment weighs on both members of a pair: medians 5 / 1 = 5, but the paired ratios 1, 5, 3 → 3.
    assert.equal(median([1, 5, 6]) / median([1, 1, 2]), 5);
    assert.equal(medianOfPairedRatios([1, 5, 6], [1, 1, 2]), 3);
  });

  it("refuses lists of different lengths, no pairs, and a denominator that is not positive", () => {
    assert.throws(() => pairedRatios([1, 2], [1]), /2 numerators, 1 denominators/);
    assert.throws(() => pairedRatios([], []), /no pairs/);
    assert.throws(() => pairedRatios([1, 2], [1, 0]), /paired ratio 1: the denominator is 0/);
    assert.throws(() => pairedRatios([1], [-1]), /denominator is -1/);
  });
});
