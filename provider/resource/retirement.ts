import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { ClientOptions } from "../client/client";
import { ConfigSource, resolveSettings, ResolvedSettings } from "./config";
import { StepContext } from "./context";
import { explainCredentialFailure } from "./credential-errors";
import { deleteGoal, retiredName } from "./delete";
import { GoalOutputs } from "./outputs";

/**
 * The declared retirement of a goal that no code declares (the goals program's `unmanagedGoals: retire`). The inputs
 * are what the goal becomes, so that the plan shows it: `name` the retired name (delete.ts retiredName), `status`
 * Paused; `previous` is what the account held when the program ran, shown in the plan and otherwise ignored.
 */
export interface RetirementInputs {
  goalId: string;
  customerId: string;
  accountId: string;
  name: string;
  status: "Paused";
  previous?: { name: string; status: string };
}

const ID = /^[1-9]\d{0,18}$/;

/**
 * The GoalRetirement provider. Its create is the OfflineConversionGoal delete (deleteGoal: one update pauses and
 * renames), so a goal retired this way looks exactly like one whose resource was deleted; its delete does nothing
 * (dropping the record does not bring the goal back). Preview never calls create: nothing changes without `up`.
 */
export class GoalRetirementProvider implements dynamic.ResourceProvider {
  private resolved: ResolvedSettings;
  private ctx: StepContext;

  /** `env` and `clientExtras` are injected by tests. */
  constructor(
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly clientExtras: Partial<ClientOptions> = {},
  ) {
    this.resolved = resolveSettings(undefined, env);
    this.ctx = new StepContext(this.resolved.settings, clientExtras);
  }

  /** The same settings as the goal provider's (stack config and MSADS_* variables, resolveSettings). */
  async configure(req: { config: ConfigSource }): Promise<void> {
    this.resolved = resolveSettings(req.config, this.env);
    this.ctx = new StepContext(this.resolved.settings, this.clientExtras);
  }

  async check(_olds: object, news: object): Promise<dynamic.CheckResult> {
    const n = news as Partial<RetirementInputs>;
    const failures: dynamic.CheckFailure[] = [];
    for (const key of ["goalId", "customerId", "accountId"] as const) {
      if (typeof n[key] !== "string" || !ID.test(n[key])) failures.push({ property: key, reason: `must be an id (a positive whole number as text), got ${JSON.stringify(n[key])}` });
    }
    if (typeof n.name !== "string" || n.name === "") failures.push({ property: "name", reason: "must be the goal's retired name" });
    else if (typeof n.goalId === "string" && ID.test(n.goalId) && retiredName(n.name, n.goalId) !== n.name) failures.push({ property: "name", reason: `must end with the retired suffix of goal ${n.goalId}: use retiredName(name, goalId)` });
    if (n.status !== "Paused") failures.push({ property: "status", reason: `must be Paused, got ${JSON.stringify(n.status)}` });
    return failures.length > 0 ? { failures } : { inputs: news };
  }

  /**
   * Another goal or placement is another retirement. `previous` is what the program's listing found this run: a
   * goal it found retired is no change, but one found active or under another name again (re-activated in the web
   * UI, say) is retired again, so the plan never says "unchanged" of a goal that is not retired.
   */
  async diff(_id: string, olds: object, news: object): Promise<dynamic.DiffResult> {
    const o = olds as RetirementInputs;
    const n = news as RetirementInputs;
    const replaces = (["goalId", "customerId", "accountId"] as const).filter((k) => o[k] !== n[k]);
    const undone = n.previous !== undefined && (n.previous.status !== "Paused" || n.previous.name !== n.name);
    const changes = replaces.length > 0 || o.name !== n.name || o.status !== n.status || undone;
    return { changes, replaces, deleteBeforeReplace: false };
  }

  async create(inputs: object): Promise<dynamic.CreateResult> {
    const n = inputs as RetirementInputs;
    await this.retire(n);
    return { id: n.goalId, outs: { ...n } };
  }

  async update(_id: string, _olds: object, news: object): Promise<dynamic.UpdateResult> {
    await this.retire(news as RetirementInputs);
    return { outs: { ...news } };
  }

  async delete(): Promise<void> {}

  /** The delete step of the goal resource, unless the program already saw the goal retired. */
  private async retire(n: RetirementInputs): Promise<void> {
    if (n.previous?.status === "Paused" && n.previous.name === n.name) return;
    const props = { customerId: n.customerId, accountId: n.accountId, name: n.previous?.name ?? n.name, goalCategory: "" } as GoalOutputs;
    try {
      await deleteGoal(n.goalId, props, this.ctx);
    } catch (e) {
      throw explainCredentialFailure(e, this.resolved);
    }
  }
}
