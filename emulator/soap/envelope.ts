import { BatchErrorOut, ERRORS, ErrorName } from "../error-codes";
import { NS } from "../xml/namespaces";
import { esc, leaf } from "../xml/write";

/** A whole-call failure of the service, answered as a SOAP fault with HTTP 500. */
export class ServiceFault extends Error {
  constructor(
    readonly detail:
      | { kind: "adapi"; errors: Array<{ name: ErrorName; message?: string }> }
      | { kind: "api"; operationErrors: Array<{ name: ErrorName; message?: string }>; batchErrors?: BatchErrorOut[] },
  ) {
    const first = detail.kind === "adapi" ? detail.errors[0] : (detail.operationErrors[0] ?? detail.batchErrors?.[0]);
    super(first ? `${ERRORS[first.name].code} ${first.name}` : "fault");
    this.code = first ? ERRORS[first.name].code : undefined;
  }

  /** The numeric code of the first error, for the request log. */
  readonly code: number | undefined;

  /** A fault with one AdApiError (authentication, authorization, throttling). */
  static adapi(name: ErrorName, message?: string): ServiceFault {
    return new ServiceFault({ kind: "adapi", errors: [{ name, message }] });
  }

  /** A fault with one OperationError in an ApiFaultDetail. */
  static operation(name: ErrorName, message?: string): ServiceFault {
    return new ServiceFault({ kind: "api", operationErrors: [{ name, message }] });
  }
}

const HEADER = (trackingId: string) =>
  `<s:Header><h:TrackingId xmlns:h="${NS.v13}">${esc(trackingId)}</h:TrackingId></s:Header>`;

/** A SOAP 1.1 envelope with the TrackingId response header around one body element. */
export function envelope(trackingId: string, body: string): string {
  return `<s:Envelope xmlns:s="${NS.soapEnv}">${HEADER(trackingId)}<s:Body>${body}</s:Body></s:Envelope>`;
}

/** A response element of the v13 namespace. */
export function responseBody(operation: string, inner: string): string {
  return `<${operation}Response xmlns="${NS.v13}" xmlns:i="${NS.xsi}">${inner}</${operation}Response>`;
}

/** BatchError elements in the WSDL's sequence. */
export function batchErrors(errors: BatchErrorOut[]): string {
  return errors
    .map((e) => {
      const def = ERRORS[e.name];
      return (
        "<BatchError>" +
        leaf("Code", def.code) +
        leaf("Details", null) +
        leaf("ErrorCode", e.name) +
        leaf("FieldPath", e.fieldPath ?? null) +
        leaf("ForwardCompatibilityMap", null) +
        leaf("Index", e.index) +
        leaf("Message", e.message ?? def.message) +
        leaf("Type", null) +
        "</BatchError>"
      );
    })
    .join("");
}

function faultXml(trackingId: string, faultcode: string, faultstring: string, detail: string, codeNs = ""): string {
  return envelope(
    trackingId,
    `<s:Fault><faultcode${codeNs}>${faultcode}</faultcode><faultstring xml:lang="en-US">${esc(faultstring)}</faultstring>` +
      (detail ? `<detail>${detail}</detail>` : "") +
      "</s:Fault>",
  );
}

/** Renders a ServiceFault with its detail shaped exactly as the WSDL's AdApiFaultDetail or ApiFaultDetail. */
export function serviceFaultXml(trackingId: string, fault: ServiceFault): string {
  const d = fault.detail;
  let detail: string;
  if (d.kind === "adapi") {
    const errors = d.errors
      .map((e) => {
        const def = ERRORS[e.name];
        return `<AdApiError>${leaf("Code", def.code)}${leaf("Detail", null)}${leaf("ErrorCode", e.name)}${leaf("Message", e.message ?? def.message)}</AdApiError>`;
      })
      .join("");
    detail = `<AdApiFaultDetail xmlns="${NS.adapi}" xmlns:i="${NS.xsi}"><TrackingId>${esc(trackingId)}</TrackingId><Errors>${errors}</Errors></AdApiFaultDetail>`;
  } else {
    const ops = d.operationErrors
      .map((e) => {
        const def = ERRORS[e.name];
        return `<OperationError>${leaf("Code", def.code)}${leaf("Details", null)}${leaf("ErrorCode", e.name)}${leaf("Message", e.message ?? def.message)}</OperationError>`;
      })
      .join("");
    // TrackingId is inherited from adapi's ApplicationFault, so it is qualified by that namespace.
    detail =
      `<ApiFaultDetail xmlns="${NS.v13}" xmlns:i="${NS.xsi}"><TrackingId xmlns="${NS.adapi}">${esc(trackingId)}</TrackingId>` +
      `<BatchErrors>${batchErrors(d.batchErrors ?? [])}</BatchErrors><OperationErrors>${ops}</OperationErrors></ApiFaultDetail>`;
  }
  return faultXml(trackingId, "s:Server", `Invalid client data. Check the SOAP fault details for more information. TrackingId: ${trackingId}.`, detail);
}

const DISPATCHER = "http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher";
const ADDRESSING_NONE = "http://schemas.microsoft.com/ws/2005/05/addressing/none";

/** WCF's own fault for a body it could not deserialize: no ApiFaultDetail, code a:DeserializationFailed. */
export function deserializationFaultXml(trackingId: string, operation: string, message: string): string {
  return faultXml(
    trackingId,
    "a:DeserializationFailed",
    `The formatter threw an exception while trying to deserialize the message: There was an error while trying to deserialize parameter ${NS.v13}:${operation}Request. ${message}`,
    "",
    ` xmlns:a="${DISPATCHER}"`,
  );
}

/** WCF's fault for a SOAPAction no operation of the contract answers to. */
export function actionNotSupportedFaultXml(trackingId: string, action: string): string {
  return faultXml(
    trackingId,
    "a:ActionNotSupported",
    `The message with Action '${action}' cannot be processed at the receiver, due to a ContractFilter mismatch at the EndpointDispatcher. ` +
      "This may be because of either a contract mismatch (mismatched Actions between sender and receiver) or a binding/security mismatch between the sender and the receiver.",
    "",
    ` xmlns:a="${ADDRESSING_NONE}"`,
  );
}

/** A client-side fault for a message WCF could not read at all (malformed XML, DTD, not SOAP 1.1). */
export function badMessageFaultXml(trackingId: string, message: string): string {
  return faultXml(trackingId, "s:Client", message, "");
}
