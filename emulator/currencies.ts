/**
 * Currency codes the emulator accepts for a goal's revenue; anything else gets 5351 InvalidGoalCurrencyCode.
 *
 * The emulator's own copy of the "Conversion Goal Revenue Currencies" table of the Microsoft Advertising currencies
 * guide, to which the ConversionGoalRevenue reference sends CurrencyCode (MicrosoftDocs/Advertising-docs,
 * Advertising/bingads-13/guides/currencies.md): 100 codes, not the billing currencies (the Turkish lira is TRL here).
 * It is written from the reference, not shared with the provider, so that a wrong assumption on one side shows up
 * as a disagreement instead of being repeated on both.
 */
const CONVERSION_GOAL_REVENUE_CURRENCIES = `
  AED ALL AMD ARS AUD AZN   BDT BGN BHD BND BOB BRL BWP BZD   CAD CHF CLP CNY COP CRC CZK
  DKK DOP DZD   EGP ETB EUR   FJD   GBP GEL GHS GTQ   HKD HNL HRK HUF   IDR ILS INR IQD ISK
  JMD JOD JPY   KES KGS KRW KWD KZT   LBP LKR LYD   MAD MKD MNT MOP MUR MVR MWK MXN MYR
  NGN NIO NOK NZD   OMR   PAB PEN PHP PKR PLN PYG   QAR   RON RSD RUB RWF   SAR SEK SGD
  THB TND TOP TRL TTD TWD TZS   UAH UGX USD UYU UZS   VEF VND   XAF XCD XOF   YER   ZAR ZMW
`;

/** The codes of the table above (100). */
export const GOAL_CURRENCIES: ReadonlySet<string> = new Set(CONVERSION_GOAL_REVENUE_CURRENCIES.trim().split(/\s+/));
