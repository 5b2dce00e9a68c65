import { isIP } from "node:net";

/** Where the Campaign Management service and the OAuth token endpoint live. */
export interface Endpoints {
  serviceUrl: string;
  /** The refresh_token grant is POSTed here. */
  tokenUrl: string;
}

/** production, sandbox, or explicit URLs (the emulator, a proxy). */
export type EnvironmentOption =
  | "production"
  | "sandbox"
  | { serviceUrl: string; tokenUrl?: string };

const SERVICE_PATH = "/Api/Advertiser/CampaignManagement/v13/CampaignManagementService.svc";

/** The documented service and token addresses. The tenant goes into the token URL's path. */
export function endpointsFor(environment: EnvironmentOption, tenant?: string): Endpoints {
  if (environment === "production") {
    return {
      serviceUrl: `https://campaign.api.bingads.microsoft.com${SERVICE_PATH}`,
      tokenUrl: `https://login.microsoftonline.com/${encodeURIComponent(tenant ?? "common")}/oauth2/v2.0/token`,
    };
  }
  if (environment === "sandbox") {
    return {
      serviceUrl: `https://campaign.api.sandbox.bingads.microsoft.com${SERVICE_PATH}`,
      tokenUrl: `https://login.windows-ppe.net/${encodeURIComponent(tenant ?? "consumers")}/oauth2/v2.0/token`,
    };
  }
  if (typeof environment !== "object" || environment === null || typeof environment.serviceUrl !== "string") {
    throw new TypeError(`environment must be "production", "sandbox" or { serviceUrl, tokenUrl }; got ${JSON.stringify(environment)}`);
  }
  const serviceUrl = checkUrl("serviceUrl", environment.serviceUrl);
  const tokenUrl = environment.tokenUrl === undefined ? "" : checkUrl("tokenUrl", environment.tokenUrl);
  return { serviceUrl, tokenUrl };
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
