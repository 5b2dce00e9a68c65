// The last declaration, recorded in the outputs. The engine keeps a resource's old inputs, but the dynamic-provider
// host of @pulumi/pulumi 3.245 (cmd/dynamic-provider/index.js) passes diff, update and read only the old *outputs*
// (DiffRequest.olds, UpdateRequest.olds, ReadRequest.properties; never old_inputs). Comparing a declaration with
// outputs breaks ignoreChanges, which the engine implements by putting the old *inputs* of the ignored properties
// into the new ones (step_generator.go processIgnoreChanges): an ignored setting changed in the web UI and read
// back after any write would differ from the declaration forever, and the next `up` would revert it
// (pulumi/pulumi #4981, #2936). So the outputs carry the declaration itself, compactly (only the keys declared),
// and diff and update compare declaration with declaration; drift enters only through refresh, which rewrites
// both the recorded declaration and the engine's inputs (see declarationMatching).
// One gap remains: a declaration re-spelt without a change of value ("12.5" → "12.50") is no change, so no step
// writes the outputs; the engine's inputs take the new spelling while the recorded declaration keeps the old one
// until the next write. The plan still decides right; only a later refresh's inputs show the old spelling.
import { canonicalDecimal } from "./decimal";
import { DEFAULT_CONVERSION_WINDOW_MINUTES } from "../client/limits";
import { changedSettings, NormalGoal, normaliseDeclared, normaliseGoal, Placement } from "./normalise";
import { GoalOutputs } from "./outputs";
import { GOAL_INPUT_KEYS, GoalInputs, RevenueInputs } from "./schema";

/** The declaration as recorded: the declarable keys that have a value, nothing the engine adds (__provider). */
export function declarationOf(inputs: GoalInputs): GoalInputs {
  const out: Record<string, unknown> = {};
  for (const k of GOAL_INPUT_KEYS) {
    const v = inputs[k];
    if (v === undefined) continue;
    out[k] = k === "revenue" ? Object.fromEntries(Object.entries(v as object).filter(([, x]) => x !== undefined)) : v;
  }
  return out as GoalInputs;
}

/** Outputs with the declaration they were written for. */
export function withDeclaration(outs: GoalOutputs, declared: GoalInputs): GoalOutputs {
  return { ...outs, __declared: declarationOf(declared) };
}

/**
 * The declaration the recorded outputs were last brought to. State written before the declaration was recorded
 * has none: the outputs' settings are the best baseline there is (what diff compared before). `placement` is the
 * provider configuration, which such a declaration need not have stated.
 */
export function recordedDeclaration(olds: GoalOutputs, placement: Placement = {}): GoalInputs {
  return olds.__declared ?? declarationFromOutputs(olds, placement);
}

/**
 * A declaration that states every setting the outputs hold (partial outputs too: what they lack reads as the
 * default), except what a declaration leaving it out means anyway:
 * defaults, an Account-scope revenue's currency (the account's), a NoValue revenue, a placement equal to the
 * provider configuration's. Normalised, it equals the outputs. Refresh records it (with the drift put in) as the
 * inputs of state written before the declaration was recorded, and the CLI names every key the program does not
 * declare: leaving out what the program most likely left out keeps that list to what drifted.
 */
export function declarationFromOutputs(outputs: GoalOutputs, placement: Placement = {}): GoalInputs {
  const o = normaliseGoal(outputs, {});
  const out: GoalInputs = { name: o.name, goalCategory: o.goalCategory as GoalInputs["goalCategory"] };
  if (o.conversionWindowInMinutes !== DEFAULT_CONVERSION_WINDOW_MINUTES) out.conversionWindowInMinutes = o.conversionWindowInMinutes;
  if (o.countType !== "All") out.countType = o.countType as GoalInputs["countType"];
  if (o.excludeFromBidding) out.excludeFromBidding = true;
  if (o.revenue.type !== "NoValue") {
    const revenue: RevenueInputs = { type: o.revenue.type as RevenueInputs["type"] };
    if (o.revenue.value !== undefined) revenue.value = o.revenue.value;
    if (o.revenue.currencyCode !== undefined && o.scope !== "Account") revenue.currencyCode = o.revenue.currencyCode;
    out.revenue = revenue;
  }
  if (o.scope !== "Account") out.scope = o.scope as GoalInputs["scope"];
  if (o.status !== "Active") out.status = o.status as GoalInputs["status"];
  if (o.isExternallyAttributed) out.isExternallyAttributed = true;
  if (outputs.adoptExisting) out.adoptExisting = true;
  if (outputs.customerId !== undefined && outputs.customerId !== placement.customerId) out.customerId = outputs.customerId;
  if (outputs.accountId !== undefined && outputs.accountId !== placement.accountId) out.accountId = outputs.accountId;
  return out;
}

/**
 * The previous declaration with only what the account holds differently substituted: its keys kept, and each
 * value in its declared type (a declared number stays a number; a value equal once normalised stays as written).
 * An undeclared setting appears only when the account's value differs from its default. This is what refresh
 * records as the inputs, so the engine's plan (which names properties by comparing old and new inputs, see
 * diff.ts) names exactly what drifted, and an ignored property keeps the account's value.
 */
export function declarationMatching(previous: GoalInputs, account: GoalOutputs): GoalInputs {
  const now = normaliseGoal(account, {});
  const was = normaliseDeclared(previous, {}, now);
  const out: Record<string, unknown> = { ...declarationOf(previous) };
  for (const k of changedSettings(was, now)) {
    if (k === "revenue") out.revenue = revenueMatching(previous.revenue, now);
    else out[k] = now[k];
  }
  return out as GoalInputs;
}

/** Revenue as the account holds it, in the declaration's terms. */
function revenueMatching(previous: RevenueInputs | undefined, now: NormalGoal): RevenueInputs {
  const r = now.revenue;
  const out: RevenueInputs = {};
  if (previous?.type !== undefined || r.type !== "NoValue") out.type = r.type as RevenueInputs["type"];
  if (r.type !== "NoValue" && r.value !== undefined) {
    const declared = previous?.value;
    if (canonicalDecimal(declared) === r.value) out.value = declared;
    else out.value = typeof declared === "number" && canonicalDecimal(Number(r.value)) === r.value ? Number(r.value) : r.value;
  }
  // An undeclared currency means the account's (normaliseDeclared), which cannot drift; a Customer-scope goal
  // must declare one for a valued revenue, so the account's is written in there.
  if (previous?.currencyCode !== undefined) out.currencyCode = r.type === "NoValue" ? previous.currencyCode : (r.currencyCode ?? previous.currencyCode);
  else if (r.type !== "NoValue" && now.scope === "Customer" && r.currencyCode !== undefined) out.currencyCode = r.currencyCode;
  return out;
}
