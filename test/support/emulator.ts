import { DOMParser } from "@xmldom/xmldom";
import * as xpath from "xpath";
import { EmulatorOptions, RunningEmulator, startEmulator } from "../../emulator";

export const V13 = "https://bingads.microsoft.com/CampaignManagement/v13";
export const XSI = "http://www.w3.org/2001/XMLSchema-instance";
export const SOAP = "http://schemas.xmlsoap.org/soap/envelope/";
export const ADAPI = "https://adapi.microsoft.com";
export const SYSTEM = "http://schemas.datacontract.org/2004/07/System";
export const ARRAYS = "http://schemas.microsoft.com/2003/10/Serialization/Arrays";

/** XPath over responses with fixed prefixes: v (v13), s (SOAP), i (xsi), ad (adapi), sys, arr. */
export const select = xpath.useNamespaces({ v: V13, s: SOAP, i: XSI, ad: ADAPI, sys: SYSTEM, arr: ARRAYS });

/** A clock the test moves by hand. */
export class FakeClock {
  constructor(public t = Date.UTC(2026, 10, 28, 12, 0, 0)) {}
  now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface TestEmulator extends RunningEmulator {
  clock: FakeClock;
  origin: string;
}

/** Starts an emulator on a random loopback port with a fake clock; close it in after(). */
export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const clock = new FakeClock();
  const emu = await startEmulator({ now: clock.now, ...options });
  return { ...emu, clock, origin: new URL(emu.url).origin };
}

