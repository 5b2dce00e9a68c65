import assert from "node:assert/strict";
import { formatGrowthTable } from "../../bench/support/growth-table";
import { Ratios } from "../../bench/support/up-results";

const ratios = (up: Ratios, preview: Ratios, refresh: Ratios, destroy: Ratios) => ({ up, preview, refresh, destroy });

describe("bench growth table", () => {
  it("puts each size's CPU and wall ratios under their operation, sizes ascending, with the growth from the smallest to the largest", () => {
    const lines = formatGrowthTable([
      { goals: 1000, ratios: ratios({ cpu: 1.5, wall: 2.0 }, { cpu: 1.1, wall: 1.2 }, { cpu: 1.3, wall: 1.4 }, { cpu: 1.0, wall: 1.05 }) },
      { goals: 50, ratios: ratios({ cpu: 1.2, wall: 1.6 }, { cpu: 1.1, wall: 1.25 }, { cpu: 1.3, wall: 1.75 }, { cpu: 2.0, wall: 1.4 }) },
      { goals: 200, ratios: ratios({ cpu: 1.333, wall: 1.777 }, { cpu: 1.1, wall: 1.2 }, { cpu: 1.3, wall: 1.5 }, { cpu: 1.5, wall: 1.2 }) },
    ]);
    assert.deepEqual(lines, [
      "  goals                up         preview         refresh         destroy",
      "               CPU   wall      CPU   wall      CPU   wall      CPU   wall",
      "  50          1.20   1.60     1.10   1.25     1.30   1.75     2.00   1.40",
      "  200         1.33   1.78     1.10   1.20     1.30   1.50     1.50   1.20",
      "  1000        1.50   2.00     1.10   1.20     1.30   1.40     1.00   1.05",
      "  50→1000    ×1.25  ×1.25    ×1.00  ×0.96    ×1.00  ×0.80    ×0.50  ×0.75",
    ]);
  });

  it("has no growth row for a single size, and refuses none", () => {
    const one = formatGrowthTable([{ goals: 50, ratios: ratios({ cpu: 1, wall: 1 }, { cpu: 1, wall: 1 }, { cpu: 1, wall: 1 }, { cpu: 1, wall: 1 }) }]);
    assert.equal(one.length, 3);
    assert.match(one[2], /^ {2}50 /);
    assert.throws(() => formatGrowthTable([]), /at least one size/);
  });
});
