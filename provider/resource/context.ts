import { CampaignManagementClient, ClientOptions } from "../client/client";
import { ConversionGoal } from "../client/goal";
import { MsAdsError } from "../client/errors";
import { backoffDelay, DEFAULT_RETRY_POLICY } from "../client/retry";
import { fieldPathToProperty } from "../client/mapping";
import { canonicalDecimal } from "./decimal";
import { batchWindowFrom, clientOptionsFrom, ProviderSettings } from "./config";
import { BatchOptions, GoalGateway, GoalPlacement } from "./gateway";
import { GoalOutputs, outputsFromGoal } from "./outputs";
import { GoalInputs } from "./schema";

export type { GoalPlacement } from "./gateway";

/**
 * What every step needs: the settings, and the gateway of each placement (injectable parts for tests). One context
 * serves every step of a provider process, so concurrent steps share their placement's gateway and its batches.
 */
export class StepContext {
  private readonly gateways = new Map<string, GoalGateway>();

  constructor(
    readonly settings: ProviderSettings,
    private readonly clientExtras: Partial<ClientOptions> = {},
    private readonly batching: BatchOptions = {},
  ) {}

  /**
   * The gateway of a placement: one per customer, account and client settings, so that one client (one token, one
   * retry policy) sends each batch. The batch window is msads:batchWindowMilliseconds unless injected.
   */
  gateway(placement: GoalPlacement): GoalGateway {
    const options = clientOptionsFrom(this.settings, placement);
    const key = JSON.stringify(options);
    let g = this.gateways.get(key);
    if (!g) {
      const client = new CampaignManagementClient({ ...options, ...this.clientExtras, retry: { ...options.retry, ...this.clientExtras.retry } });
      g = new GoalGateway(client, placement, { windowMs: batchWindowFrom(this.settings), ...withoutUndefined(this.batching) });
      this.gateways.set(key, g);
    }
    return g;
  }

  /**
   * Waits before the `attempt`-th resend of something proven not to have happened: the client's capped exponential
   * backoff with jitter (its policy, as configured for this placement), through the injected sleep and random source.
   */
  async backoff(placement: GoalPlacement, attempt: number): Promise<void> {
    const policy = { ...DEFAULT_RETRY_POLICY, ...clientOptionsFrom(this.settings, placement).retry, ...this.clientExtras.retry };
    const sleep = this.clientExtras.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    await sleep(backoffDelay(attempt, policy, this.clientExtras.random ?? Math.random));
  }
}

/** The declared goal as the client sends it on Add (no id; revenue value as canonical decimal text). */
export function goalToSend(g: GoalInputs): ConversionGoal {
  const goal: ConversionGoal = { name: g.name, goalCategory: g.goalCategory };
  if (g.conversionWindowInMinutes !== undefined) goal.conversionWindowInMinutes = g.conversionWindowInMinutes;
  if (g.countType !== undefined) goal.countType = g.countType;
  if (g.excludeFromBidding !== undefined) goal.excludeFromBidding = g.excludeFromBidding;
  if (g.revenue !== undefined) goal.revenue = revenueToSend(g.revenue);
  if (g.scope !== undefined) goal.scope = g.scope;
  if (g.status !== undefined) goal.status = g.status;
  if (g.isExternallyAttributed !== undefined) goal.isExternallyAttributed = g.isExternallyAttributed;
  return goal;
}

/** Revenue is always sent whole: the service replaces it whole. Type defaults to NoValue. */
export function revenueToSend(r: GoalInputs["revenue"]): NonNullable<ConversionGoal["revenue"]> {
  const out: NonNullable<ConversionGoal["revenue"]> = { type: r?.type ?? "NoValue" };
  const value = canonicalDecimal(r?.value);
  if (value !== undefined && out.type !== "NoValue") out.value = value;
  if (r?.currencyCode !== undefined) out.currencyCode = r.currencyCode;
  return out;
}

/** A per-goal error as a step failure: the property it concerns first, then the service's code and message. */
export function itemFailure(e: MsAdsError): string {
  const property = fieldPathToProperty(e.errors[0]?.fieldPath);
  return property ? `${property}: ${e.message}` : e.message;
}

/**
 * A failure after the goal exists. The engine records the id and properties instead of losing the goal
 * (pulumirpc.ErrorResourceInitFailed), so the next `up` repairs it rather than creating a duplicate.
 *
 * The host (cmd/dynamic-provider grpcResponseFromError) records `properties` as they are, unlike a successful
 * step's outputs, to which it adds `__provider`: without it, every later refresh and destroy of the resource fails
 * (`code must be a string`). So the step that throws this passes on the `__provider` it received (see
 * withProvider), and the state stays one that refresh, destroy and up all work from.
 */
export class GoalStepError extends Error {
  override name = "GoalStepError";
  constructor(
    message: string,
    readonly id: string,
    public properties: GoalOutputs & { __provider?: unknown },
    readonly reasons: string[] = [message],
  ) {
    super(message);
  }

  /** The same failure, its properties carrying the serialized provider the step was given (absent: left as is). */
  withProvider(provider: unknown): this {
    if (provider !== undefined) this.properties = { ...this.properties, __provider: provider };
    return this;
  }
}

/**
 * Outputs after a write: the goal read back through the gateway, so that defaults and the account currency are
 * what the service applied; after an Add (`added` gives what was sent), predicted instead where the placement has
 * proven the prediction equal to a read-back (see GoalGateway.afterAdd).
 */
export async function outputsAfterWrite(gateway: GoalGateway, id: string, adoptExisting: boolean, fallback: ConversionGoal, added?: ConversionGoal): Promise<GoalOutputs> {
  const placement = gateway.placement;
  let goal: ConversionGoal | undefined;
  try {
    goal = added ? await gateway.afterAdd(added, id) : await gateway.get(id);
  } catch (e) {
    throw new GoalStepError(`goal ${id} was written but could not be read back: ${(e as Error).message}; run pulumi refresh`, id, outputsFromGoal({ ...fallback, id }, placement, adoptExisting));
  }
  if (!goal) throw new GoalStepError(`goal ${id} was written but the service does not return it`, id, outputsFromGoal({ ...fallback, id }, placement, adoptExisting));
  return outputsFromGoal(goal, placement, adoptExisting);
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
