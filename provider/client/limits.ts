// The service's rules that a plan can check before any call. The emulator enforces the same figures.

/** Name: 1..100 characters, unique among the customer's goals regardless of case. */
export const MAX_GOAL_NAME_LENGTH = 100;
/** ConversionWindowInMinutes: 1 minute to 90 days. */
export const MIN_CONVERSION_WINDOW_MINUTES = 1;
export const MAX_CONVERSION_WINDOW_MINUTES = 129_600;
export const DEFAULT_CONVERSION_WINDOW_MINUTES = 43_200;
/** The reference prints the upper bound of Revenue.Value as "999,9999"; read as 9,999,999. */
export const MAX_REVENUE_VALUE = 9_999_999;

/**
 * Currency codes accepted for a goal's revenue. The reference points to the Microsoft Advertising currencies
 * guide, which is not in shared/reference: these are the currencies Microsoft Advertising bills in.
 */
export const GOAL_CURRENCIES: ReadonlySet<string> = new Set([
  "AED", "ARS", "AUD", "BGN", "BRL", "CAD", "CHF", "CLP", "CNY", "COP", "CZK", "DKK", "EGP", "EUR", "GBP",
  "HKD", "HUF", "IDR", "ILS", "INR", "JPY", "KRW", "MXN", "MYR", "NOK", "NZD", "PEN", "PHP", "PLN", "RON",
  "SAR", "SEK", "SGD", "THB", "TRY", "TWD", "USD", "VND", "ZAR",
]);
