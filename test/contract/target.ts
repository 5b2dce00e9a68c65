// The target of the contract suite: the in-process emulator (default) or the Microsoft Advertising sandbox
// (MSADS_LIVE=sandbox), chosen the way Terraform providers gate acceptance tests behind TF_ACC. Every case is
// written once, against the public client, and runs unchanged against either target.
import { randomBytes } from "node:crypto";
import {
  CampaignManagementClient,
  ClientLogEntry,
  ClientOptions,
  ConversionGoal,
  Credentials,
  HttpRequest,
  HttpResponse,
  MsAdsError,
  nodeTransport,
  Transport,
} from "../../provider/client";
import { retiredName } from "../../provider/resource/delete";
import { DEFAULT_SEED, FaultSpec, RunningEmulator } from "../../emulator";
import { FakeClock, startTestEmulator, TestEmulator } from "../support/emulator";

/** Variables the sandbox target cannot run without, in the order the refusal lists them. */
export const REQUIRED_LIVE_VARIABLES = [
  "MSADS_DEVELOPER_TOKEN",
  "MSADS_CUSTOMER_ID",
  "MSADS_ACCOUNT_ID",
  "MSADS_SECOND_ACCOUNT_ID",
  "MSADS_CLIENT_ID",
  "MSADS_REFRESH_TOKEN",
] as const;

/** Variables the sandbox target reads when present: the secret of a web application, the tenant, a fixed run id. */
export const OPTIONAL_LIVE_VARIABLES = ["MSADS_CLIENT_SECRET", "MSADS_TENANT", "MSADS_CONTRACT_RUN_ID"] as const;

/** Everything the sandbox target needs, read from the environment. Holds secrets: never print it. */
export interface SandboxSettings {
  developerToken: string;
  customerId: string;
  accountId: string;
  /** Another account of the same customer, for the cross-account (scope) cases. */
  secondAccountId: string;
  clientId: string;
  clientSecret?: string;
  refreshToken: string;
  tenant?: string;
}

/**
 * What the environment asks for: the emulator, the sandbox with its settings, or a refusal that names what is
 * wrong. `runId` makes the goal-name prefix of this run unique.
 */
export type TargetSelection =
  | { kind: "emulator"; runId: string }
  | { kind: "sandbox"; runId: string; settings: SandboxSettings }
  | { kind: "refused"; message: string; missing: string[] };

const RUN_ID = /^[A-Za-z0-9-]{1,24}$/;
const ID = /^[1-9][0-9]{0,18}$/;

/**
 * Reads MSADS_LIVE and the sandbox variables. Unset (or "emulator"): the emulator. "sandbox": the sandbox, when
 * every required variable is present and well-formed; otherwise a refusal naming the missing or bad variables
 * (never their values, which may be secrets). Any other value is refused: production is never a test target.
 */
