import { MsAdsError } from "./errors";

/** How the client retries. Every delay goes through the injected sleep, so tests never wait. */
export interface RetryPolicy {
  /** Attempts for transient failures (5xx, InternalError, reset, timeout), the first included. */
  maxAttempts: number;
  /** First backoff delay; doubled per attempt up to maxDelayMs, with jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long to wait after 117 CallRateExceeded: the service throttles over a sliding 60-second window. */
  throttleWaitMs: number;
  /** How many 117s in a row the client sits out before giving up. */
  maxThrottleRetries: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  throttleWaitMs: 60_000,
  maxThrottleRetries: 3,
};

/** Capped exponential backoff with jitter: uniformly within [half, all] of the capped step. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

export type Verdict =
  /** 109: renew the token once and resend. */
  | "refreshToken"
  /** 117: wait for the throttling window and resend. */
  | "throttled"
  /** A failure that a later attempt may not meet. */
  | "transient"
  /** Resending cannot help (validation, authorization, a 4xx). */
  | "final";

/** What a failed attempt means for the next one. */
export function classify(e: MsAdsError): Verdict {
  if (e.kind === "api") {
    if (e.errors.some((x) => x.code === 109)) return "refreshToken";
    if (e.errors.some((x) => x.code === 117)) return "throttled";
    if (e.code === 0 && e.errorCode === "InternalError") return "transient";
    return "final";
  }
  if (e.kind === "transport") return "transient";
  if (e.kind === "http" || e.kind === "auth") return e.retryable ? "transient" : "final";
  return "final";
}

/**
 * True when a failed AddConversionGoals may have been applied: the request was sent and no definite answer came
 * back (timeout, reset, a 5xx page, an InternalError that may have struck after the commit, whatever the HTTP status
 * of its fault, or a 200 that holds neither the response nor a fault: UnreadableResponse).
 */
export function isAmbiguous(e: MsAdsError): boolean {
  if (e.kind === "transport") return e.requestSent !== false;
  if (e.kind === "http") return (e.httpStatus ?? 0) >= 500 || e.errorCode === "UnreadableResponse";
  if (e.kind === "api") return e.code === 0;
  return false;
}
