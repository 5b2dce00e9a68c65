"""Offline conversion goals in Python, on the SDK generated from the msads plugin's schema."""
import pulumi
import pulumi_msads as msads

qualified_leads = msads.OfflineConversionGoal(
    "qualifiedLeads",
    name="Qualified leads",
    goal_category=msads.GoalCategory.SUBMIT_LEAD_FORM,
    conversion_window_in_minutes=43200,
    revenue=msads.RevenueArgs(type=msads.RevenueType.FIXED_VALUE, value=25),
)

store_purchases = msads.OfflineConversionGoal(
    "storePurchases",
    name="Store purchases",
    goal_category="Purchase",
    revenue=msads.RevenueArgs(type="VariableValue", value="49.90"),
)

pulumi.export("qualifiedLeadsGoalId", qualified_leads.goal_id)
pulumi.export("storePurchasesGoalId", store_purchases.goal_id)
