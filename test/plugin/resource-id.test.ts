import { strict as assert } from "node:assert";
import { parseGoalResourceId, ResourceIdError } from "../../provider/plugin/resource-id";

const refused = (id: string): ResourceIdError => {
  try {
    parseGoalResourceId(id);
  } catch (e) {
    assert.ok(e instanceof ResourceIdError, `a ResourceIdError, not ${String(e)}`);
    return e;
  }
  throw new Error(`${JSON.stringify(id)} was accepted`);
};

describe("plugin: goal resource ids", () => {
  it("reads a bare goal id as a goal of the provider's placement", () => {
    assert.deepEqual(parseGoalResourceId("7000123"), { goalId: "7000123" });
  });

  it("reads <customerId>/<accountId>/<goalId> as a goal of that placement", () => {
    assert.deepEqual(parseGoalResourceId("1000001/2000002/7000123"), { customerId: "1000001", accountId: "2000002", goalId: "7000123" });
  });

  it("accepts the largest xs:long, 9223372036854775807", () => {
    assert.deepEqual(parseGoalResourceId("9223372036854775807"), { goalId: "9223372036854775807" });
  });

  it("refuses two or four parts, showing both forms", () => {
    for (const id of ["1000001/7000123", "1000001/2000001/3/7000123", "1000001/2000001/7000123/"]) {
      const e = refused(id);
      assert.match(e.message, /expected <goalId> or <customerId>\/<accountId>\/<goalId>/);
      assert.ok(e.message.includes(JSON.stringify(id)), e.message);
    }
  });

  const cases: Array<[string, string, string]> = [
    ["07000123", "goalId", "07000123"],
    ["0", "goalId", "0"],
    ["", "goalId", ""],
    ["70001x3", "goalId", "70001x3"],
    ["-7000123", "goalId", "-7000123"],
    ["+7000123", "goalId", "+7000123"],
    ["7000123 ", "goalId", "7000123 "],
    ["7e6", "goalId", "7e6"],
    ["9223372036854775808", "goalId", "9223372036854775808"],
    ["01000001/2000001/7000123", "customerId", "01000001"],
    ["abc/2000001/7000123", "customerId", "abc"],
    ["1000001/002000001/7000123", "accountId", "002000001"],
    ["1000001/2.5/7000123", "accountId", "2.5"],
    ["1000001//7000123", "accountId", ""],
    ["1000001/2000001/07000123", "goalId", "07000123"],
    ["1000001/2000001/x", "goalId", "x"],
    ["1000001/99999999999999999999/7000123", "accountId", "99999999999999999999"],
    ["1000001/2000001/9223372036854775808", "goalId", "9223372036854775808"],
  ];
  for (const [id, part, value] of cases) {
    it(`refuses ${JSON.stringify(id)}, naming ${part}`, () => {
      const e = refused(id);
      assert.ok(e.message.includes(`${part} ${JSON.stringify(value)} must be a positive whole number without leading zeros`), e.message);
    });
  }
});
