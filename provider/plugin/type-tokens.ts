// The goal resource's type tokens: one implementation behind two front doors (README "Two front doors").

/** The native provider plugin's resource (pulumi-resource-msads, package `msads`). */
export const NATIVE_GOAL_TYPE = "msads:index:OfflineConversionGoal";

/** The dynamic resource (the Node.js SDK's OfflineConversionGoal, served by the dynamic-provider host). */
export const DYNAMIC_GOAL_TYPE = "pulumi-nodejs:dynamic/msads:OfflineConversionGoal";

/** Every type token under which a stack's state may hold a goal (a stack may hold both while it migrates). */
export const GOAL_TYPES: readonly string[] = [NATIVE_GOAL_TYPE, DYNAMIC_GOAL_TYPE];
