// pulumi-msads/client: the Campaign Management conversion-goal client, for use outside Pulumi too.
export { CampaignManagementClient } from "./client";
export type { AddResult, ClientLogEntry, ClientOptions, GetResult, UpdateResult } from "./client";
export { ADS_SCOPE, clearTokenCache } from "./auth";
export type { Credentials, RefreshTokenCredentials, StaticTokenCredentials } from "./auth";
export { ADS_SCOPES, endpointsFor, isLoopback, SANDBOX_LOGINS } from "./environment";
export type { EnvironmentOption, Endpoints, LoginOptions, SandboxLogin } from "./environment";
export { MsAdsError, OutcomeUnknownError } from "./errors";
export type { ApiErrorDetail, ErrorKind, GoalRef, Operation } from "./errors";
export * from "./goal";
export { DEFAULT_RETRY_POLICY } from "./retry";
export type { RetryPolicy } from "./retry";
export { nodeTransport, TransportError } from "./transport";
export type { HttpRequest, HttpResponse, Transport } from "./transport";
export { MAX_BATCH } from "./batch";
