// The service's rules that a plan can check before any call. The emulator enforces the same figures from its own tables.

/** Name: 1..100 characters, unique among the customer's goals regardless of case. */
export const MAX_GOAL_NAME_LENGTH = 100;
/** ConversionWindowInMinutes: 1 minute to 90 days. */
export const MIN_CONVERSION_WINDOW_MINUTES = 1;
export const MAX_CONVERSION_WINDOW_MINUTES = 129_600;
export const DEFAULT_CONVERSION_WINDOW_MINUTES = 43_200;
/** The reference prints the upper bound of Revenue.Value as "999,9999"; read as 9,999,999. */
export const MAX_REVENUE_VALUE = 9_999_999;

/**
 * Currency codes a goal's revenue accepts (Revenue.CurrencyCode): the 100 codes of the "Conversion Goal Revenue
 * Currencies" table of the Microsoft Advertising currencies guide, which the ConversionGoalRevenue reference points
 * to (MicrosoftDocs/Advertising-docs, Advertising/bingads-13/guides/currencies.md). They are not the billing
 * currencies: the Turkish lira is TRL there, and TRY is refused. The emulator keeps its own copy of the table.
 */
export const GOAL_CURRENCIES: ReadonlySet<string> = new Set([
  "AED", "ALL", "AMD", "ARS", "AUD", "AZN", "BDT", "BGN", "BHD", "BND", "BOB", "BRL", "BWP", "BZD", "CAD",
  "CHF", "CLP", "CNY", "COP", "CRC", "CZK", "DKK", "DOP", "DZD", "EGP", "ETB", "EUR", "FJD", "GBP", "GEL",
  "GHS", "GTQ", "HKD", "HNL", "HRK", "HUF", "IDR", "ILS", "INR", "IQD", "ISK", "JMD", "JOD", "JPY", "KES",
  "KGS", "KRW", "KWD", "KZT", "LBP", "LKR", "LYD", "MAD", "MKD", "MNT", "MOP", "MUR", "MVR", "MWK", "MXN",
  "MYR", "NGN", "NIO", "NOK", "NZD", "OMR", "PAB", "PEN", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD",
  "RUB", "RWF", "SAR", "SEK", "SGD", "THB", "TND", "TOP", "TRL", "TTD", "TWD", "TZS", "UAH", "UGX", "USD",
  "UYU", "UZS", "VEF", "VND", "XAF", "XCD", "XOF", "YER", "ZAR", "ZMW",
]);
