import { GoalProvider } from "../../provider/resource/provider";
import { startClientHarness, ClientHarness, resetEmulator, resetHarness } from "./client";

export interface ProviderHarness extends ClientHarness {
  provider: GoalProvider;
  /** MSADS_* settings pointing at the emulator. */
  env: Record<string, string>;
  /** A provider configured through configure() with the given stack config (msads:* keys). */
  configured(config: Record<string, string>, env?: Record<string, string>): Promise<GoalProvider>;
  /** A new provider on the same settings (a new deployment: a process of its own, which has seen no resource yet); `log` receives its warnings. */
  fresh(log?: (message: string) => void): GoalProvider;
}

/** A GoalProvider wired to a test emulator through environment settings, with instant sleeps and recorded traffic. */
export async function startProviderHarness(): Promise<ProviderHarness> {
  const h = await startClientHarness();
  const env = {
    MSADS_DEVELOPER_TOKEN: "BBD37VB98",
    MSADS_CUSTOMER_ID: "1000001",
    MSADS_ACCOUNT_ID: "2000001",
    MSADS_ENDPOINT: h.emu.url,
    MSADS_TOKEN_URL: h.emu.tokenUrl,
    MSADS_CLIENT_ID: "msads-emulator-client",
    MSADS_REFRESH_TOKEN: "emulator-refresh-token",
  };
  const extras = { transport: h.recorder.transport, sleep: async (ms: number) => void h.sleeps.push(ms), now: h.emu.clock.now, random: () => 0.5 };
  const configured = async (config: Record<string, string>, e: Record<string, string> = {}) => {
    const p = new GoalProvider(e, extras);
    await p.configure({ config: { get: (k: string) => config[k] } });
    return p;
  };
  const fresh = (log?: (message: string) => void) => new GoalProvider(env, extras, log);
  return Object.assign(h, { provider: fresh(), env, configured, fresh });
}

/**
 * Before each test: the emulator back to its seed (ids start over) and a new provider, as each deployment has its own
 * provider process (the goals its resources hold are per deployment: see provider/resource/ownership.ts).
 */
export async function resetProviderHarness(h: ProviderHarness): Promise<void> {
  await resetEmulator(h.emu);
  resetHarness(h);
  h.provider = h.fresh();
}
