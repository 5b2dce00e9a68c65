import DataLoader from "dataloader";
import { CampaignManagementClient, validateGoals, validateIds } from "../client/client";
import { MAX_BATCH } from "../client/batch";
import { ConversionGoal } from "../client/goal";
import { MsAdsError } from "../client/errors";
import { AddPredictions } from "./add-prediction";
import { BatchTiming } from "./batch-timing";

/** Where goals live: the customer and the ad account (CustomerAccountId). */
export type GoalPlacement = { customerId: string; accountId: string };

/**
 * The longest a batch stays open while steps' requests keep coming, unless configured (msads:batchWindowMilliseconds);
 * it is sent sooner when they pause (see BatchTiming).
 */
export const DEFAULT_BATCH_WINDOW_MS = 2000;

/** How a gateway gathers requests into batches. */
export interface BatchOptions {
  /** The most milliseconds a batch stays open after its first request (default DEFAULT_BATCH_WINDOW_MS; see BatchTiming). */
  windowMs?: number;
  /** Replaces the timer that sends a batch: called once per batch with the function that sends it (tests). */
  schedule?: (send: () => void) => void;
}

/** One goal's part of an AddConversionGoals call: its id, or the service's errors for it (then no id). */
export interface AddOutcome {
  id: string | null;
  /** The per-goal errors, each as if the goal had been sent alone (index 0). */
  errors: MsAdsError[];
}

/**
 * The one way the resource layer reaches the service for one placement. The engine runs many steps at once (up to
 * --parallel), and each step asks for one goal; the gateway gathers what steps ask within a short window into one
 * call of up to 100 goals (MAX_BATCH, the service's limit), since the service throttles per user and per customer
 * (117 CallRateExceeded). Each step still gets its own answer: a per-goal error fails that goal's request alone, a
 * failure of a whole call (transport, throttling after the client's retries, a fault, an ambiguous Add) rejects the
 * requests of that call only. Nothing is cached: every request sees the service as it is when its batch is sent.
 */
export class GoalGateway {
  /** What this placement has taught about the goals Add creates (see AddPredictions). */
  readonly predictions = new AddPredictions();
  private readonly adds: Queue<ConversionGoal, AddOutcome>;
  private readonly updates: Queue<ConversionGoal, MsAdsError[]>;
  private readonly gets: Queue<string, ConversionGoal | null>;
  private readonly lookups: Queue<string, ConversionGoal | null>;

  constructor(
    private readonly client: CampaignManagementClient,
    readonly placement: GoalPlacement,
    options: BatchOptions = {},
  ) {
    this.adds = new Queue((goals) => this.addBatch(goals), options, MAX_BATCH);
    this.updates = new Queue((patches) => this.updateBatch(patches), options, MAX_BATCH);
    this.gets = new Queue((ids) => this.getBatch(ids), options, MAX_BATCH);
    // One listing answers any number of names.
    this.lookups = new Queue((names) => this.lookupBatch(names), options);
  }

  /** The goal of this id, or undefined when the service returns none (GetConversionGoalsByIds). */
  async get(id: string): Promise<ConversionGoal | undefined> {
    validateIds([id]);
    return (await this.gets.load(id)) ?? undefined;
  }

  /** The account's offline goal of this name (names are unique per customer regardless of case), if any. */
  async findByName(name: string): Promise<ConversionGoal | undefined> {
    return (await this.lookups.load(name.toLowerCase())) ?? undefined;
  }

  /**
   * Adds one goal (AddConversionGoals). Resolves with its id or its own errors; rejects with the failure of the
   * whole call, an OutcomeUnknownError when the call may have been applied (then every goal of the call gets it).
   */
  async add(goal: ConversionGoal): Promise<AddOutcome> {
    validateGoals([goal], "add");
    return this.adds.load(goal);
  }

  /** Changes one goal (UpdateConversionGoals): resolves with its own errors (none: applied), rejects as add does. */
  async update(patch: ConversionGoal): Promise<MsAdsError[]> {
    validateGoals([patch], "update");
    return this.updates.load(patch);
  }

