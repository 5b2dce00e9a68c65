// Bytes of state per dynamic resource, from the JSON of `pulumi stack export`.
import { median } from "./statistics";

/** State size of a stack's dynamic resources; bytes of compact JSON (UTF-8). */
export interface StateSize {
  /** How many resources carry a `__provider` (dynamic resources; the stack and provider resources do not). */
  resources: number;
  /** Median bytes of one resource's whole entry (urn, type, inputs, outputs, dependencies, …). */
  medianResourceBytes: number;
  /** Median bytes of its `__provider` values: the one in inputs plus the one in outputs (the engine keeps both). */
  medianProviderBytes: number;
}

interface ExportedResource {
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/**
 * Sizes the dynamic resources of an exported deployment (`{ deployment: { resources: [...] } }`). A resource's
 * bytes are those of JSON.stringify of its entry, so the export's indentation does not count; `__provider`
 * values are sized as JSON too (a plain string's quotes and escapes included, as in the state file). Throws when
 * the export has no dynamic resource: a stack that is empty at that point is a benchmark bug.
 */
export function stateSize(exported: unknown): StateSize {
  const resources = (exported as { deployment?: { resources?: unknown } })?.deployment?.resources;
  if (!Array.isArray(resources)) throw new Error("not a stack export: deployment.resources is missing");
  const dynamic = (resources as ExportedResource[]).filter((r) => r?.inputs?.__provider !== undefined || r?.outputs?.__provider !== undefined);
  if (dynamic.length === 0) throw new Error("the stack export holds no dynamic resource (no __provider)");
  const bytes = (value: unknown) => (value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value)));
  return {
    resources: dynamic.length,
    medianResourceBytes: median(dynamic.map(bytes)),
    medianProviderBytes: median(dynamic.map((r) => bytes(r.inputs?.__provider) + bytes(r.outputs?.__provider))),
  };
}
