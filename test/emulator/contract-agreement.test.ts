// The emulator keeps its own copy of the contract's sequences and enumerations (it imports nothing from the
// WSDL tooling or the provider); these checks keep that copy equal to the shipped trimmed WSDL, so a
// re-derivation from a newer official contract cannot leave the emulator behind unnoticed.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { type Element } from "@xmldom/xmldom";
import { GET_REQUEST_SEQUENCE } from "../../emulator/operations/get";
import {
  ADDITIONAL_FIELDS,
  ATTRIBUTION_MODEL_TYPES,
  CONVERSION_GOAL_SEQUENCE,
  DERIVED_SEQUENCE,
  REVENUE_SEQUENCE,
  TRACKING_STATUSES,
} from "../../emulator/soap/goal-xml";
import { ALL_GOAL_CATEGORIES, GOAL_TYPES } from "../../emulator/state";
import { goalsWsdlPath } from "../../wsdl/location";
import { elementChildren, is, parseStrict } from "../../scripts/dom";

const XS = "http://www.w3.org/2001/XMLSchema";
const V13 = "https://bingads.microsoft.com/CampaignManagement/v13";

function descendants(el: Element): Element[] {
  return elementChildren(el).flatMap((c) => [c, ...descendants(c)]);
}

describe("emulator: agrees with the trimmed WSDL", () => {
  let v13: Element[];
  const declared = (kind: string, name: string): Element => {
    const found = v13.find((el) => is(el, XS, kind) && el.getAttribute("name") === name);
    assert.ok(found, `the trimmed WSDL declares no ${kind} ${name}`);
    return found;
  };
  // Element names of the first xs:sequence under a declaration (for a derived type: the extension's own).
  const sequence = (el: Element): string[] => {
    const seq = descendants(el).find((d) => is(d, XS, "sequence"));
    return seq ? elementChildren(seq).filter((c) => is(c, XS, "element")).map((c) => c.getAttribute("name") ?? "") : [];
  };
  const enumeration = (name: string): string[] =>
    descendants(declared("simpleType", name))
      .filter((d) => is(d, XS, "enumeration"))
      .map((d) => d.getAttribute("value") ?? "");

  before(() => {
    const definitions = parseStrict(fs.readFileSync(goalsWsdlPath, "utf8"));
    const schema = descendants(definitions).find((el) => is(el, XS, "schema") && el.getAttribute("targetNamespace") === V13);
    assert.ok(schema, "no v13 schema in the trimmed WSDL");
    v13 = elementChildren(schema);
  });

  it("reads ConversionGoal, its derived types and ConversionGoalRevenue in the WSDL's element order", () => {
    assert.deepEqual([...CONVERSION_GOAL_SEQUENCE], sequence(declared("complexType", "ConversionGoal")));
    assert.deepEqual([...REVENUE_SEQUENCE], sequence(declared("complexType", "ConversionGoalRevenue")));
    const derived = v13.filter((el) => is(el, XS, "complexType") && descendants(el).some((d) => is(d, XS, "extension") && d.getAttribute("base") === "tns:ConversionGoal"));
    assert.deepEqual(Object.keys(DERIVED_SEQUENCE).sort(), derived.map((el) => el.getAttribute("name")).sort());
    for (const el of derived) assert.deepEqual(DERIVED_SEQUENCE[el.getAttribute("name")!], sequence(el), `${el.getAttribute("name")}`);
  });

  it("reads the Get request in the WSDL's element order", () => {
    assert.deepEqual([...GET_REQUEST_SEQUENCE], sequence(declared("element", "GetConversionGoalsByIdsRequest")));
  });

  it("accepts exactly the WSDL's enumeration values", () => {
    assert.deepEqual([...ADDITIONAL_FIELDS], enumeration("ConversionGoalAdditionalField"));
    assert.deepEqual([...ATTRIBUTION_MODEL_TYPES], enumeration("AttributionModelType"));
    assert.deepEqual([...TRACKING_STATUSES], enumeration("ConversionGoalTrackingStatus"));
    assert.deepEqual([...ALL_GOAL_CATEGORIES].sort(), enumeration("ConversionGoalCategory").sort());
    assert.deepEqual(Object.keys(GOAL_TYPES), enumeration("ConversionGoalType"));
    for (const xsiType of Object.values(GOAL_TYPES)) assert.ok(xsiType in DERIVED_SEQUENCE, `${xsiType} is not a derived goal type`);
  });
});
