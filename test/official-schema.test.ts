// Proves the official-schema harness accepts what the contract allows and rejects what it forbids; other
// tests lean on it to check the XML our client and emulator exchange.
import assert from "node:assert/strict";
import {
  extractBodyChild,
  extractFaultDetailChild,
  validateAgainstOfficialSchema,
  type SchemaValidation,
} from "./support/official-schema";

const V13 = "https://bingads.microsoft.com/CampaignManagement/v13";
const ADAPI = "https://adapi.microsoft.com";
const XSI = "http://www.w3.org/2001/XMLSchema-instance";
const SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";

// Fields in the order of the official ConversionGoal sequence, which (unlike the docs) starts with
// AttributionModelType and has IsAutoGoal and IsEnhancedConversionsEnabled after Id.
const offlineGoal = `
    <ConversionGoal i:type="OfflineConversionGoal">
      <ConversionWindowInMinutes>43200</ConversionWindowInMinutes>
      <CountType>All</CountType>
      <ExcludeFromBidding>false</ExcludeFromBidding>
      <GoalCategory>Purchase</GoalCategory>
      <Name>Offline purchases</Name>
      <Revenue>
        <CurrencyCode>USD</CurrencyCode>
        <Type>FixedValue</Type>
        <Value>12.50</Value>
      </Revenue>
      <Scope>Account</Scope>
      <Status>Active</Status>
      <Type>OfflineConversion</Type>
      <IsExternallyAttributed>false</IsExternallyAttributed>
    </ConversionGoal>`;

function addRequest(goals: string, namespace = V13): string {
  return `<AddConversionGoalsRequest xmlns="${namespace}" xmlns:i="${XSI}">
  <ConversionGoals>${goals}
  </ConversionGoals>
</AddConversionGoalsRequest>`;
}

function assertValid(result: SchemaValidation, what: string): void {
  assert.equal(result.valid, true, `${what} should validate, got:\n${result.errors.join("\n")}`);
  assert.deepEqual(result.errors, [], `${what} validated but reported errors`);
}

function assertRejected(result: SchemaValidation, mention: RegExp, what: string): void {
  assert.equal(result.valid, false, `${what} should be rejected`);
  assert.ok(
    result.errors.some((e) => mention.test(e)),
    `${what}: expected an error matching ${mention}, got:\n${result.errors.join("\n")}`,
  );
}

