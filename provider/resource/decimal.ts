/**
 * A decimal as canonical text: no exponent, no leading zeros, no trailing fractional zeros ("12.50" → "12.5",
 * 12.5 → "12.5"). Comparing canonical texts compares values exactly, without binary floating point.
 * Returns undefined for anything that is not a finite decimal.
 */
export function canonicalDecimal(v: unknown): string | undefined {
  let text: string;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return undefined;
    text = Math.abs(v) < 1e21 && !String(v).includes("e") ? String(v) : v.toFixed(20);
  } else if (typeof v === "string") {
    text = v.trim();
  } else {
    return undefined;
  }
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return undefined;
  const int = m[2].replace(/^0+(?=\d)/, "") || "0";
  const frac = (m[3] ?? "").replace(/0+$/, "");
  const sign = m[1] === "-" && (int !== "0" || frac !== "") ? "-" : "";
  return `${sign}${int}${frac ? `.${frac}` : ""}`;
}
