import { isIP } from "node:net";

/** Where the Campaign Management service and the OAuth token endpoint live, and the scope that token endpoint grants. */
export interface Endpoints {
  serviceUrl: string;
  /** The refresh_token grant is POSTed here. */
  tokenUrl: string;
  /**
   * The `scope` parameter of every token request: the Microsoft Advertising scope of this login, then `offline_access`
   * (without it the identity platform issues no refresh token: BingAds-dotNet-SDK issue #132).
   */
  scope: string;
}

/** production, sandbox, or explicit URLs (the emulator, a proxy). */
export type EnvironmentOption =
  | "production"
  | "sandbox"
  | { serviceUrl: string; tokenUrl?: string };

/**
 * The two sign-in services the official SDKs offer for the sandbox:
 * - `msa-prod` (the default): login.microsoftonline.com, tenant `common`, scope `https://si.ads.microsoft.com/msads.manage`.
 *   The SDKs' default since April 2025 (BingAds-Python-SDK `use_msa_prod=True` and `MSA_PROD`, fixed in 13.0.25 by
 *   PR #317; BingAds-PHP-SDK `OAuthEndpointType::SANDBOX_MSA_PROD`).
 * - `windows-ppe`: login.windows-ppe.net, tenant `consumers`, scope `https://api.ads.microsoft.com/msads.manage`, the
 *   older sandbox-only sign-in (BingAds-Python-SDK `(SANDBOX, MSADS_MANAGE)`, BingAds-PHP-SDK `SANDBOX_PPE`), which
 *   answers Forbidden for many users since May 2025 (BingAds-Java-SDK issue #223).
 */
export type SandboxLogin = "msa-prod" | "windows-ppe";

/** Every {@link SandboxLogin}, default first. */
export const SANDBOX_LOGINS: readonly SandboxLogin[] = ["msa-prod", "windows-ppe"];

/** What chooses the login of the refresh-token flow; every part is optional. */
export interface LoginOptions {
  /** Tenant in the token URL path, instead of the login's own (`common`; `consumers` for windows-ppe). */
  tenant?: string;
  /** Which sandbox sign-in to use (sandbox only); default `msa-prod`. */
  sandboxLogin?: SandboxLogin;
  /** Replaces the login's Microsoft Advertising scope; `offline_access` is added when missing. */
  scope?: string;
}

/**
 * The scope each login grants Microsoft Advertising access under, as the official SDKs request it
 * (BingAds-Python-SDK bingads/authorization.py `_UriOAuthService.SCOPE`, BingAds-PHP-SDK `UriOAuthService::ENDPOINT_URLS`).
 * A token endpoint refuses another login's scope (AADSTS70011 invalid_scope), or issues a token the service refuses.
 */
export const ADS_SCOPES = {
  production: "https://ads.microsoft.com/msads.manage",
  "msa-prod": "https://si.ads.microsoft.com/msads.manage",
  "windows-ppe": "https://api.ads.microsoft.com/msads.manage",
} as const;

const SERVICE_PATH = "/Api/Advertiser/CampaignManagement/v13/CampaignManagementService.svc";
const OFFLINE_ACCESS = "offline_access";

/**
 * The documented service and token addresses, each paired with the scope its login grants: production signs in at
 * login.microsoftonline.com; the sandbox at the login `login.sandboxLogin` names. Explicit URLs get the production
 * scope unless `login.scope` replaces it. Throws TypeError naming the field for a bad URL or sandbox login.
 */
export function endpointsFor(environment: EnvironmentOption, login: LoginOptions = {}): Endpoints {
  if (login.sandboxLogin !== undefined && !SANDBOX_LOGINS.includes(login.sandboxLogin)) {
    throw new TypeError(`credentials.sandboxLogin: must be ${SANDBOX_LOGINS.map((l) => JSON.stringify(l)).join(" or ")}; got ${JSON.stringify(login.sandboxLogin)}`);
  }
  if (login.sandboxLogin !== undefined && environment !== "sandbox") {
    throw new TypeError(`credentials.sandboxLogin: applies to environment "sandbox" only`);
  }
  const tokenUrl = (host: string, defaultTenant: string) => `https://${host}/${encodeURIComponent(login.tenant ?? defaultTenant)}/oauth2/v2.0/token`;
  if (environment === "production") {
    return {
      serviceUrl: `https://campaign.api.bingads.microsoft.com${SERVICE_PATH}`,
      tokenUrl: tokenUrl("login.microsoftonline.com", "common"),
      scope: withOfflineAccess(login.scope ?? ADS_SCOPES.production),
    };
  }
  if (environment === "sandbox") {
    const kind = login.sandboxLogin ?? "msa-prod";
    return {
      serviceUrl: `https://campaign.api.sandbox.bingads.microsoft.com${SERVICE_PATH}`,
      tokenUrl: kind === "windows-ppe" ? tokenUrl("login.windows-ppe.net", "consumers") : tokenUrl("login.microsoftonline.com", "common"),
      scope: withOfflineAccess(login.scope ?? ADS_SCOPES[kind]),
    };
  }
  if (typeof environment !== "object" || environment === null || typeof environment.serviceUrl !== "string") {
    throw new TypeError(`environment must be "production", "sandbox" or { serviceUrl, tokenUrl }; got ${JSON.stringify(environment)}`);
  }
  const serviceUrl = checkUrl("serviceUrl", environment.serviceUrl);
  const explicitTokenUrl = environment.tokenUrl === undefined ? "" : checkUrl("tokenUrl", environment.tokenUrl);
  return { serviceUrl, tokenUrl: explicitTokenUrl, scope: withOfflineAccess(login.scope ?? ADS_SCOPES.production) };
}

/** The scope with `offline_access` appended unless present: the client always asks for a refresh token. */
export function withOfflineAccess(scope: string): string {
  const parts = scope.split(/\s+/).filter((p) => p.length > 0);
  if (parts.length === 0) throw new TypeError("credentials.scope: must name at least one scope");
  return (parts.includes(OFFLINE_ACCESS) ? parts : [...parts, OFFLINE_ACCESS]).join(" ");
}

/**
 * Accepts https anywhere and http only on loopback: credentials travel in every request, and plain http
 * off this machine would hand them to the network.
 */
export function checkUrl(field: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TypeError(`${field}: "${raw}" is not an absolute URL`);
  }
  if (url.username || url.password) throw new TypeError(`${field}: URLs with user information are refused (credentials belong in the configuration, not the URL)`);
  if (url.protocol === "https:") return url.toString();
  if (url.protocol === "http:") {
    if (isLoopback(url.hostname)) return url.toString();
    throw new TypeError(
      `${field}: plain http is refused for ${url.host} because tokens would cross the network unencrypted; use https, or http only on loopback (127.0.0.1, ::1, localhost)`,
    );
  }
  throw new TypeError(`${field}: protocol ${url.protocol} is not supported; use https`);
}

/** True for localhost, 127.0.0.0/8 and ::1 (with or without brackets). */
export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  if (isIP(h) === 6) return h === "::1" || h === "0:0:0:0:0:0:0:1" || /^::ffff:127\./.test(h);
  return false;
}
