// The native front door: the engine's ResourceProvider calls as decisions over the same GoalProvider the dynamic
// resource uses (provider/resource/provider.ts). Values arrive as the engine sends them (secrets wrapped, see
// wire.ts) and leave the same way; server.ts only translates protobuf.
import { checkSettingValues, clientOptionsFrom, CONFIG_KEYS, ConfigError, ConfigKey, isSecretSetting, resolveSettings } from "../resource/config";
import { GoalStepError } from "../resource/context";
import { GoalProvider } from "../resource/provider";
import { PropertyFailure } from "../resource/schema";
import { UNKNOWN } from "../resource/unknowns";
import { packageSchema } from "./package-schema";
import { GoalResourceId, parseGoalResourceId } from "./resource-id";
import { cliStackExporter, goalHolders, StackExporter, stackOfUrn } from "./stack-holders";
import { conceal, reveal, secret } from "./wire";
import { PropertyLocator, yamlLocator } from "./yaml-positions";

type Props = Record<string, unknown>;

/** How a property differs, for the plan's detailed diff (pulumirpc.PropertyDiff.Kind). */
export type PropertyChange = "update" | "update-replace";

/** A diff as the engine takes it: per-property detail included, so the plan names exactly these properties. */
export interface PluginDiff {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
  detailedDiff: Record<string, PropertyChange>;
}

/** Provider inputs the engine adds itself, not settings. */
const ENGINE_CONFIG_KEYS = new Set(["version", "pluginDownloadURL"]);

/** An import or read of a goal that another resource of the stack already holds. */
export class GoalHeldError extends Error {
  override name = "GoalHeldError";
}

export interface PluginProviderOptions {
  /** The plugin's version (package.json), reported by GetPluginInfo and in the schema. */
  version: string;
  /** The shared implementation (injected by tests; default: a GoalProvider reading this process's environment). */
  goals?: GoalProvider;
  /** MSADS_* variables (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Reads the stack's state to find who holds a goal being imported (default: `pulumi stack export`). */
  exportStack?: StackExporter;
  /** Where a Pulumi YAML program writes a property, for check failures (default: the project directory's YAML files). */
  locate?: PropertyLocator;
}

/**
 * The msads provider plugin's behaviour. Closes the gaps of @pulumi/pulumi 3.245's Node provider server
 * (provider/server.js): configuration arrives (pulumi/pulumi#10915), CheckConfig and DiffConfig exist, secret inputs
 * are unwrapped before check, and diffs carry per-property detail.
 */
export class PluginProvider {
  readonly goals: GoalProvider;
  private readonly env: NodeJS.ProcessEnv;
  private readonly exportStack: StackExporter;
  private readonly locate: PropertyLocator;
  /**
   * Each stack's last checkpoint, read once per process (an import of 100 goals is one export, not 100): the
   * checkpoint does not change during the deployment, and what this deployment's own steps hold is in the
   * ownership registry and the import claims. A failed read is not kept, so the next import tries again.
   */
  private readonly checkpoints = new Map<string, Promise<unknown>>();
  /** Goals imported (or being imported) by this process, with the URN that took each: see claimForImport. */
  private readonly importClaims = new Map<string, string>();

  constructor(private readonly options: PluginProviderOptions) {
    this.env = options.env ?? process.env;
    this.goals = options.goals ?? new GoalProvider(this.env);
    this.exportStack = options.exportStack ?? cliStackExporter();
    this.locate = options.locate ?? yamlLocator();
  }

  /** GetSchema: the package schema as JSON text. */
  schema(): string {
    return JSON.stringify(packageSchema(this.options.version));
  }

