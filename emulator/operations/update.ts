import { BatchErrorOut } from "../error-codes";
import { batchErrors } from "../soap/envelope";
import { GOAL_TYPES, Goal } from "../state";
import { XmlElement } from "../xml/parse";
import { OpContext } from "./context";
import { readGoalsArray } from "./goals-array";
import { RuleError, categoryErrors, duplicateNameIndexes, legacyCategoryErrors, nameErrors, resolveRevenue, statusErrors, windowErrors } from "./goal-rules";

/**
 * UpdateConversionGoals: partial update. An absent or nil element leaves the stored value; a Revenue
 * element replaces the whole revenue; a goal whose category is None (legacy) must be given one. Scope is read-only and has no error code in the reference: a
 * different Scope is ignored and the goal keeps its own, which a later Get shows.
 */
export function updateConversionGoals(ctx: OpContext, request: XmlElement): string {
  const items = readGoalsArray(request);
  const { store, customerId, accountId } = ctx;
  const errors: BatchErrorOut[] = [];
  const fail = (index: number, list: RuleError[]) => errors.push(...list.map((e) => ({ index, ...e })));

  const idCounts = new Map<string, number>();
  for (const g of items) if (g?.id) idCounts.set(g.id, (idCounts.get(g.id) ?? 0) + 1);
  const duplicates = duplicateNameIndexes(items.map((g) => g?.name));

  store.transact((tx) => {
    const autoTag = new Set<string>();
    items.forEach((g, index) => {
      if (g === null) return fail(index, [{ name: "ConversionGoalIsNull" }]);
      if (g.id === undefined || g.id === null) return fail(index, [{ name: "ConversionGoalIdIsNull", fieldPath: "Id" }]);
      if (idCounts.get(g.id)! > 1) return fail(index, [{ name: "DuplicateConversionGoalId", fieldPath: "Id" }]);
      const stored = store.goal(g.id);
      if (!stored || !store.isVisible(stored, customerId, accountId)) return fail(index, [{ name: "InvalidConversionGoalId", fieldPath: "Id" }]);
      if (GOAL_TYPES[stored.type] !== g.xsiType || (g.type != null && g.type !== stored.type)) {
        return fail(index, [{ name: "GoalTypeCannotBeChanged", fieldPath: "Type" }]);
      }
      if (stored.type !== "OfflineConversion") {
        return fail(index, [{ name: "OperationNotSupported", message: `The emulator updates only OfflineConversionGoal, not ${g.xsiType}.` }]);
      }
      const owner = store.account(stored.accountId)!.account;
      const revenue = g.revenue ? resolveRevenue(g.revenue, stored.scope, owner.currencyCode) : undefined;
      const itemErrors: RuleError[] = [
        ...nameErrors(g.name, false),
        ...categoryErrors(g.goalCategory, false),
        ...legacyCategoryErrors(stored.goalCategory, g.goalCategory),
        ...windowErrors(g.conversionWindowInMinutes),
        ...statusErrors(g.status),
        ...(revenue?.errors ?? []),
      ];
      if (itemErrors.length) return fail(index, itemErrors);
      if (g.name && duplicates.has(index)) return fail(index, [{ name: "DuplicateConversionGoalName", fieldPath: "Name" }]);
      if (g.name) {
        const holder = store.nameHolder(customerId, g.name);
        // A name is checked against the store as it was before the request: no swaps within one call.
        if (holder && holder.id !== stored.id) return fail(index, [{ name: "ConversionGoalNameAlreadyExists", fieldPath: "Name" }]);
      }
      const updated: Goal = {
        ...stored,
        name: g.name ?? stored.name,
        goalCategory: (g.goalCategory as Goal["goalCategory"] | null | undefined) ?? stored.goalCategory,
        conversionWindowInMinutes: g.conversionWindowInMinutes ?? stored.conversionWindowInMinutes,
        countType: g.countType ?? stored.countType,
        excludeFromBidding: g.excludeFromBidding ?? stored.excludeFromBidding,
        revenue: revenue?.revenue ?? stored.revenue,
        status: (g.status as Goal["status"] | null | undefined) ?? stored.status,
        isExternallyAttributed: g.isExternallyAttributed ?? stored.isExternallyAttributed,
      };
      tx.putGoal(updated);
      if (stored.scope === "Customer") for (const a of store.customer(customerId)!.accounts) autoTag.add(a.id);
      else autoTag.add(stored.accountId);
    });
    tx.setAutoTagging([...autoTag]);
  });
  return `<PartialErrors>${batchErrors(errors)}</PartialErrors>`;
}
