// node-soap hands fault details and error arrays over untyped: "117" as text, one BatchError as an object and two
// as an array. Everything is normalised here, once.
import { ApiErrorDetail } from "./errors";
import { text } from "./mapping";

/** A value that may be one item, an array of them, nil or absent → an array. */
export function asArray<T = unknown>(v: unknown): T[] {
  if (v == null) return [];
  return (Array.isArray(v) ? v : [v]) as T[];
}

/** The items of a WCF array element ({ BatchError: [...] } or { BatchError: {...} }). */
export function arrayItems(container: unknown, itemName: string): unknown[] {
  if (container == null || typeof container !== "object") return [];
  return asArray((container as Record<string, unknown>)[itemName]);
}

function int(v: unknown): number | undefined {
  const t = text(v);
  if (t === undefined || t.trim() === "") return undefined;
  const n = Number(t);
  return Number.isInteger(n) ? n : undefined;
}

/** One BatchError, OperationError or AdApiError → ApiErrorDetail. */
export function errorDetail(raw: unknown): ApiErrorDetail {
  const r = (raw ?? {}) as Record<string, unknown>;
  const detail: ApiErrorDetail = {
    code: int(r.Code),
    errorCode: text(r.ErrorCode) ?? "Unknown",
    message: text(r.Message) ?? "",
  };
  const index = int(r.Index);
  if (index !== undefined) detail.index = index;
  const fieldPath = text(r.FieldPath);
  if (fieldPath) detail.fieldPath = fieldPath;
  const details = text(r.Details) ?? text(r.Detail);
  if (details) detail.details = details;
  return detail;
}

/** PartialErrors of a successful response → details with their batch-local Index. */
export function partialErrors(raw: unknown): ApiErrorDetail[] {
  return arrayItems(raw, "BatchError").map(errorDetail);
}

export interface ParsedFault {
  faultCode: string;
  faultString: string;
  trackingId?: string;
  errors: ApiErrorDetail[];
}

/** The Fault element as node-soap parsed it → its code, text, TrackingId and every error of its detail. */
export function parseFault(fault: unknown): ParsedFault {
  const f = (fault ?? {}) as Record<string, unknown>;
  const faultCode = text(unwrap(f.faultcode)) ?? "Fault";
  const faultString = text(unwrap(f.faultstring)) ?? "";
  const detail = unwrap(f.detail);
  const out: ParsedFault = { faultCode, faultString, errors: [] };
  if (detail && typeof detail === "object") {
    for (const [name, value] of Object.entries(detail as Record<string, unknown>)) {
      if (!/FaultDetail$/.test(name) || value == null || typeof value !== "object") continue;
      const d = value as Record<string, unknown>;
      out.trackingId ??= text(d.TrackingId);
      for (const item of arrayItems(d.OperationErrors, "OperationError")) out.errors.push(errorDetail(item));
      for (const item of arrayItems(d.BatchErrors, "BatchError")) out.errors.push(errorDetail(item));
      for (const item of arrayItems(d.Errors, "AdApiError")) out.errors.push(errorDetail(item));
    }
  }
  return out;
}

function unwrap(v: unknown): unknown {
  if (v && typeof v === "object" && "$value" in (v as Record<string, unknown>)) return (v as Record<string, unknown>).$value;
  return v;
}
