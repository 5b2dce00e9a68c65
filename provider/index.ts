// pulumi-msads/provider: the installed implementation the `__provider` module text in state requires (sdk/provider-module.ts).
import { GoalProvider } from "./resource/provider";

export { GoalProvider };
/** The process-wide provider the dynamic-provider host calls; configure() replaces its settings. */
export const provider = new GoalProvider();
