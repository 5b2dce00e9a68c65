/** The value the engine puts in place of an input that is not known yet (a computed value during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Dotted paths of the unknown values in a goal's inputs ("name", "revenue", "revenue.value"). */
export function unknownPaths(inputs: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(inputs)) {
    if (v === UNKNOWN) out.add(k);
    else if (v && typeof v === "object" && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) if (v2 === UNKNOWN) out.add(`${k}.${k2}`);
    }
  }
  return out;
}

/** The inputs without their unknown values, for validating what is known. */
export function withoutUnknowns(inputs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(inputs)) {
    if (v === UNKNOWN) continue;
    if (v && typeof v === "object" && !Array.isArray(v)) {
      out[k] = Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, v2]) => v2 !== UNKNOWN));
    } else out[k] = v;
  }
  return out;
}

/** True when `path` or one of its parents is unknown. */
export function isUnknown(unknown: ReadonlySet<string>, path: string): boolean {
  const parts = path.split(".");
  return parts.some((_, i) => unknown.has(parts.slice(0, i + 1).join(".")));
}
