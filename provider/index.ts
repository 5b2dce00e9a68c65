// pulumi-msads/provider: the installed implementation the serialized trampoline requires.
import { GoalProvider } from "./resource/provider";
import { GoalRetirementProvider } from "./resource/retirement";

export { GoalProvider, GoalRetirementProvider };
/** The process-wide provider the trampoline delegates to; configure() replaces its settings. */
export const provider = new GoalProvider();
/** The provider of GoalRetirement records (the goals program's `unmanagedGoals: retire`), delegated to by its trampoline. */
export const retirement = new GoalRetirementProvider();
