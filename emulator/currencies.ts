/**
 * Currency codes the emulator accepts for a goal's revenue; anything else gets 5351 InvalidGoalCurrencyCode.
 * The list is data shared with the provider's plan-time check (one list, so the two never disagree); the
 * emulator's rules themselves are its own code.
 */
export { GOAL_CURRENCIES } from "../provider/client/limits";
