import { Account, Customer, Goal, State, TokenRecord } from "./state";

/** Mutations of one request: applied in memory, persisted once, undone if persisting fails. */
export interface Tx {
  putGoal(goal: Goal): void;
  allocateGoalId(): string;
  setAutoTagging(accountIds: string[]): void;
  /** Adds an access token and forgets those expired for more than a day (until then they still answer 109). */
  addAccessToken(record: TokenRecord, now: number): void;
  addRefreshToken(record: TokenRecord): void;
  revokeRefreshToken(hash: string): void;
}

/** The emulator's data, with the indexes its rules need (name uniqueness, visibility, limits). */
export class Store {
  private goals = new Map<string, Goal>();
  /** customerId → lower-cased name → goal id, for goals that hold their name (every status but Deleted). */
  private names = new Map<string, Map<string, string>>();
  private accounts = new Map<string, { account: Account; customer: Customer }>();
  /** Running goal counts for the limits: Add must not rescan every goal (it slowed as the store grew). */
  private accountCounts = new Map<string, number>();
  private customerCounts = new Map<string, number>();
  /** Tokens by digest: every SOAP call looks one up, and the lists grow with every redemption. */
  private accessByHash = new Map<string, TokenRecord>();
  private refreshByHash = new Map<string, TokenRecord>();

  constructor(
    private state: State,
    private readonly persist?: (state: State) => void,
  ) {
    this.reindex();
  }

  private reindex(): void {
    this.goals = new Map(this.state.goals.map((g) => [g.id, g]));
    this.names = new Map();
    this.accountCounts = new Map();
    this.customerCounts = new Map();
    for (const g of this.state.goals) this.index(g);
    this.indexTokens();
    this.accounts = new Map();
    for (const customer of this.state.customers) for (const account of customer.accounts) this.accounts.set(account.id, { account, customer });
  }

  private indexTokens(): void {
    this.accessByHash = new Map(this.state.accessTokens.map((t) => [t.hash, t]));
    this.refreshByHash = new Map(this.state.refreshTokens.map((t) => [t.hash, t]));
  }

  /** Adds a goal to the name index and the limit counts (Deleted goals hold neither). */
  private index(g: Goal): void {
    if (g.status === "Deleted") return;
    this.count(g, 1);
    let m = this.names.get(g.customerId);
    if (!m) this.names.set(g.customerId, (m = new Map()));
    m.set(nameKey(g.name), g.id);
  }

  private count(g: Goal, delta: number): void {
    this.customerCounts.set(g.customerId, (this.customerCounts.get(g.customerId) ?? 0) + delta);
    if (g.scope === "Account") this.accountCounts.set(g.accountId, (this.accountCounts.get(g.accountId) ?? 0) + delta);
  }

  private unindex(g: Goal): void {
    if (g.status !== "Deleted") this.count(g, -1);
    const m = this.names.get(g.customerId);
    if (m && m.get(nameKey(g.name)) === g.id) m.delete(nameKey(g.name));
  }

  /** Replaces the whole state (reset) and persists it. */
  replace(state: State): void {
    const previous = this.state;
    this.state = state;
    this.reindex();
    try {
      this.persist?.(state);
    } catch (e) {
      this.state = previous;
      this.reindex();
      throw e;
    }
  }

  /** A deep copy, safe to serialise for /_emulator/state. */
  snapshot(): State {
    return structuredClone(this.state);
  }

  get developerTokens(): readonly string[] {
    return this.state.developerTokens;
  }

  customer(id: string): Customer | undefined {
    return this.state.customers.find((c) => c.id === id);
  }

  /** The account and the customer that owns it. */
  account(id: string): { account: Account; customer: Customer } | undefined {
    return this.accounts.get(id);
  }

  userCanAccess(userId: string, customerId: string): boolean {
    return this.state.users.some((u) => u.id === userId && u.customerIds.includes(customerId));
  }

  oauthClient(clientId: string) {
    return this.state.oauthClients.find((c) => c.clientId === clientId);
  }

  refreshToken(hash: string): TokenRecord | undefined {
    return this.refreshByHash.get(hash);
  }

  accessToken(hash: string): TokenRecord | undefined {
    return this.accessByHash.get(hash);
  }

