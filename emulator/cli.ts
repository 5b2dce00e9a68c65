#!/usr/bin/env node
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { DEFAULT_SEED, Seed } from "./state";
import { startEmulator } from "./server";

const USAGE = `usage: msads-emulator [--host 127.0.0.1] [--port 0] [--data DIR] [--seed FILE.json]
                     [--calls-per-minute N] [--token-lifetime SECONDS] [--single-use-refresh-tokens]
                     [--goals-per-account N] [--goals-per-customer N] [--extra-goal-elements] [--quiet]`;

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value)) throw new Error(`--${name} must be a whole number, not '${value}'`);
  return Number(value);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string", default: "0" },
      data: { type: "string" },
      seed: { type: "string" },
      "calls-per-minute": { type: "string" },
      "token-lifetime": { type: "string" },
      "single-use-refresh-tokens": { type: "boolean", default: false },
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
    accessTokenLifetimeSeconds: positiveInt("token-lifetime", values["token-lifetime"]),
    singleUseRefreshTokens: values["single-use-refresh-tokens"],
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
