import { ConversionGoal } from "./goal";

/** The service operations, plus Token for the OAuth token endpoint. */
export type Operation = "AddConversionGoals" | "UpdateConversionGoals" | "GetConversionGoalsByIds" | "Token";

/**
 * What went wrong, as a caller decides on it:
 * - api: the service answered with an error (fault or per-item error);
 * - http: an HTTP error without a SOAP fault (a load balancer's 5xx page);
 * - transport: the network failed (refused, reset, timeout);
 * - auth: the token endpoint refused the credentials;
 * - outcomeUnknown: an Add may or may not have been applied.
 */
export type ErrorKind = "api" | "http" | "transport" | "auth" | "outcomeUnknown";

/** One error as the service reports it, whatever fault shape it came in. */
export interface ApiErrorDetail {
  /** Numeric code (e.g. 5317); undefined when the service sent none (a WCF deserialization fault). */
  code: number | undefined;
  /** Symbolic code (e.g. ConversionGoalNameAlreadyExists). */
  errorCode: string;
  message: string;
  /** For per-item errors: the position of the goal in the caller's list. */
  index?: number;
  fieldPath?: string;
  details?: string;
}

/** The goal an error concerns: enough to find it in a plan, never the whole object. */
export interface GoalRef {
  id?: string;
  name?: string;
}

export interface MsAdsErrorInit {
  kind: ErrorKind;
  operation: Operation;
  code?: number;
  errorCode: string;
  message: string;
  trackingId?: string;
  index?: number;
  goal?: GoalRef;
  httpStatus?: number;
  errors?: ApiErrorDetail[];
  retryable?: boolean;
  requestSent?: boolean;
}

/**
 * Every failure of the Campaign Management client. Carries only what is safe to print: no request, no response
 * object, no credentials (messages pass through the client's redactor before they get here).
 */
export class MsAdsError extends Error {
  override name = "MsAdsError";
  readonly kind: ErrorKind;
  readonly operation: Operation;
  /** Numeric code of the first error (e.g. 117); undefined for network and HTTP failures. */
  readonly code: number | undefined;
  /** Symbolic code (e.g. CallRateExceeded, ConnectionReset, HttpServiceUnavailable). */
  readonly errorCode: string;
  /** The service's TrackingId for support requests, when it sent one. */
  readonly trackingId: string | undefined;
  /** For a per-item error: the goal's position in the caller's list. */
  readonly index: number | undefined;
  readonly goal: GoalRef | undefined;
  readonly httpStatus: number | undefined;
  /** Every error the service reported in this answer (a fault may carry several). */
  readonly errors: ApiErrorDetail[];
  /** True when the same request may succeed if sent again later. */
  readonly retryable: boolean;
  /** For network failures: whether the request may have reached the service. */
  readonly requestSent: boolean | undefined;
  /** The service's own message, without the operation and context prefix. */
  readonly serviceMessage: string;
  /**
   * Set when a call of more than 100 goals failed in a later batch: what the earlier batches did, aligned with the
   * caller's list (goalIds for Add; errors per item). Nothing the service already did is lost.
   */
  completed?: { goalIds?: Array<string | null>; partialErrors: MsAdsError[]; batches: number };

  constructor(init: MsAdsErrorInit) {
    super(formatMessage(init));
    this.kind = init.kind;
    this.operation = init.operation;
    this.code = init.code;
    this.errorCode = init.errorCode;
    this.trackingId = init.trackingId;
    this.index = init.index;
    this.goal = init.goal;
    this.httpStatus = init.httpStatus;
    this.errors = init.errors ?? [];
    this.retryable = init.retryable ?? false;
    this.requestSent = init.requestSent;
    this.serviceMessage = init.message;
  }

  /** Plain data for logs and JSON: the same fields, nothing else reachable. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      operation: this.operation,
      code: this.code,
      errorCode: this.errorCode,
      message: this.message,
      trackingId: this.trackingId,
      index: this.index,
      goal: this.goal,
      httpStatus: this.httpStatus,
      errors: this.errors,
      completed: this.completed && { ...this.completed, partialErrors: this.completed.partialErrors.map((e) => e.toJSON()) },
    };
  }
}

/** An ambiguous failure of AddConversionGoals: the goals named may or may not exist now. Look them up by name before retrying. */
export class OutcomeUnknownError extends MsAdsError {
  override name = "OutcomeUnknownError";
  /** The goals whose creation is in doubt, with their position in the caller's list. */
  readonly goals: Array<{ index: number; name: string | undefined }>;
  /** What made the outcome unknown (a timeout, a reset, an HTTP 5xx, an internal error). */
  readonly causeError: MsAdsError;

  constructor(cause: MsAdsError, goals: Array<{ index: number; goal: ConversionGoal }>) {
    const named = goals.map((g) => ({ index: g.index, name: g.goal.name }));
    super({
      kind: "outcomeUnknown",
      operation: cause.operation,
      code: cause.code,
      errorCode: "OutcomeUnknown",
      message:
        `the call failed after it was sent (${cause.errorCode}: ${cause.serviceMessage}); ` +
        `${named.length === 1 ? "this goal" : `these ${named.length} goals`} may or may not have been created: ` +
        named.map((g) => JSON.stringify(g.name ?? "")).join(", ") +
        ". Look them up by name before adding them again",
      trackingId: cause.trackingId,
      httpStatus: cause.httpStatus,
      errors: cause.errors,
    });
    this.goals = named;
    this.causeError = cause;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), goals: this.goals };
  }
}

function formatMessage(init: MsAdsErrorInit): string {
  const code = init.code === undefined ? init.errorCode : `${init.code} ${init.errorCode}`;
  const context: string[] = [];
  if (init.goal?.name !== undefined) context.push(`goal ${JSON.stringify(init.goal.name)}`);
  if (init.goal?.id !== undefined) context.push(`goal id ${init.goal.id}`);
  if (init.index !== undefined) context.push(`index ${init.index}`);
  if (init.httpStatus !== undefined && init.kind === "http") context.push(`HTTP ${init.httpStatus}`);
  if (init.trackingId) context.push(`TrackingId ${init.trackingId}`);
  return `${init.operation}: ${code}: ${init.message}${context.length ? ` (${context.join("; ")})` : ""}`;
}
