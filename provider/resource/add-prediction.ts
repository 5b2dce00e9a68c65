import { isDeepStrictEqual } from "node:util";
import { ConversionGoal } from "../client/goal";
import { DEFAULT_CONVERSION_WINDOW_MINUTES } from "../client/limits";
import { outputsFromGoal } from "./outputs";

/** A shape proven wrong: what was predicted for a goal of it, and what the service returned instead. */
export interface RefutedShape {
  shape: string;
  predicted: ConversionGoal;
  returned: ConversionGoal;
}

/**
 * What one account placement has taught this process about the goals AddConversionGoals creates, so that a goal
 * is read back after its Add only while the service's answer is not yet known.
 *
 * The rule. A goal added with a declaration leaves every undeclared setting at its documented default: conversion
 * window 43200 minutes, CountType All, ExcludeFromBidding false, Status Active, Scope Account, IsExternallyAttributed
 * false (ConversionGoal reference page, Add column), revenue Type NoValue, and a VariableValue without Value worth
 * "effectively 0" (ConversionGoalRevenue reference page, Type and Value); an Account-scope goal without a declared
 * CurrencyCode takes "the account level billing currency" (ConversionGoalRevenue, CurrencyCode), which is learned
 * from the first read-back that shows it. The declared settings come back as sent.
 *
 * The reference says so, but says nothing of how the service spells what it returns (a value "12.50" for "12.5",
 * a currency on a NoValue revenue). So the rule is only trusted where it has been seen to hold: each added goal
 * has a shape (shapeOf: its scope, revenue type, whether value and currency were declared and how many decimals
 * the value has, whether its name is plain ASCII, and which keys were declared). A goal whose shape is not proven
 * is read back, and the read-back decides: recorded outputs equal to the prediction's prove the shape; any
 * difference refutes it for good (the read-back stays for that shape in this process, and `refuted` records what
 * the service returned). Only a goal of a proven shape skips the read-back, its outputs being the prediction,
 * which is then exactly what a read-back would have recorded.
 */
export class AddPredictions {
  private readonly proven = new Set<string>();
  private readonly refutedShapes = new Map<string, RefutedShape>();
  private accountCurrency: string | undefined;

  /** The outputs-equivalent goal the service holds after adding `sent` as `id`, when its shape is proven; else undefined. */
  predicted(sent: ConversionGoal, id: string): ConversionGoal | undefined {
    const shape = shapeOf(sent);
    if (!this.proven.has(shape) || this.refutedShapes.has(shape)) return undefined;
    return predictAdded(sent, id, this.accountCurrency);
  }

  /** Learns from a read-back of an added goal: the account currency, and whether the goal's shape holds the rule. */
  learn(sent: ConversionGoal, returned: ConversionGoal, placement: { customerId: string; accountId: string }): void {
    const shape = shapeOf(sent);
    if (this.accountCurrency === undefined && takesAccountCurrency(sent) && returned.revenue?.currencyCode) this.accountCurrency = returned.revenue.currencyCode;
    if (this.refutedShapes.has(shape)) return;
    const predicted = predictAdded(sent, returned.id ?? "", this.accountCurrency);
    if (predicted && isDeepStrictEqual(outputsFromGoal(predicted, placement, false), outputsFromGoal(returned, placement, false))) {
      this.proven.add(shape);
      return;
    }
    this.proven.delete(shape);
    this.refutedShapes.set(shape, { shape, predicted: predicted ?? {}, returned });
  }

  /** Shapes proven so far (see shapeOf). */
  provenShapes(): string[] {
    return [...this.proven];
  }

  /** Shapes whose read-back differed from the prediction, each with what the service returned. */
  refuted(): RefutedShape[] {
    return [...this.refutedShapes.values()];
  }
}

/**
 * The shape of a goal as sent on Add (see AddPredictions): a JSON text, so two goals share a shape exactly when
 * the rule treats them alike.
 */
export function shapeOf(sent: ConversionGoal): string {
  const value = sent.revenue?.value;
  return JSON.stringify({
    scope: sent.scope ?? "Account",
    revenueType: sent.revenue?.type ?? "NoValue",
    value: value === undefined ? null : `${(value.split(".")[1] ?? "").length} decimals`,
    currency: sent.revenue?.currencyCode !== undefined,
    asciiName: /^[\x20-\x7e]*$/.test(sent.name ?? ""),
    keys: Object.keys(sent).filter((k) => sent[k as keyof ConversionGoal] !== undefined).sort(),
  });
}

function takesAccountCurrency(sent: ConversionGoal): boolean {
  return (sent.scope ?? "Account") === "Account" && (sent.revenue?.type ?? "NoValue") !== "NoValue" && sent.revenue?.currencyCode === undefined;
}

/** The goal the documented defaults give for `sent`; undefined when it needs the account currency and that is unknown. */
function predictAdded(sent: ConversionGoal, id: string, accountCurrency: string | undefined): ConversionGoal | undefined {
  const type = sent.revenue?.type ?? "NoValue";
  const revenue: NonNullable<ConversionGoal["revenue"]> = { type };
  if (type !== "NoValue") {
    const value = sent.revenue?.value ?? (type === "VariableValue" ? "0" : undefined);
    if (value !== undefined) revenue.value = value;
  }
  const currency = sent.revenue?.currencyCode ?? (takesAccountCurrency(sent) ? accountCurrency : undefined);
  if (takesAccountCurrency(sent) && currency === undefined) return undefined;
  if (currency !== undefined) revenue.currencyCode = currency;
  return {
    id,
    name: sent.name,
    goalCategory: sent.goalCategory,
    conversionWindowInMinutes: sent.conversionWindowInMinutes ?? DEFAULT_CONVERSION_WINDOW_MINUTES,
    countType: sent.countType ?? "All",
    excludeFromBidding: sent.excludeFromBidding ?? false,
    revenue,
    scope: sent.scope ?? "Account",
    status: sent.status ?? "Active",
    isExternallyAttributed: sent.isExternallyAttributed ?? false,
  };
}