export function selectTarget(env: NodeJS.ProcessEnv): TargetSelection {
  const live = (env.MSADS_LIVE ?? "").trim();
  const runId = env.MSADS_CONTRACT_RUN_ID?.trim() || `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
  if (!RUN_ID.test(runId)) {
    return { kind: "refused", missing: [], message: refusal("MSADS_CONTRACT_RUN_ID must be 1 to 24 letters, digits or dashes (it goes into goal names)") };
  }
  if (live === "" || live === "emulator") return { kind: "emulator", runId };
  if (live !== "sandbox") {
    return {
      kind: "refused",
      missing: [],
      message: refusal(`MSADS_LIVE=${JSON.stringify(live)} is not a contract target; use MSADS_LIVE=sandbox (the real sandbox), or leave it unset for the emulator. Production is never a target`),
    };
  }
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === "" ? undefined : v;
  };
  const missing = REQUIRED_LIVE_VARIABLES.filter((name) => value(name) === undefined);
  if (missing.length > 0) {
    return {
      kind: "refused",
      missing,
      message: refusal(
        `MSADS_LIVE=sandbox asks for the Microsoft Advertising sandbox, but ${missing.length === 1 ? "this variable is" : "these variables are"} missing: ${missing.join(", ")}. ` +
          `Set ${missing.length === 1 ? "it" : "them"} (README, "Contract tests against the real sandbox"), or unset MSADS_LIVE to run against the emulator`,
      ),
    };
  }
  const bad = (["MSADS_CUSTOMER_ID", "MSADS_ACCOUNT_ID", "MSADS_SECOND_ACCOUNT_ID"] as const).filter((name) => !ID.test(value(name)!));
  if (bad.length > 0) return { kind: "refused", missing: [], message: refusal(`${bad.join(", ")}: must be a positive whole number (an id as the web UI shows it)`) };
  if (value("MSADS_ACCOUNT_ID") === value("MSADS_SECOND_ACCOUNT_ID")) {
    return { kind: "refused", missing: [], message: refusal("MSADS_SECOND_ACCOUNT_ID must name another account of the customer than MSADS_ACCOUNT_ID (the cross-account cases need two)") };
  }
  return {
    kind: "sandbox",
    runId,
    settings: {
      developerToken: value("MSADS_DEVELOPER_TOKEN")!,
      customerId: value("MSADS_CUSTOMER_ID")!,
      accountId: value("MSADS_ACCOUNT_ID")!,
      secondAccountId: value("MSADS_SECOND_ACCOUNT_ID")!,
      clientId: value("MSADS_CLIENT_ID")!,
      clientSecret: value("MSADS_CLIENT_SECRET"),
      refreshToken: value("MSADS_REFRESH_TOKEN")!,
      tenant: value("MSADS_TENANT"),
    },
  };
}

function refusal(reason: string): string {
  return `contract tests refused: ${reason}. Nothing was run.`;
}

/** The prefix of every goal name a run creates, so that clean-up (and a person) can find them. */
export function runPrefix(runId: string): string {
  return `pulumi-msads-contract-${runId} `;
}

/** Which account of the customer a client acts for. */
export type AccountRole = "primary" | "second";

/** One variation of the target's client: another account or header, bad credentials, a recording transport. */
export interface ClientVariant {
  account?: AccountRole;
  /** An account id other than the target's (a foreign or unknown account). */
  accountId?: string;
  developerToken?: string;
  /** The refresh-token flow with this refresh token instead of the target's. */
  refreshToken?: string;
  /** A static access token instead of the refresh-token flow. */
  accessToken?: string;
  transport?: Transport;
  now?: () => number;
  log?: (entry: ClientLogEntry) => void;
}

/** One exchange seen by a {@link recordingTransport}. Bodies may hold tokens: assert on them, never print them. */
export interface Exchange {
  request: HttpRequest;
  response?: HttpResponse;
  error?: unknown;
}

/** The real network transport, recording every exchange: SOAP calls (with a SOAPAction) and token requests. */
export function recordingTransport(): { transport: Transport; exchanges: Exchange[]; soapCalls(): Exchange[]; tokenCalls(): Exchange[] } {
  const exchanges: Exchange[] = [];
  const transport: Transport = async (request) => {
    const exchange: Exchange = { request };
    exchanges.push(exchange);
    try {
      return (exchange.response = await nodeTransport(request));
    } catch (e) {
      exchange.error = e;
      throw e;
    }
  };
  return {
    transport,
    exchanges,
    soapCalls: () => exchanges.filter((x) => x.request.headers.soapaction !== undefined),
    tokenCalls: () => exchanges.filter((x) => new URLSearchParams(x.request.body).get("grant_type") === "refresh_token"),
  };
}

/** What only the emulator offers: fault injection, the admin API and its clock. */
export interface EmulatorControls {
  readonly emulator: RunningEmulator;
  readonly clock: FakeClock;
  /** Every wait the target's clients asked for, in milliseconds (they return at once). */
  readonly sleeps: number[];
  /** A refresh token of the seed user that cases may revoke without disturbing the others. */
  readonly revocableRefreshToken: string;
  armFault(spec: Partial<FaultSpec> & Pick<FaultSpec, "kind">): Promise<void>;
  revokeRefreshToken(refreshToken: string): Promise<void>;
}

/** What a clean-up did: goals paused and renamed, and those it could not retire (with why). */
export interface RetireReport {
  retired: string[];
  failed: Array<{ id: string; reason: string }>;
}

/** One target of the suite. Cases get their clients and goal names here and nowhere else. */
export interface ContractTarget {
  readonly kind: "emulator" | "sandbox";
  readonly customerId: string;
  readonly accountIds: Readonly<Record<AccountRole, string>>;
  /** The currency of the primary account, where the target knows it (the emulator's seed: USD). */
  readonly primaryCurrency: string | undefined;
  /** Every goal name of this run starts with it. */
  readonly prefix: string;
  /** A goal name unique in this run: the prefix, the label, a counter. */
  name(label: string): string;
  client(variant?: ClientVariant): CampaignManagementClient;
  /** Fault injection and the admin API: undefined on the sandbox. */
  readonly emulator: EmulatorControls | undefined;
  /**
   * Retires every goal of this run that is not retired yet, on both accounts: one update pauses it and renames it
   * as the provider's delete does (the API has no delete), which frees the name and keeps the prefix findable.
   */
  retireRunGoals(): Promise<RetireReport>;
  close(): Promise<void>;
}

// One counter per process: every contract file shares the run's prefix, so names stay unique across files even
// if a clean-up failed to free one.
let nameCounter = 0;

const REVOCABLE_REFRESH_TOKEN = "contract-revocable-refresh-token";
const EMULATOR_SEED = {
  ...DEFAULT_SEED,
  refreshTokens: [...DEFAULT_SEED.refreshTokens, { token: REVOCABLE_REFRESH_TOKEN, clientId: "msads-emulator-client", userId: "emulator-user" }],
};

/** How a target reaches the network; only the harness's own tests change it (to rehearse the sandbox offline). */
export interface OpenOptions {
  /** The transport of the sandbox target's clients, unless a case gives its own; the real network by default. */
  sandboxTransport?: Transport;
}

/** Starts what a selection names: an in-process emulator, or clients for the sandbox. */
export async function openTarget(selection: Exclude<TargetSelection, { kind: "refused" }>, options: OpenOptions = {}): Promise<ContractTarget> {
  const prefix = runPrefix(selection.runId);
  const name = (label: string) => `${prefix}${label} ${++nameCounter}`;

  if (selection.kind === "sandbox") {
    const s = selection.settings;
    const accountIds = { primary: s.accountId, second: s.secondAccountId };
    const client = (v: ClientVariant = {}) =>
      new CampaignManagementClient({
        environment: "sandbox",
        credentials: credentialsFor(v, { clientId: s.clientId, clientSecret: s.clientSecret, refreshToken: s.refreshToken, tenant: s.tenant }),
        developerToken: v.developerToken ?? s.developerToken,
        customerId: s.customerId,
        accountId: v.accountId ?? accountIds[v.account ?? "primary"],
        transport: v.transport ?? options.sandboxTransport ?? nodeTransport,
        ...(v.now && { now: v.now }),
        ...(v.log && { log: v.log }),
      });
    return {
      kind: "sandbox",
      customerId: s.customerId,
      accountIds,
      primaryCurrency: undefined,
      prefix,
      name,
      client,
      emulator: undefined,
      retireRunGoals: () => retireGoalsUnder(prefix, { primary: client(), second: client({ account: "second" }) }),
      close: async () => {},
    };
  }

  const emu: TestEmulator = await startTestEmulator({ seed: EMULATOR_SEED });
  const sleeps: number[] = [];
  const customer = DEFAULT_SEED.customers[0];
  const accountIds = { primary: customer.accounts[0].id, second: customer.accounts[1].id };
  const client = (v: ClientVariant = {}) => {
    const options: ClientOptions = {
      environment: { serviceUrl: emu.url, tokenUrl: emu.tokenUrl },
      credentials: credentialsFor(v, { clientId: "msads-emulator-client", refreshToken: DEFAULT_SEED.refreshTokens[0].token }),
      developerToken: v.developerToken ?? DEFAULT_SEED.developerTokens[0],
      customerId: customer.id,
      accountId: v.accountId ?? accountIds[v.account ?? "primary"],
      transport: v.transport ?? nodeTransport,
      sleep: async (ms) => void sleeps.push(ms),
      now: v.now ?? emu.clock.now,
      random: () => 0.5,
      ...(v.log && { log: v.log }),
    };
    return new CampaignManagementClient(options);
  };
  const admin = async (path: string, body: unknown, expected: number) => {
    const res = await fetch(`${emu.adminUrl}/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (res.status !== expected) throw new Error(`emulator admin ${path} ${JSON.stringify(body)}: HTTP ${res.status} ${await res.text()}`);
  };
  return {
    kind: "emulator",
    customerId: customer.id,
    accountIds,
    primaryCurrency: customer.accounts[0].currencyCode,
    prefix,
    name,
    client,
    emulator: {
      emulator: emu,
      clock: emu.clock,
      sleeps,
      revocableRefreshToken: REVOCABLE_REFRESH_TOKEN,
      armFault: (spec) => admin("faults", spec, 201),
      revokeRefreshToken: (refreshToken) => admin("revoke", { refreshToken }, 200),
    },
    retireRunGoals: () => retireGoalsUnder(prefix, { primary: client(), second: client({ account: "second" }) }),
    close: () => emu.close(),
  };
}

