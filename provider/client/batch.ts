/** The service's limit of goals (or ids) per call. */
export const MAX_BATCH = 100;

/** Splits a list into consecutive slices of at most `size`, each with its offset in the original list. */
export function chunks<T>(items: readonly T[], size: number): Array<{ start: number; items: T[] }> {
  const out: Array<{ start: number; items: T[] }> = [];
  for (let start = 0; start < items.length; start += size) out.push({ start, items: items.slice(start, start + size) });
  return out;
}
