import { z } from "zod";

/** Every ConversionGoalCategory the service knows, in WSDL order. */
export const GOAL_CATEGORIES = [
  "Unknown", "None", "Purchase", "AddToCart", "BeginCheckout", "Subscribe", "SubmitLeadForm", "BookAppointment",
  "Signup", "RequestQuote", "GetDirections", "OutboundClick", "Contact", "PageView", "Download", "Other",
] as const;

/** The categories the service accepts for an offline conversion goal. */
export const OFFLINE_GOAL_CATEGORIES = [
  "AddToCart", "BeginCheckout", "BookAppointment", "Contact", "GetDirections", "Other", "OutboundClick",
  "PageView", "Purchase", "RequestQuote", "Signup", "SubmitLeadForm", "Subscribe",
] as const;

export const REVENUE_TYPES = ["FixedValue", "VariableValue", "NoValue"] as const;
export const COUNT_TYPES = ["All", "Unique"] as const;
export const SCOPES = ["Account", "Customer"] as const;
/** Deleted is internal to the service; Get never returns it, but the type allows it. */
export const GOAL_STATUSES = ["Active", "Paused", "Deleted"] as const;
export const TRACKING_STATUSES = [
  "TagUnverified", "NoRecentConversions", "RecordingConversions", "TagInactive", "InactiveDueToTagUnavailable",
] as const;

/** A decimal as text, so that 0.1 + 0.2 never travels as 0.30000000000000004. */
export const DecimalText = z.string().regex(/^[+-]?(\d+(\.\d*)?|\.\d+)$/, "must be a decimal number written as text");
/** An xs:long as text: ids exceed 2^53, so they never become JS numbers. */
export const LongText = z.string().regex(/^-?\d{1,19}$/, "must be a whole number written as text");

/** Revenue of a goal: how much a conversion is worth. */
export const RevenueSchema = z.object({
  /** FixedValue, VariableValue or NoValue. */
  type: z.enum(REVENUE_TYPES).optional(),
  /** The value as decimal text; required for FixedValue, forbidden for NoValue. */
  value: DecimalText.optional(),
  /** ISO 4217 code; the account's currency when omitted on an Account-scope goal. */
  currencyCode: z.string().optional(),
});
export type Revenue = z.infer<typeof RevenueSchema>;

/**
 * An offline conversion goal as the client sends and receives it, in camelCase. Every field is optional because
 * Update sends only what changes and the service may omit what it does not return.
 */
export const ConversionGoalSchema = z.object({
  /** The service's id (xs:long as text); absent on add, required on update. */
  id: LongText.optional(),
  /** Display name, unique among the goals of the customer (case-insensitive), at most 100 characters. */
  name: z.string().optional(),
  /** What the conversion means; offline goals accept OFFLINE_GOAL_CATEGORIES only. */
  goalCategory: z.enum(GOAL_CATEGORIES).optional(),
  /** Minutes after a click during which a conversion counts, 1..129600. */
  conversionWindowInMinutes: z.number().int().optional(),
  /** All: every conversion counts; Unique: one per click. */
  countType: z.enum(COUNT_TYPES).optional(),
  /** True keeps the goal out of automated bidding. */
  excludeFromBidding: z.boolean().optional(),
  revenue: RevenueSchema.optional(),
  /** Account or Customer; read-only after creation. */
  scope: z.enum(SCOPES).optional(),
  status: z.enum(GOAL_STATUSES).optional(),
  /** Read-only: whether conversions are being recorded. */
  trackingStatus: z.enum(TRACKING_STATUSES).optional(),
  /** Reserved by the service for externally attributed conversions. */
  isExternallyAttributed: z.boolean().optional(),
  /** Read-only: the goal's type; OfflineConversion for the goals this client manages. */
  type: z.string().optional(),
});
export type ConversionGoal = z.infer<typeof ConversionGoalSchema>;