  /**
   * CheckConfig: every problem with the provider's settings as failures naming the setting, so that a preview
   * fails on them (a missing developer token, incomplete OAuth credentials, a value out of range, an unknown key).
   * Settings may come from MSADS_* variables instead (config.ts). The returned inputs hold every credential as a
   * secret, so that a credential set without --secret is still encrypted in the provider's state.
   */
  checkConfig(news: Props): { inputs: Props; failures: PropertyFailure[] } {
    const { value } = reveal<Props>(news);
    const failures: PropertyFailure[] = [];
    for (const k of Object.keys(value)) {
      if (ENGINE_CONFIG_KEYS.has(k) || isSetting(k)) continue;
      const near = Object.keys(CONFIG_KEYS).find((s) => s.toLowerCase() === k.toLowerCase());
      failures.push({ property: k, reason: `is not a setting of the msads provider${near ? ` (did you mean ${near}?)` : ""}; its settings are ${Object.keys(CONFIG_KEYS).join(", ")}` });
    }
    const unknown = Object.keys(value).filter((k) => value[k] === UNKNOWN);
    if (unknown.length === 0) failures.push(...settingFailures(this.configSource(value), this.env));
    const inputs: Props = {};
    for (const [k, v] of Object.entries(news)) inputs[k] = isSetting(k) && isSecretSetting(k as ConfigKey) && v !== UNKNOWN && reveal(v).secretPaths.length === 0 ? secret(v) : v;
    return { inputs, failures };
  }