describe("official schema harness", () => {
  it("accepts an AddConversionGoalsRequest with an OfflineConversionGoal in WSDL order", async () => {
    assertValid(await validateAgainstOfficialSchema(addRequest(offlineGoal)), "AddConversionGoalsRequest");
  });

  it("rejects a goal whose Name comes before GoalCategory and names the misplaced element", async () => {
    const swapped = offlineGoal.replace(
      "<GoalCategory>Purchase</GoalCategory>\n      <Name>Offline purchases</Name>",
      "<Name>Offline purchases</Name>\n      <GoalCategory>Purchase</GoalCategory>",
    );
    assert.notEqual(swapped, offlineGoal, "the fixture edit did not apply");
    assertRejected(await validateAgainstOfficialSchema(addRequest(swapped)), /GoalCategory/, "Name before GoalCategory");
  });

  it("rejects a field that only a sibling derived type declares", async () => {
    const urlField = offlineGoal.replace(
      "<IsExternallyAttributed>false</IsExternallyAttributed>",
      "<UrlExpression>https://example.com/thanks</UrlExpression>",
    );
    assertRejected(await validateAgainstOfficialSchema(addRequest(urlField)), /UrlExpression/, "UrlExpression on OfflineConversionGoal");
  });

  it("accepts a GetConversionGoalsByIdsResponse with a nil goal, a full goal and a partial error", async () => {
    const xml = `<GetConversionGoalsByIdsResponse xmlns="${V13}" xmlns:i="${XSI}">
  <ConversionGoals>
    <ConversionGoal i:nil="true"/>
    <ConversionGoal i:type="OfflineConversionGoal">
      <AttributionModelType>LastClick</AttributionModelType>
      <ConversionWindowInMinutes>43200</ConversionWindowInMinutes>
      <CountType>Unique</CountType>
      <ExcludeFromBidding>false</ExcludeFromBidding>
      <GoalCategory>Purchase</GoalCategory>
      <Id>9007199254740993</Id>
      <IsAutoGoal>false</IsAutoGoal>
      <IsEnhancedConversionsEnabled>false</IsEnhancedConversionsEnabled>
      <Name>Offline purchases</Name>
      <Revenue>
        <CurrencyCode i:nil="true"/>
        <Type>NoValue</Type>
        <Value i:nil="true"/>
      </Revenue>
      <Scope>Customer</Scope>
      <Status>Active</Status>
      <TagId i:nil="true"/>
      <TrackingStatus>NoRecentConversions</TrackingStatus>
      <Type>OfflineConversion</Type>
      <ViewThroughConversionWindowInMinutes i:nil="true"/>
      <IsExternallyAttributed>true</IsExternallyAttributed>
    </ConversionGoal>
  </ConversionGoals>
  <PartialErrors>
    <BatchError>
      <Code>5314</Code>
      <Details i:nil="true"/>
      <ErrorCode>InvalidConversionGoalId</ErrorCode>
      <FieldPath i:nil="true"/>
      <ForwardCompatibilityMap xmlns:a="http://schemas.datacontract.org/2004/07/System.Collections.Generic" i:nil="true"/>
      <Index>0</Index>
      <Message>The Conversion Goal ID is invalid.</Message>
      <Type>BatchError</Type>
    </BatchError>
  </PartialErrors>
</GetConversionGoalsByIdsResponse>`;
    assertValid(await validateAgainstOfficialSchema(xml), "GetConversionGoalsByIdsResponse");
  });

  it("accepts an ApiFaultDetail whose inherited TrackingId is in the adapi namespace", async () => {
    const xml = `<ApiFaultDetail xmlns="${V13}" xmlns:i="${XSI}">
  <TrackingId xmlns="${ADAPI}">0b5d7c5e-7c4a-4b8f-9d1c-3f0e2a6b9c11</TrackingId>
  <BatchErrors>
    <BatchError>
      <Code>5316</Code>
      <Details i:nil="true"/>
      <ErrorCode>DuplicateConversionGoalName</ErrorCode>
      <FieldPath i:nil="true"/>
      <ForwardCompatibilityMap i:nil="true"/>
      <Index>1</Index>
      <Message>Duplicate Conversion Goal names are not allowed.</Message>
      <Type>BatchError</Type>
    </BatchError>
  </BatchErrors>
  <OperationErrors>
    <OperationError>
      <Code>105</Code>
      <Details i:nil="true"/>
      <ErrorCode>InvalidCredentials</ErrorCode>
      <Message>Authentication failed. Either supplied credentials are invalid or the account is inactive.</Message>
    </OperationError>
  </OperationErrors>
</ApiFaultDetail>`;
    assertValid(await validateAgainstOfficialSchema(xml), "ApiFaultDetail");
    const v13TrackingId = xml.replace(`<TrackingId xmlns="${ADAPI}">`, "<TrackingId>");
    assertRejected(await validateAgainstOfficialSchema(v13TrackingId), /TrackingId/, "ApiFaultDetail with a v13 TrackingId");
  });

  it("accepts an AdApiFaultDetail and a bare TrackingId header element", async () => {
    const fault = `<AdApiFaultDetail xmlns="${ADAPI}" xmlns:i="${XSI}">
  <TrackingId>0b5d7c5e-7c4a-4b8f-9d1c-3f0e2a6b9c11</TrackingId>
  <Errors>
    <AdApiError>
      <Code>109</Code>
      <Detail i:nil="true"/>
      <ErrorCode>AuthenticationTokenExpired</ErrorCode>
      <Message>Authentication token expired.</Message>
    </AdApiError>
  </Errors>
</AdApiFaultDetail>`;
    assertValid(await validateAgainstOfficialSchema(fault), "AdApiFaultDetail");
    assertValid(await validateAgainstOfficialSchema(`<TrackingId xmlns="${V13}">abc</TrackingId>`), "TrackingId");
  });

  it("rejects a request in a namespace the official WSDL does not declare", async () => {
    const v12 = addRequest(offlineGoal, "https://bingads.microsoft.com/CampaignManagement/v12");
    assertRejected(await validateAgainstOfficialSchema(v12), /No matching global declaration/, "v12 namespace");
  });

  it("reports ill-formed XML as invalid instead of throwing", async () => {
    const result = await validateAgainstOfficialSchema(`<TrackingId xmlns="${V13}">abc</TrackingID>`);
    assertRejected(result, /not well-formed/, "mismatched end tag");
  });

  it("extracts a body child that uses a namespace declared only on the Envelope", async () => {
    const envelope = `<s:Envelope xmlns:s="${SOAP11}" xmlns:v13="${V13}" xmlns:xsi="${XSI}">
  <s:Header><v13:TrackingId>abc</v13:TrackingId></s:Header>
  <s:Body>
    <v13:AddConversionGoalsRequest>
      <v13:ConversionGoals>
        <v13:ConversionGoal xsi:type="v13:OfflineConversionGoal">
          <v13:Name>Offline purchases</v13:Name>
          <v13:Type>OfflineConversion</v13:Type>
        </v13:ConversionGoal>
      </v13:ConversionGoals>
    </v13:AddConversionGoalsRequest>
  </s:Body>
</s:Envelope>`;
    const child = extractBodyChild(envelope);
    assert.match(child, /^<v13:AddConversionGoalsRequest /, "the extract should start at the body's first element");
    assert.ok(child.includes(`xmlns:v13="${V13}"`), `v13 declaration lost:\n${child}`);
    assert.ok(child.includes(`xmlns:xsi="${XSI}"`), `xsi declaration (used only in xsi:type) lost:\n${child}`);
    assert.ok(!child.includes("TrackingId"), "the header leaked into the body extract");
    assertValid(await validateAgainstOfficialSchema(child), "extracted AddConversionGoalsRequest");
  });

  it("extracts the fault detail child with the namespaces of its ancestors", async () => {
    const envelope = `<s:Envelope xmlns:s="${SOAP11}" xmlns:i="${XSI}">
  <s:Body>
    <s:Fault xmlns:a="${ADAPI}">
      <faultcode>s:Server</faultcode>
      <faultstring xml:lang="en-US">Invalid client data. Check the SOAP fault details for more information.</faultstring>
      <detail>
        <ApiFaultDetail xmlns="${V13}">
          <a:TrackingId>abc</a:TrackingId>
          <BatchErrors i:nil="true"/>
          <OperationErrors>
            <OperationError>
              <Code>105</Code>
              <Details i:nil="true"/>
              <ErrorCode>InvalidCredentials</ErrorCode>
              <Message>Authentication failed.</Message>
            </OperationError>
          </OperationErrors>
        </ApiFaultDetail>
      </detail>
    </s:Fault>
  </s:Body>
</s:Envelope>`;
    const child = extractFaultDetailChild(envelope);
    assert.match(child, /^<ApiFaultDetail /, "the extract should start at the detail's first element");
    assert.ok(child.includes(`xmlns:a="${ADAPI}"`), `adapi declaration from Fault lost:\n${child}`);
    assert.ok(child.includes(`xmlns:i="${XSI}"`), `xsi declaration from Envelope lost:\n${child}`);
    assertValid(await validateAgainstOfficialSchema(child), "extracted ApiFaultDetail");
  });
});
