import * as fs from "node:fs";
import * as http from "node:http";
import { AddressInfo } from "node:net";
import { FaultPlan, FaultSpec, FaultSpecSchema } from "./fault-plan";
import { DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS, OAUTH_ENVIRONMENTS, OAuthEnvironment, OAuthSettings, redeemRefreshToken } from "./oauth";
import { DEFAULT_LIMITS, Limits } from "./operations/context";
import { goalsWsdlPath } from "../wsdl/location";
import { isLoopback } from "./loopback";
import { FilePersistence } from "./persistence";
import { SoapDeps, handleSoap, operationOf } from "./service";
import { DEFAULT_SEED, State, stateFromSeed, tokenHash } from "./state";
import { Store } from "./store";
import { Throttle, throttleSettings } from "./throttle";

/** Path of the Campaign Management service, as in production. */
export const SERVICE_PATH = "/Api/Advertiser/CampaignManagement/v13/CampaignManagementService.svc";
const TOKEN_PATH = /^\/([A-Za-z0-9.-]+)\/oauth2\/v2\.0\/token$/;

export interface EmulatorOptions {
  /** Interface to listen on; loopback by default, since the emulator has no real security. */
  host?: string;
  /** Port; 0 (the default) picks a free one. */
  port?: number;
  /** Folder that keeps the store across restarts; in memory when absent. */
  dataDir?: string;
  /** Tenancy, credentials and goals to start with (see DEFAULT_SEED); ignored when dataDir already holds a store. */
  seed?: unknown;
  /** Clock in epoch milliseconds, injectable so tests can expire tokens and slide windows instantly. */
  now?: () => number;
  /** Sleep used by injected delays. */
  sleep?: (ms: number) => Promise<void>;
  /** Goal limits (5326/5327). */
  limits?: Partial<Limits>;
  /** Calls per customer per sliding window before fault 117; 0 or absent means unlimited. Same as customerCallsPerMinute. */
  callsPerMinute?: number;
  /** Calls on one customer's data per sliding window, by all its users together, before fault 117; 0 or absent: unlimited. */
  customerCallsPerMinute?: number;
  /** Calls per user (the user behind the access token, across customers) per sliding window before 117; 0 or absent: unlimited. */
  userCallsPerMinute?: number;
  /** Length of the throttling window in seconds (default 60, the service's); shorter suits a CI with a tight deadline. */
  throttleWindowSeconds?: number;
  /**
   * HTTP status of every SOAP fault the service answers (500 by default): 200 sends them the way the real service
   * sometimes does (BingAds-Python-SDK issues #190, #217, #259). A fault armed with its own `status` keeps it; the
   * 400 of an unreadable message is an HTTP-level refusal and stays 400.
   */
  faultStatus?: 200 | 500;
  /** expires_in of issued access tokens, in seconds (default 3600). */
  accessTokenLifetimeSeconds?: number;
  /** Make each refresh token single-use (it is revoked when redeemed). */
  singleUseRefreshTokens?: boolean;
  /**
   * The environment the token endpoint plays (default production): production grants https://ads.microsoft.com/msads.manage
   * on every tenant path; sandbox grants https://api.ads.microsoft.com/msads.manage on /consumers (login.windows-ppe.net)
   * and https://si.ads.microsoft.com/msads.manage on any other tenant (login.microsoftonline.com). Other scopes: invalid_scope.
   */
  oauthEnvironment?: OAuthEnvironment;
  /** Seconds an issued refresh token stays redeemable, from its issue (default 90 days); then AADSTS700082. */
  refreshTokenLifetimeSeconds?: number;
  /** Largest request body accepted, in bytes (default 1 MiB); larger gets 413. */
  maxBodyBytes?: number;
  /** Receives one line per request (never headers, bodies or tokens). */
  log?: (line: string) => void;
  /**
   * GetConversionGoalsByIds answers with elements the WSDL does not declare inside each goal and after
   * PartialErrors, as a newer version of the service would; proves clients ignore what they do not know.
   */
  extraGoalElements?: boolean;
}

