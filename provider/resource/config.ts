import { ClientOptions } from "../client/client";
import { Credentials } from "../client/auth";
import { checkUrl, EnvironmentOption, SANDBOX_LOGINS, SandboxLogin } from "../client/environment";

/** Each provider setting: its stack config key (msads:<key>) and the environment variable that stands in for it. */
export const CONFIG_KEYS = {
  developerToken: "MSADS_DEVELOPER_TOKEN",
  customerId: "MSADS_CUSTOMER_ID",
  accountId: "MSADS_ACCOUNT_ID",
  /** Agencies: every account of the customer the goals audit and the goals program look at (see accountIdsOf). */
  accountIds: "MSADS_ACCOUNT_IDS",
  environment: "MSADS_ENVIRONMENT",
  clientId: "MSADS_CLIENT_ID",
  clientSecret: "MSADS_CLIENT_SECRET",
  refreshToken: "MSADS_REFRESH_TOKEN",
  accessToken: "MSADS_ACCESS_TOKEN",
  tenant: "MSADS_TENANT",
  sandboxLogin: "MSADS_SANDBOX_LOGIN",
  oauthScope: "MSADS_OAUTH_SCOPE",
  endpoint: "MSADS_ENDPOINT",
  tokenUrl: "MSADS_TOKEN_URL",
  requestTimeoutSeconds: "MSADS_REQUEST_TIMEOUT_SECONDS",
  throttleWaitSeconds: "MSADS_THROTTLE_WAIT_SECONDS",
  maxThrottleRetries: "MSADS_MAX_THROTTLE_RETRIES",
  maxAttempts: "MSADS_MAX_ATTEMPTS",
  batchWindowMilliseconds: "MSADS_BATCH_WINDOW_MILLISECONDS",
} as const;
export type ConfigKey = keyof typeof CONFIG_KEYS;
export type ProviderSettings = Partial<Record<ConfigKey, string>>;

/** How a provider setting is documented and typed in the plugin's package schema (schema.json), and whether it is secret. */
export interface SettingDoc {
  description: string;
  /** The schema type: every setting is read as text; the whole numbers are typed so that SDKs take numbers. */
  type: "string" | "integer";
  /** Credentials: marked secret in the schema, kept encrypted in the provider's state, never printed. */
  secret?: true;
}

/** Every provider setting's documentation; the package schema's config and provider inputs are generated from it. */
export const SETTING_DOCS: Record<ConfigKey, SettingDoc> = {
  developerToken: { type: "string", secret: true, description: "The application's developer token, sent with every call (sandbox: BBD37VB98)." },
  customerId: { type: "string", description: "The customer (manager account) id goals live under, unless a goal sets its own customerId." },
  accountId: { type: "string", description: "The ad account id goals are created through, unless a goal sets its own accountId." },
  accountIds: { type: "string", description: "Agencies: the account ids (comma-separated) the goals audit and unmanagedGoals look at; default accountId." },
  environment: { type: "string", description: "production (default) or sandbox." },
  clientId: { type: "string", description: "The OAuth application (client) id of the refresh-token flow." },
  clientSecret: { type: "string", secret: true, description: "The OAuth client secret, for web applications that have one." },
  refreshToken: { type: "string", secret: true, description: "The OAuth refresh token; the provider renews access tokens with it." },
  accessToken: { type: "string", secret: true, description: "An OAuth access token to use as it is, instead of the refresh-token flow." },
  tenant: { type: "string", description: "The Microsoft identity platform tenant of the refresh-token flow." },
  sandboxLogin: { type: "string", description: "Sandbox only: msa-prod (default, login.microsoftonline.com) or windows-ppe (login.windows-ppe.net), the sign-in that issued the refresh token." },
  oauthScope: { type: "string", description: "Replaces the scope of the environment's sign-in (offline_access is always added)." },
  endpoint: { type: "string", description: "Another Campaign Management service URL (the local emulator, say); needs tokenUrl for the refresh-token flow." },
  tokenUrl: { type: "string", description: "The OAuth token URL that goes with endpoint." },
  requestTimeoutSeconds: { type: "integer", description: "The longest one HTTP exchange may take, in seconds, 1 to 3600 (default 60)." },
  throttleWaitSeconds: { type: "integer", description: "Seconds to wait after the service throttles (error 117), 0 to 3600 (default 60)." },
  maxThrottleRetries: { type: "integer", description: "Throttled calls sat out in a row before failing, 0 to 100 (default 3)." },
  maxAttempts: { type: "integer", description: "Attempts at a transient failure, the first included, 1 to 20 (default 4)." },
  batchWindowMilliseconds: { type: "integer", description: "The longest a batch of goals stays open while steps keep coming, in milliseconds, 0 to 10000 (default 2000)." },
};