  /**
   * DiffConfig: the settings whose value changed, as updates of the provider (never a replacement: a changed
   * credential or default placement moves no goal by itself; each goal's own diff decides, see diff.ts).
   */
  diffConfig(olds: Props, news: Props): PluginDiff {
    const a = reveal<Props>(olds).value;
    const b = reveal<Props>(news).value;
    const detailedDiff: Record<string, PropertyChange> = {};
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (ENGINE_CONFIG_KEYS.has(k)) continue;
      // Settings are read as text (config.ts): 30 and "30" are the same setting.
      if (stringSetting(a[k]) !== stringSetting(b[k])) detailedDiff[k] = "update";
    }
    return { changes: Object.keys(detailedDiff).length > 0, replaces: [], deleteBeforeReplace: false, detailedDiff };
  }

  /** Configure: the settings (ConfigureRequest.args, else its variables "msads:config:<key>") reach the goals' steps. */
  async configure(args: Props | undefined, variables: Record<string, string>): Promise<void> {
    // Args holding only what the engine adds (version) say nothing about the settings: then the variables do.
    const fromArgs = args && Object.keys(args).some((k) => !ENGINE_CONFIG_KEYS.has(k)) ? reveal<Props>(args).value : undefined;
    const source = fromArgs
      ? this.configSource(fromArgs)
      : { get: (key: string) => variables[key.replace(/^msads:/, "msads:config:")] ?? variables[key] };
    await this.goals.configure({ config: source });
  }

  /**
   * Check: the goal schema's failures, judged on the values under any secret wrappers, each with the file, line and
   * column of the property in a Pulumi YAML program; inputs go back as they came.
   */
  async check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: PropertyFailure[] }> {
    const { failures = [] } = await this.goals.check(reveal(olds).value, reveal(news).value);
    const name = urn.split("::").pop() ?? "";
    const located = failures.map((f) => {
      const at = this.locate(name, f.property === "(goal)" ? "" : f.property);
      return at ? { property: f.property, reason: `${f.reason} (${at})` } : f;
    });
    return { inputs: news, failures: located };
  }

  /** Diff: the shared diff, with the settings it found changed as the plan's detailed diff. */
  async diff(id: string, olds: Props, news: Props): Promise<PluginDiff> {
    const d = await this.goals.plan(this.goalIdOf(id), reveal(olds).value, reveal(news).value);
    const detailedDiff: Record<string, PropertyChange> = {};
    for (const k of d.changed) detailedDiff[k] = d.replaces.includes(k) ? "update-replace" : "update";
    return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace, detailedDiff };
  }

  /** Create: the shared create; what was secret in the inputs stays secret in the outputs, the recorded declaration included. */
  async create(inputs: Props): Promise<{ id: string; outs: Props }> {
    const { value, secretPaths } = reveal<Props>(inputs);
    try {
      const { id, outs } = await this.goals.create(value);
      return { id, outs: keepSecret(outs as Props, secretPaths) };
    } catch (e) {
      throw concealFailure(e, secretPaths);
    }
  }

  /**
   * Read: a refresh with the recorded outputs, or an import (`pulumi import`, the `import` option; no outputs yet)
   * by `<goalId>` or `<customerId>/<accountId>/<goalId>`. An import of a goal that another resource of the stack
   * holds is refused (GoalHeldError): one goal, one owner. No id back: the goal does not exist.
   */
  async read(id: string, urn: string, props: Props, inputs: Props): Promise<{ id?: string; props?: Props; inputs?: Props }> {
    const known = reveal<Props>(props);
    const importing = Object.keys(known.value).length === 0;
    const target = importing ? parseGoalResourceId(id) : { goalId: this.goalIdOf(id) };
    const release = importing ? await this.claimForImport(target, urn) : () => {};
    const recorded = importing ? placementProps(target) : known.value;
    let r: Awaited<ReturnType<GoalProvider["read"]>>;
    try {
      r = await this.goals.read(target.goalId, recorded);
    } catch (e) {
      release();
      throw e;
    }
    if (!r.id) {
      release();
      return {};
    }
    const secretPaths = [...known.secretPaths, ...reveal(inputs).secretPaths];
    return { id: r.id, props: keepSecret(r.props as Props, secretPaths), inputs: r.inputs === undefined ? undefined : conceal(r.inputs as Props, secretPaths) };
  }

  /** Update: the shared update. */
  async update(id: string, olds: Props, news: Props): Promise<{ outs: Props }> {
    const n = reveal<Props>(news);
    try {
      const { outs } = await this.goals.update(this.goalIdOf(id), reveal(olds).value, n.value);
      return { outs: keepSecret(outs as Props, n.secretPaths) };
    } catch (e) {
      throw concealFailure(e, n.secretPaths);
    }
  }

  /** Delete: the shared delete (pause and rename; refused while another resource of this deployment holds the goal). */
  async delete(id: string, props: Props): Promise<void> {
    await this.goals.delete(this.goalIdOf(id), reveal(props).value);
  }

  private checkpointOf(stack: string, project: string): Promise<unknown> {
    const key = `${project}/${stack}`;
    let state = this.checkpoints.get(key);
    if (!state) {
      state = this.exportStack(stack, project);
      this.checkpoints.set(key, state);
      state.catch(() => this.checkpoints.delete(key));
    }
    return state;
  }

  /** The goal id of a resource id (an imported resource may keep the `<customerId>/<accountId>/<goalId>` it was imported by). */
  private goalIdOf(id: string): string {
    return parseGoalResourceId(id).goalId;
  }

  private configSource(values: Props) {
    return { get: (key: string) => stringSetting(values[key.replace(/^msads:/, "")]) };
  }

  /**
   * Claims the goal for the importing URN, refused when another resource holds it: one claimed by another import of
   * this process (imports of one deployment run concurrently, and none is in the checkpoint yet), one this
   * deployment's steps hold, or one the stack's state (the last checkpoint) records under another URN, whatever
   * account it was reached through (goal ids are the service's, unique across accounts). The claim is made before
   * the first wait, so two concurrent imports of one goal cannot both pass; a failed import gives it back. Without a
   * readable state the import is refused too: a goal with two owners is paused by one of them later.
   */
  private async claimForImport(target: GoalResourceId, urn: string): Promise<() => void> {
    const claimant = this.importClaims.get(target.goalId);
    if (claimant !== undefined && claimant !== urn) throw new GoalHeldError(`goal ${target.goalId} is already being imported by ${claimant} in this update; ${ONE_OWNER}`);
    const local = this.goals.ownership.holderOf(target.goalId);
    if (local) throw new GoalHeldError(`goal ${target.goalId} is already held by another resource of this stack (as ${JSON.stringify(local.props.name)}); ${ONE_OWNER}`);
    this.importClaims.set(target.goalId, urn);
    const release = () => {
      if (this.importClaims.get(target.goalId) === urn) this.importClaims.delete(target.goalId);
    };
    try {
      const stack = stackOfUrn(urn);
      if (!stack) return release;
      let state: unknown;
      try {
        state = await this.checkpointOf(stack.stack, stack.project);
      } catch (e) {
        throw new GoalHeldError(`cannot import goal ${target.goalId}: the stack's state could not be read to check that no other resource holds it (${(e as Error).message}); run the import where the pulumi CLI is on PATH`);
      }
      const holder = goalHolders(state).find((h) => h.goalId === target.goalId && h.urn !== urn);
      if (holder) throw new GoalHeldError(`goal ${target.goalId} is already managed by ${holder.urn}; ${ONE_OWNER}`);
      return release;
    } catch (e) {
      release();
      throw e;
    }
  }
}

