import { randomUUID } from "node:crypto";
import { authenticate } from "./auth";
import { ERRORS } from "./error-codes";
import { Limits, OpContext } from "./operations/context";
import { addConversionGoals } from "./operations/add";
import { getConversionGoalsByIds } from "./operations/get";
import { updateConversionGoals } from "./operations/update";
import {
  ServiceFault,
  actionNotSupportedFaultXml,
  badMessageFaultXml,
  deserializationFaultXml,
  envelope,
  responseBody,
  serviceFaultXml,
} from "./soap/envelope";
import { DeserializationError } from "./soap/lexical";
import { Store } from "./store";
import { Throttle, throttleMessage } from "./throttle";
import { NS } from "./xml/namespaces";
import { decodeUtf8Strictly } from "./xml/decode";
import { XmlRejected, parseXml } from "./xml/parse";

const OPERATIONS = {
  AddConversionGoals: addConversionGoals,
  UpdateConversionGoals: updateConversionGoals,
  GetConversionGoalsByIds: getConversionGoalsByIds,
} as const;
export type OperationName = keyof typeof OPERATIONS;

/** The operation a SOAPAction header names, if the emulator serves it. */
export function operationOf(soapAction: string | undefined): OperationName | undefined {
  const action = (soapAction ?? "").trim().replace(/^"(.*)"$/, "$1");
  return Object.hasOwn(OPERATIONS, action) ? (action as OperationName) : undefined;
}

export interface SoapDeps {
  store: Store;
  throttle: Throttle;
  limits: Limits;
  now: () => number;
  /** See EmulatorOptions.extraGoalElements. */
  extraGoalElements?: boolean;
}

export interface SoapOutcome {
  status: number;
  body: string;
  trackingId: string;
  /** The numeric code of a service fault, for the request log. */
  code?: number;
}

/** Handles one SOAP request to the service endpoint, from the raw body to the response envelope. */
export function handleSoap(
  deps: SoapDeps,
  req: { soapAction: string | undefined; body: string | Uint8Array; injected?: "internalError" | "callRateExceeded" },
): SoapOutcome {
  const trackingId = randomUUID();
  const action = (req.soapAction ?? "").trim().replace(/^"(.*)"$/, "$1");
  const operation = operationOf(action);
  if (!operation) return { status: 500, body: actionNotSupportedFaultXml(trackingId, action), trackingId };

  let root;
  try {
    root = parseXml(typeof req.body === "string" ? req.body : decodeUtf8Strictly(req.body));
  } catch (e) {
    // WCF's reader fails on such bytes while the formatter deserializes the body: a deserialization fault.
    if (e instanceof XmlRejected && e.reason === "encoding") return { status: 500, body: deserializationFaultXml(trackingId, operation, e.message), trackingId };
    if (e instanceof XmlRejected) return { status: 400, body: badMessageFaultXml(trackingId, e.message), trackingId };
    throw e;
  }
  if (root.ns !== NS.soapEnv || root.local !== "Envelope") {
    const why = root.ns === NS.soap12Env ? "SOAP 1.2 envelopes are not accepted: the service speaks SOAP 1.1." : "The message is not a SOAP 1.1 Envelope.";
    return { status: 400, body: badMessageFaultXml(trackingId, why), trackingId };
  }
  const header = root.children.find((c) => c.ns === NS.soapEnv && c.local === "Header");
  const body = root.children.find((c) => c.ns === NS.soapEnv && c.local === "Body");
  const request = body?.children[0];
  const fault = (f: ServiceFault) => ({ status: 500, body: serviceFaultXml(trackingId, f), trackingId, code: f.code });
  if (!request || request.ns !== NS.v13 || request.local !== `${operation}Request` || body!.children.length > 1) {
    const message = `Expected to find element '${operation}Request' from namespace '${NS.v13}' as the only child of the Body.`;
    return { status: 500, body: deserializationFaultXml(trackingId, operation, message), trackingId };
  }
  try {
    if (req.injected === "internalError") throw ServiceFault.operation("InternalError");
    if (req.injected === "callRateExceeded") throw ServiceFault.adapi("CallRateExceeded");
    const now = deps.now();
    const caller = authenticate(deps.store, header, now);
    const refused = deps.throttle.admit(caller.userId, caller.customerId, now);
    if (refused) throw ServiceFault.adapi("CallRateExceeded", throttleMessage(ERRORS.CallRateExceeded.message, refused));
    const ctx: OpContext = { store: deps.store, customerId: caller.customerId, accountId: caller.accountId, limits: deps.limits, extraGoalElements: deps.extraGoalElements };
    const inner = OPERATIONS[operation](ctx, request);
    return { status: 200, body: envelope(trackingId, responseBody(operation, inner)), trackingId };
  } catch (e) {
    if (e instanceof ServiceFault) return fault(e);
    if (e instanceof DeserializationError) return { status: 500, body: deserializationFaultXml(trackingId, operation, e.message), trackingId };
    throw e;
  }
}