/** What the engine hands configure(): stack config, namespaced ("msads:developerToken"). */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/** A missing or invalid provider setting, named by both its config key and its variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Settings that describe the infrastructure (where goals live): the stack config wins over the environment, since a
 * stray MSADS_ACCOUNT_ID must not move a stack's goals. Every other setting (credentials, environment, endpoints)
 * changes independently of the infrastructure, and the engine hands refresh and destroy the stack config recorded in
 * the state at the last `up` (pulumi/pulumi#4981, #13839): a set variable wins, so a rotated credential can be given.
 */
export const CONFIG_FIRST: ReadonlySet<ConfigKey> = new Set<ConfigKey>(["customerId", "accountId", "accountIds"]);

/** Where a setting's value came from. */
export type SettingOrigin = "stack configuration" | "environment";

/** The settings with the origin of each (never the value). */
export interface ResolvedSettings {
  settings: ProviderSettings;
  origins: Partial<Record<ConfigKey, SettingOrigin>>;
}

/**
 * Reads every setting from stack config and the environment: MSADS_* first, except for CONFIG_FIRST keys. Blank
 * values count as absent.
 */
export function resolveSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv = process.env): ResolvedSettings {
  const settings: ProviderSettings = {};
  const origins: ResolvedSettings["origins"] = {};
  const clean = (raw: unknown) => (typeof raw === "string" ? raw.trim() : raw === undefined || raw === null ? undefined : String(raw)) || undefined;
  for (const [key, variable] of Object.entries(CONFIG_KEYS) as Array<[ConfigKey, string]>) {
    const fromConfig = clean(config?.get(`msads:${key}`));
    const fromEnv = clean(env[variable]);
    const [first, second]: Array<[string | undefined, SettingOrigin]> = CONFIG_FIRST.has(key)
      ? [[fromConfig, "stack configuration"], [fromEnv, "environment"]]
      : [[fromEnv, "environment"], [fromConfig, "stack configuration"]];
    const [value, origin] = first[0] !== undefined ? first : second;
    if (value !== undefined) {
      settings[key] = value;
      origins[key] = origin;
    }
  }
  return { settings, origins };
}

/** Names a setting's source without its value: "msads:refreshToken from the stack configuration" or "MSADS_REFRESH_TOKEN from the environment". */
export function settingSource(key: ConfigKey, origin: SettingOrigin): string {
  return origin === "environment" ? `${CONFIG_KEYS[key]} from the environment` : `msads:${key} from the stack configuration`;
}

function describe(key: ConfigKey): string {
  return `msads:${key} (pulumi config set${isSecretSetting(key) ? " --secret" : ""} msads:${key} …) or the environment variable ${CONFIG_KEYS[key]}`;
}

/** Whether a setting is a credential (SETTING_DOCS). */
export function isSecretSetting(key: ConfigKey): boolean {
  return SETTING_DOCS[key].secret === true;
}

function need(s: ProviderSettings, key: ConfigKey, why: string): string {
  const v = s[key];
  if (v === undefined) throw new ConfigError(`missing provider setting ${describe(key)}: ${why}`);
  return v;
}

/** Everything a Campaign Management client needs except where the goal lives, resolved with named errors. */
export function clientOptionsFrom(s: ProviderSettings, placement: { customerId: string; accountId: string }): ClientOptions {
  const developerToken = need(s, "developerToken", "every call carries the application's developer token (sandbox: BBD37VB98)");
  let environment: EnvironmentOption;
  if (s.endpoint !== undefined) {
    environment = { serviceUrl: s.endpoint, tokenUrl: s.tokenUrl };
  } else {
    const env = s.environment ?? "production";
    if (env !== "production" && env !== "sandbox") {
      throw new ConfigError(`invalid provider setting ${describe("environment")}: must be production or sandbox, got ${JSON.stringify(env)} (set msads:endpoint for other URLs)`);
    }
    environment = env;
    if (s.tokenUrl !== undefined) throw new ConfigError(`msads:tokenUrl (${CONFIG_KEYS.tokenUrl}) is only used together with msads:endpoint (${CONFIG_KEYS.endpoint})`);
  }
  let credentials: Credentials;
  if (s.accessToken !== undefined) {
    credentials = { accessToken: s.accessToken };
  } else {
    const refreshToken = need(s, "refreshToken", "the provider needs OAuth credentials: a refresh token with msads:clientId, or an access token in msads:accessToken");
    const clientId = need(s, "clientId", "the refresh-token flow needs the application (client) id");
    credentials = { clientId, refreshToken, clientSecret: s.clientSecret, tenant: s.tenant, sandboxLogin: sandboxLoginOf(s, environment), scope: s.oauthScope };
    if (s.endpoint !== undefined && s.tokenUrl === undefined) {
      throw new ConfigError(`missing provider setting ${describe("tokenUrl")}: with msads:endpoint, the refresh-token flow needs the token URL too`);
    }
  }
  return { environment, credentials, developerToken, customerId: placement.customerId, accountId: placement.accountId, ...operationalOptions(s) };
}

