// Assertions the contract cases share: the shapes of ids and per-goal errors, written once.
import { strict as assert } from "node:assert";
import { AddResult, MsAdsError } from "../../provider/client";

/** The ids of an Add in which every goal must have been created: whole numbers as text, all different. */
export function createdIds(result: AddResult): string[] {
  assert.deepEqual(result.partialErrors.map((e) => e.message), [], "no goal should have failed");
  const ids = result.goalIds.map((id, i) => {
    assert.ok(id !== null, `goal ${i} has no id`);
    assert.match(id, /^[1-9][0-9]*$/, `goal ${i}: an id is a positive whole number as text`);
    return id;
  });
  assert.equal(new Set(ids).size, ids.length, "ids are distinct");
  return ids;
}

/** The single per-goal error at `index`, checked to be an API error of that code. */
export function itemError(errors: MsAdsError[], index: number, code: number, errorCode: string): MsAdsError {
  const at = errors.filter((e) => e.index === index);
  assert.equal(at.length, 1, `one error at index ${index}; got ${JSON.stringify(errors.map((e) => [e.index, e.code, e.errorCode]))}`);
  const e = at[0];
  assert.ok(e instanceof MsAdsError);
  assert.equal(e.kind, "api");
  assert.deepEqual([e.code, e.errorCode], [code, errorCode], `error at index ${index}: ${e.message}`);
  return e;
}

/** The indexes that carry errors, sorted. */
export function errorIndexes(errors: MsAdsError[]): number[] {
  return errors.map((e) => e.index ?? -1).sort((a, b) => a - b);
}
