import assert from "node:assert/strict";
import { DOMParser } from "@xmldom/xmldom";
import { extractBodyChild, extractFaultDetailChild, validateAgainstOfficialSchema } from "../support/official-schema";
import { SOAP, TestEmulator, V13, accessToken, addGoals, armFault, getGoals, startTestEmulator, updateGoals } from "../support/emulator";

/** Every response and fault the emulator writes must be valid against the official WSDL's schema. */
describe("emulator: responses conform to the official WSDL", function () {
  // xmllint compiles the 1.4 MB official schema for each validation.
  this.timeout(60_000);
  let emu: TestEmulator;
  let token: string;
  let id: string;

  before(async () => {
    emu = await startTestEmulator();
    token = await accessToken(emu);
    id = (await addGoals(emu, { token }, [{ GoalCategory: "Purchase", Name: "Seeded", Revenue: { Type: "FixedValue", Value: "1.5" } }])).ids[0]!;
  });
  after(() => emu.close());

  async function assertValid(xml: string, what: string): Promise<void> {
    const result = await validateAgainstOfficialSchema(xml);
    assert.ok(result.valid, `${what} is not valid against the official schema:\n${result.errors.join("\n")}\n${xml}`);
  }

  function trackingHeader(envelope: string): string {
    const doc = new DOMParser().parseFromString(envelope, "text/xml");
    const header = doc.getElementsByTagNameNS(SOAP, "Header")[0];
    const tracking = header?.getElementsByTagNameNS(V13, "TrackingId")[0];
    assert.ok(tracking, "a TrackingId response header");
    return `<TrackingId xmlns="${V13}">${tracking.textContent}</TrackingId>`;
  }

  it("writes an AddConversionGoalsResponse with ids, nil ids and PartialErrors that the schema accepts", async () => {
    const r = await addGoals(emu, { token }, [{ GoalCategory: "Contact", Name: "Calls" }, null, { GoalCategory: "Purchase", Name: "Seeded" }]);
    assert.equal(r.ids.filter((x) => x === null).length, 2);
    await assertValid(extractBodyChild(r.text), "AddConversionGoalsResponse");
    await assertValid(trackingHeader(r.text), "TrackingId header");
  });

  it("writes a GetConversionGoalsByIdsResponse with a nil goal and every additional field that the schema accepts", async () => {
    const r = await getGoals(emu, { token }, [id, "12345"], "OfflineConversion", "GoalCategory IsExternallyAttributed");
    assert.equal(r.nodes("//v:ConversionGoal").length, 2);
    await assertValid(extractBodyChild(r.text), "GetConversionGoalsByIdsResponse");
  });

  it("writes an UpdateConversionGoalsResponse with PartialErrors that the schema accepts", async () => {
    const r = await updateGoals(emu, { token }, [{ Id: id, Status: "Paused" }, { Id: "1", Status: "Paused" }]);
    assert.equal(r.status, 200);
    await assertValid(extractBodyChild(r.text), "UpdateConversionGoalsResponse");
  });

  it("writes an ApiFaultDetail that the schema accepts", async () => {
    const r = await getGoals(emu, { token }, [id], "");
    assert.equal(r.status, 500);
    await assertValid(extractFaultDetailChild(r.text), "ApiFaultDetail");
  });

  it("writes an AdApiFaultDetail that the schema accepts", async () => {
    const r = await getGoals(emu, { token: "not-a-token" }, [id]);
    assert.equal(r.status, 500);
    await assertValid(extractFaultDetailChild(r.text), "AdApiFaultDetail");
  });

  it("writes the injected InternalError and CallRateExceeded faults with schema-valid details", async () => {
    await armFault(emu, { operation: "GetConversionGoalsByIds", kind: "internalError" });
    await armFault(emu, { operation: "GetConversionGoalsByIds", kind: "callRateExceeded" });
    for (const what of ["InternalError", "CallRateExceeded"]) {
      const r = await getGoals(emu, { token }, [id]);
      assert.equal(r.status, 500);
      assert.match(r.text, new RegExp(`<ErrorCode>${what}</ErrorCode>`));
      await assertValid(extractFaultDetailChild(r.text), what);
    }
  });
});
