import { MsAdsError } from "../client/errors";
import { ConfigKey, ProviderSettings, ResolvedSettings, settingSource } from "./config";

// Service codes that mean "these credentials are not accepted" (Bing Ads API operation error codes): 105
// InvalidCredentials (developer token or access token), 106 UserIsNotAuthorized (the user behind the token may not
// act for the customer), 109 AuthenticationTokenExpired (after the client's one renewal).
const CREDENTIAL_CODES = new Set([105, 106, 109]);

/** A call refused for its credentials, with where each credential came from and what to do; `cause` is the client's error. */
export class CredentialError extends Error {
  override name = "CredentialError";
}

/** The settings that a refused call depended on, most likely culprit first. */
function involved(e: MsAdsError, s: ProviderSettings): ConfigKey[] {
  const oauth: ConfigKey[] = s.accessToken !== undefined ? ["accessToken"] : ["refreshToken", "clientId", "clientSecret", "tenant"];
  if (e.kind === "auth") {
    if (e.errorCode === "invalid_client" || e.errorCode === "unauthorized_client") return ["clientId", "clientSecret", "refreshToken", "tenant"];
    return [...oauth, "tokenUrl", "environment"];
  }
  const codes = e.errors.map((x) => x.code).concat(e.code === undefined ? [] : [e.code]);
  if (codes.includes(106)) return [...oauth, "customerId"];
  return ["developerToken", ...oauth, "environment", "endpoint"];
}

/** Whether an error is the service or the token endpoint refusing the credentials. */
export function isCredentialFailure(e: unknown): e is MsAdsError {
  if (!(e instanceof MsAdsError)) return false;
  if (e.kind === "auth") return true;
  return e.kind === "api" && (CREDENTIAL_CODES.has(e.code ?? -1) || e.errors.some((x) => CREDENTIAL_CODES.has(x.code ?? -1)));
}

/**
 * The client's error, extended with the source of every credential it depended on (config key or variable, never
 * the value) and the way out. Stack config in refresh, destroy and the refresh of `preview --refresh` is the copy the
 * engine recorded in the state at the last `up` (pulumi/pulumi#4981, #13839), so a credential changed since with
 * `pulumi config set` is not seen there: the message says to run the program (`--run-program`) or to set the
 * variable, which wins over stack config (see CONFIG_FIRST for the exceptions). Other errors pass unchanged.
 */
export function explainCredentialFailure(e: unknown, resolved: ResolvedSettings): unknown {
  if (!isCredentialFailure(e)) return e;
  const keys = involved(e, resolved.settings).filter((k) => resolved.origins[k] !== undefined);
  const sources = keys.map((k) => settingSource(k, resolved.origins[k]!));
  const fromConfig = keys.filter((k) => resolved.origins[k] === "stack configuration");
  const lines = [e.message, `The credentials came from: ${sources.length > 0 ? sources.join(", ") : "no setting"}.`];
  if (fromConfig.length > 0) {
    const variables = fromConfig.map((k) => settingSource(k, "environment").replace(/ from the environment$/, ""));
    lines.push(
      "In pulumi refresh, pulumi destroy and the refresh of preview --refresh or up --refresh, the stack configuration is the copy recorded in the state at the last pulumi up, " +
        "not the current Pulumi.<stack>.yaml: if you changed a credential since (pulumi config set --secret msads:…), run pulumi refresh --run-program or pulumi destroy --run-program " +
        `(or pulumi up), which use the current stack configuration, or set ${variables.join(", ")}, which override the stack configuration.`,
    );
  } else {
    lines.push(`Check or replace those variables; a set MSADS_* credential overrides the stack configuration.`);
  }
  return new CredentialError(lines.join("\n"), { cause: e });
}
