import { Goal, GOAL_TYPES, GoalType, ALL_GOAL_CATEGORIES } from "../state";
import { NS } from "../xml/namespaces";
import { XmlElement, isNil, xsiType } from "../xml/parse";
import { esc, leaf } from "../xml/write";
import { DeserializationError, readBoolean, readDecimal, readEnum, readInt, readLong } from "./lexical";

/** Absent (undefined), nil (null) or a value: partial update tells the three apart. */
export type Field<T> = T | null | undefined;

/** A ConversionGoal element as the request carried it. */
export interface GoalInput {
  /** Local name of the xsi:type, e.g. OfflineConversionGoal. */
  xsiType: string;
  conversionWindowInMinutes: Field<number>;
  countType: Field<"All" | "Unique">;
  excludeFromBidding: Field<boolean>;
  goalCategory: Field<string>;
  id: Field<string>;
  name: Field<string>;
  revenue: Field<{ currencyCode: Field<string>; type: Field<string>; value: Field<string> }>;
  scope: Field<"Account" | "Customer">;
  status: Field<string>;
  type: Field<string>;
  isExternallyAttributed: Field<boolean>;
}

/** ConversionGoal's sequence in the official WSDL (it has grown beyond the reference page's list). */
export const CONVERSION_GOAL_SEQUENCE = [
  "AttributionModelType",
  "ConversionWindowInMinutes",
  "CountType",
  "ExcludeFromBidding",
  "GoalCategory",
  "Id",
  "IsAutoGoal",
  "IsEnhancedConversionsEnabled",
  "Name",
  "Revenue",
  "Scope",
  "Status",
  "TagId",
  "TrackingStatus",
  "Type",
  "ViewThroughConversionWindowInMinutes",
] as const;

/** Elements each derived goal type appends to the base sequence (keys: every type deriving from ConversionGoal). */
export const DERIVED_SEQUENCE: Readonly<Record<string, readonly string[]>> = {
  UrlGoal: ["UrlExpression", "UrlOperator"],
  DurationGoal: ["MinimumDurationInSeconds"],
  PagesViewedPerVisitGoal: ["MinimumPagesViewed"],
  EventGoal: ["ActionExpression", "ActionOperator", "CategoryExpression", "CategoryOperator", "LabelExpression", "LabelOperator", "Value", "ValueOperator"],
  AppInstallGoal: ["AppPlatform", "AppStoreId"],
  AppDownloadGoal: ["AppPlatform", "AppStoreId"],
  OfflineConversionGoal: ["IsExternallyAttributed"],
  InStoreTransactionGoal: [],
};

/** ConversionGoalRevenue's sequence. */
export const REVENUE_SEQUENCE = ["CurrencyCode", "Type", "Value"] as const;

/** The ConversionGoalAdditionalField enumeration (values a Get may name in ReturnAdditionalFields). */
export const ADDITIONAL_FIELDS = [
  "ViewThroughConversionWindowInMinutes",
  "IsExternallyAttributed",
  "GoalCategory",
  "InactiveDueToTagUnavailable",
  "AttributionModelType",
  "IsEnhancedConversionsEnabled",
  "IsAutoGoal",
  "DataDrivenAttribute",
  "ApplicationDownloadGoal",
] as const;

/** The AttributionModelType enumeration. */
export const ATTRIBUTION_MODEL_TYPES = ["LastClick", "LastTouch", "DataDriven"] as const;

/** The ConversionGoalTrackingStatus enumeration. */
export const TRACKING_STATUSES = ["TagUnverified", "NoRecentConversions", "RecordingConversions", "TagInactive", "InactiveDueToTagUnavailable"] as const;

/**
 * Reads the children of an element in the order the schema declares them. Out-of-order or unknown
 * elements are refused: the real service silently drops them, which hides client bugs that this double
 * exists to expose.
 */
