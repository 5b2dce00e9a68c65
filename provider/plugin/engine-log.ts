import * as grpc from "@grpc/grpc-js";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import { Warn } from "../resource/engine-log";

/**
 * Warnings through the engine's Log service (pulumirpc.Engine), so the CLI shows them under Diagnostics as
 * "warning: …". `address` is the engine's, as the plugin was started with it; without one, stderr (which the
 * engine shows as the plugin's output).
 */
export function engineWarn(address: string | undefined): Warn {
  if (!address) return (message) => void process.stderr.write(`warning: ${message}\n`);
  let client: engrpc.EngineClient | undefined;
  return (message) =>
    new Promise<void>((resolve) => {
      client ??= new engrpc.EngineClient(address, grpc.credentials.createInsecure());
      const req = new engproto.LogRequest();
      req.setSeverity(engproto.LogSeverity.WARNING);
      req.setMessage(message);
      client.log(req, (err) => {
        if (err) process.stderr.write(`warning: ${message}\n`);
        resolve();
      });
    });
}
