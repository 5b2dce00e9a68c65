// The one place where the service's PascalCase names meet the camelCase the rest of the project speaks.
import { ConversionGoal, Revenue } from "./goal";

/** A goal as node-soap serializes it: keys in WSDL sequence order (base type first), xsi:type on every goal. */
export type WireGoal = Record<string, unknown> & { attributes: { "xsi:type": "OfflineConversionGoal" } };

/** camelCase goal → the object node-soap writes. Absent fields stay absent, which Update reads as "unchanged". */
export function goalToWire(goal: ConversionGoal): WireGoal {
  const wire: WireGoal = { attributes: { "xsi:type": "OfflineConversionGoal" } };
  // ConversionGoal's sequence, then OfflineConversionGoal's own element.
  put(wire, "ConversionWindowInMinutes", goal.conversionWindowInMinutes);
  put(wire, "CountType", goal.countType);
  put(wire, "ExcludeFromBidding", goal.excludeFromBidding);
  put(wire, "GoalCategory", goal.goalCategory);
  put(wire, "Id", goal.id);
  put(wire, "Name", goal.name);
  if (goal.revenue !== undefined) wire.Revenue = revenueToWire(goal.revenue);
  put(wire, "Scope", goal.scope);
  put(wire, "Status", goal.status);
  // Type, TagId and TrackingStatus are read-only and never sent.
  put(wire, "IsExternallyAttributed", goal.isExternallyAttributed);
  return wire;
}

function revenueToWire(r: Revenue): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  put(wire, "CurrencyCode", r.currencyCode);
  put(wire, "Type", r.type);
  put(wire, "Value", r.value);
  return wire;
}

function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}

/** A goal parsed by node-soap (longs and decimals kept as text) → camelCase. Returns undefined for a nil goal. */
export function goalFromWire(raw: unknown): ConversionGoal | undefined {
  if (raw == null || typeof raw !== "object") return undefined;
  const w = raw as Record<string, unknown>;
  const goal: ConversionGoal = {};
  set(goal, "id", text(w.Id));
  set(goal, "name", text(w.Name));
  set(goal, "goalCategory", text(w.GoalCategory) as ConversionGoal["goalCategory"]);
  set(goal, "conversionWindowInMinutes", int(w.ConversionWindowInMinutes));
  set(goal, "countType", text(w.CountType) as ConversionGoal["countType"]);
  set(goal, "excludeFromBidding", bool(w.ExcludeFromBidding));
  const revenue = revenueFromWire(w.Revenue);
  if (revenue) goal.revenue = revenue;
  set(goal, "scope", text(w.Scope) as ConversionGoal["scope"]);
  set(goal, "status", text(w.Status) as ConversionGoal["status"]);
  set(goal, "trackingStatus", text(w.TrackingStatus) as ConversionGoal["trackingStatus"]);
  set(goal, "isExternallyAttributed", bool(w.IsExternallyAttributed));
  set(goal, "type", text(w.Type));
  return goal;
}

function revenueFromWire(raw: unknown): Revenue | undefined {
  if (raw == null || typeof raw !== "object") return undefined;
  const w = raw as Record<string, unknown>;
  const r: Revenue = {};
  set(r, "type", text(w.Type) as Revenue["type"]);
  set(r, "value", text(w.Value));
  set(r, "currencyCode", text(w.CurrencyCode));
  return r;
}

function set<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

/** node-soap gives text, numbers or booleans depending on the schema type and our deserializers; null is nil. */
export function text(v: unknown): string | undefined {
  if (v == null || typeof v === "object") return undefined;
  return String(v);
}

function int(v: unknown): number | undefined {
  const t = text(v);
  if (t === undefined || t === "") return undefined;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : undefined;
}

function bool(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  const t = text(v);
  if (t === "true" || t === "1") return true;
  if (t === "false" || t === "0") return false;
  return undefined;
}

const FIELD_PROPERTIES: Record<string, string> = {
  Name: "name",
  GoalCategory: "goalCategory",
  ConversionWindowInMinutes: "conversionWindowInMinutes",
  CountType: "countType",
  ExcludeFromBidding: "excludeFromBidding",
  Revenue: "revenue",
  "Revenue.Type": "revenue.type",
  "Revenue.Value": "revenue.value",
  "Revenue.CurrencyCode": "revenue.currencyCode",
  Scope: "scope",
  Status: "status",
  IsExternallyAttributed: "isExternallyAttributed",
  Id: "goalId",
  Type: "type",
};

/** A BatchError FieldPath ("Revenue.CurrencyCode", "ConversionGoals[0].Name") → the resource's property path. */
export function fieldPathToProperty(fieldPath: string | undefined): string | undefined {
  if (!fieldPath) return undefined;
  const bare = fieldPath.replace(/^ConversionGoals(\[\d+\])?\./, "");
  return FIELD_PROPERTIES[bare];
}
