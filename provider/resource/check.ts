import { ConfigError, placementOf, ProviderSettings } from "./config";
import { goalInputsSchema, PropertyFailure, schemaFailures } from "./schema";
import { isUnknown, unknownPaths, withoutUnknowns } from "./unknowns";

/** Properties the engine adds to every dynamic resource's inputs. */
export const ENGINE_KEYS = ["__provider"];

/**
 * Validates declared inputs with the one goal schema and reports every violation at once, each with its property
 * path and rule. Values not known yet (preview) are not judged, nor the cross-field rules they take part in.
 */
export function checkInputs(news: Record<string, unknown>): { inputs: Record<string, unknown>; failures: PropertyFailure[] } {
  const declared = Object.fromEntries(Object.entries(news).filter(([k]) => !ENGINE_KEYS.includes(k)));
  const unknown = unknownPaths(declared);
  const known = withoutUnknowns(declared);
  const parsed = goalInputsSchema(unknown).safeParse(known);
  const failures = parsed.success ? [] : schemaFailures(parsed.error, known).filter((f) => !isUnknown(unknown, f.property));
  return { inputs: news, failures };
}

/**
 * A goal that sets no customerId (or accountId) where the provider has none either: failed at check, so that a
 * preview says so rather than the first service call, naming the setting and its variable. A placement not known
 * yet (preview) is not judged.
 */
export function placementFailures(declared: Record<string, unknown>, settings: ProviderSettings): PropertyFailure[] {
  const failures: PropertyFailure[] = [];
  for (const key of ["customerId", "accountId"] as const) {
    if (declared[key] !== undefined || settings[key] !== undefined) continue;
    try {
      // The other part given, so that the error is this part's.
      placementOf(key === "customerId" ? { accountId: "1" } : { customerId: "1" }, settings);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      failures.push({ property: key, reason: e.message });
    }
  }
  return failures;
}
