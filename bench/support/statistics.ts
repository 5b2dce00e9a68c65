// The statistics of the benchmarks: medians, and the median of paired ratios, which compares two things measured
// in alternation so that a slow moment of the machine weighs on both members of a pair rather than on one side.

/** The median of a non-empty list (the mean of the two middle values for an even count). Throws when empty or NaN. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of an empty list");
  if (values.some((v) => Number.isNaN(v))) throw new Error("median of a list holding NaN");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The ratios numerators[i] / denominators[i] of pairs measured together (rep i of each). Throws when the lists
 * differ in length or are empty, or a denominator is not positive (a ratio to zero time says nothing).
 */
export function pairedRatios(numerators: readonly number[], denominators: readonly number[]): number[] {
  if (numerators.length !== denominators.length) throw new Error(`paired ratios need pairs: ${numerators.length} numerators, ${denominators.length} denominators`);
  if (numerators.length === 0) throw new Error("paired ratios of no pairs");
  return numerators.map((n, i) => {
    const d = denominators[i];
    if (!(d > 0)) throw new Error(`paired ratio ${i}: the denominator is ${d}, not a positive number`);
    return n / d;
  });
}

/** The median of the paired ratios: not the ratio of the medians, which would pair a fast run with a slow one. */
export function medianOfPairedRatios(numerators: readonly number[], denominators: readonly number[]): number {
  return median(pairedRatios(numerators, denominators));
}
