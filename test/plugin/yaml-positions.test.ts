import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { yamlLocator } from "../../provider/plugin/yaml-positions";

const PROGRAM = `name: goals
runtime: yaml
resources:
  leads:
    type: msads:index:OfflineConversionGoal
    properties:
      name: Leads
      goalCategory: SubmitLeadForm
      revenue:
        type: FixedValue
        value: -1
`;

describe("plugin: where a Pulumi YAML program writes a property", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "msads-yaml-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("gives the file, line and column of a nested property's value", () => {
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), PROGRAM);
    const locate = yamlLocator(dir);
    assert.equal(locate("leads", "revenue.value"), "Pulumi.yaml:11:16");
    assert.equal(locate("leads", "goalCategory"), "Pulumi.yaml:8:21");
  });

  it("points a property the program does not write at the nearest one it does (a required one left out)", () => {
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), PROGRAM);
    assert.equal(yamlLocator(dir)("leads", "revenue.currencyCode"), "Pulumi.yaml:10:9");
  });

  it("says nothing for a resource the file does not declare, or a program in another language", () => {
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), PROGRAM);
    assert.equal(yamlLocator(dir)("purchases", "name"), undefined);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), PROGRAM.replace("runtime: yaml", "runtime: nodejs"));
    assert.equal(yamlLocator(dir)("leads", "revenue.value"), undefined);
  });

  it("reads the resources of Main.yaml beside Pulumi.yaml", () => {
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: goals\nruntime:\n  name: yaml\n");
    fs.writeFileSync(path.join(dir, "Main.yaml"), PROGRAM.split("\n").slice(2).join("\n"));
    assert.equal(yamlLocator(dir)("leads", "name"), "Main.yaml:5:13");
  });
});
