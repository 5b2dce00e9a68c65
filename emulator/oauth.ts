import { randomBytes } from "node:crypto";
import { TokenRecord, tokenHash } from "./state";
import { Store } from "./store";

/** The scope Microsoft Advertising needs; a token request must ask for it. */
export const ADS_SCOPE = "https://ads.microsoft.com/msads.manage";

export interface OAuthSettings {
  /** expires_in of issued access tokens, in seconds. */
  accessTokenLifetimeSeconds: number;
  /** When true, a refresh token works once: the rotated one replaces it (stricter than Microsoft's). */
  singleUseRefreshTokens: boolean;
}

export interface OAuthResult {
  status: number;
  body: Record<string, unknown>;
}

function oauthError(status: number, error: string, description: string): OAuthResult {
  // Descriptions never repeat the tokens or secrets of the request.
  return { status, body: { error, error_description: description, error_codes: [], timestamp: new Date().toISOString() } };
}

/** The refresh_token grant of the Microsoft identity platform's token endpoint. */
export function redeemRefreshToken(store: Store, contentType: string | undefined, rawBody: string, now: number, settings: OAuthSettings): OAuthResult {
  if (!contentType || !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    return oauthError(400, "invalid_request", "The request body must be application/x-www-form-urlencoded.");
  }
  const form = new URLSearchParams(rawBody);
  const grantType = form.get("grant_type");
  if (!grantType) return oauthError(400, "invalid_request", "The request body must contain the following parameter: 'grant_type'.");
  if (grantType !== "refresh_token") return oauthError(400, "unsupported_grant_type", "The emulator supports only grant_type=refresh_token.");
  const clientId = form.get("client_id");
  if (!clientId) return oauthError(400, "invalid_request", "The request body must contain the following parameter: 'client_id'.");
  const client = store.oauthClient(clientId);
  if (!client) return oauthError(400, "unauthorized_client", "The client does not exist or is not enabled for consumers.");
  const secret = form.get("client_secret");
  if (client.clientSecret === undefined && secret !== null) {
    return oauthError(400, "invalid_request", "Public clients can't send a client secret.");
  }
  if (client.clientSecret !== undefined && secret !== client.clientSecret) {
    return oauthError(401, "invalid_client", "Invalid client secret provided.");
  }
  const refresh = form.get("refresh_token");
  if (!refresh) return oauthError(400, "invalid_request", "The request body must contain the following parameter: 'refresh_token'.");
  const scope = (form.get("scope") ?? "").split(/\s+/);
  if (!scope.includes(ADS_SCOPE)) return oauthError(400, "invalid_scope", `The scope must include ${ADS_SCOPE}.`);

  const record = store.refreshToken(tokenHash(refresh));
  if (!record || record.revoked || record.clientId !== clientId) {
    return oauthError(400, "invalid_grant", "The provided refresh token is invalid, expired or revoked.");
  }
  const accessToken = `emu-at.${randomBytes(32).toString("base64url")}`;
  const rotated = `emu-rt.${randomBytes(32).toString("base64url")}`;
  const expiresAt = now + settings.accessTokenLifetimeSeconds * 1000;
  store.transact((tx) => {
    const base: Omit<TokenRecord, "hash"> = { clientId, userId: record.userId, revoked: false };
    tx.addAccessToken({ ...base, hash: tokenHash(accessToken), expiresAt }, now);
    tx.addRefreshToken({ ...base, hash: tokenHash(rotated) });
    if (settings.singleUseRefreshTokens) tx.revokeRefreshToken(record.hash);
  });
  return {
    status: 200,
    body: {
      token_type: "Bearer",
      scope: `${ADS_SCOPE} offline_access`,
      expires_in: settings.accessTokenLifetimeSeconds,
      ext_expires_in: settings.accessTokenLifetimeSeconds,
      access_token: accessToken,
      refresh_token: rotated,
    },
  };
}
