// pulumi-msads: the OfflineConversionGoal resource and its types.
export { OfflineConversionGoal } from "./offline-conversion-goal";
export type { OfflineConversionGoalArgs, RevenueArgs, RevenueOutput } from "./offline-conversion-goal";
export type { GoalInputs } from "../provider/resource/schema";
export { GoalInputsSchema } from "../provider/resource/schema";
export { OFFLINE_GOAL_CATEGORIES } from "../provider/client/goal";
export { GoalConfigError, GoalConfigSchema, GoalEntrySchema, loadGoalConfig, parseGoalConfig } from "./goal-config";
export type { GoalConfig, GoalConfigIssue, GoalEntry } from "./goal-config";
export { GoalRetirement } from "./goal-retirement";
export { reconcileUnmanagedGoals, retirementOf, unmanagedGoalMode, UNMANAGED_GOAL_MODES } from "./unmanaged-goals";
export type { DeclaredGoalResource, UnmanagedGoalMode, UnmanagedGoalSummary } from "./unmanaged-goals";