/** What to do about a goal held elsewhere: for an import, and for a `get` (which the engine asks for the same way). */
const ONE_OWNER =
  "a goal has one owner. To move it to this resource, give this resource aliases: [<that URN>] (or remove the other with pulumi state delete first); to read it, use the holding resource's outputs";

/** Every settings problem, each naming its setting (msads:<key>) so the engine shows it against the provider. */
function settingFailures(config: { get(key: string): string | undefined }, env: NodeJS.ProcessEnv): PropertyFailure[] {
  const { settings } = resolveSettings(config, env);
  const failures: PropertyFailure[] = [];
  const add = (e: unknown) => {
    if (!(e instanceof ConfigError)) throw e;
    const key = /msads:(\w+)/.exec(e.message)?.[1] ?? "(provider)";
    if (!failures.some((f) => f.property === key)) failures.push({ property: key, reason: e.message });
  };
  try {
    checkSettingValues(settings);
  } catch (e) {
    add(e);
  }
  try {
    // The placement is each goal's; only the rest of the client's settings are checked here.
    clientOptionsFrom(settings, { customerId: "1", accountId: "1" });
  } catch (e) {
    add(e);
  }
  return failures;
}

/**
 * Whether `k` names a provider setting. Own keys only: `in` would also accept Object.prototype's members, so that
 * msads:constructor or msads:toString passed CheckConfig silently instead of failing as an unknown setting.
 */
function isSetting(k: string): k is ConfigKey {
  return Object.hasOwn(CONFIG_KEYS, k);
}

function stringSetting(v: unknown): string | undefined {
  if (v === undefined || v === null || v === UNKNOWN) return undefined;
  return typeof v === "string" ? v : Array.isArray(v) ? v.join(",") : String(v);
}

function placementProps(t: GoalResourceId): Props {
  const p: Props = {};
  if (t.customerId) p.customerId = t.customerId;
  if (t.accountId) p.accountId = t.accountId;
  return p;
}

/**
 * Outputs with the inputs' secrets kept: the same paths wrapped, and the recorded declaration (__declared, which
 * repeats the inputs) wrapped whole when any input was secret.
 */
function keepSecret(outs: Props, secretPaths: readonly string[]): Props {
  if (secretPaths.length === 0) return outs;
  const kept = conceal(outs, secretPaths.filter((p) => p.split(".")[0] !== "__declared"));
  if (kept.__declared !== undefined) kept.__declared = secret(reveal(kept.__declared).value);
  return kept;
}

function concealFailure(e: unknown, secretPaths: readonly string[]): unknown {
  if (e instanceof GoalStepError && secretPaths.length > 0) e.properties = keepSecret(e.properties as unknown as Props, secretPaths) as unknown as GoalStepError["properties"];
  return e;
}