  /** Revokes one refresh token (by digest) or, without one, all of them; returns how many were revoked. */
  revokeRefreshTokens(hash?: string): number {
    return this.transact((tx) => {
      const targets = this.state.refreshTokens.filter((t) => !t.revoked && (hash === undefined || t.hash === hash));
      for (const t of targets) tx.revokeRefreshToken(t.hash);
      return targets.length;
    });
  }

  goal(id: string): Goal | undefined {
    return this.goals.get(id);
  }

  /** The goal that holds a name within a customer (names compare case-insensitively). */
  nameHolder(customerId: string, name: string): Goal | undefined {
    const id = this.names.get(customerId)?.get(nameKey(name));
    return id === undefined ? undefined : this.goals.get(id);
  }

  /** Goals a request made through this account may see: its own Account-scope goals and the customer's Customer-scope goals. */
  isVisible(goal: Goal, customerId: string, accountId: string): boolean {
    if (goal.customerId !== customerId || goal.status === "Deleted") return false;
    return goal.scope === "Customer" || goal.accountId === accountId;
  }

  visibleGoals(customerId: string, accountId: string): Goal[] {
    return this.state.goals.filter((g) => this.isVisible(g, customerId, accountId));
  }

  /** Goals counted against the account limit: the account's own Account-scope goals, paused ones included. */
  accountGoalCount(accountId: string): number {
    return this.accountCounts.get(accountId) ?? 0;
  }

  customerGoalCount(customerId: string): number {
    return this.customerCounts.get(customerId) ?? 0;
  }

  /** Runs fn with a transaction; if fn throws or the state cannot be persisted, nothing of it remains. */
  transact<T>(fn: (tx: Tx) => T): T {
    const undo: Array<() => void> = [];
    let dirty = false;
    const tx: Tx = {
      putGoal: (goal) => {
        dirty = true;
        const old = this.goals.get(goal.id);
        const at = old ? this.state.goals.indexOf(old) : -1;
        if (old) {
          this.unindex(old);
          this.state.goals[at] = goal;
        } else {
          this.state.goals.push(goal);
        }
        this.goals.set(goal.id, goal);
        this.index(goal);
        undo.push(() => {
          this.unindex(goal);
          if (old) {
            this.state.goals[at] = old;
            this.goals.set(old.id, old);
            this.index(old);
          } else {
            this.state.goals.pop();
            this.goals.delete(goal.id);
          }
        });
      },
      allocateGoalId: () => {
        dirty = true;
        const id = this.state.nextGoalId;
        this.state.nextGoalId = (BigInt(id) + 1n).toString();
        undo.push(() => (this.state.nextGoalId = id));
        return id;
      },
      setAutoTagging: (accountIds) => {
        for (const id of accountIds) {
          const entry = this.accounts.get(id);
          if (!entry || entry.account.msclkidAutoTaggingEnabled) continue;
          dirty = true;
          entry.account.msclkidAutoTaggingEnabled = true;
          undo.push(() => (entry.account.msclkidAutoTaggingEnabled = false));
        }
      },
      addAccessToken: (record, now) => {
        dirty = true;
        const before = this.state.accessTokens;
        this.state.accessTokens = [...before.filter((t) => (t.expiresAt ?? Infinity) > now - 24 * 3600_000), record];
        this.indexTokens();
        undo.push(() => {
          this.state.accessTokens = before;
          this.indexTokens();
        });
      },
      addRefreshToken: (record) => {
        dirty = true;
        this.state.refreshTokens.push(record);
        this.refreshByHash.set(record.hash, record);
        undo.push(() => {
          this.state.refreshTokens.pop();
          this.refreshByHash.delete(record.hash);
        });
      },
      revokeRefreshToken: (hash) => {
        const t = this.refreshByHash.get(hash);
        if (!t || t.revoked) return;
        dirty = true;
        t.revoked = true;
        undo.push(() => (t.revoked = false));
      },
    };
    try {
      const result = fn(tx);
      if (dirty) this.persist?.(this.state);
      return result;
    } catch (e) {
      for (const u of undo.reverse()) u();
      throw e;
    }
  }
}

function nameKey(name: string): string {
  return name.toLowerCase();
}
