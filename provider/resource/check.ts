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