/** Redeems the seed refresh token; returns the parsed token response. */
export async function redeem(
  emu: RunningEmulator,
  form: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const body = new URLSearchParams({
    grant_type: "refresh_token",
    client_id: "msads-emulator-client",
    refresh_token: "emulator-refresh-token",
    scope: "https://ads.microsoft.com/msads.manage offline_access",
    ...form,
  });
  const res = await fetch(emu.tokenUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** An access token for the seed user. */
export async function accessToken(emu: RunningEmulator): Promise<string> {
  const r = await redeem(emu);
  if (r.status !== 200) throw new Error(`token request failed: ${r.status} ${String(r.json.error)}`);
  return r.json.access_token as string;
}

export interface Caller {
  token?: string;
  developerToken?: string;
  customerId?: string;
  accountId?: string;
}

/**
 * The SOAP 1.1 envelope a correct client sends, built by hand so tests share no code with the emulator.
 * Customer, account and developer token default to the seed's; a key present with value undefined omits the header.
 */
export function envelopeXml(operation: string, caller: Caller, bodyInner: string): string {
  const h = (name: string, v: string | undefined) => (v === undefined ? "" : `<${name}>${v}</${name}>`);
  const or = (key: keyof Caller, fallback: string) => (key in caller ? caller[key] : fallback);
  return (
    `<s:Envelope xmlns:s="${SOAP}" xmlns:i="${XSI}"><s:Header xmlns="${V13}">` +
    h("AuthenticationToken", caller.token) +
    h("CustomerAccountId", or("accountId", "2000001")) +
    h("CustomerId", or("customerId", "1000001")) +
    h("DeveloperToken", or("developerToken", "BBD37VB98")) +
    `</s:Header><s:Body><${operation}Request xmlns="${V13}">${bodyInner}</${operation}Request></s:Body></s:Envelope>`
  );
}

export interface SoapResponse {
  status: number;
  text: string;
  doc: Document;
  /** String value of an XPath (prefixes of `select`). */
  str(path: string): string;
  /** Nodes matching an XPath. */
  nodes(path: string): Node[];
}

/** Posts raw XML (text, or bytes sent as they are) to the service with a SOAPAction and parses whatever comes back. */
export async function postSoap(emu: RunningEmulator, action: string, xml: string | Uint8Array, headers: Record<string, string> = {}): Promise<SoapResponse> {
  const res = await fetch(emu.url, {
    method: "POST",
    headers: { "content-type": "text/xml; charset=utf-8", soapaction: `"${action}"`, ...headers },
    body: typeof xml === "string" ? xml : new Blob([new Uint8Array(xml)]),
  });
  const text = await res.text();
  const doc = text.startsWith("<s:Envelope")
    ? (new DOMParser().parseFromString(text, "text/xml") as unknown as Document)
    : (new DOMParser().parseFromString("<none/>", "text/xml") as unknown as Document);
  return {
    status: res.status,
    text,
    doc,
    str: (p) => String(select(`string(${p})`, doc)),
    nodes: (p) => select(p, doc) as Node[],
  };
}

/** Calls an operation as the seed user with a body (inner XML of the request element). */
export async function call(emu: RunningEmulator, operation: string, caller: Caller, bodyInner: string): Promise<SoapResponse> {
  return postSoap(emu, operation, envelopeXml(operation, caller, bodyInner));
}

/** Fields of an OfflineConversionGoal in WSDL order; undefined fields are left out. */
export interface GoalXml {
  ConversionWindowInMinutes?: string | number;
  CountType?: string;
  ExcludeFromBidding?: boolean;
  GoalCategory?: string;
  Id?: string;
  Name?: string;
  Revenue?: { CurrencyCode?: string; Type?: string; Value?: string } | null;
  Scope?: string;
  Status?: string;
  Type?: string;
  IsExternallyAttributed?: boolean;
}

const ORDER: Array<keyof GoalXml> = [
  "ConversionWindowInMinutes",
  "CountType",
  "ExcludeFromBidding",
  "GoalCategory",
  "Id",
  "Name",
  "Revenue",
  "Scope",
  "Status",
  "Type",
  "IsExternallyAttributed",
];

/** One `<ConversionGoal i:type="OfflineConversionGoal">` element, or a nil one for null. */
export function goalXml(g: GoalXml | null): string {
  if (g === null) return `<ConversionGoal i:nil="true"/>`;
  const parts = ORDER.filter((k) => g[k] !== undefined).map((k) => {
    const v = g[k];
    if (k === "Revenue") {
      if (v === null) return `<Revenue i:nil="true"/>`;
      const r = v as NonNullable<GoalXml["Revenue"]>;
      return `<Revenue>${(["CurrencyCode", "Type", "Value"] as const)
        .filter((f) => r[f] !== undefined)
        .map((f) => `<${f}>${r[f]}</${f}>`)
        .join("")}</Revenue>`;
    }
    return `<${k}>${String(v).replace(/&/g, "&amp;").replace(/</g, "&lt;")}</${k}>`;
  });
  return `<ConversionGoal i:type="OfflineConversionGoal">${parts.join("")}</ConversionGoal>`;
}

/** AddConversionGoals as the seed user; returns ids (null where nil) and the response. */
export async function addGoals(emu: RunningEmulator, caller: Caller, goals: Array<GoalXml | null>) {
  const r = await call(emu, "AddConversionGoals", caller, `<ConversionGoals>${goals.map(goalXml).join("")}</ConversionGoals>`);
  const ids = r.nodes("//v:ConversionGoalIds/sys:long").map((n) => ((n as Element).getAttributeNS(XSI, "nil") === "true" ? null : n.textContent));
  return { ...r, ids };
}

/** UpdateConversionGoals as the seed user. */
export async function updateGoals(emu: RunningEmulator, caller: Caller, goals: Array<GoalXml | null>) {
  return call(emu, "UpdateConversionGoals", caller, `<ConversionGoals>${goals.map(goalXml).join("")}</ConversionGoals>`);
}

/** GetConversionGoalsByIds; ids null means "all". */
export async function getGoals(emu: RunningEmulator, caller: Caller, ids: string[] | null, types = "OfflineConversion", extra?: string) {
  const idsXml = ids === null ? "" : `<ConversionGoalIds xmlns:a="${ARRAYS}">${ids.map((id) => `<a:long>${id}</a:long>`).join("")}</ConversionGoalIds>`;
  return call(
    emu,
    "GetConversionGoalsByIds",
    caller,
    `${idsXml}<ConversionGoalTypes>${types}</ConversionGoalTypes>${extra === undefined ? "" : `<ReturnAdditionalFields>${extra}</ReturnAdditionalFields>`}`,
  );
}

/** A PartialErrors/BatchError as plain data. */
export interface BatchErrorData {
  index: number;
  code: number;
  errorCode: string;
  message: string;
  fieldPath: string;
}

export function partialErrors(r: SoapResponse): BatchErrorData[] {
  return r.nodes("//v:PartialErrors/v:BatchError").map((n) => {
    const s = (p: string) => String(select(`string(v:${p})`, n));
    return { index: Number(s("Index")), code: Number(s("Code")), errorCode: s("ErrorCode"), message: s("Message"), fieldPath: s("FieldPath") };
  });
}

/** The errors of a SOAP fault: AdApiErrors or OperationErrors, whichever the detail holds. */
export function faultErrors(r: SoapResponse): Array<{ code: number; errorCode: string; message: string }> {
  return r
    .nodes("//s:Fault/detail/ad:AdApiFaultDetail/ad:Errors/ad:AdApiError | //s:Fault/detail/v:ApiFaultDetail/v:OperationErrors/v:OperationError")
    .map((n) => {
      const ns = (n as Element).namespaceURI === ADAPI ? "ad" : "v";
      const s = (p: string) => String(select(`string(${ns}:${p})`, n));
      return { code: Number(s("Code")), errorCode: s("ErrorCode"), message: s("Message") };
    });
}

/** The stored state through the admin API. */
export async function adminState(emu: RunningEmulator): Promise<{ goals: Array<Record<string, unknown>>; customers: Array<{ accounts: Array<{ id: string; msclkidAutoTaggingEnabled: boolean }> }>; [k: string]: unknown }> {
  const res = await fetch(`${emu.adminUrl}/state`);
  return (await res.json()) as never;
}

/** Arms a fault through the admin API. */
export async function armFault(emu: RunningEmulator, spec: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${emu.adminUrl}/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(spec) });
  if (res.status !== 201) throw new Error(`arming ${JSON.stringify(spec)} failed: ${res.status} ${await res.text()}`);
}
