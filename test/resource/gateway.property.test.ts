import { strict as assert } from "node:assert";
import fc from "fast-check";
import { CampaignManagementClient } from "../../provider/client/client";
import { MsAdsError } from "../../provider/client/errors";
import { ConversionGoal } from "../../provider/client/goal";
import { AddOutcome, GoalGateway } from "../../provider/resource/gateway";

/**
 * One request of a step: refused per item (`refused`), or in a call that fails whole (`poison` fails its call);
 * `wave` is when it comes: each wave's requests are asked together, then the batches open are sent.
 */
interface Item {
  refused: boolean;
  poison: boolean;
  wave: number;
}

/**
 * A client that answers as the service does, per item and per call, and records each call: a goal or id marked
 * refused gets a per-item error at its index in the call; a call holding a poisoned one fails whole.
 */
class ScriptedClient {
  readonly calls: Array<{ keys: string[]; error?: MsAdsError }> = [];
  constructor(private readonly items: Map<string, Item>) {}

  async addConversionGoals(goals: ConversionGoal[]) {
    const keys = goals.map((g) => g.name!);
    this.failIfPoisoned("AddConversionGoals", keys);
    return { goalIds: keys.map((k) => (this.items.get(k)!.refused ? null : idOf(k))), partialErrors: this.refusals("AddConversionGoals", keys), trackingIds: [] };
  }

  async getConversionGoalsByIds(ids: string[]) {
    const keys = ids.map(nameOf);
    this.failIfPoisoned("GetConversionGoalsByIds", keys);
    return { goals: keys.map((k) => (this.items.get(k)!.refused ? null : { id: idOf(k), name: k })), partialErrors: [], trackingIds: [] };
  }

  private failIfPoisoned(operation: "AddConversionGoals" | "GetConversionGoalsByIds", keys: string[]): void {
    const call: (typeof this.calls)[number] = { keys };
    this.calls.push(call);
    if (keys.some((k) => this.items.get(k)!.poison)) {
      call.error = new MsAdsError({ kind: "api", operation, code: 117, errorCode: "CallRateExceeded", message: `call ${this.calls.length} throttled` });
      throw call.error;
    }
  }

  private refusals(operation: "AddConversionGoals", keys: string[]): MsAdsError[] {
    return keys.flatMap((k, index) =>
      this.items.get(k)!.refused
        ? [new MsAdsError({ kind: "api", operation, code: 5351, errorCode: "InvalidGoalCurrencyCode", message: `refused ${k}`, index, goal: { name: k }, errors: [{ code: 5351, errorCode: "InvalidGoalCurrencyCode", message: `refused ${k}`, index, fieldPath: "Revenue.CurrencyCode" }] })]
        : [],
    );
  }
}

const idOf = (name: string) => String(9_000_000 + Number(name.slice(1)));
const nameOf = (id: string) => `g${Number(id) - 9_000_000}`;

const items = fc.array(fc.record({ refused: fc.boolean(), poison: fc.integer({ min: 0, max: 9 }).map((n) => n === 0), wave: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 260 });
const itemsOf = (list: Item[]) => new Map(list.map((it, i) => [`g${i}`, it]));

/**
 * Asks for every item through `ask`, wave by wave, sending the batches each wave opened before the next wave comes
 * (the scheduler the gateway is given stands in for its timer). Returns each item's outcome, in item order, and
 * the number of calls the waves should take: one per 100 requests of a wave.
 */
async function inWaves<T>(list: Item[], ask: (gateway: GoalGateway, i: number) => Promise<T>, client: ScriptedClient) {
  const pending: Array<() => void> = [];
  const gateway = new GoalGateway(client as unknown as CampaignManagementClient, { customerId: "1", accountId: "2" }, { schedule: (send) => pending.push(send) });
  const outcomes: Array<Promise<PromiseSettledResult<T>>> = [];
  let expectedCalls = 0;
  for (const wave of [0, 1, 2]) {
    const members = list.map((it, i) => [it, i] as const).filter(([it]) => it.wave === wave);
    // Settled at once, so that no rejection waits unhandled for a later wave.
    members.forEach(([, i]) => (outcomes[i] = ask(gateway, i).then((value) => ({ status: "fulfilled", value }) as const, (reason: unknown) => ({ status: "rejected", reason }) as const)));
    expectedCalls += Math.ceil(members.length / 100);
    pending.splice(0).forEach((send) => send());
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { settled: await Promise.all(outcomes), expectedCalls };
}

// Whatever the batch sizes and whichever items or calls fail, each step gets its own answer and only its own error.
describe("resource: the gateway routes each answer of a batched call to its own step (property)", () => {
  it("hands every Add caller its own id, its own per-item errors, or its own call's failure", async () => {
    await fc.assert(
      fc.asyncProperty(items, async (list) => {
        const client = new ScriptedClient(itemsOf(list));
        const { settled, expectedCalls } = await inWaves(list, (gateway, i) => gateway.add({ name: `g${i}`, goalCategory: "Purchase" }), client);
        assert.equal(client.calls.length, expectedCalls, "one call per 100 goals of a wave");
        assert.ok(client.calls.every((c) => c.keys.length <= 100));
        settled.forEach((s, i) => {
          const name = `g${i}`;
          const calls = client.calls.filter((c) => c.keys.includes(name));
          assert.equal(calls.length, 1, `${name} sent once`);
          if (calls[0].error) {
            assert.equal(s.status, "rejected");
            assert.equal((s as PromiseRejectedResult).reason, calls[0].error, `${name} gets its own call's failure`);
            return;
          }
          assert.equal(s.status, "fulfilled", `${name} is answered`);
          const { id, errors } = (s as PromiseFulfilledResult<AddOutcome>).value;
          if (list[i].refused) {
            assert.equal(id, null);
            assert.deepEqual(errors.map((e) => [e.serviceMessage, e.index, e.errors[0].index]), [[`refused ${name}`, 0, 0]], `${name} gets its own error, as if sent alone`);
          } else {
            assert.deepEqual([id, errors], [idOf(name), []]);
          }
        });
      }),
      { numRuns: 60 },
    );
  });

  it("hands every Get caller its own goal, nothing for a goal not returned, or its own call's failure", async () => {
    await fc.assert(
      fc.asyncProperty(items, async (list) => {
        const client = new ScriptedClient(itemsOf(list));
        const { settled, expectedCalls } = await inWaves(list, (gateway, i) => gateway.get(idOf(`g${i}`)), client);
        assert.equal(client.calls.length, expectedCalls);
        settled.forEach((s, i) => {
          const name = `g${i}`;
          const [call] = client.calls.filter((c) => c.keys.includes(name));
          if (call.error) return assert.equal((s as PromiseRejectedResult).reason, call.error);
          assert.deepEqual((s as PromiseFulfilledResult<ConversionGoal | undefined>).value, list[i].refused ? undefined : { id: idOf(name), name });
        });
      }),
      { numRuns: 60 },
    );
  });
});
