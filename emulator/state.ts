import { createHash } from "node:crypto";
import { z } from "zod";

/** Categories the reference allows for offline conversion goals. */
export const OFFLINE_GOAL_CATEGORIES = [
  "AddToCart",
  "BeginCheckout",
  "BookAppointment",
  "Contact",
  "GetDirections",
  "Other",
  "OutboundClick",
  "PageView",
  "Purchase",
  "RequestQuote",
  "Signup",
  "SubmitLeadForm",
  "Subscribe",
] as const;

/** Every value of the ConversionGoalCategory enumeration in the WSDL. */
export const ALL_GOAL_CATEGORIES = [...OFFLINE_GOAL_CATEGORIES, "Unknown", "None", "Download"] as const;

/** Goal types of the ConversionGoalType list in the WSDL, with the xsi:type of each. */
export const GOAL_TYPES = {
  Url: "UrlGoal",
  Duration: "DurationGoal",
  PagesViewedPerVisit: "PagesViewedPerVisitGoal",
  Event: "EventGoal",
  AppInstall: "AppInstallGoal",
  OfflineConversion: "OfflineConversionGoal",
  InStoreTransaction: "InStoreTransactionGoal",
  AppDownload: "AppDownloadGoal",
} as const;
export type GoalType = keyof typeof GOAL_TYPES;

const Id = z.string().regex(/^[1-9][0-9]{0,18}$/, "must be a positive integer written as a string");
const Currency = z.string().regex(/^[A-Z]{3}$/, "must be a three-letter currency code");

const AccountSchema = z.object({
  id: Id,
  name: z.string().default(""),
  currencyCode: Currency,
  /** Set by the service whenever a goal of the account is added or updated (see the reference). */
  msclkidAutoTaggingEnabled: z.boolean().default(false),
});

const CustomerSchema = z.object({ id: Id, name: z.string().default(""), accounts: z.array(AccountSchema) });

const UserSchema = z.object({ id: z.string().min(1), customerIds: z.array(Id) });

const OAuthClientSchema = z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1).optional() });

const GoalSchema = z.object({
  id: Id,
  customerId: Id,
  /** The account the goal was added through: its owner when Scope is Account. */
  accountId: Id,
  type: z.enum(Object.keys(GOAL_TYPES) as [GoalType, ...GoalType[]]),
  name: z.string(),
  /** Null only for goal types without a category; an offline goal holds an offline category, or None (legacy). */
  goalCategory: z.enum(ALL_GOAL_CATEGORIES).nullable(),
  conversionWindowInMinutes: z.number().int(),
  countType: z.enum(["All", "Unique"]),
  excludeFromBidding: z.boolean(),
  revenue: z.object({
    type: z.enum(["FixedValue", "VariableValue", "NoValue"]),
    value: z.string().nullable(),
    currencyCode: z.string().nullable(),
  }),
  scope: z.enum(["Account", "Customer"]),
  status: z.enum(["Active", "Paused", "Deleted"]),
  isExternallyAttributed: z.boolean().nullable(),
}).superRefine((g, ctx) => {
  // Goals added before June 2021 without a category hold None (ConversionGoal.GoalCategory, "Add: Required as of
  // June 2021"); a seed may hold such legacy goals, but no other category that offline goals do not accept.
  if (g.type !== "OfflineConversion") return;
  const allowed: readonly string[] = [...OFFLINE_GOAL_CATEGORIES, "None"];
  if (g.goalCategory === null || !allowed.includes(g.goalCategory)) {
    ctx.addIssue({
      code: "custom",
      path: ["goalCategory"],
      message: `an offline conversion goal holds one of ${OFFLINE_GOAL_CATEGORIES.join(", ")}, or None (a goal added before June 2021)`,
    });
  }
});
export type Goal = z.infer<typeof GoalSchema>;

