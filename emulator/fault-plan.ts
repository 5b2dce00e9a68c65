import { z } from "zod";

/** Operations a fault can be armed for; Token is the OAuth endpoint, * any of them. */
export const FAULT_TARGETS = ["AddConversionGoals", "UpdateConversionGoals", "GetConversionGoalsByIds", "Token", "*"] as const;

/** The kinds that answer a SOAP fault, whose HTTP status can be chosen. */
export const SOAP_FAULT_KINDS: readonly string[] = ["internalError", "callRateExceeded"];

/** A fault to inject into the next `times` calls of an operation (POST /_emulator/faults). */
export const FaultSpecSchema = z
  .object({
    operation: z.enum(FAULT_TARGETS).default("*"),
    kind: z.enum([
      /** HTTP 500 with an HTML body and no SOAP envelope, as a failing load balancer answers. */
      "http500",
      /** HTTP 503 with an HTML body, as during an outage. */
      "http503",
      /** SOAP fault, OperationError 0 InternalError. */
      "internalError",
      /** SOAP fault, AdApiError 117 CallRateExceeded. */
      "callRateExceeded",
      /** Waits delayMs, then handles the call normally (a change is applied even if the client gave up). */
      "delay",
      /** Resets the connection before anything is applied or answered. */
      "reset",
      /** Applies the call, then resets the connection without answering: the ambiguous failure. */
      "commitThenDrop",
      /**
       * Applies the call, then answers HTTP 200 with only the first half of the answer (a complete HTTP exchange
       * whose body a proxy cut short): neither a response nor a fault, and the change was made.
       */
      "truncated",
    ]),
    times: z.number().int().min(1).max(100_000).default(1),
    delayMs: z.number().int().min(0).max(600_000).optional(),
    /**
     * HTTP status of an internalError or callRateExceeded fault; the emulator's faultStatus (500 unless set) when
     * absent. The real service sends some faults with 200 (BingAds-Python-SDK issues #190, #217, #259: suds warns
     * "a SOAP processing fault using an unexpected HTTP status code 200").
     */
    status: z.union([z.literal(200), z.literal(500)], { error: "must be 200 or 500, the statuses the service sends faults with" }).optional(),
  })
  .strict()
  .refine((f) => f.kind !== "delay" || f.delayMs !== undefined, { message: "a delay fault needs delayMs", path: ["delayMs"] })
  .refine((f) => f.status === undefined || SOAP_FAULT_KINDS.includes(f.kind), {
    message: `applies only to the SOAP fault kinds (${SOAP_FAULT_KINDS.join(", ")}); the other kinds answer no fault`,
    path: ["status"],
  });
export type FaultSpec = z.infer<typeof FaultSpecSchema>;

interface Armed extends FaultSpec {
  id: number;
  remaining: number;
}

/** Faults armed through the admin API, consumed in the order they were armed. */
export class FaultPlan {
  private armed: Armed[] = [];
  private nextId = 1;

  arm(spec: FaultSpec): Armed {
    const a = { ...spec, id: this.nextId++, remaining: spec.times };
    this.armed.push(a);
    return a;
  }

  /** The fault for this call, if one is armed; counts it as used. */
  take(operation: string): FaultSpec | undefined {
    const a = this.armed.find((f) => f.operation === operation || f.operation === "*");
    if (!a) return undefined;
    if (--a.remaining === 0) this.armed = this.armed.filter((f) => f !== a);
    return a;
  }

  list(): readonly Armed[] {
    return this.armed;
  }

  clear(): void {
    this.armed = [];
  }
}
