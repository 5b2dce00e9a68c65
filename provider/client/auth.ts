import { createHash } from "node:crypto";
import { MsAdsError } from "./errors";
import { ADS_SCOPES, SandboxLogin } from "./environment";
import { Redactor } from "./redact";
import { Transport, TransportError } from "./transport";

/**
 * The token request scope of production (the sandbox's are in `ADS_SCOPES`, paired with their logins by
 * `endpointsFor`). Kept for callers of earlier versions.
 */
export const ADS_SCOPE = `${ADS_SCOPES.production} offline_access`;

/** A fixed OAuth access token, used as is: the client cannot renew it. */
export interface StaticTokenCredentials {
  accessToken: string;
}

/** The OAuth refresh-token flow: the client redeems the refresh token for access tokens as they expire. */
export interface RefreshTokenCredentials {
  clientId: string;
  /** Only for web applications registered with a secret. */
  clientSecret?: string;
  refreshToken: string;
  /** Tenant in the token URL path, instead of the login's own: `common`, or `consumers` for the windows-ppe sandbox login. */
  tenant?: string;
  /** Sandbox only: which sign-in issued the refresh token, `msa-prod` (default) or `windows-ppe` (see `SandboxLogin`). */
  sandboxLogin?: SandboxLogin;
  /**
   * Replaces the scope of the environment's login (`ADS_SCOPES`); `offline_access` is added when missing, since
   * without it no refresh token comes back.
   */
  scope?: string;
}

export type Credentials = StaticTokenCredentials | RefreshTokenCredentials;

/** Hands out access tokens; refreshes when asked and able. */
export interface TokenSource {
  readonly canRefresh: boolean;
  /** A valid token, from cache when it is not about to expire. */
  get(): Promise<string>;
  /** A new token, unless another call already replaced `stale` (then that one). */
  refresh(stale: string): Promise<string>;
}

export function isRefreshCredentials(c: Credentials): c is RefreshTokenCredentials {
  return "refreshToken" in c && typeof c.refreshToken === "string";
}

export function staticTokenSource(accessToken: string): TokenSource {
  return {
    canRefresh: false,
    get: async () => accessToken,
    refresh: async () => accessToken,
  };
}

interface CacheEntry {
  accessToken?: string;
  expiresAt: number;
  /** The newest refresh token: the endpoint may rotate it, and the old one may stop working. */
  refreshToken: string;
  inflight?: Promise<string>;
}

// Per process, per credentials: every client built from the same credentials shares tokens and rotations.
const cache = new Map<string, CacheEntry>();

/** Forgets every cached token (tests; a long-lived process that changed credentials). */
export function clearTokenCache(): void {
  cache.clear();
}

export interface OAuthOptions {
  tokenUrl: string;
  /** The scope parameter, as `endpointsFor` pairs it with `tokenUrl` (offline_access included). */
  scope: string;
  transport: Transport;
  now: () => number;
  timeoutMs: number;
  redactor: Redactor;
  /** Told when the endpoint returns a new refresh token, so a long-lived caller can store it. */
  onRefreshTokenRotated?: (refreshToken: string) => void;
}

/** Redeems the refresh token at the token endpoint; tokens are cached until shortly before they expire. */
export function oauthTokenSource(creds: RefreshTokenCredentials, options: OAuthOptions): TokenSource {
  const key = createHash("sha256")
    .update(JSON.stringify([options.tokenUrl, creds.clientId, creds.clientSecret ?? "", creds.refreshToken, options.scope]))
    .digest("hex");
  const entry = (): CacheEntry => {
    let e = cache.get(key);
    if (!e) cache.set(key, (e = { expiresAt: 0, refreshToken: creds.refreshToken }));
    return e;
  };

  const redeem = (e: CacheEntry): Promise<string> => {
    if (!e.inflight) {
      e.inflight = requestToken(creds, e.refreshToken, options)
        .then((t) => {
          const now = options.now();
          e.accessToken = t.accessToken;
          // Renew a little early so a token never expires between check and use.
          e.expiresAt = now + t.expiresInSeconds * 1000 - Math.min(300_000, (t.expiresInSeconds * 1000) / 2);
          // An answer without a refresh token (no offline_access granted) leaves the one we have in use.
          if (t.refreshToken && t.refreshToken !== e.refreshToken) {
            e.refreshToken = t.refreshToken;
            options.redactor.add(t.refreshToken);
            options.onRefreshTokenRotated?.(t.refreshToken);
          }
          return t.accessToken;
        })
        .finally(() => (e.inflight = undefined));
    }
    return e.inflight;
  };

  return {
    canRefresh: true,
    get: async () => {
      const e = entry();
      if (e.accessToken && options.now() < e.expiresAt) return e.accessToken;
      return redeem(e);
    },
    refresh: async (stale) => {
      const e = entry();
      if (e.inflight) return e.inflight;
      if (e.accessToken && e.accessToken !== stale && options.now() < e.expiresAt) return e.accessToken;
      e.accessToken = undefined;
      return redeem(e);
    },
  };
}

