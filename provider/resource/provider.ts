import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { ClientOptions } from "../client/client";
import { checkInputs } from "./check";
import { ConfigSource, readSettings } from "./config";
import { GoalStepError, StepContext } from "./context";
import { createGoal } from "./create";
import { declarationMatching, recordedDeclaration, withDeclaration } from "./declaration";
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

  /**
   * `changed` stays here: the host passes only changes, replaces and deleteBeforeReplace to the engine, and the
   * plan names properties from the recorded inputs instead (see diff.ts).
   */
  async diff(_id: string, olds: object, news: object): Promise<dynamic.DiffResult> {
    const d = diffGoal(own<GoalOutputs>(olds), own<GoalInputs & Record<string, unknown>>(news), this.ctx.settings);
    return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
  }

  /** The outputs record the declaration (declaration.ts); after a failure, the one the account now matches. */
  async create(inputs: object): Promise<dynamic.CreateResult> {
    const declared = own<GoalInputs>(inputs);
    try {
      const { id, outs } = await createGoal(declared, this.ctx);
      return { id, outs: withDeclaration(outs, declared) };
    } catch (e) {
      if (e instanceof GoalStepError && !e.properties.__declared) e.properties.__declared = declarationMatching(declared, e.properties);
      throw e;
    }
  }

  async read(id: string, props: object): Promise<dynamic.ReadResult> {
    return readGoalState(id, own<GoalOutputs>(props), this.ctx);
  }

  /** After a failure that left no declaration in the outputs, the previous one stays, so the next `up` retries. */
  async update(id: string, olds: object, news: object): Promise<dynamic.UpdateResult> {
    const old = own<GoalOutputs>(olds);
    try {
      return { outs: await updateGoal(id, old, own<GoalInputs>(news), this.ctx) };
    } catch (e) {
      if (e instanceof GoalStepError && !e.properties.__declared) e.properties.__declared = recordedDeclaration(old);
      throw e;
    }
  }

  async delete(id: string, props: object): Promise<void> {
    await deleteGoal(id, own<GoalOutputs>(props), this.ctx);
  }
}
