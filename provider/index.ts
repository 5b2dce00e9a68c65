// pulumi-msads/provider: the installed implementation the serialized trampoline requires.
import { GoalProvider } from "./resource/provider";

export { GoalProvider };
/** The process-wide provider the trampoline delegates to; configure() replaces its settings. */
export const provider = new GoalProvider();
