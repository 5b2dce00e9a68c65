// pulumi-msads/provider: the installed implementations the `__provider` module texts in state require (sdk/provider-module.ts).
import { GoalProvider } from "./resource/provider";
import { GoalRetirementProvider } from "./resource/retirement";

export { GoalProvider, GoalRetirementProvider };
/** The process-wide provider the dynamic-provider host calls; configure() replaces its settings. */
export const provider = new GoalProvider();
/** The provider of GoalRetirement records (the goals program's `unmanagedGoals: retire`); the host calls it the same way. */
export const retirement = new GoalRetirementProvider();
