import { DEFAULT_SEED } from "../../emulator/state";
import {
  CampaignManagementClient,
  ClientLogEntry,
  ClientOptions,
  clearTokenCache,
  HttpRequest,
  HttpResponse,
  nodeTransport,
  Transport,
} from "../../provider/client";
import { startTestEmulator, TestEmulator } from "./emulator";

/** Credentials with distinctive values, so a test can search any output for them. */
export const SECRETS = {
  developerToken: "DEVTOKEN-7f3a9c41",
  clientId: "confidential-app",
  clientSecret: "client-secret-5b1e2d88",
  refreshToken: "refresh-token-9c4f7a13",
};

/** The default seed plus a confidential OAuth client and a developer token with the values in SECRETS. */
export const SECRET_SEED = {
  ...DEFAULT_SEED,
  developerTokens: [...DEFAULT_SEED.developerTokens, SECRETS.developerToken],
  oauthClients: [...DEFAULT_SEED.oauthClients, { clientId: SECRETS.clientId, clientSecret: SECRETS.clientSecret }],
  refreshTokens: [...DEFAULT_SEED.refreshTokens, { token: SECRETS.refreshToken, clientId: SECRETS.clientId, userId: "emulator-user" }],
};

/** A transport that records every exchange and can be told to fail the next matching requests. */
export class RecordingTransport {
  readonly requests: HttpRequest[] = [];
  readonly responses: HttpResponse[] = [];
  private readonly planned: Array<{ match: (r: HttpRequest) => boolean; act: (r: HttpRequest) => Promise<HttpResponse> }> = [];

  constructor(private readonly inner: Transport = nodeTransport) {}

  readonly transport: Transport = async (req) => {
    this.requests.push(req);
    const i = this.planned.findIndex((p) => p.match(req));
    if (i >= 0) {
      const [p] = this.planned.splice(i, 1);
      return p.act(req);
    }
    const res = await this.inner(req);
    this.responses.push(res);
    return res;
  };

  /** The next request matching `match` is answered by `act` instead of the network. */
  plan(match: (r: HttpRequest) => boolean, act: (r: HttpRequest) => Promise<HttpResponse>): void {
    this.planned.push({ match, act });
  }

  /** SOAP requests sent for an operation (by SOAPAction). */
  soap(operation?: string): HttpRequest[] {
    return this.requests.filter((r) => r.headers.soapaction !== undefined && (!operation || r.headers.soapaction.replace(/"/g, "") === operation));
  }

  tokenRequests(): HttpRequest[] {
    return this.requests.filter((r) => r.url.includes("/oauth2/"));
  }
}

export interface ClientHarness {
  emu: TestEmulator;
  recorder: RecordingTransport;
  sleeps: number[];
  logs: ClientLogEntry[];
  client: CampaignManagementClient;
  /** A new client on the same emulator and recorder, with some options replaced. */
  make(overrides?: Partial<ClientOptions>): CampaignManagementClient;
}

/** A client wired to a test emulator: OAuth with the seed's public client, instant sleeps, recorded traffic and logs. */
export async function startClientHarness(emulatorOptions: Parameters<typeof startTestEmulator>[0] = {}): Promise<ClientHarness> {
  const emu = await startTestEmulator({ seed: SECRET_SEED, ...emulatorOptions });
  const recorder = new RecordingTransport();
  const sleeps: number[] = [];
  const logs: ClientLogEntry[] = [];
  const make = (overrides: Partial<ClientOptions> = {}) =>
    new CampaignManagementClient({
      environment: { serviceUrl: emu.url, tokenUrl: emu.tokenUrl },
      credentials: { clientId: "msads-emulator-client", refreshToken: "emulator-refresh-token" },
      developerToken: "BBD37VB98",
      customerId: "1000001",
      accountId: "2000001",
      transport: recorder.transport,
      sleep: async (ms) => void sleeps.push(ms),
      now: emu.clock.now,
      random: () => 0.5,
      log: (e) => logs.push(e),
      ...overrides,
    });
  clearTokenCache();
  return { emu, recorder, sleeps, logs, client: make(), make };
}

/** Resets what a harness recorded and the process token cache; call in beforeEach. */
export function resetHarness(h: ClientHarness): void {
  h.recorder.requests.length = 0;
  h.recorder.responses.length = 0;
  h.sleeps.length = 0;
  h.logs.length = 0;
  clearTokenCache();
  h.client = h.make();
}

/** Resets the emulator's store to its seed. */
export async function resetEmulator(emu: TestEmulator): Promise<void> {
  const res = await fetch(`${emu.adminUrl}/reset`, { method: "POST" });
  if (!res.ok) throw new Error(`reset failed: ${res.status}`);
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection<T = Error>(p: Promise<unknown>): Promise<T> {
  try {
    await p;
  } catch (e) {
    return e as T;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/**
 * Mocha hooks for a suite sharing one harness: started before the suite, emulator and recordings reset before
 * each test, closed after. Returns a getter, since the harness exists only once `before` has run.
 */
export function useClientHarness(): () => ClientHarness {
  let h: ClientHarness;
  before(async () => (h = await startClientHarness()));
  after(() => h.emu.close());
  beforeEach(async () => {
    await resetEmulator(h.emu);
    resetHarness(h);
  });
  return () => h;
}
