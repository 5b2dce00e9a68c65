import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { ESLint } from "eslint";
import { repoRoot } from "../support/paths";

// The emulator is a double of the service written from the reference: it must not share the provider's tables or
// rules, or a wrong assumption would be repeated on both sides and every test would still pass.

const emulatorDir = path.join(repoRoot, "emulator");

/** Every module specifier of a TypeScript source: import/export … from, side-effect imports, import(), require(). */
function specifiers(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^;]*?\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  return patterns.flatMap((re) => [...source.matchAll(re)].map((m) => m[1]));
}

/** The .ts file a relative specifier names, if it exists. */
function resolveTs(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, path.join(base, "index.ts")].find((f) => fs.existsSync(f));
}

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith(".ts") ? [p] : [];
  });
}

/** Source files the emulator loads, followed through relative imports (wsdl/ included), with what each imports. */
function emulatorModuleGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const queue = tsFiles(emulatorDir);
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (graph.has(file)) continue;
    const specs = specifiers(fs.readFileSync(file, "utf8"));
    graph.set(file, specs);
    for (const s of specs) {
      const target = s.startsWith(".") ? resolveTs(file, s) : undefined;
      if (target) queue.push(target);
    }
  }
  return graph;
}

const ownPackage = /^pulumi-msads(\/|$)/;
const providerSide = [path.join(repoRoot, "provider") + path.sep, path.join(repoRoot, "sdk") + path.sep];

describe("emulator: independent of the provider", function () {
  this.timeout(60_000);

  it("no emulator module, nor any module it loads, imports from provider/ or the SDK", () => {
    const graph = emulatorModuleGraph();
    assert.ok(graph.size > 20, `the emulator's sources were found (${graph.size})`);
    const offending: string[] = [];
    for (const [file, specs] of graph) {
      for (const s of specs) {
        const target = s.startsWith(".") ? path.resolve(path.dirname(file), s) + path.sep : "";
        const crosses = providerSide.some((dir) => target.startsWith(dir));
        const viaPackage = ownPackage.test(s) && s !== "pulumi-msads/emulator";
        if (crosses || viaPackage) offending.push(`${path.relative(repoRoot, file)} imports ${s}`);
      }
    }
    assert.deepEqual(offending, []);
  });

  it("the specifier scan sees every form of import", () => {
    const source = [
      `import { A } from "../provider/client/limits";`,
      `import type { B } from "../provider/resource/schema";`,
      `export { C } from "../../provider";`,
      `import "../provider/side-effect";`,
      `const d = require("pulumi-msads/client");`,
      `const e = await import("../provider/lazy");`,
    ].join("\n");
    assert.deepEqual(specifiers(source).sort(), ["../../provider", "../provider/client/limits", "../provider/lazy", "../provider/resource/schema", "../provider/side-effect", "pulumi-msads/client"]);
  });

  describe("the lint rule (eslint.config.mjs, no-restricted-imports on emulator/**)", () => {
    const eslint = () => new ESLint({ cwd: repoRoot });
    const violation = [
      `import { GOAL_CURRENCIES } from "../provider/client/limits";`,
      `import { OFFLINE_GOAL_CATEGORIES } from "../../provider/client/goal";`,
      `import { CampaignManagementClient } from "pulumi-msads/client";`,
      `export { GOAL_CURRENCIES, OFFLINE_GOAL_CATEGORIES, CampaignManagementClient };`,
      `export * from "../provider";`,
      "",
    ].join("\n");
    const restricted = (results: ESLint.LintResult[]) => results.flatMap((r) => r.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => `${path.relative(repoRoot, r.filePath)}:${m.line}`));

    it("fails an emulator file that imports from provider/, on every such line", async () => {
      const results = await eslint().lintText(violation, { filePath: path.join(emulatorDir, "operations", "fixture.ts") });
      assert.deepEqual(restricted(results), ["emulator/operations/fixture.ts:1", "emulator/operations/fixture.ts:2", "emulator/operations/fixture.ts:3", "emulator/operations/fixture.ts:5"]);
      assert.match(results[0].messages[0].message, /The emulator imports nothing from provider\//);
    });

    it("leaves the same imports alone outside the emulator", async () => {
      const results = await eslint().lintText(violation, { filePath: path.join(repoRoot, "sdk", "fixture.ts") });
      assert.deepEqual(restricted(results), []);
    });

    it("passes on the emulator folder as it is", async () => {
      const results = await eslint().lintFiles(["emulator"]);
      assert.ok(results.length > 20, `linted ${results.length} files`);
      assert.deepEqual(restricted(results), []);
    });
  });
});