function credentialsFor(v: ClientVariant, base: { clientId: string; clientSecret?: string; refreshToken: string; tenant?: string }): Credentials {
  if (v.accessToken !== undefined) return { accessToken: v.accessToken };
  const creds = { clientId: base.clientId, refreshToken: v.refreshToken ?? base.refreshToken };
  return { ...creds, ...(base.clientSecret && { clientSecret: base.clientSecret }), ...(base.tenant && { tenant: base.tenant }) };
}

/**
 * Pauses and renames every goal whose name starts with `prefix` (compared without regard to case, as the service
 * compares names) and is not retired yet. Goals are found by listing each account, so a goal whose case failed
 * before its id was known is found too; a Customer-scope goal, listed from both accounts, is retired once.
 */
export async function retireGoalsUnder(prefix: string, clients: Record<AccountRole, CampaignManagementClient>): Promise<RetireReport> {
  const lower = prefix.toLowerCase();
  const byId = new Map<string, { role: AccountRole; goal: ConversionGoal & { id: string; name: string } }>();
  const report: RetireReport = { retired: [], failed: [] };
  for (const role of ["primary", "second"] as const) {
    let goals: ConversionGoal[];
    try {
      goals = await clients[role].listOfflineConversionGoals();
    } catch (e) {
      report.failed.push({ id: `(every goal of the ${role} account)`, reason: describeError(e) });
      continue;
    }
    for (const g of goals) {
      if (g.id === undefined || g.name === undefined || !g.name.toLowerCase().startsWith(lower) || byId.has(g.id)) continue;
      if (g.status === "Paused" && g.name === retiredName(g.name, g.id)) continue;
      byId.set(g.id, { role, goal: g as ConversionGoal & { id: string; name: string } });
    }
  }
  for (const role of ["primary", "second"] as const) {
    const goals = [...byId.values()].filter((x) => x.role === role).map((x) => x.goal);
    if (goals.length === 0) continue;
    try {
      const res = await clients[role].updateConversionGoals(goals.map((g) => ({ id: g.id, status: "Paused", name: retiredName(g.name, g.id) })));
      const failed = new Map(res.partialErrors.map((e) => [e.index, e.message]));
      goals.forEach((g, i) => (failed.has(i) ? report.failed.push({ id: g.id, reason: failed.get(i)! }) : report.retired.push(g.id)));
    } catch (e) {
      report.failed.push(...goals.map((g) => ({ id: g.id, reason: describeError(e) })));
    }
  }
  return report;
}

