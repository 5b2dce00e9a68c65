import { strict as assert } from "node:assert";
import { ConversionGoal } from "../../provider/client/goal";
import { GoalOutputs } from "../../provider/resource/outputs";
import { adminState } from "../support/emulator";
import { ProviderHarness, resetProviderHarness, startProviderHarness } from "../support/provider";

type Props = Record<string, unknown>;

// The engine implements ignoreChanges by putting the old *inputs* of the ignored properties into the new inputs
// before Check and Diff (pulumi step_generator.go processIgnoreChanges). These tests play the engine's part: the
// old inputs are what the last step recorded (the declaration, or what a refresh returned as inputs).
const ignoring = (prop: string, news: Props, oldInputs: Props): Props => {
  const out = { ...news };
  if (prop in oldInputs) out[prop] = oldInputs[prop];
  else delete out[prop];
  return out;
};

const declared: Props = {
  name: "Leads",
  goalCategory: "Purchase",
  conversionWindowInMinutes: 10080,
  countType: "All",
  excludeFromBidding: false,
  revenue: { type: "FixedValue", value: 12.5 },
  status: "Active",
  isExternallyAttributed: false,
};

// property, what the web UI changes it to (as the client sends it), and an unrelated change of the declaration
const table: Array<{ prop: string; ui: ConversionGoal; unrelated: Props }> = [
  { prop: "status", ui: { status: "Paused" }, unrelated: { conversionWindowInMinutes: 60 } },
  { prop: "name", ui: { name: "Leads (renamed in UI)" }, unrelated: { conversionWindowInMinutes: 60 } },
  { prop: "goalCategory", ui: { goalCategory: "Contact" }, unrelated: { conversionWindowInMinutes: 60 } },
  { prop: "conversionWindowInMinutes", ui: { conversionWindowInMinutes: 120 }, unrelated: { countType: "Unique" } },
  { prop: "countType", ui: { countType: "Unique" }, unrelated: { conversionWindowInMinutes: 60 } },
  { prop: "excludeFromBidding", ui: { excludeFromBidding: true }, unrelated: { conversionWindowInMinutes: 60 } },
  { prop: "revenue", ui: { revenue: { type: "VariableValue", value: "3" } }, unrelated: { conversionWindowInMinutes: 60 } },
  { prop: "isExternallyAttributed", ui: { isExternallyAttributed: true }, unrelated: { conversionWindowInMinutes: 60 } },
];

describe("resource: ignoreChanges holds for every property", () => {
  let h: ProviderHarness;
  before(async () => (h = await startProviderHarness()));
  after(() => h.emu.close());
  beforeEach(() => resetProviderHarness(h));

  const held = async (id: string, prop: string) => ((await adminState(h.emu)).goals as Props[]).find((g) => g.id === id)![prop];

  for (const row of table) {
    it(`${row.prop}: changed in the web UI, kept through an unrelated up and through refresh`, async () => {
      const p = h.provider;
      const created = await p.create(declared);
      await h.client.updateConversionGoals([{ id: created.id, ...row.ui }]);
      const uiValue = await held(created.id, row.prop);

      // an unrelated up: only the unrelated change is planned and sent, and the write reads the UI value back
      const news = ignoring(row.prop, { ...declared, ...row.unrelated }, declared);
      const d = await p.diff(created.id, created.outs, news);
      assert.deepEqual([d.changes, d.replaces], [true, []]);
      const updated = (await p.update(created.id, created.outs, news)).outs as GoalOutputs;
      assert.deepEqual(await held(created.id, row.prop), uiValue, "the ignored setting is not reverted");
      assert.deepEqual((updated as unknown as Props)[row.prop], (await p.read(created.id, updated)).props[row.prop]);
      // the next plan is empty, although the outputs hold the UI value and the declaration another
      assert.equal((await p.diff(created.id, updated, news)).changes, false);

      // refresh: the inputs take the account's value for that property only
      const refreshed = await p.read(created.id, updated);
      assert.deepEqual(Object.keys(refreshed.inputs).sort(), Object.keys(news).sort());
      for (const [k, v] of Object.entries(news)) if (k !== row.prop) assert.deepEqual(refreshed.inputs[k], v, k);
      // with ignoreChanges the engine sends that refreshed value: no change, so nothing is reverted
      const afterRefresh = ignoring(row.prop, news, refreshed.inputs);
      assert.equal((await p.diff(created.id, refreshed.props, afterRefresh)).changes, false);
      // without it, the plan restores the declaration
      assert.equal((await p.diff(created.id, refreshed.props, news)).changes, true);
    });
  }
});
