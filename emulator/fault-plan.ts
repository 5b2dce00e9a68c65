import { z } from "zod";

/** Operations a fault can be armed for; Token is the OAuth endpoint, * any of them. */
export const FAULT_TARGETS = ["AddConversionGoals", "UpdateConversionGoals", "GetConversionGoalsByIds", "Token", "*"] as const;

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
    ]),
    times: z.number().int().min(1).max(100_000).default(1),
    delayMs: z.number().int().min(0).max(600_000).optional(),
  })
  .strict()
  .refine((f) => f.kind !== "delay" || f.delayMs !== undefined, { message: "a delay fault needs delayMs", path: ["delayMs"] });
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
