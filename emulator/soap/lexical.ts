/** A request that WCF could not deserialize: answered as a DeserializationFailed fault, nothing applied. */
export class DeserializationError extends Error {}

const INT = /^[+-]?[0-9]+$/;
const DECIMAL = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;

/** xs:int. */
export function readInt(text: string, where: string): number {
  const t = text.trim();
  const n = INT.test(t) ? Number(t) : NaN;
  if (!Number.isInteger(n) || n < -2147483648 || n > 2147483647) throw new DeserializationError(`${where}: '${text}' is not a valid value for type int.`);
  return n;
}

/** xs:long, kept as its canonical decimal string: ids can exceed 2^53. */
export function readLong(text: string, where: string): string {
  const t = text.trim();
  if (!INT.test(t)) throw new DeserializationError(`${where}: '${text}' is not a valid value for type long.`);
  const n = BigInt(t);
  if (n < -(2n ** 63n) || n > 2n ** 63n - 1n) throw new DeserializationError(`${where}: '${text}' is out of range for type long.`);
  return n.toString();
}

/** xs:boolean. */
export function readBoolean(text: string, where: string): boolean {
  const t = text.trim();
  if (t === "true" || t === "1") return true;
  if (t === "false" || t === "0") return false;
  throw new DeserializationError(`${where}: '${text}' is not a valid value for type boolean.`);
}

/**
 * xs:decimal, canonicalised the way .NET's decimal keeps it: sign and leading zeros dropped, the scale
 * (trailing zeros) kept, so "010.50" comes back as "10.50".
 */
export function readDecimal(text: string, where: string): string {
  const m = DECIMAL.exec(text.trim());
  if (!m) throw new DeserializationError(`${where}: '${text}' is not a valid value for type decimal.`);
  const [rawInt, frac = ""] = m[2].split(".");
  const intPart = rawInt.replace(/^0+(?=.)/, "") || "0";
  const digits = intPart + frac;
  if (digits.replace(/^0+/, "").length > 29) throw new DeserializationError(`${where}: '${text}' is out of range for type decimal.`);
  const body = frac ? `${intPart}.${frac}` : intPart;
  return m[1] === "-" && /[1-9]/.test(digits) ? `-${body}` : body;
}

/** A value of an enumeration that WCF deserializes strictly: anything else fails the whole request. */
export function readEnum<T extends string>(text: string, values: readonly T[], where: string): T {
  const t = text.trim();
  if ((values as readonly string[]).includes(t)) return t as T;
  throw new DeserializationError(`${where}: '${text}' is not a valid value; expected one of ${values.join(", ")}.`);
}
