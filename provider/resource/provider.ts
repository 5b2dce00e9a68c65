import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { ClientOptions } from "../client/client";
import { checkInputs } from "./check";
import { ConfigSource, readSettings } from "./config";
import { StepContext } from "./context";
import { createGoal } from "./create";
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

/**
 * The OfflineConversionGoal provider, as the dynamic-provider host calls it. Installed code, never serialized:
 * the state holds only a trampoline that requires this module (see sdk/trampoline.ts).
 */
export class GoalProvider implements dynamic.ResourceProvider {
  private ctx: StepContext;

  /** `env` and `clientExtras` (transport, sleep, clock) are injected by tests. */
  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly clientExtras: Partial<ClientOptions> = {},
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

  async diff(_id: string, olds: object, news: object): Promise<dynamic.DiffResult> {
    const d = diffGoal(own<GoalOutputs>(olds), own<GoalInputs & Record<string, unknown>>(news), this.ctx.settings);
    return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
  }

  async create(inputs: object): Promise<dynamic.CreateResult> {
    return createGoal(own<GoalInputs>(inputs), this.ctx);
  }

  async read(id: string, props: object): Promise<dynamic.ReadResult> {
    return readGoalState(id, own<GoalOutputs>(props), this.ctx);
  }

  async update(id: string, olds: object, news: object): Promise<dynamic.UpdateResult> {
    return { outs: await updateGoal(id, own<GoalOutputs>(olds), own<GoalInputs>(news), this.ctx) };
  }

  async delete(id: string, props: object): Promise<void> {
    await deleteGoal(id, own<GoalOutputs>(props), this.ctx);
  }
}
