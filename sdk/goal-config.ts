import * as fs from "node:fs";
import { isMap, isScalar, LineCounter, parseDocument, Node as YamlNode } from "yaml";
import { z } from "zod";
import { GoalInputs, GoalInputsSchema, schemaFailures } from "../provider/resource/schema";

/** One problem in a goals file, located by line and column (1-based) and the field it concerns. */
export interface GoalConfigIssue {
  file: string;
  line: number;
  column: number;
  /** Dotted path from the top of the file: goals.leads.revenue.value. */
  field: string;
  message: string;
}

/** A goals file that cannot be used; `issues` lists every problem, `message` one per line as file:line:column: field: rule. */
export class GoalConfigError extends Error {
  override name = "GoalConfigError";
  /** Every problem found, located by file, line, column and field (the message lists them too). */
  declare readonly issues: GoalConfigIssue[];
  constructor(issues: GoalConfigIssue[]) {
    super(`invalid goals file:\n${issues.map((i) => `  ${i.file}:${i.line}:${i.column}: ${i.field}: ${i.message}`).join("\n")}`);
    // Not enumerable: the program's host prints an uncaught error with util.inspect, which would list every issue a
    // second time after the message.
    Object.defineProperty(this, "issues", { value: issues, enumerable: false });
  }
}

/** A logical name: it becomes the Pulumi resource name, so it must be stable and simple. */
const GoalKey = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "must be lower-case letters, digits, - or _, starting with a letter or digit (at most 63)");

/** One entry: the resource's own schema, plus the keys it was known by before. */
export const GoalEntrySchema = GoalInputsSchema.safeExtend({
  /**
   * Previous keys of this goal (Pulumi aliases): after renaming a key, list the old one here and the goal stays the
   * same resource (no create, no delete). Keep it until every stack has run `up` once with the new key.
   */
  aliases: z.array(GoalKey).min(1, "must list at least one previous key (or leave aliases out)").optional(),
});
/** A goal as the file declares it: the resource's inputs, and its previous keys. */
export type GoalEntry = GoalInputs & { aliases?: string[] };

/** The file: a map from stable keys to goals, each checked by the resource's own schema. */
export const GoalConfigSchema = z
  .object({
    /** Goals by logical name. The key names the Pulumi resource: renaming a goal's display name keeps its key. */
    goals: z.record(GoalKey, GoalEntrySchema),
  })
  .strict()
  .superRefine((file, ctx) => {
    // An alias names a resource that no longer exists under that key: it cannot be a current key, nor be claimed twice.
    const claimed = new Map<string, string>();
    for (const [key, entry] of Object.entries(file.goals ?? {})) {
      (entry.aliases ?? []).forEach((alias, i) => {
        const path = ["goals", key, "aliases", i];
        if (alias === key) ctx.addIssue({ code: "custom", path, message: `is this entry's own key; list only previous keys` });
        else if (alias in file.goals) ctx.addIssue({ code: "custom", path, message: `${alias} is the key of another entry; an alias names a key that is no longer in the file` });
        else if (claimed.has(alias)) ctx.addIssue({ code: "custom", path, message: `${alias} is already an alias of ${claimed.get(alias)}; one previous key becomes one goal` });
        else claimed.set(alias, key);
      });
    }
    // Names are unique per customer regardless of case (ConversionGoal.Name): two entries of one name would claim one
    // goal, the second failing on the taken name, or, once told to adopt it, both owning it.
    const named = new Map<string, string>();
    for (const [key, entry] of Object.entries(file.goals ?? {})) {
      if (typeof entry.name !== "string") continue;
      const name = `${entry.customerId ?? ""}/${entry.name.normalize("NFC").toLowerCase()}`;
      const first = named.get(name);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: ["goals", key, "name"], message: `${JSON.stringify(entry.name)} is also the name of entry ${first}; goal names are unique per customer regardless of case` });
      else named.set(name, key);
    }
  });
export type GoalConfig = { goals: Record<string, GoalEntry> };

/** Reads and validates a goals file (YAML); throws GoalConfigError with every problem located. */
export function loadGoalConfig(file: string): GoalConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new GoalConfigError([{ file, line: 0, column: 0, field: "(file)", message: `cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
  return parseGoalConfig(text, file);
}

/** Validates goals-file text; `file` is used in the messages. */
export function parseGoalConfig(text: string, file = "goals.yaml"): GoalConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number) => lines.linePos(offset);
  if (doc.errors.length > 0) {
    throw new GoalConfigError(
      doc.errors.map((e) => {
        const p = at(e.pos[0]);
        return { file, line: p.line, column: p.col, field: "(yaml)", message: e.message.split("\n")[0] };
      }),
    );
  }
  const data = doc.toJS() ?? {};
  const parsed = GoalConfigSchema.safeParse(data);
  if (parsed.success) return parsed.data as GoalConfig;
  const issues = schemaFailures(parsed.error, data).map((f) => {
    const path = f.property === "(goal)" ? [] : f.property.split(".");
    const pos = at(locate(doc.contents, path));
    return { file, line: pos.line, column: pos.col, field: f.property, message: f.reason };
  });
  throw new GoalConfigError(issues);
}

/** The offset of the deepest node along `path` (a missing key points at its parent map). */
function locate(node: unknown, path: string[]): number {
  let current = node as YamlNode | null;
  let offset = current?.range?.[0] ?? 0;
  for (const key of path) {
    if (!isMap(current)) break;
    const pair = current.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
    if (!pair) break;
    offset = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? offset;
    current = pair.value as YamlNode | null;
  }
  return offset;
}
