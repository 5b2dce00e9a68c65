#!/usr/bin/env node
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { DEFAULT_SEED, Seed } from "./state";
import { OAUTH_ENVIRONMENTS, OAuthEnvironment } from "./oauth";
import { startEmulator } from "./server";

const USAGE = `usage: msads-emulator [--host 127.0.0.1] [--port 0] [--data DIR] [--seed FILE.json]
                     [--calls-per-minute N] [--token-lifetime SECONDS] [--single-use-refresh-tokens]
                     [--oauth-environment production|sandbox] [--refresh-token-lifetime SECONDS]
                     [--goals-per-account N] [--goals-per-customer N] [--extra-goal-elements] [--quiet]
                     [--user-calls-per-minute N] [--customer-calls-per-minute N] [--throttle-window SECONDS]
                     [--fault-status 200|500]`;

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value)) throw new Error(`--${name} must be a whole number, not '${value}'`);
  return Number(value);
}

function windowSeconds(value: string | undefined): number | undefined {
  const n = positiveInt("throttle-window", value);
  if (n === 0) throw new Error("--throttle-window must be 1 second or more");
  return n;
}

function faultStatus(value: string | undefined): 200 | 500 | undefined {
  if (value === undefined) return undefined;
  if (value !== "200" && value !== "500") throw new Error(`--fault-status must be 200 or 500, not '${value}'`);
  return Number(value) as 200 | 500;
}

function oauthEnvironment(value: string | undefined): OAuthEnvironment | undefined {
  if (value === undefined) return undefined;
  if (!(OAUTH_ENVIRONMENTS as readonly string[]).includes(value)) throw new Error(`--oauth-environment must be ${OAUTH_ENVIRONMENTS.join(" or ")}, not '${value}'`);
  return value as OAuthEnvironment;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string", default: "0" },
      data: { type: "string" },
      seed: { type: "string" },
      "calls-per-minute": { type: "string" },
      "user-calls-per-minute": { type: "string" },
      "customer-calls-per-minute": { type: "string" },
      "throttle-window": { type: "string" },
      "fault-status": { type: "string" },
      "token-lifetime": { type: "string" },
      "single-use-refresh-tokens": { type: "boolean", default: false },
      "oauth-environment": { type: "string" },
      "refresh-token-lifetime": { type: "string" },
      "goals-per-account": { type: "string" },
      "goals-per-customer": { type: "string" },
      "extra-goal-elements": { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) return console.log(USAGE);
  const seed: Seed = values.seed ? JSON.parse(fs.readFileSync(values.seed, "utf8")) : DEFAULT_SEED;
  const emulator = await startEmulator({
    host: values.host,
    port: positiveInt("port", values.port),
    dataDir: values.data,
    seed,
    callsPerMinute: positiveInt("calls-per-minute", values["calls-per-minute"]),
    userCallsPerMinute: positiveInt("user-calls-per-minute", values["user-calls-per-minute"]),
    customerCallsPerMinute: positiveInt("customer-calls-per-minute", values["customer-calls-per-minute"]),
    throttleWindowSeconds: windowSeconds(values["throttle-window"]),
    faultStatus: faultStatus(values["fault-status"]),
    accessTokenLifetimeSeconds: positiveInt("token-lifetime", values["token-lifetime"]),
    singleUseRefreshTokens: values["single-use-refresh-tokens"],
    oauthEnvironment: oauthEnvironment(values["oauth-environment"]),
    refreshTokenLifetimeSeconds: positiveInt("refresh-token-lifetime", values["refresh-token-lifetime"]),
    limits: {
      ...(values["goals-per-account"] ? { goalsPerAccount: positiveInt("goals-per-account", values["goals-per-account"]) } : {}),
      ...(values["goals-per-customer"] ? { goalsPerCustomer: positiveInt("goals-per-customer", values["goals-per-customer"]) } : {}),
    },
    log: values.quiet ? undefined : (line) => console.error(line),
    extraGoalElements: values["extra-goal-elements"],
  });
  const stop = () => {
    emulator.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // Test harnesses wait for exactly this first line (and may signal right after it); keep its shape.
  console.log(`msads-emulator listening on ${emulator.url}`);
  console.log(`  token endpoint:   ${emulator.tokenUrl}`);
  if (values["oauth-environment"] === "sandbox") {
    console.log(`  OAuth:            sandbox (msa-prod: the token endpoint above; windows-ppe: ${emulator.tokenUrl.replace("/common/", "/consumers/")})`);
  }
  console.log(`  admin API:        ${emulator.adminUrl}/state (loopback only)`);
  // Only seed credentials are printed: they are public, documented test values. Issued tokens never are.
  console.log(`  developer token:  ${seed.developerTokens.join(", ")}`);
  for (const c of seed.customers) {
    console.log(`  customer ${c.id}: accounts ${c.accounts.map((a) => `${a.id} (${a.currencyCode})`).join(", ")}`);
  }
  for (const t of seed.refreshTokens) console.log(`  OAuth client id:  ${t.clientId}  refresh token: ${t.token}`);
  if (values.data) console.log(`  data folder:      ${values.data}`);
}

main().catch((e: unknown) => {
  console.error(`msads-emulator: ${(e as Error).message}`);
  console.error(USAGE);
  process.exit(2);
});
