import { BatchErrorOut } from "../error-codes";
import { ServiceFault, batchErrors } from "../soap/envelope";
import { ADDITIONAL_FIELDS, GoalWriteOptions, NEWER_SERVICE_RESPONSE_TAIL, readTypeList, writeGoal } from "../soap/goal-xml";
import { DeserializationError, readEnum, readLong } from "../soap/lexical";
import { NS } from "../xml/namespaces";
import { XmlElement, isNil } from "../xml/parse";
import { MAX_BATCH, OpContext } from "./context";

/** GetConversionGoalsByIdsRequest's sequence. */
export const GET_REQUEST_SEQUENCE = ["ConversionGoalIds", "ConversionGoalTypes", "ReturnAdditionalFields"] as const;

/**
 * GetConversionGoalsByIds: goals index-aligned with the ids (nil and a PartialError where one is
 * unknown, invisible or of another type); no ids means every visible goal of the requested types.
 */
export function getConversionGoalsByIds(ctx: OpContext, request: XmlElement): string {
  const parts = new Map<string, XmlElement>();
  let pos = 0;
  for (const child of request.children) {
    const at = child.ns === NS.v13 ? (GET_REQUEST_SEQUENCE as readonly string[]).indexOf(child.local, pos) : -1;
    if (at < 0) throw new DeserializationError(`Element '${child.local}' is out of order or not part of GetConversionGoalsByIdsRequest.`);
    parts.set(child.local, child);
    pos = at + 1;
  }

  const idsEl = parts.get("ConversionGoalIds");
  const ids =
    idsEl && !isNil(idsEl)
      ? idsEl.children.map((c, i) => {
          if (c.ns !== NS.arrays || c.local !== "long") throw new DeserializationError(`ConversionGoalIds[${i}]: expected {${NS.arrays}}long.`);
          return readLong(c.text, `ConversionGoalIds[${i}]`);
        })
      : [];
  if (ids.length > MAX_BATCH) throw ServiceFault.operation("ConversionGoalIdArrayExceedsLimit");

  const typesEl = parts.get("ConversionGoalTypes");
  const types = typesEl && !isNil(typesEl) ? readTypeList(typesEl.text, "ConversionGoalTypes").split(" ").filter(Boolean) : [];
  if (types.length === 0) throw ServiceFault.operation("ConversionGoalTypesNotPassed");

  const extraEl = parts.get("ReturnAdditionalFields");
  const extras = extraEl && !isNil(extraEl) ? extraEl.text.trim().split(/\s+/).filter(Boolean) : [];
  for (const e of extras) readEnum(e, ADDITIONAL_FIELDS, "ReturnAdditionalFields");
  const extra: GoalWriteOptions = {
    goalCategory: extras.includes("GoalCategory"),
    isExternallyAttributed: extras.includes("IsExternallyAttributed"),
    newerServiceElements: ctx.extraGoalElements,
  };

  const { store, customerId, accountId } = ctx;
  const errors: BatchErrorOut[] = [];
  let goalsXml: string;
  if (ids.length === 0) {
    goalsXml = store
      .visibleGoals(customerId, accountId)
      .filter((g) => types.includes(g.type))
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
      .map((g) => writeGoal(g, extra))
      .join("");
  } else {
    goalsXml = ids
      .map((id, index) => {
        const g = store.goal(id);
        if (!g || !store.isVisible(g, customerId, accountId)) {
          errors.push({ index, name: "InvalidConversionGoalId", fieldPath: "ConversionGoalIds" });
          return `<ConversionGoal i:nil="true"/>`;
        }
        if (!types.includes(g.type)) {
          errors.push({ index, name: "ConversionGoalTypesDoNotMatchExistingValue", fieldPath: "ConversionGoalTypes" });
          return `<ConversionGoal i:nil="true"/>`;
        }
        return writeGoal(g, extra);
      })
      .join("");
  }
  const tail = ctx.extraGoalElements ? NEWER_SERVICE_RESPONSE_TAIL : "";
  return `<ConversionGoals>${goalsXml}</ConversionGoals><PartialErrors>${batchErrors(errors)}</PartialErrors>${tail}`;
}
