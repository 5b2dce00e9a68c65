// A Pulumi program for the end-to-end tests that need resource options the goals file does not offer
// (ignoreChanges): it declares one OfflineConversionGoal per entry of goals.json in the project directory,
// { "<key>": { "args": { …goal inputs }, "ignoreChanges": ["status"] } }.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { OfflineConversionGoal, OfflineConversionGoalArgs } from "../../../sdk";

interface Entry {
  args: OfflineConversionGoalArgs;
  ignoreChanges?: string[];
}

const file = path.join(pulumi.runtime.getRootDirectory(), "goals.json");
const entries = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, Entry>;
for (const [key, entry] of Object.entries(entries)) {
  new OfflineConversionGoal(key, entry.args, { ignoreChanges: entry.ignoreChanges });
}
