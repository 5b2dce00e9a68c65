/** The longest key the goals file accepts (goal-config.ts GoalKey: 63 characters). */
export const MAX_KEY_LENGTH = 63;

/**
 * A goals-file key from a display name: lower case, accents dropped, every run of other characters as one "-",
 * at most 63 characters, "goal" when nothing is left. Deterministic, so a second audit proposes the same keys.
 */
export function keyFromName(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_KEY_LENGTH)
    .replace(/-+$/, "");
  return base === "" ? "goal" : base;
}

/**
 * Keys for goals to adopt, in the order given: each from its name (keyFromName), with "-2", "-3", … when the key is
 * taken, by the file or by an earlier goal of the list (the base is shortened so the suffix fits). `taken` is not
 * changed.
 */
export function assignKeys(names: readonly string[], taken: Iterable<string>): string[] {
  const used = new Set(taken);
  return names.map((name) => {
    const base = keyFromName(name);
    let key = base;
    for (let n = 2; used.has(key); n++) {
      const suffix = `-${n}`;
      key = base.slice(0, MAX_KEY_LENGTH - suffix.length).replace(/-+$/, "") + suffix;
    }
    used.add(key);
    return key;
  });
}