function ordered(el: XmlElement, sequence: readonly string[], typeName: string): Map<string, XmlElement> {
  const out = new Map<string, XmlElement>();
  let pos = 0;
  for (const child of el.children) {
    const at = child.ns === NS.v13 ? sequence.indexOf(child.local, pos) : -1;
    if (at < 0) {
      const known = child.ns === NS.v13 && sequence.includes(child.local);
      throw new DeserializationError(
        known
          ? `Element '${child.local}' of ${typeName} is out of order: the sequence is ${sequence.join(", ")}.`
          : `Element '{${child.ns}}${child.local}' is not part of ${typeName}.`,
      );
    }
    out.set(child.local, child);
    pos = at + 1;
  }
  return out;
}

function field<T>(m: Map<string, XmlElement>, name: string, read: (text: string, where: string) => T, where: string): Field<T> {
  const el = m.get(name);
  if (!el) return undefined;
  if (isNil(el)) return null;
  return read(leafText(el, `${where}.${name}`), `${where}.${name}`);
}

/**
 * The text of a simple-typed element. Child elements (mixed content such as `Mixed<b>content</b>`, or an
 * `xi:include`, which WCF never processes) are refused as WCF's DataContractSerializer refuses them, rather than
 * storing the first text node.
 */
export function leafText(el: XmlElement, where: string): string {
  const child = el.children[0];
  if (child) throw new DeserializationError(`${where}: element '{${child.ns}}${child.local}' found where only text is expected (a simple-typed value has no child elements).`);
  return el.text;
}

/** Decodes one ConversionGoal element (already known not to be nil). */
export function readGoal(el: XmlElement, where: string): GoalInput {
  const t = xsiType(el);
  if (!t) throw new DeserializationError(`${where}: ConversionGoal needs an i:type (e.g. OfflineConversionGoal); cannot create an abstract class.`);
  if (t.ns !== NS.v13 || !(t.local in DERIVED_SEQUENCE)) {
    throw new DeserializationError(`${where}: i:type '{${t.ns}}${t.local}' is not a known ConversionGoal type.`);
  }
  const m = ordered(el, [...CONVERSION_GOAL_SEQUENCE, ...DERIVED_SEQUENCE[t.local]], t.local);
  const text = (s: string) => s;
  const revenueEl = m.get("Revenue");
  let revenue: GoalInput["revenue"];
  if (revenueEl === undefined) revenue = undefined;
  else if (isNil(revenueEl)) revenue = null;
  else {
    const r = ordered(revenueEl, REVENUE_SEQUENCE, "ConversionGoalRevenue");
    revenue = {
      currencyCode: field(r, "CurrencyCode", text, `${where}.Revenue`),
      type: field(r, "Type", (s) => s.trim(), `${where}.Revenue`),
      value: field(r, "Value", readDecimal, `${where}.Revenue`),
    };
  }
  // Elements that do not apply to offline goals are still type-checked, as WCF would.
  field(m, "TagId", readLong, where);
  field(m, "ViewThroughConversionWindowInMinutes", readInt, where);
  field(m, "IsAutoGoal", readBoolean, where);
  field(m, "IsEnhancedConversionsEnabled", readBoolean, where);
  field(m, "AttributionModelType", (s, w) => readEnum(s, ATTRIBUTION_MODEL_TYPES, w), where);
  field(m, "TrackingStatus", (s, w) => readEnum(s, TRACKING_STATUSES, w), where);
  return {
    xsiType: t.local,
    conversionWindowInMinutes: field(m, "ConversionWindowInMinutes", readInt, where),
    countType: field(m, "CountType", (s, w) => readEnum(s, ["All", "Unique"] as const, w), where),
    excludeFromBidding: field(m, "ExcludeFromBidding", readBoolean, where),
    goalCategory: field(m, "GoalCategory", (s, w) => readEnum(s, ALL_GOAL_CATEGORIES, w), where),
    id: field(m, "Id", readLong, where),
    name: field(m, "Name", text, where),
    revenue,
    scope: field(m, "Scope", (s, w) => readEnum(s, ["Account", "Customer"] as const, w), where),
    status: field(m, "Status", (s) => s.trim(), where),
    type: field(m, "Type", (s, w) => readTypeList(s, w), where),
    isExternallyAttributed: t.local === "OfflineConversionGoal" ? field(m, "IsExternallyAttributed", readBoolean, where) : undefined,
  };
}

