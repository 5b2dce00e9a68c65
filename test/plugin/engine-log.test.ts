import { strict as assert } from "node:assert";
import * as grpc from "@grpc/grpc-js";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import { engineWarn } from "../../provider/plugin/engine-log";

/** Captures what is written to stderr while `run` runs. */
async function stderrOf(run: () => Promise<void>): Promise<string> {
  const write = process.stderr.write.bind(process.stderr);
  let text = "";
  process.stderr.write = ((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    await run();
  } finally {
    process.stderr.write = write;
  }
  return text;
}

describe("plugin: warnings to the engine", () => {
  let server: grpc.Server;
  let address: string;
  const logged: Array<{ severity: number; message: string }> = [];

  before(async () => {
    server = new grpc.Server();
    server.addService(engrpc.EngineService as unknown as grpc.ServiceDefinition, {
      log: (call: { request: engproto.LogRequest }, cb: (e: null, v: emptyproto.Empty) => void) => {
        logged.push({ severity: call.request.getSeverity(), message: call.request.getMessage() });
        cb(null, new emptyproto.Empty());
      },
    });
    const port = await new Promise<number>((resolve, reject) => server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    address = `127.0.0.1:${port}`;
  });
  after(() => server.forceShutdown());

  it("sends a warning through the engine's Log service, as a WARNING the CLI shows under Diagnostics", async () => {
    await engineWarn(address)("not retiring goal 7: another resource holds it");
    assert.deepEqual(logged, [{ severity: engproto.LogSeverity.WARNING, message: "not retiring goal 7: another resource holds it" }]);
  });

  it("falls back to stderr when the engine cannot be reached, losing no warning", async () => {
    // A port nothing listens on: the engine is gone (the CLI was interrupted).
    const closed = new grpc.Server();
    const port = await new Promise<number>((resolve, reject) => closed.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    closed.forceShutdown();
    const text = await stderrOf(() => Promise.resolve(engineWarn(`127.0.0.1:${port}`)("the engine is gone")));
    assert.equal(text, "warning: the engine is gone\n");
  });

  it("writes to stderr when the plugin was started without an engine address", async () => {
    assert.equal(await stderrOf(() => Promise.resolve(engineWarn(undefined)("no engine"))), "warning: no engine\n");
  });
});