/**
 * How patient the client is, each setting a whole number within its range (the client's defaults otherwise):
 * requestTimeoutSeconds (one HTTP exchange, 1–3600, default 60), throttleWaitSeconds (the wait after 117
 * CallRateExceeded, 0–3600, default 60: the service throttles over a sliding minute), maxThrottleRetries (117s sat
 * out in a row, 0–100, default 3), maxAttempts (attempts at a transient failure, the first included, 1–20, default 4).
 */
function operationalOptions(s: ProviderSettings): Pick<ClientOptions, "timeoutMs" | "retry"> {
  const out: Pick<ClientOptions, "timeoutMs" | "retry"> = {};
  const retry: NonNullable<ClientOptions["retry"]> = {};
  const timeout = wholeNumber(s, "requestTimeoutSeconds", 1, 3600);
  if (timeout !== undefined) out.timeoutMs = timeout * 1000;
  const wait = wholeNumber(s, "throttleWaitSeconds", 0, 3600);
  if (wait !== undefined) retry.throttleWaitMs = wait * 1000;
  const throttles = wholeNumber(s, "maxThrottleRetries", 0, 100);
  if (throttles !== undefined) retry.maxThrottleRetries = throttles;
  const attempts = wholeNumber(s, "maxAttempts", 1, 20);
  if (attempts !== undefined) retry.maxAttempts = attempts;
  if (Object.keys(retry).length > 0) out.retry = retry;
  return out;
}

/**
 * Checks every setting that has a value of its own to check, without building a client: the operational ones
 * (timeouts, retries, batch window), the placement ids and the URLs. A bad value is reported when the provider is
 * configured, so a preview fails on it too, not only the first service call. Throws ConfigError naming the
 * setting, its variable and the rule.
 */
export function checkSettingValues(s: ProviderSettings): void {
  operationalOptions(s);
  batchWindowFrom(s);
  for (const key of ["customerId", "accountId"] as const) {
    const v = s[key];
    // The goal schema's rule for ids (schema.ts IdText): one spelling per account, so a goal never moves by a zero.
    if (v !== undefined && !/^[1-9]\d{0,18}$/.test(v)) {
      throw new ConfigError(`invalid provider setting ${describe(key)}: must be a positive whole number written as text without leading zeros, got ${JSON.stringify(v)}`);
    }
  }
  for (const key of ["endpoint", "tokenUrl"] as const) {
    const v = s[key];
    if (v === undefined) continue;
    try {
      checkUrl(key, v);
    } catch (e) {
      throw new ConfigError(`invalid provider setting ${describe(key)}: ${(e as Error).message.replace(/^\w+: /, "")}`);
    }
  }
}

/**
 * msads:batchWindowMilliseconds: the longest the gateway (gateway.ts) keeps a batch open while steps' requests keep
 * coming (it is sent sooner when they pause; batch-timing.ts), a whole number from 0 to 10000; undefined: the
 * gateway's default (2000).
 */
export function batchWindowFrom(s: ProviderSettings): number | undefined {
  return wholeNumber(s, "batchWindowMilliseconds", 0, 10_000);
}

function wholeNumber(s: ProviderSettings, key: ConfigKey, min: number, max: number): number | undefined {
  const raw = s[key];
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`invalid provider setting ${describe(key)}: must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

/** msads:sandboxLogin, checked: one of SANDBOX_LOGINS, and only for the sandbox (other logins have no choice to make). */
function sandboxLoginOf(s: ProviderSettings, environment: EnvironmentOption): SandboxLogin | undefined {
  const v = s.sandboxLogin;
  if (v === undefined) return undefined;
  if (!(SANDBOX_LOGINS as readonly string[]).includes(v)) {
    throw new ConfigError(`invalid provider setting ${describe("sandboxLogin")}: must be ${SANDBOX_LOGINS.join(" or ")}, got ${JSON.stringify(v)}`);
  }
  if (environment !== "sandbox") throw new ConfigError(`msads:sandboxLogin (${CONFIG_KEYS.sandboxLogin}) applies to msads:environment sandbox only`);
  return v as SandboxLogin;
}

/** Where a goal lives: its own customerId/accountId inputs, else the provider's. */
export function placementOf(inputs: { customerId?: string; accountId?: string }, s: ProviderSettings): { customerId: string; accountId: string } {
  const customerId = inputs.customerId ?? s.customerId;
  const accountId = inputs.accountId ?? s.accountId;
  if (customerId === undefined) throw new ConfigError(`missing provider setting ${describe("customerId")}, and the goal sets no customerId`);
  if (accountId === undefined) throw new ConfigError(`missing provider setting ${describe("accountId")}, and the goal sets no accountId`);
  return { customerId, accountId };
}
