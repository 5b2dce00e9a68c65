/**
 * A decimal as canonical text: no exponent, no leading zeros, no trailing fractional zeros ("12.50" → "12.5",
 * 12.5 → "12.5", 1.5e-7 → "0.00000015"). Comparing canonical texts compares values exactly, without binary
 * floating point. A number becomes the shortest text that reads back as it (what `String(n)` gives), with its
 * exponent written out exactly. Returns undefined for anything that is not a finite decimal.
 */
export function canonicalDecimal(v: unknown): string | undefined {
  let text: string;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return undefined;
    text = withoutExponent(String(v));
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

// "1.25e-7" → "0.000000125", "1e+21" → "1000000000000000000000": the digits String(n) chose, moved by the exponent.
// (toFixed would round to 20 places and turn 1.23456789e-15 into 0.00000000000000123457.)
function withoutExponent(s: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const digits = m[2] + (m[3] ?? "");
  const point = m[2].length + Number(m[4]);
  if (point <= 0) return `${m[1]}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return m[1] + digits + "0".repeat(point - digits.length);
  return `${m[1]}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * Most digits a decimal may have, in all and after the point, to be kept exactly by the service: .NET's
 * System.Decimal holds a 96-bit integer (up to 7.9 × 10^28, so every 28-digit integer) and a scale of 0 to 28.
 * Longer values would come back rounded, and the plan would never settle.
 */
export const MAX_DECIMAL_DIGITS = 28;

/** Significant digits (leading zeros excluded) and digits after the point of a canonical decimal. */
export function decimalDigits(canonical: string): { significant: number; fraction: number } {
  const [int, frac = ""] = canonical.replace(/^-/, "").split(".");
  return { significant: (int + frac).replace(/^0+/, "").length, fraction: frac.length };
}

/** Compares two canonical decimals exactly: negative, zero or positive as a is less than, equal to or greater than b. */
export function compareDecimals(a: string, b: string): number {
  const neg = (s: string) => s.startsWith("-");
  if (neg(a) !== neg(b)) return neg(a) ? -1 : 1;
  const sign = neg(a) ? -1 : 1;
  const [ai, af = ""] = a.replace(/^-/, "").split(".");
  const [bi, bf = ""] = b.replace(/^-/, "").split(".");
  if (ai.length !== bi.length) return sign * (ai.length - bi.length);
  const width = Math.max(af.length, bf.length);
  const x = ai + af.padEnd(width, "0");
  const y = bi + bf.padEnd(width, "0");
  return sign * (x < y ? -1 : x > y ? 1 : 0);
}