/** A seed: the tenancy, credentials and goals an emulator starts with (a JSON file for --seed). */
export const SeedSchema = z.object({
  developerTokens: z.array(z.string().min(1)).min(1),
  customers: z.array(CustomerSchema),
  users: z.array(UserSchema),
  oauthClients: z.array(OAuthClientSchema),
  refreshTokens: z.array(
    z.object({
      token: z.string().min(1),
      clientId: z.string().min(1),
      userId: z.string().min(1),
      /**
       * When the token was issued (ISO 8601 date-time): it then expires like an issued one. Without it a seed token
       * never expires, so the documented seed credentials keep working in a store kept with --data.
       */
      issuedAt: z.iso.datetime({ offset: true }).optional(),
    }),
  ),
  goals: z.array(GoalSchema).default([]),
  /** Ids are handed out from here; the default is above 2^53 so that a client that turns ids into numbers fails visibly. */
  firstGoalId: Id.default("9007199254741001"),
});
export type Seed = z.input<typeof SeedSchema>;

const TokenRecord = z.object({
  /** sha256 of the token: the store (and /_emulator/state, and the data file) never holds a usable token. */
  hash: z.string(),
  clientId: z.string(),
  userId: z.string(),
  revoked: z.boolean().default(false),
  expiresAt: z.number().optional(),
  /** Refresh tokens: when issued, in epoch milliseconds (their lifetime counts from here); absent for ageless seed tokens. */
  issuedAt: z.number().optional(),
});
export type TokenRecord = z.infer<typeof TokenRecord>;

/** Everything the emulator keeps, as persisted by --data. */
export const StateSchema = z.object({
  version: z.literal(1),
  developerTokens: z.array(z.string()),
  customers: z.array(CustomerSchema),
  users: z.array(UserSchema),
  oauthClients: z.array(OAuthClientSchema),
  refreshTokens: z.array(TokenRecord),
  accessTokens: z.array(TokenRecord),
  goals: z.array(GoalSchema),
  nextGoalId: Id,
});
export type State = z.infer<typeof StateSchema>;
export type Account = z.infer<typeof AccountSchema>;
export type Customer = z.infer<typeof CustomerSchema>;

/** The seed documented in the README: sandbox developer token, one customer with a USD and a EUR account. */
export const DEFAULT_SEED: Seed = {
  developerTokens: ["BBD37VB98"],
  customers: [
    {
      id: "1000001",
      name: "Contoso (emulated)",
      accounts: [
        { id: "2000001", name: "Contoso US", currencyCode: "USD" },
        { id: "2000002", name: "Contoso EU", currencyCode: "EUR" },
      ],
    },
  ],
  users: [{ id: "emulator-user", customerIds: ["1000001"] }],
  oauthClients: [{ clientId: "msads-emulator-client" }],
  refreshTokens: [{ token: "emulator-refresh-token", clientId: "msads-emulator-client", userId: "emulator-user" }],
};

/** One-way digest under which tokens are stored and looked up. */
export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/** Builds a fresh state from a seed, validating it (errors name the seed path). */
export function stateFromSeed(seed: unknown): State {
  const parsed = SeedSchema.safeParse(seed);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(seed)"}: ${i.message}`);
    throw new Error(`invalid emulator seed: ${issues.join("; ")}`);
  }
  const s = parsed.data;
  let next = BigInt(s.firstGoalId);
  for (const g of s.goals) if (BigInt(g.id) >= next) next = BigInt(g.id) + 1n;
  return {
    version: 1,
    developerTokens: s.developerTokens,
    customers: s.customers,
    users: s.users,
    oauthClients: s.oauthClients,
    refreshTokens: s.refreshTokens.map((t) => ({
      hash: tokenHash(t.token),
      clientId: t.clientId,
      userId: t.userId,
      revoked: false,
      ...(t.issuedAt === undefined ? {} : { issuedAt: Date.parse(t.issuedAt) }),
    })),
    accessTokens: [],
    goals: s.goals,
    nextGoalId: next.toString(),
  };
}
