import { BatchErrorOut } from "../error-codes";
import { batchErrors } from "../soap/envelope";
import { Goal } from "../state";
import { NS } from "../xml/namespaces";
import { XmlElement } from "../xml/parse";
import { OpContext } from "./context";
import { readGoalsArray } from "./goals-array";
import { RuleError, categoryErrors, duplicateNameIndexes, nameErrors, resolveRevenue, statusErrors, windowErrors } from "./goal-rules";

/** AddConversionGoals: ids index-aligned with the request (nil for a failed item), PartialErrors say why. */
export function addConversionGoals(ctx: OpContext, request: XmlElement): string {
  const items = readGoalsArray(request);
  const { store, customerId, accountId } = ctx;
  const account = store.account(accountId)!.account;
  const errors: BatchErrorOut[] = [];
  const fail = (index: number, list: RuleError[]) => errors.push(...list.map((e) => ({ index, ...e })));
  const duplicates = duplicateNameIndexes(items.map((g) => g?.name));

  const ids = store.transact((tx) => {
    let accountCount = store.accountGoalCount(accountId);
    let customerCount = store.customerGoalCount(customerId);
    const touched = new Set<string>();
    const result = items.map((g, index): string | null => {
      if (g === null) return fail(index, [{ name: "ConversionGoalIsNull" }]), null;
      if (g.xsiType !== "OfflineConversionGoal") {
        return fail(index, [{ name: "OperationNotSupported", message: `The emulator models only OfflineConversionGoal, not ${g.xsiType}.` }]), null;
      }
      const scope = g.scope ?? "Account";
      const revenue = resolveRevenue(g.revenue, scope, account.currencyCode);
      const itemErrors: RuleError[] = [
        ...(g.id !== undefined && g.id !== null ? [{ name: "ConversionGoalIdIsNotNull" as const, fieldPath: "Id" }] : []),
        ...(g.type !== undefined && g.type !== null && g.type !== "OfflineConversion" ? [{ name: "ConversionGoalTypeNotMatched" as const, fieldPath: "Type" }] : []),
        ...nameErrors(g.name, true),
        ...categoryErrors(g.goalCategory, true),
        ...windowErrors(g.conversionWindowInMinutes),
        ...statusErrors(g.status),
        ...revenue.errors,
      ];
      if (itemErrors.length) return fail(index, itemErrors), null;
      if (duplicates.has(index)) return fail(index, [{ name: "DuplicateConversionGoalName", fieldPath: "Name" }]), null;
      if (store.nameHolder(customerId, g.name!)) return fail(index, [{ name: "ConversionGoalNameAlreadyExists", fieldPath: "Name" }]), null;
      if (scope === "Account" && accountCount >= ctx.limits.goalsPerAccount) return fail(index, [{ name: "TotalConversionGoalsExceedAccountLimit" }]), null;
      if (customerCount >= ctx.limits.goalsPerCustomer) return fail(index, [{ name: "TotalConversionGoalsExceedCustomerLimit" }]), null;

      const goal: Goal = {
        id: tx.allocateGoalId(),
        customerId,
        accountId,
        type: "OfflineConversion",
        name: g.name!,
        goalCategory: g.goalCategory as Goal["goalCategory"],
        conversionWindowInMinutes: g.conversionWindowInMinutes ?? 43200,
        countType: g.countType ?? "All",
        excludeFromBidding: g.excludeFromBidding ?? false,
        revenue: revenue.revenue,
        scope,
        status: (g.status as Goal["status"] | null | undefined) ?? "Active",
        isExternallyAttributed: g.isExternallyAttributed ?? false,
      };
      tx.putGoal(goal);
      if (scope === "Account") accountCount++;
      customerCount++;
      touched.add(scope);
      return goal.id;
    });
    // Adding a goal turns on MSCLKID auto-tagging: for the account, or every account of the customer.
    if (touched.has("Customer")) tx.setAutoTagging(store.customer(customerId)!.accounts.map((a) => a.id));
    else if (touched.has("Account")) tx.setAutoTagging([accountId]);
    return result;
  });

  const idsXml = ids.map((id) => (id === null ? `<a:long i:nil="true"/>` : `<a:long>${id}</a:long>`)).join("");
  return `<ConversionGoalIds xmlns:a="${NS.system}">${idsXml}</ConversionGoalIds><PartialErrors>${batchErrors(errors)}</PartialErrors>`;
}