export interface RunningEmulator {
  /** The Campaign Management service URL. */
  url: string;
  /** The OAuth token endpoint (tenant "common"). */
  tokenUrl: string;
  /** Base URL of the admin API (/_emulator). */
  adminUrl: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

const HTML_ERROR = (status: number, text: string) => `<html><head><title>${status} ${text}</title></head><body><h1>${text}</h1></body></html>`;

/** Starts the emulator and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const log = options.log ?? (() => {});
  const faultStatus = options.faultStatus ?? 500;
  if (faultStatus !== 200 && faultStatus !== 500) throw new TypeError(`faultStatus: must be 200 or 500, not ${String(faultStatus)}`);
  const seed = options.seed ?? DEFAULT_SEED;
  const persistence = options.dataDir ? new FilePersistence(options.dataDir) : undefined;
  let initial: State | undefined = persistence?.load();
  if (!initial) {
    initial = stateFromSeed(seed);
    persistence?.save(initial);
  }
  const store = new Store(initial, persistence ? (s) => persistence.save(s) : undefined);
  const deps: SoapDeps = {
    store,
    throttle: new Throttle(throttleSettings(options)),
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    now,
    extraGoalElements: options.extraGoalElements ?? false,
  };
  if (options.oauthEnvironment !== undefined && !OAUTH_ENVIRONMENTS.includes(options.oauthEnvironment)) {
    throw new Error(`oauthEnvironment: must be ${OAUTH_ENVIRONMENTS.join(" or ")}, got ${JSON.stringify(options.oauthEnvironment)}`);
  }
  const oauth: OAuthSettings = {
    accessTokenLifetimeSeconds: options.accessTokenLifetimeSeconds ?? 3600,
    singleUseRefreshTokens: options.singleUseRefreshTokens ?? false,
    environment: options.oauthEnvironment ?? "production",
    refreshTokenLifetimeSeconds: options.refreshTokenLifetimeSeconds ?? DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS,
  };
  const faults = new FaultPlan();
  let wsdl: string | undefined;
  let serviceUrl = "";

  const server = http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? "/", "http://emulator");
    const done = (status: number, what: string) => {
      if (!options.log) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log(`${req.method} ${url.pathname} ${what} ${status} ${ms.toFixed(1)}ms`);
    };
    const send = (status: number, type: string, body: string, extra: http.OutgoingHttpHeaders = {}) => {
      res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body), ...extra });
      res.end(body);
    };
    const drop = () => {
      // A TCP reset rather than a clean close: what a crashed front end or a broken network looks like.
      const socket = req.socket as typeof req.socket & { resetAndDestroy?: () => void };
      if (socket.resetAndDestroy) socket.resetAndDestroy();
      else socket.destroy();
    };
    const injectNetworkFault = async (fault: FaultSpec | undefined): Promise<boolean> => {
      if (!fault) return false;
      if (fault.kind === "delay") await sleep(fault.delayMs ?? 0);
      if (fault.kind === "reset") return drop(), true;
      if (fault.kind === "http500" || fault.kind === "http503") {
        const status = fault.kind === "http500" ? 500 : 503;
        send(status, "text/html", HTML_ERROR(status, status === 500 ? "Internal Server Error" : "Service Unavailable"));
        return true;
      }
      return false;
    };

    readBody(req, maxBody)
      .then(async (body) => {
        if (body === undefined) {
          send(413, "text/html", HTML_ERROR(413, "Request Entity Too Large"), { connection: "close" });
          return done(413, "too-large");
        }
        if (url.pathname === SERVICE_PATH) {
          if (req.method === "GET") {
            if (url.searchParams.has("wsdl") || url.searchParams.has("singleWsdl")) {
              wsdl ??= fs.readFileSync(goalsWsdlPath, "utf8");
              // The address is the one the emulator listens on, never the client's Host header (which could inject markup).
              send(200, "text/xml; charset=utf-8", wsdl.replace(/(<soap:address\s+location=")[^"]*(")/, `$1${serviceUrl}$2`));
              return done(200, "wsdl");
            }
            send(200, "text/html", "<html><body><h1>CampaignManagementService (msads-emulator)</h1><p>Append ?wsdl for the contract.</p></body></html>");
            return done(200, "page");
          }
          if (req.method !== "POST") return send(405, "text/html", HTML_ERROR(405, "Method Not Allowed"), { allow: "GET, POST" }), done(405, "method");
          const type = (req.headers["content-type"] ?? "").toLowerCase();
          if (!type.startsWith("text/xml")) {
            send(415, "text/html", HTML_ERROR(415, "Unsupported Media Type: SOAP 1.1 needs text/xml"));
            return done(415, "content-type");
          }
          const soapAction = req.headers.soapaction as string | undefined;
          const operation = operationOf(soapAction);
          const fault = operation ? faults.take(operation) : undefined;
          if (await injectNetworkFault(fault)) return done(0, `${operation} injected:${fault!.kind}`);
          const injected = fault?.kind === "internalError" || fault?.kind === "callRateExceeded" ? fault.kind : undefined;
          const out = handleSoap(deps, { soapAction, body, injected });
          if (fault?.kind === "commitThenDrop") return drop(), done(0, `${operation} injected:commitThenDrop`);
          if (fault?.kind === "truncated") return send(200, "text/xml; charset=utf-8", firstHalf(out.body)), done(200, `${operation} injected:truncated`);
          // handleSoap answers 500 exactly when it writes a SOAP fault; the armed fault or the option picks the status.
          const status = out.status === 500 ? (fault?.status ?? faultStatus) : out.status;
          send(status, "text/xml; charset=utf-8", out.body);
          return done(status, `${operation ?? "unknown-action"}${out.code !== undefined ? ` code=${out.code}` : ""} TrackingId=${out.trackingId}`);
        }
        const token = TOKEN_PATH.exec(url.pathname);
        if (token) {
          if (req.method !== "POST") return send(405, "text/html", HTML_ERROR(405, "Method Not Allowed")), done(405, "token");
          const fault = faults.take("Token");
          if (await injectNetworkFault(fault)) return done(0, `token injected:${fault!.kind}`);
          const out = redeemRefreshToken(store, { tenant: token[1], contentType: req.headers["content-type"], body: body.toString("utf8") }, now(), oauth);
          if (fault?.kind === "commitThenDrop") return drop(), done(0, "token injected:commitThenDrop");
          if (fault?.kind === "truncated") return send(200, "application/json; charset=utf-8", firstHalf(JSON.stringify(out.body))), done(200, "token injected:truncated");
          send(out.status, "application/json; charset=utf-8", JSON.stringify(out.body), { "cache-control": "no-store" });
          return done(out.status, out.status === 200 ? "token issued" : `token ${String(out.body.error)}`);
        }
        if (url.pathname.startsWith("/_emulator/")) return admin(req.method ?? "GET", url.pathname, body.toString("utf8"));
        send(404, "text/html", HTML_ERROR(404, "Not Found"));
        return done(404, "not-found");

        function admin(method: string, pathname: string, body: string): void {
          if (!isLoopback(req.socket.remoteAddress)) return send(403, "application/json", JSON.stringify({ error: "the admin API answers loopback clients only" })), done(403, "admin");
          const json = (status: number, value: unknown) => (send(status, "application/json; charset=utf-8", JSON.stringify(value, null, 2)), done(status, "admin"));
          const parsed = parseJson(body);
          if (parsed === PARSE_ERROR) return json(400, { error: "the body is not valid JSON" });
          const route = `${method} ${pathname}`;
          switch (route) {
            case "GET /_emulator/health":
              return json(200, { ok: true });
            case "GET /_emulator/state":
              return json(200, publicState(store.snapshot()));
            case "POST /_emulator/reset":
              try {
                store.replace(stateFromSeed(parsed ?? seed));
              } catch (e) {
                return json(400, { error: (e as Error).message });
              }
              faults.clear();
              return json(200, { ok: true });
            case "POST /_emulator/revoke": {
              // Simulates a user withdrawing consent: the refresh token (or every one) stops working.
              const body = (parsed ?? {}) as { refreshToken?: unknown; all?: unknown };
              if (body.all !== true && typeof body.refreshToken !== "string") return json(400, { error: 'send {"refreshToken": "..."} or {"all": true}' });
              const revoked = store.revokeRefreshTokens(body.all === true ? undefined : tokenHash(body.refreshToken as string));
              return json(200, { revoked });
            }
            case "GET /_emulator/faults":
              return json(200, faults.list());
            case "DELETE /_emulator/faults":
              faults.clear();
              return json(200, { ok: true });
            case "POST /_emulator/faults": {
              const spec = FaultSpecSchema.safeParse(parsed ?? {});
              if (!spec.success) return json(400, { error: spec.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; ") });
              return json(201, faults.arm(spec.data));
            }
            default:
              return json(404, { error: `no admin route ${route}` });
          }
        }
      })
      .catch((e: unknown) => {
        // A client that went away mid-body is the client's doing: nothing to answer, nothing wrong here.
        if (e instanceof ClientAborted) return done(0, "client-aborted"), res.destroy();
        // A bug in the emulator must not take the process down with it; the client sees a plain 500.
        log(`internal error: ${(e as Error)?.stack ?? String(e)}`);
        if (!res.headersSent) send(500, "text/html", HTML_ERROR(500, "Internal Server Error"));
        else res.destroy();
      });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const base = `http://${host}:${address.port}`;
  serviceUrl = `${base}${SERVICE_PATH}`;
  return {
    url: serviceUrl,
    tokenUrl: `${base}/common/oauth2/v2.0/token`,
    adminUrl: `${base}/_emulator`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The first half of an answer, for the truncated fault. */
function firstHalf(body: string): string {
  return body.slice(0, Math.floor(body.length / 2));
}

/** The client closed the connection before sending the whole body. */
class ClientAborted extends Error {}

/**
 * Reads the whole body as bytes (SOAP decodes them strictly), or undefined when it exceeds the limit. Rejects with
 * ClientAborted when the client goes away first.
 */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit) {
    req.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on("end", () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.on("error", (e) => reject(req.complete ? e : new ClientAborted(e.message)));
    req.on("aborted", () => reject(new ClientAborted("the client closed the connection mid-body")));
  });
}

const PARSE_ERROR = Symbol("parse error");
function parseJson(body: string): unknown {
  if (body.trim() === "") return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return PARSE_ERROR;
  }
}

/** The store as the admin API shows it: no developer tokens, no token digests, no client secrets. */
function publicState(s: State) {
  return {
    customers: s.customers,
    users: s.users,
    oauthClients: s.oauthClients.map((c) => ({ clientId: c.clientId, confidential: c.clientSecret !== undefined })),
    refreshTokens: s.refreshTokens.length,
    accessTokens: s.accessTokens.length,
    goals: s.goals,
    nextGoalId: s.nextGoalId,
  };
}