  /**
   * The goal as the service holds it right after `add` created it as `id`: predicted when this placement has proven
   * the goal's shape (see AddPredictions), read back otherwise, the read-back teaching the prediction.
   */
  async afterAdd(sent: ConversionGoal, id: string): Promise<ConversionGoal | undefined> {
    const predicted = this.predictions.predicted(sent, id);
    if (predicted) return predicted;
    const returned = await this.get(id);
    if (returned) this.predictions.learn(sent, returned, this.placement);
    return returned;
  }

  // Goals of one name (regardless of case) go in separate calls, in order: the service refuses a name twice in
  // one call, where one by one the first is created and the second is told the name is taken, which create settles.
  private async addBatch(goals: readonly ConversionGoal[]): Promise<Array<AddOutcome | Error>> {
    const out: Array<AddOutcome | Error> = [];
    for (const round of rounds(goals, (g) => (g.name ?? "").toLowerCase())) {
      try {
        const res = await this.client.addConversionGoals(round.map((i) => goals[i]));
        round.forEach((i, k) => (out[i] = { id: res.goalIds[k] ?? null, errors: ownErrors(res.partialErrors, k) }));
      } catch (e) {
        round.forEach((i) => (out[i] = asError(e)));
      }
    }
    return out;
  }

  // Patches of one goal go in separate calls, in order, as they would have one by one.
  private async updateBatch(patches: readonly ConversionGoal[]): Promise<Array<MsAdsError[] | Error>> {
    const out: Array<MsAdsError[] | Error> = [];
    for (const round of rounds(patches, (p) => p.id ?? "")) {
      try {
        const res = await this.client.updateConversionGoals(round.map((i) => patches[i]));
        round.forEach((i, k) => (out[i] = ownErrors(res.partialErrors, k)));
      } catch (e) {
        round.forEach((i) => (out[i] = asError(e)));
      }
    }
    return out;
  }

  private async getBatch(ids: readonly string[]): Promise<Array<ConversionGoal | null>> {
    const unique = [...new Set(ids)];
    const { goals } = await this.client.getConversionGoalsByIds(unique);
    const byId = new Map(unique.map((id, i) => [id, goals[i] ?? null]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  private async lookupBatch(names: readonly string[]): Promise<Array<ConversionGoal | null>> {
    const goals = await this.client.listOfflineConversionGoals();
    return names.map((name) => goals.find((g) => g.name?.toLowerCase() === name) ?? null);
  }
}

/**
 * One kind of request gathered into batches: a DataLoader without cache (every request must see the service as it is
 * when its batch is sent), timed by BatchTiming unless a test injects the scheduler.
 */
class Queue<K, V> {
  private readonly loader: DataLoader<K, V>;
  private readonly timing?: BatchTiming;

  constructor(batch: DataLoader.BatchLoadFn<K, V>, options: BatchOptions, maxBatchSize?: number) {
    if (!options.schedule) this.timing = new BatchTiming(options.windowMs ?? DEFAULT_BATCH_WINDOW_MS, undefined, maxBatchSize);
    const batchScheduleFn = options.schedule ?? this.timing!.schedule;
    this.loader = new DataLoader(batch, { cache: false, batchScheduleFn, ...(maxBatchSize ? { maxBatchSize } : {}) });
  }

  load(key: K): Promise<V> {
    this.timing?.arrived();
    return this.loader.load(key);
  }
}

/**
 * Splits positions into consecutive calls in which no key repeats: the first occurrence of every key in the first,
 * the second in the next, and so on.
 */
function rounds<T>(items: readonly T[], key: (item: T) => string): number[][] {
  const out: number[][] = [];
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    (out[n] ??= []).push(i);
  });
  return out;
}

/**
 * The errors of the goal at `index` of a call, each rebuilt as if the goal had been sent alone (index 0). An error
 * that names no goal is every goal's: a failure is never dropped.
 */
function ownErrors(errors: MsAdsError[], index: number): MsAdsError[] {
  return errors
    .filter((e) => e.index === index || e.index === undefined)
    .map(
      (e) =>
        new MsAdsError({
          kind: e.kind,
          operation: e.operation,
          code: e.code,
          errorCode: e.errorCode,
          message: e.serviceMessage,
          trackingId: e.trackingId,
          index: 0,
          goal: e.goal,
          httpStatus: e.httpStatus,
          errors: e.errors.map((d) => ({ ...d, index: d.index === undefined ? undefined : 0 })),
          retryable: e.retryable,
          requestSent: e.requestSent,
        }),
    );
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
