import type * as soap from "soap";
import { goalsWsdlPath } from "../../wsdl/location";
import { transportErrorCode } from "./auth";
import { MsAdsError, Operation } from "./errors";
import { parseFault } from "./faults";
import { text } from "./mapping";
import { Redactor } from "./redact";
import { HttpResponse, Transport, TransportError } from "./transport";

export const SERVICE_NAMESPACE = "https://bingads.microsoft.com/CampaignManagement/v13";
export type ServiceOperation = Exclude<Operation, "Token">;

/** The four SOAP headers every call carries, in the order of the WSDL's message parts. */
export interface CallHeaders {
  AuthenticationToken: string;
  CustomerAccountId: string;
  CustomerId: string;
  DeveloperToken: string;
}

const WSDL_OPTIONS = {
  // Keeps nil array items as null, so ConversionGoalIds stays aligned with the goals sent.
  handleNilAsNull: true,
  // xs:long ids exceed 2^53 and decimals must not pass through binary floating point.
  customDeserializer: { long: (t: string) => t, decimal: (t: string) => t },
};

/**
 * node-soap, loaded at the first call rather than with the provider: it pulls in axios and friends (~100 ms of CPU),
 * and a preview without changes, which only diffs, never calls the service.
 */
function soapLibrary(): typeof soap {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("soap") as typeof soap;
}

let wsdlLoad: Promise<soap.WSDL> | undefined;

/**
 * The parsed trimmed WSDL, loaded once per process and shared by every client (node-soap would cache it per path
 * anyway and silently ignore later options; sharing the parsed object makes that explicit).
 */
export function loadServiceDescription(): Promise<soap.WSDL> {
  wsdlLoad ??= soapLibrary().createClientAsync(goalsWsdlPath, WSDL_OPTIONS).then((c) => c.wsdl);
  wsdlLoad.catch(() => (wsdlLoad = undefined));
  return wsdlLoad;
}

interface CallContext {
  transport: Transport;
  timeoutMs: number;
  response?: HttpResponse;
}

/** node-soap's HTTP hook: hands the envelope to our transport and remembers the raw answer for its headers. */
class TransportBridge implements soap.IHttpClient {
  request(rurl: string, data: unknown, callback: (error: unknown, res?: unknown, body?: unknown) => unknown, exheaders?: soap.IHeaders, exoptions?: soap.IExOptions) {
    const ctx = (exoptions as { msads?: CallContext } | undefined)?.msads;
    if (!ctx) throw new Error("pulumi-msads: SOAP call without a call context");
    const headers: Record<string, string> = { "user-agent": "pulumi-msads" };
    for (const [k, v] of Object.entries(exheaders ?? {})) headers[k.toLowerCase()] = String(v);
    ctx
      .transport({ url: rurl, headers, body: String(data), timeoutMs: ctx.timeoutMs })
      .then((res) => {
        ctx.response = res;
        callback(null, { status: res.status, headers: res.headers, data: res.body }, res.body);
      }, (err) => callback(err));
    // node-soap ignores the return value of a custom client's request().
    return undefined as never;
  }
}

/** One configured endpoint of the Campaign Management service, speaking through the shared WSDL. */
export class SoapService {
  // Private for real: node-soap keeps the last request (with its tokens) on the client object.
  readonly #client: soap.Client;

  readonly #redactor: Redactor;

  private constructor(client: soap.Client, private readonly transport: Transport, redactor: Redactor) {
    this.#client = client;
    this.#redactor = redactor;
  }

  static async create(serviceUrl: string, transport: Transport, redactor: Redactor): Promise<SoapService> {
    const wsdl = await loadServiceDescription();
    const client = new (soapLibrary().Client)(wsdl, serviceUrl, { httpClient: new TransportBridge() });
    return new SoapService(client, transport, redactor);
  }

