// Values as the engine sends them to a provider that accepts secrets (ConfigureResponse.acceptSecrets), and back.
// A secret travels as an object tagged with the secret signature (pulumi sdk/go/common/resource/sig); the step code
// works on plain values, so secrets are taken off on the way in and put back on the way out at the same paths.

/** The key that tags a special value, and its value for a secret (pulumi sdk/go/common/resource/sig/sig.go). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A value with its secrets taken off, and the dotted paths ("name", "revenue.value") where they were. */
export interface Revealed<T> {
  value: T;
  secretPaths: string[];
}

function isSecret(v: unknown): v is { value: unknown } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** Takes every secret wrapper off (nested ones too), recording where each was. Arrays keep their indices in paths. */
export function reveal<T = Record<string, unknown>>(v: unknown, at = ""): Revealed<T> {
  const secretPaths: string[] = [];
  const walk = (x: unknown, path: string): unknown => {
    if (isSecret(x)) {
      secretPaths.push(path);
      return walk(x.value, path);
    }
    if (Array.isArray(x)) return x.map((e, i) => walk(e, path ? `${path}.${i}` : String(i)));
    if (typeof x === "object" && x !== null) {
      return Object.fromEntries(Object.entries(x).map(([k, e]) => [k, walk(e, path ? `${path}.${k}` : k)]));
    }
    return x;
  };
  return { value: walk(v, at) as T, secretPaths: [...new Set(secretPaths)] };
}

/** Wraps `v` as a secret. */
export function secret(v: unknown): Record<string, unknown> {
  return { [SIG_KEY]: SECRET_SIG, value: v };
}

/** Puts secret wrappers back at `paths` (as reveal recorded them); paths that no longer exist are skipped. */
export function conceal<T>(v: T, paths: readonly string[]): T {
  if (paths.length === 0) return v;
  // The root wrapped whole keeps the secrets inside it: conceal them first (dropping them would lose a nested
  // secret once the outer one is taken off again).
  if (paths.includes("")) return secret(conceal(v, paths.filter((p) => p !== ""))) as T;
  const copy = structuredClone(v) as unknown;
  // Deepest first, so that wrapping a parent does not hide a child path.
  for (const path of [...paths].sort((a, b) => b.split(".").length - a.split(".").length)) {
    const parts = path.split(".");
    let parent = copy as Record<string, unknown> | undefined;
    for (const p of parts.slice(0, -1)) parent = parent && Object.hasOwn(parent, p) && typeof parent[p] === "object" ? (parent[p] as Record<string, unknown>) : undefined;
    const last = parts[parts.length - 1];
    // Own members only: `in` would also find Object.prototype's (a path "constructor" would wrap a function in).
    if (parent && typeof parent === "object" && Object.hasOwn(parent, last) && !isSecret(parent[last])) parent[last] = secret(parent[last]);
  }
  return copy as T;
}
