// The baseline of bench/up.ts: N dynamic resources whose provider does nothing, under the same engine.
import * as pulumi from "@pulumi/pulumi";

const count = Number(new pulumi.Config().require("count"));
const noop: pulumi.dynamic.ResourceProvider = {
  create: async (inputs) => ({ id: String(inputs.key), outs: inputs }),
  diff: async () => ({ changes: false }),
  read: async (id, props) => ({ id, props }),
  update: async (_id, _olds, news) => ({ outs: news }),
  delete: async () => {},
};
class Noop extends pulumi.dynamic.Resource {}
for (let i = 0; i < count; i++) new Noop(noop, `noop-${i}`, { key: `noop-${i}` }, {}, "bench", "Noop");