  /** Sends one request; resolves with node-soap's parsed response body and the TrackingId, or throws MsAdsError. */
  invoke(operation: ServiceOperation, args: Record<string, unknown>, headers: CallHeaders, timeoutMs: number): Promise<{ result: Record<string, unknown>; trackingId?: string }> {
    const ctx: CallContext = { transport: this.transport, timeoutMs };
    return new Promise((resolve, reject) => {
      const client = this.#client;
      // Headers and the envelope are built synchronously inside the method call, so concurrent calls with different
      // tokens cannot mix: nothing awaits between setting the headers and serialising.
      client.clearSoapHeaders();
      client.addSoapHeader(headers, "", "tns", SERVICE_NAMESPACE);
      const method = (client as unknown as Record<string, soap.SoapMethod>)[operation];
      method(
        args,
        (err: unknown, result: unknown, _raw: unknown, soapHeader: unknown) => {
          // The service names each call in a SOAP response header (h:TrackingId), not an HTTP one.
          const trackingId = text((soapHeader as Record<string, unknown> | undefined)?.TrackingId);
          if (err) reject(this.toError(operation, err, ctx.response));
          else if (!looksLikeSoap(ctx.response?.body)) reject(this.toError(operation, new Error("no SOAP envelope in the answer"), ctx.response));
          // node-soap resolves an envelope whose Body is empty or holds another element with an empty result, which
          // would read as "Update applied" or "no such goal". Only the operation's own response element is an answer.
          else if (!holdsResponse(ctx.response?.body, operation)) reject(this.toError(operation, new Error(`no ${operation}Response in the SOAP body`), ctx.response));
          else resolve({ result: (result ?? {}) as Record<string, unknown>, trackingId });
        },
        { msads: ctx },
      );
      client.clearSoapHeaders();
    });
  }

  private toError(operation: ServiceOperation, err: unknown, response: HttpResponse | undefined): MsAdsError {
    const r = (s: string) => this.#redactor.redact(s);
    if (err instanceof TransportError) {
      return new MsAdsError({ kind: "transport", operation, errorCode: transportErrorCode(err), message: r(err.message), retryable: true, requestSent: err.requestSent });
    }
    const root = (err as { root?: { Envelope?: { Body?: { Fault?: unknown } } } }).root;
    const fault = root?.Envelope?.Body?.Fault;
    // A fault is a fault whatever the HTTP status: the service sends some with 200 (BingAds-Python-SDK issues #190,
    // #217, #259, where suds warns of "a SOAP processing fault using an unexpected HTTP status code 200"). node-soap
    // raises every Fault it parses, so the status never decides here; 109, 117, 0 and the rest retry as with 500.
    if (fault) {
      const parsed = parseFault(fault);
      const first = parsed.errors[0];
      return new MsAdsError({
        kind: "api",
        operation,
        code: first?.code,
        errorCode: first?.errorCode ?? parsed.faultCode,
        message: r(first?.message || parsed.faultString || "the service answered with a fault"),
        trackingId: parsed.trackingId,
        httpStatus: response?.status,
        errors: parsed.errors.map((e) => ({ ...e, message: r(e.message) })),
      });
    }
    const status = response?.status;
    if (status !== undefined && status >= 400) {
      return new MsAdsError({
        kind: "http",
        operation,
        errorCode: httpErrorCode(status),
        message: `the service answered HTTP ${status} without a SOAP fault`,
        httpStatus: status,
        retryable: status >= 500 || status === 429,
      });
    }
    // node-soap could not read an otherwise successful answer. Never pass its error on: it holds the request.
    const reason = err instanceof Error ? err.message.split("\n")[0].slice(0, 200) : "unreadable answer";
    // Retryable for reads; for Add it is ambiguous (the service may have applied it before the answer got mangled).
    return new MsAdsError({ kind: "http", operation, errorCode: "UnreadableResponse", message: r(`the answer could not be read as SOAP: ${reason}`), httpStatus: status, retryable: true });
  }
}

function looksLikeSoap(body: string | undefined): boolean {
  return body !== undefined && /^\s*(<\?xml[^>]*\?>\s*)?<([\w.-]+:)?Envelope[\s>]/.test(body) && /<([\w.-]+:)?Body[\s>]/.test(body);
}

/** True when a parsed envelope carries the operation's response element (e.g. UpdateConversionGoalsResponse). */
function holdsResponse(body: string | undefined, operation: ServiceOperation): boolean {
  return body !== undefined && new RegExp(`<([\\w.-]+:)?${operation}Response[\\s/>]`).test(body);
}

function httpErrorCode(status: number): string {
  if (status === 503) return "HttpServiceUnavailable";
  if (status === 429) return "HttpTooManyRequests";
  if (status >= 500) return "HttpServerError";
  return `Http${status}`;
}
