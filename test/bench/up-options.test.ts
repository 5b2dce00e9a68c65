import assert from "node:assert/strict";
import { parseUpOptions, UsageError } from "../../bench/support/up-options";

describe("bench:up options", () => {
  it("defaults to 50 and 200 goals, 3 reps, --parallel 100 and the goals program's account check left out", () => {
    assert.deepEqual(parseUpOptions([]), { goals: [50, 200], reps: 3, parallel: 100, unmanagedGoals: "ignore" });
  });

  it("takes one size or a list, and sorts the list", () => {
    assert.deepEqual(parseUpOptions(["--goals", "50"]).goals, [50]);
    assert.deepEqual(parseUpOptions(["--goals", "1000,50, 200"]).goals, [50, 200, 1000]);
    assert.deepEqual(parseUpOptions(["--reps", "1", "--parallel", "8"]), { goals: [50, 200], reps: 1, parallel: 8, unmanagedGoals: "ignore" });
    assert.equal(parseUpOptions(["--unmanaged-goals", "warn"]).unmanagedGoals, "warn");
  });

  it("names the flag at fault", () => {
    const fails = (argv: string[], message: RegExp) => assert.throws(() => parseUpOptions(argv), (e: unknown) => e instanceof UsageError && message.test(e.message));
    fails(["--goals", "0"], /^--goals \(each size of the comma-separated list\) must be a whole number from 1 to 1000, not '0'/);
    fails(["--goals", "50,,200"], /^--goals .* not ''/);
    fails(["--goals", "1001"], /^--goals .* not '1001'/);
    fails(["--goals", "50,50"], /^--goals lists 50 twice/);
    fails(["--reps", "0"], /^--reps must be a whole number from 1 to 50, not '0'/);
    fails(["--reps", "2.5"], /^--reps .* not '2.5'/);
    fails(["--parallel", "-1"], /--parallel/);
    fails(["--parallel", "abc"], /^--parallel must be a whole number from 1 to 10000, not 'abc'/);
    fails(["--seconds", "3"], /Unknown option '--seconds'/);
    fails(["--unmanaged-goals", "retire"], /^--unmanaged-goals must be ignore or warn, not 'retire'/);
  });
});