function describeError(e: unknown): string {
  return e instanceof MsAdsError || e instanceof Error ? e.message : String(e);
}

// ---------------------------------------------------------------------------------------------------------------
// Registration: which target this process runs against, and the mocha helpers the contract files use.

let active: Exclude<TargetSelection, { kind: "refused" }> | undefined;
let emulatorOnlyCount = 0;
let registeredCount = 0;

/**
 * The selection of this process, made once from process.env. A refusal is printed and ends the process with
 * status 2 while mocha is still loading the files, so no case runs and the run cannot read as a pass.
 */
export function activeSelection(): Exclude<TargetSelection, { kind: "refused" }> {
  if (active) return active;
  const selection = selectTarget(process.env);
  if (selection.kind === "refused") {
    process.stderr.write(`${selection.message}\n`);
    process.exit(2);
  }
  active = selection;
  announce();
  return active;
}

function announce(): void {
  // A root-level hook (registered while mocha loads the first contract file): by the time it runs every file is
  // loaded, so the counts are final. Outside mocha (a script importing selectTarget) there is nothing to announce.
  if (typeof before !== "function") return;
  before(() => {
    const s = active!;
    if (s.kind === "sandbox") {
      console.log(
        `contract target: the Microsoft Advertising sandbox (customer ${s.settings.customerId}, accounts ${s.settings.accountId} and ${s.settings.secondAccountId}); ` +
          `goal names start with ${JSON.stringify(runPrefix(s.runId))}; ${registeredCount} cases, and ${emulatorOnlyCount} emulator-only case${emulatorOnlyCount === 1 ? " was" : "s were"} not registered`,
      );
    } else {
      console.log(
        `contract target: the emulator, in process; ${registeredCount} cases, ${emulatorOnlyCount} of them emulator-only (fault injection, admin API, clock), which a sandbox run does not register`,
      );
    }
  });
}

