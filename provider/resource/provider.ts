import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { ClientOptions } from "../client/client";
import { checkInputs, placementFailures } from "./check";
import { checkSettingValues, ConfigSource, resolveSettings, ResolvedSettings } from "./config";
import { GoalStepError, StepContext } from "./context";
import { createGoal } from "./create";
import { explainCredentialFailure } from "./credential-errors";
import { declarationMatching, recordedDeclaration, withDeclaration } from "./declaration";
import { deleteGoal } from "./delete";
import { diffGoal, GoalDiff } from "./diff";
import { engineWarn, Warn } from "./engine-log";
import { BatchOptions } from "./gateway";
import { GoalOutputs } from "./outputs";
import { GoalOwnership } from "./ownership";
import { readGoalState } from "./read";
import { GoalInputs } from "./schema";
import { updateGoal } from "./update";

/** Strips what the engine adds to every dynamic resource's properties. */
function own<T>(props: object): T {
  const { __provider: _ignored, ...rest } = props as Record<string, unknown>;
  return rest as T;
}

/** The step's failure; a GoalStepError carries on the serialized provider the step received (see GoalStepError). */
function failure(e: unknown, props: object): unknown {
  return e instanceof GoalStepError ? e.withProvider((props as Record<string, unknown>).__provider) : e;
}

/**
 * The OfflineConversionGoal provider, as the dynamic-provider host calls it. Installed code, never serialized:
 * the state holds only a module text that requires this module (see sdk/provider-module.ts). One instance serves one
 * deployment (the host is one process per engine run), which is what the ownership registry relies on.
 */
export class GoalProvider implements dynamic.ResourceProvider {
  private ctx: StepContext;
  private resolved: ResolvedSettings;
  /** Goals held by live resources of this deployment (see ownership.ts). */
  readonly ownership = new GoalOwnership();
  /** A bad operational setting found by configure, reported by every step. */
  private settingsProblem?: Error;

  /**
   * `env` and `clientExtras` (transport, sleep, clock) are injected by tests, `warn` too (default: the engine's log),
   * and `batching` (the gateways' batch window or scheduler; default: msads:batchWindowMilliseconds).
   */
  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly clientExtras: Partial<ClientOptions> = {},
    private readonly warn: Warn = engineWarn(),
    private readonly batching: BatchOptions = {},
  ) {
    this.resolved = resolveSettings(undefined, env);
    this.ctx = new StepContext(this.resolved.settings, clientExtras, batching);
  }

  /** Reads msads:* stack config (secrets arrive unwrapped) and MSADS_* variables; see resolveSettings for which wins. */
  async configure(req: { config: ConfigSource }): Promise<void> {
    this.resolved = resolveSettings(req.config, this.env);
    this.ctx = new StepContext(this.resolved.settings, this.clientExtras, this.batching);
    // Not thrown here: the host caches the provider before configuring it, and would run later steps unconfigured.
    try {
      checkSettingValues(this.resolved.settings);
      this.settingsProblem = undefined;
    } catch (e) {
      this.settingsProblem = e as Error;
    }
  }

  /** A bad operational setting fails every step, a preview's check and diff included (see configure). */
  private usable(): void {
    if (this.settingsProblem) throw this.settingsProblem;
  }

  /** The goal schema's failures, and a placement neither the goal nor the provider gives (placementFailures). */
  async check(_olds: object, news: object): Promise<dynamic.CheckResult> {
    this.usable();
    const checked = checkInputs(news as Record<string, unknown>);
    return { inputs: checked.inputs, failures: [...checked.failures, ...placementFailures(news as Record<string, unknown>, this.ctx.settings)] };
  }

  /**
   * `changed` stays here: the host passes only changes, replaces and deleteBeforeReplace to the engine, and the
   * plan names properties from the recorded inputs instead (see diff.ts).
   */
  async diff(id: string, olds: object, news: object): Promise<dynamic.DiffResult> {
    const d = await this.plan(id, olds, news);
    return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
  }

  /** The diff with the settings that differ: the plugin passes them on as the detailed diff (provider/plugin). */
  async plan(id: string, olds: object, news: object): Promise<GoalDiff> {
    this.usable();
    const d = diffGoal(own<GoalOutputs>(olds), own<GoalInputs & Record<string, unknown>>(news), this.ctx.settings);
    this.ownership.diffed(id, own<GoalOutputs>(olds), d.replaces.length > 0);
    return d;
  }

  /** The resolved settings with their origins (never printed: values include credentials). */
  get settings(): ResolvedSettings {
    return this.resolved;
  }

  /** The outputs record the declaration (declaration.ts); after a failure, the one the account now matches. */
  async create(inputs: object): Promise<dynamic.CreateResult> {
    const declared = own<GoalInputs>(inputs);
    try {
      const { id, outs: written, adopted } = await this.explained(createGoal(declared, this.ctx, this.ownership, (message) => this.warn(message)));
      const outs = withDeclaration(written, declared);
      this.ownership.created(id, outs, adopted);
      return { id, outs };
    } catch (e) {
      if (e instanceof GoalStepError && !e.properties.__declared) e.properties.__declared = declarationMatching(declared, e.properties);
      throw failure(e, inputs);
    }
  }

  async read(id: string, props: object): Promise<dynamic.ReadResult> {
    this.ownership.read(id);
    return this.explained(readGoalState(id, own<GoalOutputs>(props), this.ctx));
  }

  /** After a failure that left no declaration in the outputs, the previous one stays, so the next `up` retries. */
  async update(id: string, olds: object, news: object): Promise<dynamic.UpdateResult> {
    const old = own<GoalOutputs>(olds);
    try {
      const outs = await this.explained(updateGoal(id, old, own<GoalInputs>(news), this.ctx));
      this.ownership.updated(id, old, outs);
      return { outs };
    } catch (e) {
      if (e instanceof GoalStepError && !e.properties.__declared) e.properties.__declared = recordedDeclaration(old);
      throw failure(e, news);
    }
  }

  /** Retires the goal, unless another live resource of this deployment holds it: then a warning, and success. */
  async delete(id: string, props: object): Promise<void> {
    const refusal = this.ownership.refusal(id, own<GoalOutputs>(props));
    if (refusal) {
      await this.warn(refusal);
      return;
    }
    await this.explained(deleteGoal(id, own<GoalOutputs>(props), this.ctx));
    this.ownership.released(id);
  }

  /** A refused credential gets its sources and the way out (credential-errors.ts); other failures pass unchanged. */
  private async explained<T>(step: Promise<T>): Promise<T> {
    try {
      return await step;
    } catch (e) {
      throw explainCredentialFailure(e, this.resolved);
    }
  }
}
