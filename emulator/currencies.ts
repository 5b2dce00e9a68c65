/**
 * Currency codes the emulator accepts for a goal's revenue. The reference points to the Microsoft
 * Advertising currencies guide, which is not in shared/reference; this is the emulator's own list of the
 * currencies Microsoft Advertising bills in, and anything else gets 5351 InvalidGoalCurrencyCode.
 */
export const GOAL_CURRENCIES: ReadonlySet<string> = new Set([
  "AED", "ARS", "AUD", "BGN", "BRL", "CAD", "CHF", "CLP", "CNY", "COP", "CZK", "DKK", "EGP", "EUR", "GBP",
  "HKD", "HUF", "IDR", "ILS", "INR", "JPY", "KRW", "MXN", "MYR", "NOK", "NZD", "PEN", "PHP", "PLN", "RON",
  "SAR", "SEK", "SGD", "THB", "TRY", "TWD", "USD", "VND", "ZAR",
]);
