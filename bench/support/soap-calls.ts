// SOAP 1.1 requests of the conversion-goal benchmark, and the checks of their replies. Replies are
// matched as text rather than parsed: parsing would cost the load generator CPU that, on a small
// machine, the server under test needs. Goal ids stay strings throughout: they exceed 2^53.
import * as http from "node:http";
import { ConnectionCounter, Reply, post } from "./http-load";

const V13 = "https://bingads.microsoft.com/CampaignManagement/v13";
const ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";
const SEED_CUSTOMER_ID = "1000001";
const SEED_ACCOUNT_ID = "2000001";
const SEED_DEVELOPER_TOKEN = "BBD37VB98";
const SEED_CLIENT_ID = "msads-emulator-client";
const SEED_REFRESH_TOKEN = "emulator-refresh-token";
const ADS_SCOPE = "https://ads.microsoft.com/msads.manage";

const EMPTY_PARTIAL_ERRORS = "<PartialErrors></PartialErrors>";
const ID_ELEMENT = /<a:long>([0-9]+)<\/a:long>/g;

/** Talks to one emulator as the seed customer's first account, with one access token. */
export class SoapClient {
  private readonly header: string;

  constructor(
    private readonly agent: http.Agent,
    private readonly serviceUrl: URL,
    accessToken: string,
    private readonly connections?: ConnectionCounter,
  ) {
    this.header =
      `<s:Header xmlns="${V13}"><AuthenticationToken>${escapeXml(accessToken)}</AuthenticationToken>` +
      `<CustomerAccountId>${SEED_ACCOUNT_ID}</CustomerAccountId><CustomerId>${SEED_CUSTOMER_ID}</CustomerId>` +
      `<DeveloperToken>${SEED_DEVELOPER_TOKEN}</DeveloperToken></s:Header>`;
  }

  /** The full envelope of an AddConversionGoals request for offline goals with these names. */
  addBody(names: readonly string[]): string {
    const goals = names
      .map((n) => `<ConversionGoal i:type="OfflineConversionGoal"><GoalCategory>Purchase</GoalCategory><Name>${escapeXml(n)}</Name></ConversionGoal>`)
      .join("");
    return this.envelope(`<AddConversionGoalsRequest xmlns="${V13}"><ConversionGoals>${goals}</ConversionGoals></AddConversionGoalsRequest>`);
  }

  /** The full envelope of a GetConversionGoalsByIds request for one offline goal, with its additional fields. */
  getBody(id: string): string {
    return this.envelope(
      `<GetConversionGoalsByIdsRequest xmlns="${V13}"><ConversionGoalIds xmlns:a="${ARRAYS}"><a:long>${id}</a:long></ConversionGoalIds>` +
        "<ConversionGoalTypes>OfflineConversion</ConversionGoalTypes>" +
        "<ReturnAdditionalFields>GoalCategory IsExternallyAttributed</ReturnAdditionalFields></GetConversionGoalsByIdsRequest>",
    );
  }

  /** POSTs a prepared envelope with the given SOAPAction. */
  send(action: "AddConversionGoals" | "GetConversionGoalsByIds", body: string): Promise<Reply> {
    const headers = { "content-type": "text/xml; charset=utf-8", soapaction: `"${action}"` };
    return post(this.agent, this.serviceUrl, headers, body, this.connections);
  }

  private envelope(body: string): string {
    return (
      `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">` +
      `${this.header}<s:Body>${body}</s:Body></s:Envelope>`
    );
  }
}

/** Redeems the seed refresh token at the emulator's token endpoint; the token never appears in errors. */
export async function fetchAccessToken(agent: http.Agent, serviceUrl: URL): Promise<string> {
  const tokenUrl = new URL("/common/oauth2/v2.0/token", serviceUrl.origin);
  const form = new URLSearchParams({
    grant_type: "refresh_token",
    client_id: SEED_CLIENT_ID,
    refresh_token: SEED_REFRESH_TOKEN,
    scope: `${ADS_SCOPE} offline_access`,
  });
  const reply = await post(agent, tokenUrl, { "content-type": "application/x-www-form-urlencoded" }, form.toString());
  let json: { access_token?: unknown; error?: unknown } = {};
  try {
    json = JSON.parse(reply.body);
  } catch {
    // Reported below from the status alone.
  }
  if (reply.status !== 200 || typeof json.access_token !== "string") {
    throw new Error(`token request failed: HTTP ${reply.status}${typeof json.error === "string" ? ` ${json.error}` : ""}`);
  }
  return json.access_token;
}

/** The goal ids of a correct AddConversionGoals reply with `expected` items, or why the reply is wrong. */
export function addedIds(reply: Reply, expected: number): { ids: string[] } | { error: string } {
  if (reply.status !== 200) return { error: faultSummary(reply) };
  if (!reply.body.includes(EMPTY_PARTIAL_ERRORS)) return { error: `Add returned partial errors: ${errorCodes(reply.body)}` };
  const ids = Array.from(reply.body.matchAll(ID_ELEMENT), (m) => m[1]);
  if (ids.length !== expected) return { error: `Add returned ${ids.length} ids, expected ${expected}` };
  return { ids };
}

/** Why a GetConversionGoalsByIds reply for one id is wrong, or undefined when it holds that offline goal. */
export function getProblem(reply: Reply, id: string): string | undefined {
  if (reply.status !== 200) return faultSummary(reply);
  if (!reply.body.includes(`<ConversionGoal i:type="OfflineConversionGoal">`)) return "Get reply has no OfflineConversionGoal";
  if (!reply.body.includes(`<Id>${id}</Id>`)) return "Get reply holds another goal than the one asked for";
  if (!reply.body.includes(EMPTY_PARTIAL_ERRORS)) return `Get returned partial errors: ${errorCodes(reply.body)}`;
  return undefined;
}

// Only the status and error codes: fault bodies are the server's words and this output is shared.
function faultSummary(reply: Reply): string {
  const codes = errorCodes(reply.body) || /<faultcode[^>]*>([^<]{1,100})<\/faultcode>/.exec(reply.body)?.[1];
  return `HTTP ${reply.status}${codes ? ` ${codes}` : ""}`;
}

function errorCodes(body: string): string {
  const codes = Array.from(body.matchAll(/<ErrorCode>([A-Za-z0-9]+)<\/ErrorCode>/g), (m) => m[1]);
  return Array.from(new Set(codes)).join(",");
}

function escapeXml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"));
}
