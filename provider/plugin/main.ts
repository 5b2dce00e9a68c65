// pulumi-resource-msads: the msads provider plugin (launched by bin/pulumi-resource-msads). The engine starts it
// with its own address as the last argument and reads the port the plugin listens on from its first line of output.
import * as grpc from "@grpc/grpc-js";
import { engineAddressFromArgs } from "../resource/engine-log";
import { GoalProvider } from "../resource/provider";
import { engineWarn } from "./engine-log";
import { PluginProvider } from "./plugin-provider";
import { resourceProviderService, ResourceProviderService } from "./server";

/** The plugin's version: the package's (package.json), which the schema and GetPluginInfo report. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const PLUGIN_VERSION: string = require("../../../package.json").version;

/** Starts the server on a loopback port; resolves with the port. */
export async function serve(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const goals = new GoalProvider(process.env, {}, engineWarn(engineAddressFromArgs(argv)));
  const provider = new PluginProvider({ version: PLUGIN_VERSION, goals });
  // Large stacks send large Structs (a refresh's outputs); the engine's own limit is 400 MiB.
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024, "grpc.max_send_message_length": 400 * 1024 * 1024 });
  server.addService(ResourceProviderService, resourceProviderService(provider, PLUGIN_VERSION));
  return new Promise((resolve, reject) => server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))));
}

if (require.main === module) {
  serve().then(
    (port) => process.stdout.write(`${port}\n`),
    (e) => {
      process.stderr.write(`pulumi-resource-msads: cannot start: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
