import { CampaignManagementClient, ClientOptions } from "../client/client";
import { ConversionGoal } from "../client/goal";
import { MsAdsError } from "../client/errors";
import { backoffDelay, DEFAULT_RETRY_POLICY } from "../client/retry";
import { fieldPathToProperty } from "../client/mapping";
import { canonicalDecimal } from "./decimal";
import { clientOptionsFrom, ProviderSettings } from "./config";
import { GoalOutputs, outputsFromGoal } from "./outputs";
import { GoalInputs } from "./schema";

export type GoalPlacement = { customerId: string; accountId: string };

/** What every step needs: the settings, and a client per placement (injectable parts for tests). */
export class StepContext {
  private readonly clients = new Map<string, CampaignManagementClient>();

  constructor(
    readonly settings: ProviderSettings,
    private readonly clientExtras: Partial<ClientOptions> = {},
  ) {}

  client(placement: GoalPlacement): CampaignManagementClient {
    const options = clientOptionsFrom(this.settings, placement);
    const key = JSON.stringify(options);
    let c = this.clients.get(key);
    if (!c) this.clients.set(key, (c = new CampaignManagementClient({ ...options, ...this.clientExtras, retry: { ...options.retry, ...this.clientExtras.retry } })));
    return c;
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

/** The account's offline goal of this name (names are unique per customer regardless of case), if any. */
export async function findByName(client: CampaignManagementClient, name: string): Promise<ConversionGoal | undefined> {
  const lower = name.toLowerCase();
  return (await client.listOfflineConversionGoals()).find((g) => g.name?.toLowerCase() === lower);
}

/** Reads one goal; undefined when the service no longer returns it. */
export async function readGoal(client: CampaignManagementClient, id: string): Promise<ConversionGoal | undefined> {
  const { goals } = await client.getConversionGoalsByIds([id]);
  return goals[0] ?? undefined;
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

/** Outputs after a write, read back so that defaults and the account currency are what the service applied. */
export async function outputsAfterWrite(client: CampaignManagementClient, id: string, placement: GoalPlacement, adoptExisting: boolean, fallback: ConversionGoal): Promise<GoalOutputs> {
  let goal: ConversionGoal | undefined;
  try {
    goal = await readGoal(client, id);
  } catch (e) {
    throw new GoalStepError(`goal ${id} was written but could not be read back: ${(e as Error).message}; run pulumi refresh`, id, outputsFromGoal({ ...fallback, id }, placement, adoptExisting));
  }
  if (!goal) throw new GoalStepError(`goal ${id} was written but the service does not return it`, id, outputsFromGoal({ ...fallback, id }, placement, adoptExisting));
  return outputsFromGoal(goal, placement, adoptExisting);
}
