import { randomBytes } from "node:crypto";
import { TokenRecord, tokenHash } from "./state";
import { Store } from "./store";

/** The scope production Microsoft Advertising needs; a production token request must ask for it. */
export const ADS_SCOPE = "https://ads.microsoft.com/msads.manage";

/**
 * The scope each sign-in grants Microsoft Advertising access under, as the official SDKs request it
 * (BingAds-Python-SDK bingads/authorization.py `_UriOAuthService.SCOPE`; BingAds-PHP-SDK `UriOAuthService::ENDPOINT_URLS`):
 * production at login.microsoftonline.com; the sandbox at login.microsoftonline.com/common (`MSA_PROD`, the SDKs'
 * default since 2025) or at login.windows-ppe.net/consumers (the older sandbox-only sign-in).
 */
export const ADS_SCOPES = {
  production: ADS_SCOPE,
  sandboxCommon: "https://si.ads.microsoft.com/msads.manage",
  sandboxConsumers: "https://api.ads.microsoft.com/msads.manage",
} as const;

/** Which Microsoft Advertising environment the token endpoint plays; it grants only that environment's scopes. */
export type OAuthEnvironment = "production" | "sandbox";
/** Every {@link OAuthEnvironment}, default first (validation and usage text). */
export const OAUTH_ENVIRONMENTS: readonly OAuthEnvironment[] = ["production", "sandbox"];

/** The scope that requests a refresh token (Microsoft identity platform; BingAds-dotNet-SDK issue #132 shows the answer without it). */
export const OFFLINE_ACCESS = "offline_access";

/**
 * 90 days: the default lifetime of refresh tokens outside single-page apps (learn.microsoft.com, Microsoft identity
 * platform "Refresh tokens"). Each redemption returns a new refresh token with its own 90 days, so a token chain dies
 * only after 90 days without a redemption (AADSTS700082, "expired due to inactivity").
 */
export const DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS = 90 * 24 * 3600;

export interface OAuthSettings {
  /** expires_in of issued access tokens, in seconds. */
  accessTokenLifetimeSeconds: number;
  /** When true, a refresh token works once: the rotated one replaces it (stricter than Microsoft's). */
  singleUseRefreshTokens: boolean;
  /** The environment whose scopes the endpoint grants. */
  environment: OAuthEnvironment;
  /** Seconds an issued refresh token stays redeemable, counted from its issue. */
  refreshTokenLifetimeSeconds: number;
}

/** One POST to `/{tenant}/oauth2/v2.0/token`. */
export interface TokenRequest {
  /** The tenant segment of the path (common, consumers, organizations, a domain or a GUID). */
  tenant: string;
  contentType: string | undefined;
  body: string;
}

export interface OAuthResult {
  status: number;
  body: Record<string, unknown>;
}

function oauthError(status: number, error: string, description: string, now: number): OAuthResult {
  // Descriptions never repeat the tokens or secrets of the request.
  const codes = /^AADSTS(\d+)/.exec(description);
  return { status, body: { error, error_description: description, error_codes: codes ? [Number(codes[1])] : [], timestamp: new Date(now).toISOString() } };
}

/**
 * The Microsoft Advertising scope a token path grants in an environment. In the sandbox, `consumers` stands for
 * login.windows-ppe.net/consumers and every other tenant for login.microsoftonline.com (the emulator serves both
 * hosts on one origin, so the path tells them apart).
 */
export function adsScopeFor(environment: OAuthEnvironment, tenant: string): string {
  if (environment === "production") return ADS_SCOPES.production;
  return tenant.toLowerCase() === "consumers" ? ADS_SCOPES.sandboxConsumers : ADS_SCOPES.sandboxCommon;
}

/** A .NET TimeSpan as Microsoft prints it in AADSTS700082: `d.hh:mm:ss`. */
function timeSpan(seconds: number): string {
  const two = (n: number) => String(n).padStart(2, "0");
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  return `${d > 0 ? `${d}.` : ""}${two(h)}:${two(m)}:${two(s)}`;
}

