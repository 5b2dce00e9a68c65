import { z } from "zod";
import { Credentials, isRefreshCredentials, oauthTokenSource, staticTokenSource, TokenSource } from "./auth";
import { chunks, MAX_BATCH } from "./batch";
import { EnvironmentOption, endpointsFor } from "./environment";
import { MsAdsError, OutcomeUnknownError } from "./errors";
import { arrayItems, partialErrors } from "./faults";
import { ConversionGoal, ConversionGoalSchema, LongText } from "./goal";
import { goalFromWire, goalToWire, text } from "./mapping";
import { Redactor } from "./redact";
import { backoffDelay, classify, DEFAULT_RETRY_POLICY, isAmbiguous, RetryPolicy } from "./retry";
import { CallHeaders, ServiceOperation, SoapService } from "./soap-service";
import { nodeTransport, Transport } from "./transport";

/** What the client tells a logger. Never carries a credential; messages are redacted. */
export interface ClientLogEntry {
  event: "call" | "retry" | "throttled" | "tokenRefresh" | "failed";
  operation: string;
  attempt: number;
  /** How long the client waits before the next attempt. */
  delayMs?: number;
  trackingId?: string;
  errorCode?: string;
  message?: string;
}

/** Identifiers and secrets of one configuration; validated on construction so a typo fails before any call. */
export const ClientSettingsSchema = z.object({
  /** The developer token of the application (sandbox: BBD37VB98). */
  developerToken: z.string().min(1, "is required"),
  /** The customer (manager account) id the goals belong to. */
  customerId: LongText,
  /** The ad account id sent as CustomerAccountId. */
  accountId: LongText,
  /** Milliseconds one HTTP exchange may take before it counts as a timeout. */
  timeoutMs: z.number().int().positive().default(60_000),
});

export interface ClientOptions extends z.input<typeof ClientSettingsSchema> {
  /** "production", "sandbox", or explicit URLs ({ serviceUrl, tokenUrl }) such as the emulator's. */
  environment: EnvironmentOption;
  /** A static access token, or the refresh-token flow. */
  credentials: Credentials;
  /** HTTP transport; tests inject failures here. */
  transport?: Transport;
  /** Waits between attempts; tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
  /** The clock for token expiry. */
  now?: () => number;
  /** Source of jitter, in [0, 1). */
  random?: () => number;
  retry?: Partial<RetryPolicy>;
  log?: (entry: ClientLogEntry) => void;
  /** Told when the token endpoint rotates the refresh token, so a long-lived caller can store the new one. */
  onRefreshTokenRotated?: (refreshToken: string) => void;
}

/** Result of AddConversionGoals: one id per goal sent, in the caller's order (null where the goal failed). */
export interface AddResult {
  goalIds: Array<string | null>;
  /** Per-goal failures, `index` pointing into the caller's list. */
  partialErrors: MsAdsError[];
  trackingIds: string[];
}

export interface UpdateResult {
  partialErrors: MsAdsError[];
  trackingIds: string[];
}

/** Result of GetConversionGoalsByIds: one entry per id asked for, null where the service returned none. */
export interface GetResult {
  goals: Array<ConversionGoal | null>;
  partialErrors: MsAdsError[];
  trackingIds: string[];
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const ADDITIONAL_FIELDS = "GoalCategory IsExternallyAttributed";
// Built once: zod builds a new schema object on every .strict(), and every Add and Update validates each goal.
const StrictGoalSchema = ConversionGoalSchema.strict();

/**
 * The Campaign Management v13 conversion-goal operations: SOAP through node-soap and the project's trimmed WSDL,
 * OAuth, retries and typed errors. One instance per configuration (account, credentials, endpoint).
 */
export class CampaignManagementClient {
  // Private fields (#) keep the developer token and tokens out of console.log and util.inspect of a client.
  readonly #settings: z.output<typeof ClientSettingsSchema>;
  private readonly serviceUrl: string;
  readonly #tokens: TokenSource;
  readonly #redactor = new Redactor();
  private readonly policy: RetryPolicy;
  private readonly transport: Transport;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly log: (entry: ClientLogEntry) => void;
  private service?: Promise<SoapService>;

