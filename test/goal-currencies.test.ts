import { strict as assert } from "node:assert";
import { GOAL_CURRENCIES as EMULATOR_CURRENCIES } from "../emulator/currencies";
import { GOAL_CURRENCIES as PROVIDER_CURRENCIES } from "../provider/client/limits";

// The "Conversion Goal Revenue Currencies" table of the Microsoft Advertising currencies guide
// (MicrosoftDocs/Advertising-docs, Advertising/bingads-13/guides/currencies.md), transcribed a third time here so
// that neither side's copy is its own yardstick.
const DOCUMENTED = `
  AED ALL AMD ARS AUD AZN BDT BGN BHD BND BOB BRL BWP BZD CAD CHF CLP CNY COP CRC
  CZK DKK DOP DZD EGP ETB EUR FJD GBP GEL GHS GTQ HKD HNL HRK HUF IDR ILS INR IQD
  ISK JMD JOD JPY KES KGS KRW KWD KZT LBP LKR LYD MAD MKD MNT MOP MUR MVR MWK MXN
  MYR NGN NIO NOK NZD OMR PAB PEN PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SEK SGD
  THB TND TOP TRL TTD TWD TZS UAH UGX USD UYU UZS VEF VND XAF XCD XOF YER ZAR ZMW
`
  .trim()
  .split(/\s+/);

const sorted = (codes: Iterable<string>) => [...codes].sort();

describe("goal revenue currencies: the provider's and the emulator's tables", () => {
  it("transcribes the documented table: 100 distinct codes", () => {
    assert.equal(DOCUMENTED.length, 100);
    assert.equal(new Set(DOCUMENTED).size, 100);
  });

  it("the provider's plan-time list holds exactly the documented codes", () => {
    assert.deepEqual(sorted(PROVIDER_CURRENCIES), sorted(DOCUMENTED));
  });

  it("the emulator's own table holds exactly the documented codes", () => {
    assert.deepEqual(sorted(EMULATOR_CURRENCIES), sorted(DOCUMENTED));
  });

  it("the two sides agree code for code", () => {
    assert.deepEqual(sorted(EMULATOR_CURRENCIES), sorted(PROVIDER_CURRENCIES));
  });

  it("spells the Turkish lira TRL, as the table does, and has no billing-only TRY", () => {
    for (const table of [PROVIDER_CURRENCIES, EMULATOR_CURRENCIES]) {
      assert.ok(table.has("TRL"));
      assert.ok(!table.has("TRY"));
    }
  });
});
