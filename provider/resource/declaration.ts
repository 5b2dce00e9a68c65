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
import { changedSettings, NormalGoal, normaliseDeclared, normaliseGoal } from "./normalise";
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
 * has none: the outputs, as a full declaration, are the best baseline there is (what diff compared before).
 */
export function recordedDeclaration(olds: GoalOutputs): GoalInputs {
  return olds.__declared ?? declarationFromOutputs(olds);
}

/**
 * A declaration that states every setting the outputs hold. Outputs may be partial (the properties of a step that
 * failed early, an import's bare placement): only what they hold is stated.
 */
export function declarationFromOutputs(o: GoalOutputs): GoalInputs {
  let revenue: RevenueInputs | undefined;
  if (o.revenue !== undefined && o.revenue !== null) {
    revenue = { type: o.revenue.type as RevenueInputs["type"] };
    if (o.revenue.type !== "NoValue") {
      if (o.revenue.value !== undefined && o.revenue.value !== null) revenue.value = o.revenue.value;
      if (o.revenue.currencyCode !== undefined) revenue.currencyCode = o.revenue.currencyCode;
    }
  }
  return declarationOf({
    name: o.name,
    goalCategory: o.goalCategory as GoalInputs["goalCategory"],
    conversionWindowInMinutes: o.conversionWindowInMinutes,
    countType: o.countType as GoalInputs["countType"],
    excludeFromBidding: o.excludeFromBidding,
    revenue,
    scope: o.scope as GoalInputs["scope"],
    status: o.status as GoalInputs["status"],
    isExternallyAttributed: o.isExternallyAttributed,
    adoptExisting: o.adoptExisting,
    customerId: o.customerId,
    accountId: o.accountId,
  } as GoalInputs);
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
