import { ServiceFault } from "../soap/envelope";
import { GoalInput, readGoal } from "../soap/goal-xml";
import { DeserializationError } from "../soap/lexical";
import { NS } from "../xml/namespaces";
import { XmlElement, isNil } from "../xml/parse";
import { MAX_BATCH } from "./context";

/** Reads the ConversionGoals array of an Add or Update request; nil items stay null so indexes line up. */
export function readGoalsArray(request: XmlElement): Array<GoalInput | null> {
  const [first, ...rest] = request.children;
  if (rest.length > 0 || (first && !(first.ns === NS.v13 && first.local === "ConversionGoals"))) {
    throw new DeserializationError(`The request may only contain ConversionGoals.`);
  }
  if (!first || isNil(first) || first.children.length === 0) throw ServiceFault.operation("ConversionGoalsNotPassed");
  if (first.children.length > MAX_BATCH) throw ServiceFault.operation("ConversionGoalArrayExceedsLimit");
  return first.children.map((item, i) => {
    if (item.ns !== NS.v13 || item.local !== "ConversionGoal") {
      throw new DeserializationError(`ConversionGoals[${i}]: expected ConversionGoal, found '${item.local}'.`);
    }
    return isNil(item) ? null : readGoal(item, `ConversionGoals[${i}]`);
  });
}
