import * as fs from "node:fs";
import * as path from "node:path";
import { isMap, LineCounter, parseDocument } from "yaml";

/** Where a resource's property is written, as "Pulumi.yaml:12:7"; undefined when the program is not Pulumi YAML or it is not written there. */
export type PropertyLocator = (resourceName: string, propertyPath: string) => string | undefined;

/**
 * Finds properties in a Pulumi YAML program (Pulumi.yaml, or Main.yaml beside it), so that a check failure of the
 * plugin points at the line as the YAML language host's own type errors do. The engine starts plugins in the
 * project directory; the files are read once, on first use.
 */
export function yamlLocator(projectDir: string = process.cwd()): PropertyLocator {
  let files: Array<{ name: string; doc: ReturnType<typeof parseDocument>; lines: LineCounter }> | undefined;
  const load = () => {
    files = [];
    for (const name of ["Pulumi.yaml", "Pulumi.yml", "Main.yaml"]) {
      let text: string;
      try {
        text = fs.readFileSync(path.join(projectDir, name), "utf8");
      } catch {
        continue;
      }
      const lines = new LineCounter();
      const doc = parseDocument(text, { lineCounter: lines });
      if (name.startsWith("Pulumi.y") && String(doc.get("runtime")) !== "yaml" && !(isMap(doc.get("runtime")) && String((doc.get("runtime") as { get(k: string): unknown }).get("name")) === "yaml")) return;
      files.push({ name, doc, lines });
    }
  };
  return (resourceName, propertyPath) => {
    if (!files) load();
    for (const f of files ?? []) {
      const segments = ["resources", resourceName, "properties", ...propertyPath.split(".").filter(Boolean)];
      // The deepest node that exists: a missing property is reported at its parent (the resource's properties).
      for (let n = segments.length; n > 2; n--) {
        const node = f.doc.getIn(segments.slice(0, n), true) as { range?: [number, number, number] } | undefined;
        if (node?.range) {
          const { line, col } = f.lines.linePos(node.range[0]);
          return `${f.name}:${line}:${col}`;
        }
      }
    }
    return undefined;
  };
}