/** The refresh_token grant of the Microsoft identity platform's token endpoint. */
export function redeemRefreshToken(store: Store, request: TokenRequest, now: number, settings: OAuthSettings): OAuthResult {
  const fail = (status: number, error: string, description: string) => oauthError(status, error, description, now);
  const { contentType } = request;
  if (!contentType || !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    return fail(400, "invalid_request", "The request body must be application/x-www-form-urlencoded.");
  }
  const form = new URLSearchParams(request.body);
  const grantType = form.get("grant_type");
  if (!grantType) return fail(400, "invalid_request", "The request body must contain the following parameter: 'grant_type'.");
  if (grantType !== "refresh_token") return fail(400, "unsupported_grant_type", "The emulator supports only grant_type=refresh_token.");
  const clientId = form.get("client_id");
  if (!clientId) return fail(400, "invalid_request", "The request body must contain the following parameter: 'client_id'.");
  const client = store.oauthClient(clientId);
  if (!client) return fail(400, "unauthorized_client", "The client does not exist or is not enabled for consumers.");
  const secret = form.get("client_secret");
  if (client.clientSecret === undefined && secret !== null) {
    return fail(400, "invalid_request", "Public clients can't send a client secret.");
  }
  if (client.clientSecret !== undefined && secret !== client.clientSecret) {
    return fail(401, "invalid_client", "Invalid client secret provided.");
  }
  const refresh = form.get("refresh_token");
  if (!refresh) return fail(400, "invalid_request", "The request body must contain the following parameter: 'refresh_token'.");

  // Each path grants its own environment's scope only: a pairing of login and scope that does not belong together
  // fails here (AADSTS70011), as with the SDK typo fixed by BingAds-Python-SDK PR #317.
  const adsScope = adsScopeFor(settings.environment, request.tenant);
  const requested = (form.get("scope") ?? "").split(/\s+/).filter((s) => s.length > 0);
  if (requested.length === 0) {
    return fail(400, "invalid_scope", "AADSTS70011: The provided request must include a 'scope' input parameter.");
  }
  const foreign = requested.find((s) => s !== adsScope && s !== OFFLINE_ACCESS);
  if (foreign !== undefined || !requested.includes(adsScope)) {
    const named = foreign ?? requested.join(" ");
    return fail(
      400,
      "invalid_scope",
      `AADSTS70011: The provided value for the input parameter 'scope' is not valid. The scope ${named} is not valid. ` +
        `This ${settings.environment} token endpoint (/${request.tenant}) grants ${adsScope}, with ${OFFLINE_ACCESS} for a refresh token.`,
    );
  }
  const offline = requested.includes(OFFLINE_ACCESS);

  const record = store.refreshToken(tokenHash(refresh));
  if (!record || record.revoked || record.clientId !== clientId) {
    return fail(400, "invalid_grant", "AADSTS70000: The provided value for the input parameter 'refresh_token' or 'assertion' is not valid.");
  }
  if (record.issuedAt !== undefined && now >= record.issuedAt + settings.refreshTokenLifetimeSeconds * 1000) {
    return fail(
      400,
      "invalid_grant",
      `AADSTS700082: The refresh token has expired due to inactivity. The token was issued on ${new Date(record.issuedAt).toISOString()} ` +
        `and was inactive for ${timeSpan(settings.refreshTokenLifetimeSeconds)}.`,
    );
  }
  const accessToken = `emu-at.${randomBytes(32).toString("base64url")}`;
  // A refresh token only when offline_access was asked for; the one presented then stays the caller's to use.
  const rotated = offline ? `emu-rt.${randomBytes(32).toString("base64url")}` : undefined;
  const expiresAt = now + settings.accessTokenLifetimeSeconds * 1000;
  store.transact((tx) => {
    const base: Omit<TokenRecord, "hash"> = { clientId, userId: record.userId, revoked: false };
    tx.addAccessToken({ ...base, hash: tokenHash(accessToken), expiresAt }, now);
    if (rotated !== undefined) {
      tx.addRefreshToken({ ...base, hash: tokenHash(rotated), issuedAt: now });
      if (settings.singleUseRefreshTokens) tx.revokeRefreshToken(record.hash);
    }
  });
  return {
    status: 200,
    body: {
      token_type: "Bearer",
      scope: offline ? `${adsScope} ${OFFLINE_ACCESS}` : adsScope,
      expires_in: settings.accessTokenLifetimeSeconds,
      ext_expires_in: settings.accessTokenLifetimeSeconds,
      access_token: accessToken,
      ...(rotated !== undefined ? { refresh_token: rotated } : {}),
    },
  };
}