/**
 * A describe block of contract cases with its target: opened before the first case, and after the last one its
 * goals are retired (even when cases failed) and it is closed. `body` receives a getter, since the target exists
 * only once `before` has run.
 */
export function contract(title: string, body: (target: () => ContractTarget) => void): void {
  const selection = activeSelection();
  describe(`contract [${selection.kind}]: ${title}`, function () {
    // The sandbox answers in hundreds of milliseconds per call and may throttle; the emulator in a few.
    if (selection.kind === "sandbox") this.timeout(180_000);
    let target: ContractTarget | undefined;
    before(async () => {
      target = await openTarget(selection);
    });
    after(async () => {
      if (!target) return;
      try {
        const report = await target.retireRunGoals();
        if (report.retired.length > 0) console.log(`      contract clean-up: retired ${report.retired.length} goal(s) named ${JSON.stringify(target.prefix + "…")} (paused and renamed)`);
        if (report.failed.length > 0) {
          throw new Error(`contract clean-up could not retire ${report.failed.length} goal(s); retire them by hand: ${report.failed.map((f) => `${f.id}: ${f.reason}`).join("; ")}`);
        }
      } finally {
        await target.close();
      }
    });
    body(() => {
      if (!target) throw new Error("the contract target is not open yet (use it inside a case or hook)");
      return target;
    });
  });
}

/** A case that runs on every target. */
export function contractCase(title: string, fn: () => Promise<void>): void {
  registeredCount++;
  it(title, fn);
}

/**
 * A case that needs what only the emulator has (fault injection, the admin API, its clock). Against the sandbox
 * it is not registered at all, neither run nor reported as pending; the run's first line says how many there are.
 */
export function emulatorOnly(title: string, fn: () => Promise<void>): void {
  emulatorOnlyCount++;
  if (activeSelection().kind !== "emulator") return;
  registeredCount++;
  it(`${title} (emulator only)`, fn);
}
