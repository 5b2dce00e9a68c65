/**
 * Throttling as the Campaign Management service describes it (services-protocol, "Handle Throttling"): the calls
 * "any one user can make in a minute's time" are limited, and "at the customer level, the number of calls a
 * customer can make to the customer data is restricted using a sliding protocol with a 60 second window". Both
 * answer 117 CallRateExceeded. The emulator keeps one sliding window per user and one per customer.
 */

/** Limits of the two windows; 0 turns a window off. */
export interface ThrottleSettings {
  /** Calls one user (the user behind the access token) may make per window, across every customer. */
  userCallsPerWindow: number;
  /** Calls that may be made on one customer's data per window, by every user together. */
  customerCallsPerWindow: number;
  /** Length of the sliding window in milliseconds (the service's is 60 s). */
  windowMs: number;
}

/** Which window refused a call, with the numbers for the fault message. */
export interface ThrottleRefusal {
  scope: "user" | "customer";
  /** The user id or customer id whose window is full. */
  key: string;
  limit: number;
  windowMs: number;
}

/** Options of startEmulator that configure throttling (see EmulatorOptions for their documentation). */
export interface ThrottleOptions {
  callsPerMinute?: number;
  userCallsPerMinute?: number;
  customerCallsPerMinute?: number;
  throttleWindowSeconds?: number;
}

/**
 * The throttle settings from startEmulator's options. `callsPerMinute` is the per-customer limit it always was,
 * so it may not be combined with `customerCallsPerMinute`. Throws a TypeError naming the option at fault.
 */
export function throttleSettings(options: ThrottleOptions): ThrottleSettings {
  const count = (name: keyof ThrottleOptions): number => {
    const v = options[name];
    if (v === undefined) return 0;
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw new TypeError(`${name}: must be a whole number of calls, 0 or more (0 means unlimited), not ${String(v)}`);
    return v;
  };
  if (options.callsPerMinute !== undefined && options.customerCallsPerMinute !== undefined) {
    throw new TypeError("callsPerMinute, customerCallsPerMinute: give only one (callsPerMinute is the per-customer limit)");
  }
  const seconds = options.throttleWindowSeconds ?? 60;
  if (typeof seconds !== "number" || !Number.isInteger(seconds) || seconds < 1) {
    throw new TypeError(`throttleWindowSeconds: must be a whole number of seconds, 1 or more, not ${String(seconds)}`);
  }
  return {
    userCallsPerWindow: count("userCallsPerMinute"),
    customerCallsPerWindow: options.customerCallsPerMinute !== undefined ? count("customerCallsPerMinute") : count("callsPerMinute"),
    windowMs: seconds * 1000,
  };
}

/**
 * The two sliding windows. A call is counted in both or in neither: a refused call is not counted, so a caller that
 * waits out the window always gets through again, and a call the customer's window refuses does not use up the
 * user's budget either.
 */
export class Throttle {
  private readonly users = new Map<string, number[]>();
  private readonly customers = new Map<string, number[]>();

  constructor(private readonly settings: ThrottleSettings) {}

  /**
   * Admits the call of `userId` on `customerId` at `now` (epoch ms) and counts it, or returns the window that is
   * full without counting anything. The user's window is checked first, as the reference names it first.
   */
  admit(userId: string, customerId: string, now: number): ThrottleRefusal | undefined {
    const { userCallsPerWindow, customerCallsPerWindow, windowMs } = this.settings;
    const user = this.window(this.users, userId, userCallsPerWindow, now);
    if (user && user.length >= userCallsPerWindow) return { scope: "user", key: userId, limit: userCallsPerWindow, windowMs };
    const customer = this.window(this.customers, customerId, customerCallsPerWindow, now);
    if (customer && customer.length >= customerCallsPerWindow) return { scope: "customer", key: customerId, limit: customerCallsPerWindow, windowMs };
    user?.push(now);
    customer?.push(now);
    return undefined;
  }

  /** The calls of `key` still inside the window at `now`, oldest first; undefined when the limit is off. */
  private window(map: Map<string, number[]>, key: string, limit: number, now: number): number[] | undefined {
    if (limit <= 0) return undefined;
    let times = map.get(key);
    if (!times) map.set(key, (times = []));
    while (times.length > 0 && times[0] <= now - this.settings.windowMs) times.shift();
    return times;
  }
}

/** The 117 message: the service's text, then which limit was reached (the emulator's addition, to help debugging). */
export function throttleMessage(base: string, r: ThrottleRefusal): string {
  const who = r.scope === "user" ? `user ${r.key}` : `customer ${r.key}`;
  return `${base} The ${r.scope} limit was reached: ${r.limit} ${r.limit === 1 ? "call" : "calls"} per ${r.windowMs / 1000} seconds for ${who}.`;
}
