import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { ClientOptions } from "../client/client";
import { checkInputs } from "./check";
import { ConfigSource, readSettings } from "./config";
import { Claims } from "./claims";
import { GoalStepError, StepContext } from "./context";
import { createGoal, StepLog } from "./create";
import { deleteGoal } from "./delete";
import { diffGoal } from "./diff";
import { GoalOutputs } from "./outputs";
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
 * the state holds only a trampoline that requires this module (see sdk/trampoline.ts).
 */
export class GoalProvider implements dynamic.ResourceProvider {
  private ctx: StepContext;
  /** The goals this deployment's resources hold, as diff, create and update have seen them. */
  private readonly claims = new Claims();

  /**
   * `env` and `clientExtras` (transport, sleep, clock) are injected by tests. `log` receives what a step reports
   * beyond its result; by default the provider host's stderr, which the engine shows in the update's diagnostics.
   */
  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly clientExtras: Partial<ClientOptions> = {},
    private readonly log: StepLog = (message) => console.error(`warning: ${message}`),
  ) {
    this.ctx = new StepContext(readSettings(undefined, env), clientExtras);
  }

  /** Reads msads:* stack config (secrets arrive unwrapped), falling back to MSADS_* variables. */
  async configure(req: { config: ConfigSource }): Promise<void> {
    this.ctx = new StepContext(readSettings(req.config, this.env), this.clientExtras);
  }

  async check(_olds: object, news: object): Promise<dynamic.CheckResult> {
    return checkInputs(news as Record<string, unknown>);
  }

  async diff(id: string, olds: object, news: object): Promise<dynamic.DiffResult> {
    // The engine diffs only resources that the program declares and the state records: this one holds its goal.
    this.claims.hold(id);
    const d = diffGoal(own<GoalOutputs>(olds), own<GoalInputs & Record<string, unknown>>(news), this.ctx.settings);
    return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
  }

  async create(inputs: object): Promise<dynamic.CreateResult> {
    try {
      return await createGoal(own<GoalInputs>(inputs), this.ctx, this.claims, this.log);
    } catch (e) {
      throw failure(e, inputs);
    }
  }

  async read(id: string, props: object): Promise<dynamic.ReadResult> {
    return readGoalState(id, own<GoalOutputs>(props), this.ctx);
  }

  async update(id: string, olds: object, news: object): Promise<dynamic.UpdateResult> {
    this.claims.hold(id);
    try {
      return { outs: await updateGoal(id, own<GoalOutputs>(olds), own<GoalInputs>(news), this.ctx) };
    } catch (e) {
      throw failure(e, news);
    }
  }

  async delete(id: string, props: object): Promise<void> {
    if (this.claims.wasTakenOver(id)) {
      this.log(`goal ${id} is not retired: another resource of this stack took it over in this update (it has the same name and settings); only the old resource is removed from the state`);
      return;
    }
    await deleteGoal(id, own<GoalOutputs>(props), this.ctx);
  }
}