  constructor(options: ClientOptions) {
    const parsed = ClientSettingsSchema.safeParse(options);
    if (!parsed.success) {
      throw new TypeError(
        "invalid client options: " + parsed.error.issues.map((i) => `${i.path.join(".") || "options"}: ${i.message}`).join("; "),
      );
    }
    this.#settings = parsed.data;
    const credentials = options.credentials;
    this.#redactor.add(options.developerToken);
    if (!credentials || typeof credentials !== "object") throw new TypeError("credentials: give { accessToken } or { clientId, refreshToken }");
    this.transport = options.transport ?? nodeTransport;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.log = options.log ?? (() => {});
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    // One place pairs the token endpoint with the scope its login grants.
    const login = isRefreshCredentials(credentials) ? { tenant: credentials.tenant, sandboxLogin: credentials.sandboxLogin, scope: credentials.scope } : {};
    const endpoints = endpointsFor(options.environment, login);
    this.serviceUrl = endpoints.serviceUrl;
    if (isRefreshCredentials(credentials)) {
      if (!credentials.clientId) throw new TypeError("credentials.clientId: is required for the refresh-token flow");
      if (!endpoints.tokenUrl) throw new TypeError("environment.tokenUrl: is required for the refresh-token flow with explicit URLs");
      this.#redactor.add(credentials.refreshToken, credentials.clientSecret);
      this.#tokens = oauthTokenSource(credentials, {
        tokenUrl: endpoints.tokenUrl,
        scope: endpoints.scope,
        transport: this.transport,
        now: options.now ?? Date.now,
        timeoutMs: this.#settings.timeoutMs,
        redactor: this.#redactor,
        onRefreshTokenRotated: options.onRefreshTokenRotated,
      });
    } else if (typeof credentials.accessToken === "string" && credentials.accessToken.length > 0) {
      this.#redactor.add(credentials.accessToken);
      this.#tokens = staticTokenSource(credentials.accessToken);
    } else {
      throw new TypeError("credentials: give { accessToken } or { clientId, refreshToken }");
    }
  }

  /** Creates goals, 100 per call; ids come back in the caller's order. Ambiguous failures raise OutcomeUnknownError. */
  async addConversionGoals(goals: ConversionGoal[]): Promise<AddResult> {
    validateGoals(goals, "add");
    const out: AddResult = { goalIds: [], partialErrors: [], trackingIds: [] };
    let batch = 0;
    for (const { start, items } of chunks(goals, MAX_BATCH)) {
      try {
        const { result, trackingId } = await this.call("AddConversionGoals", { ConversionGoals: { ConversionGoal: items.map(goalToWire) } }, { start, goals: items });
        const ids = arrayItems(result.ConversionGoalIds, "long");
        if (ids.length !== items.length) {
          const cause = new MsAdsError({ kind: "http", operation: "AddConversionGoals", errorCode: "UnexpectedResponse", message: `the service returned ${ids.length} ids for ${items.length} goals`, trackingId });
          throw new OutcomeUnknownError(cause, items.map((goal, i) => ({ index: start + i, goal })));
        }
        ids.forEach((id) => out.goalIds.push(text(id) ?? null));
        out.partialErrors.push(...this.itemErrors("AddConversionGoals", result.PartialErrors, start, items, trackingId));
        if (trackingId) out.trackingIds.push(trackingId);
        batch++;
      } catch (e) {
        if (e instanceof MsAdsError && batch > 0) e.completed = { goalIds: out.goalIds, partialErrors: out.partialErrors, batches: batch };
        throw e;
      }
    }
    return out;
  }

  /** Changes goals, 100 per call. Fields left undefined stay as they are; revenue is replaced whole when given. */
  async updateConversionGoals(goals: ConversionGoal[]): Promise<UpdateResult> {
    validateGoals(goals, "update");
    const out: UpdateResult = { partialErrors: [], trackingIds: [] };
    let batch = 0;
    for (const { start, items } of chunks(goals, MAX_BATCH)) {
      try {
        const { result, trackingId } = await this.call("UpdateConversionGoals", { ConversionGoals: { ConversionGoal: items.map(goalToWire) } });
        out.partialErrors.push(...this.itemErrors("UpdateConversionGoals", result.PartialErrors, start, items, trackingId));
        if (trackingId) out.trackingIds.push(trackingId);
        batch++;
      } catch (e) {
        if (e instanceof MsAdsError && batch > 0) e.completed = { partialErrors: out.partialErrors, batches: batch };
        throw e;
      }
    }
    return out;
  }

  /** Reads offline goals by id, 100 per call; the result is aligned with `ids`, null where no goal was returned. */
  async getConversionGoalsByIds(ids: string[]): Promise<GetResult> {
    validateIds(ids);
    const out: GetResult = { goals: [], partialErrors: [], trackingIds: [] };
    for (const { start, items } of chunks(ids, MAX_BATCH)) {
      const { result, trackingId } = await this.call("GetConversionGoalsByIds", getArgs(items));
      const goals = arrayItems(result.ConversionGoals, "ConversionGoal");
      items.forEach((_, i) => out.goals.push(goalFromWire(goals[i]) ?? null));
      out.partialErrors.push(...this.itemErrors("GetConversionGoalsByIds", result.PartialErrors, start, items.map((id) => ({ id })), trackingId));
      if (trackingId) out.trackingIds.push(trackingId);
    }
    return out;
  }

  /** Every offline conversion goal of the account (Get with nil ids). Paused goals included; the service never returns deleted ones. */
  async listOfflineConversionGoals(): Promise<ConversionGoal[]> {
    const { result } = await this.call("GetConversionGoalsByIds", getArgs(null));
    return arrayItems(result.ConversionGoals, "ConversionGoal")
      .map(goalFromWire)
      .filter((g): g is ConversionGoal => g !== undefined);
  }

  private itemErrors(operation: ServiceOperation, raw: unknown, start: number, items: ConversionGoal[], trackingId?: string): MsAdsError[] {
    return partialErrors(raw).map((d) => {
      const local = d.index ?? -1;
      const goal = items[local];
      return new MsAdsError({
        kind: "api",
        operation,
        code: d.code,
        errorCode: d.errorCode,
        message: this.#redactor.redact(d.message),
        trackingId,
        index: local >= 0 ? start + local : undefined,
        goal: goal && pickRef(goal),
        errors: [{ ...d, message: this.#redactor.redact(d.message), index: local >= 0 ? start + local : undefined }],
      });
    });
  }

  private soap(): Promise<SoapService> {
    this.service ??= SoapService.create(this.serviceUrl, this.transport, this.#redactor);
    this.service.catch(() => (this.service = undefined));
    return this.service;
  }

  /**
   * One operation with the retry rules: 109 → new token, once; 117 → wait out the throttling window; transient
   * failures → capped exponential backoff with jitter. An Add that failed ambiguously is never resent.
   */
  private async call(
    operation: ServiceOperation,
    args: Record<string, unknown>,
    add?: { start: number; goals: ConversionGoal[] },
  ): Promise<{ result: Record<string, unknown>; trackingId?: string }> {
    const service = await this.soap();
    let attempt = 0;
    let transientFailures = 0;
    let throttled = 0;
    let refreshed = false;
    let token: string | undefined;
    for (;;) {
      attempt++;
      try {
        token = await this.#tokens.get();
        const headers: CallHeaders = {
          AuthenticationToken: token,
          CustomerAccountId: this.#settings.accountId,
          CustomerId: this.#settings.customerId,
          DeveloperToken: this.#settings.developerToken,
        };
        const res = await service.invoke(operation, args, headers, this.#settings.timeoutMs);
        this.log({ event: "call", operation, attempt, trackingId: res.trackingId });
        return res;
      } catch (e) {
        if (!(e instanceof MsAdsError)) throw e;
        const verdict = classify(e);
        const base = { operation, attempt, errorCode: e.errorCode, trackingId: e.trackingId, message: e.message };
        if (verdict === "refreshToken" && this.#tokens.canRefresh && !refreshed && e.operation !== "Token") {
          refreshed = true;
          this.log({ event: "tokenRefresh", ...base });
          await this.#tokens.refresh(token ?? "");
          continue;
        }
        if (verdict === "throttled" && throttled < this.policy.maxThrottleRetries) {
          throttled++;
          this.log({ event: "throttled", ...base, delayMs: this.policy.throttleWaitMs });
          await this.sleep(this.policy.throttleWaitMs);
          continue;
        }
        if (verdict === "transient") {
          if (add && e.operation === "AddConversionGoals" && isAmbiguous(e)) {
            this.log({ event: "failed", ...base });
            throw new OutcomeUnknownError(e, add.goals.map((goal, i) => ({ index: add.start + i, goal })));
          }
          transientFailures++;
          if (transientFailures < this.policy.maxAttempts) {
            const delayMs = backoffDelay(transientFailures, this.policy, this.random);
            this.log({ event: "retry", ...base, delayMs });
            await this.sleep(delayMs);
            continue;
          }
        }
        this.log({ event: "failed", ...base });
        throw e;
      }
    }
  }
}

function getArgs(ids: string[] | null): Record<string, unknown> {
  return {
    ConversionGoalIds: ids === null ? null : { long: ids },
    ConversionGoalTypes: "OfflineConversion",
    ReturnAdditionalFields: ADDITIONAL_FIELDS,
  };
}

function pickRef(goal: ConversionGoal): { id?: string; name?: string } {
  const ref: { id?: string; name?: string } = {};
  if (goal.id !== undefined) ref.id = goal.id;
  if (goal.name !== undefined) ref.name = goal.name;
  return ref;
}

/**
 * Refuses what getConversionGoalsByIds would refuse, with the same TypeError, before anything is sent: callers that
 * batch many steps' ids into one call check each step's id alone, so one bad id fails only its own step.
 */
export function validateIds(ids: string[]): void {
  if (!Array.isArray(ids)) throw new TypeError("ids: must be an array of id strings");
  ids.forEach((id, i) => {
    if (!LongText.safeParse(id).success) throw new TypeError(`ids[${i}]: ${JSON.stringify(id)} is not a goal id (a whole number as text)`);
  });
}

/**
 * Refuses what addConversionGoals ("add") or updateConversionGoals ("update") would refuse, with the same
 * TypeError naming each problem's position and field, before anything is sent (see validateIds for why it is public).
 */
export function validateGoals(goals: ConversionGoal[], mode: "add" | "update"): void {
  if (!Array.isArray(goals)) throw new TypeError("goals: must be an array");
  const problems: string[] = [];
  goals.forEach((g, i) => {
    const r = StrictGoalSchema.safeParse(g);
    if (!r.success) for (const issue of r.error.issues) problems.push(`goals[${i}].${issue.path.join(".") || "(goal)"}: ${issue.message}`);
    else if (mode === "update" && g.id === undefined) problems.push(`goals[${i}].id: is required to update a goal`);
    else if (mode === "add" && g.id !== undefined) problems.push(`goals[${i}].id: must be absent when adding a goal (the service assigns it)`);
  });
  if (problems.length) throw new TypeError(`invalid goals: ${problems.join("; ")}`);
}