/** ConversionGoalType is an xs:list: one element holding space-separated values. */
export function readTypeList(s: string, where: string): string {
  const values = s.trim().split(/\s+/).filter(Boolean);
  for (const v of values) readEnum(v, Object.keys(GOAL_TYPES) as GoalType[], where);
  return values.join(" ");
}

/** Which optional elements a Get asked for through ReturnAdditionalFields. */
export interface AdditionalFields {
  goalCategory: boolean;
  isExternallyAttributed: boolean;
}

/**
 * Elements a newer service might add to a goal, none of them in the WSDL, for the `extraGoalElements` option:
 * clients must ignore what they do not know. Each probes one way a parser can trip: a member inherited from a
 * base class in another namespace (WCF redeclares the default namespace on it, as for ApiFaultDetail's
 * TrackingId), nested decoys named like goal fields, a WCF string array with its own prefix, an xsi:type no
 * schema declares, and nil. Keys say where each goes: before the base sequence, after a known element, or last.
 */
const NEWER_SERVICE_ELEMENTS = {
  first: `<FutureInheritedField xmlns="${NS.adapi}">inherited</FutureInheritedField>`,
  CountType: "<FutureAttribution><Id>1</Id><Name>decoy</Name><Type>DataDriven</Type></FutureAttribution>",
  Id: "<FutureIsPrimary>true</FutureIsPrimary>",
  Scope: `<FutureSourceLabels xmlns:a="${NS.arrays}"><a:string>crm</a:string><a:string>pos</a:string></FutureSourceLabels>`,
  last: '<FutureOfflineSetting i:type="FutureSettingType"><Mode>Strict</Mode></FutureOfflineSetting><FutureNote i:nil="true"/>',
  CurrencyCode: '<FutureRevenueCap i:nil="true"/>',
} as const;

/** An element a newer service might append to a Get response, after PartialErrors. */
export const NEWER_SERVICE_RESPONSE_TAIL = "<FutureSummary><Count>0</Count><Name>decoy</Name></FutureSummary>";

/** How a Get writes goals: the additional fields asked for, and whether to add NEWER_SERVICE_ELEMENTS. */
export interface GoalWriteOptions extends AdditionalFields {
  /** Add elements the WSDL does not declare, as a newer version of the service would (emulator option extraGoalElements). */
  newerServiceElements?: boolean;
}

/** Writes a stored goal as the service returns it: schema order, nil where unset, additional fields only on request. */
export function writeGoal(g: Goal, extra: GoalWriteOptions): string {
  const newer = (after: keyof typeof NEWER_SERVICE_ELEMENTS) => (extra.newerServiceElements ? NEWER_SERVICE_ELEMENTS[after] : "");
  const parts = [
    newer("first"),
    leaf("ConversionWindowInMinutes", g.conversionWindowInMinutes),
    leaf("CountType", g.countType),
    newer("CountType"),
    leaf("ExcludeFromBidding", g.excludeFromBidding),
    // GoalCategory is emitted with EmitDefaultValue=false and only when asked for (v13 additional field).
    extra.goalCategory && g.goalCategory !== null ? leaf("GoalCategory", g.goalCategory) : "",
    leaf("Id", g.id),
    newer("Id"),
    leaf("Name", g.name),
    `<Revenue>${leaf("CurrencyCode", g.revenue.currencyCode)}${newer("CurrencyCode")}${leaf("Type", g.revenue.type)}${leaf("Value", g.revenue.value)}</Revenue>`,
    leaf("Scope", g.scope),
    newer("Scope"),
    leaf("Status", g.status),
    leaf("TagId", null),
    leaf("TrackingStatus", null),
    leaf("Type", g.type),
    g.type === "OfflineConversion" && extra.isExternallyAttributed && g.isExternallyAttributed !== null
      ? leaf("IsExternallyAttributed", g.isExternallyAttributed)
      : "",
    newer("last"),
  ];
  return `<ConversionGoal i:type="${esc(GOAL_TYPES[g.type])}">${parts.join("")}</ConversionGoal>`;
}
