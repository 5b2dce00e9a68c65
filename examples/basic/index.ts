// One goal in a TypeScript program. In your own project: npm install pulumi-msads @pulumi/pulumi.
import { OfflineConversionGoal } from "pulumi-msads";

const leads = new OfflineConversionGoal("leads", {
  name: "Leads (basic example)",
  goalCategory: "SubmitLeadForm",
  conversionWindowInMinutes: 10080, // 7 days
  revenue: { type: "FixedValue", value: "12.50" }, // the account's currency
});

/** The service's id of the goal, for offline conversion uploads. */
export const goalId = leads.goalId;
export const currency = leads.revenue.apply((r) => r.currencyCode);