interface TokenResult {
  accessToken: string;
  expiresInSeconds: number;
  refreshToken?: string;
}

async function requestToken(creds: RefreshTokenCredentials, refreshToken: string, options: OAuthOptions): Promise<TokenResult> {
  const form = new URLSearchParams({ grant_type: "refresh_token", client_id: creds.clientId, refresh_token: refreshToken, scope: options.scope });
  if (creds.clientSecret) form.set("client_secret", creds.clientSecret);
  let res;
  try {
    res = await options.transport({
      url: options.tokenUrl,
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: form.toString(),
      timeoutMs: options.timeoutMs,
    });
  } catch (e) {
    if (e instanceof TransportError) {
      throw new MsAdsError({
        kind: "transport",
        operation: "Token",
        errorCode: transportErrorCode(e),
        message: options.redactor.redact(e.message),
        retryable: true,
      });
    }
    throw e;
  }
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(res.body) as Record<string, unknown>;
  } catch {
    // A proxy's HTML page: reported by status below.
  }
  if (res.status === 200 && typeof json.access_token === "string") {
    const expires = Number(json.expires_in);
    options.redactor.add(json.access_token);
    return {
      accessToken: json.access_token,
      expiresInSeconds: Number.isFinite(expires) && expires > 0 ? expires : 3600,
      refreshToken: typeof json.refresh_token === "string" ? json.refresh_token : undefined,
    };
  }
  const oauthError = typeof json.error === "string" ? json.error : undefined;
  const description = typeof json.error_description === "string" ? json.error_description : undefined;
  // A 200 without a token is an answer cut short or mangled on the way (a proxy, a dropped connection): asking
  // again is safe, since a refresh token stays valid after its redemption (the Microsoft identity platform).
  const unreadable = res.status === 200 && !oauthError;
  const retryable = unreadable || res.status >= 500 || res.status === 429;
  throw new MsAdsError({
    kind: oauthError ? "auth" : "http",
    operation: "Token",
    errorCode: oauthError ?? (unreadable ? "UnreadableResponse" : `Http${res.status}`),
    message: description
      ? `${options.redactor.redact(description)}${remedy(oauthError, description)}`
      : unreadable
        ? "the token endpoint answered HTTP 200 without an access token (the answer was cut short or is not JSON)"
        : `the token endpoint answered HTTP ${res.status}`,
    httpStatus: res.status,
    retryable,
  });
}

/** What the user can do about a refusal, when they can (never repeats a credential: the hint is fixed text). */
function remedy(oauthError: string | undefined, description: string): string {
  const signInAgain =
    "sign in again (the consent flow of your application) to get a new refresh token, then give it to the client " +
    "(credentials.refreshToken; for the Pulumi provider: pulumi config set --secret msads:refreshToken <new refresh token>, " +
    "or the environment variable MSADS_REFRESH_TOKEN)";
  if (oauthError === "invalid_grant") {
    // AADSTS700082 (and the older AADSTS70008): a refresh token is good for 90 days from its issue; each renewal
    // returns a new one, so this means nothing renewed it for 90 days (learn.microsoft.com, "Refresh tokens").
    if (/\bAADSTS7000(8|82)\b/.test(description)) {
      return ` — the refresh token has expired: it lasts 90 days and is replaced at every renewal, so it expires when nothing renewed it for that long; ${signInAgain}`;
    }
    return ` — the refresh token is expired, revoked or for another environment; ${signInAgain}`;
  }
  if (oauthError === "invalid_scope") {
    return (
      ` — the scope does not belong to this sign-in: production uses ${ADS_SCOPES.production}, the sandbox ` +
      `${ADS_SCOPES["msa-prod"]} (sandbox login msa-prod, login.microsoftonline.com) or ${ADS_SCOPES["windows-ppe"]} ` +
      `(windows-ppe, login.windows-ppe.net); check the environment, the sandbox login and any scope override ` +
      `(credentials.sandboxLogin, credentials.scope; for the Pulumi provider: msads:sandboxLogin, msads:oauthScope)`
    );
  }
  return "";
}

/** Symbolic codes for network failures, shared by the token endpoint and the service. */
export function transportErrorCode(e: TransportError): string {
  switch (e.kind) {
    case "connect":
      return "ConnectionFailed";
    case "timeout":
      return "Timeout";
    case "tooLarge":
      return "ResponseTooLarge";
    default:
      return "ConnectionReset";
  }
}
