import * as path from "node:path";

/** Reports a warning to whoever runs the provider; resolves once it is delivered. */
export type Warn = (message: string) => Promise<void> | void;

/** The engine's address as the dynamic-provider host received it (its arguments: flags, then host:port). */
export function engineAddressFromArgs(argv: readonly string[]): string | undefined {
  return [...argv].reverse().find((a) => !a.startsWith("-") && /^[\w.-]+:\d{1,5}$|^\[[0-9a-f:]+\]:\d{1,5}$/i.test(a));
}

/**
 * Warnings as the CLI shows them ("warning: …" under Diagnostics). Inside the dynamic-provider host
 * (@pulumi/pulumi cmd/dynamic-provider) pulumi.log.warn has no engine to talk to: the host is given the engine's
 * address as its argument but does not hand it to the runtime, so log.warn would fall back to the host's stderr,
 * which the engine shows as plain output. This points the runtime at that address first. Elsewhere (a program,
 * tests), pulumi.log.warn as it is.
 */
export function engineWarn(argv: readonly string[] = process.argv, main: string | undefined = require.main?.filename): Warn {
  let connected = false;
  return async (message) => {
    // Loaded on first use: most deployments never warn, and @pulumi/pulumi is costly to load.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    if (!connected && main !== undefined && main.split(path.sep).join("/").includes("cmd/dynamic-provider")) {
      const address = engineAddressFromArgs(argv.slice(2));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const state = require("@pulumi/pulumi/runtime/state") as { getStore(): { settings: { options: { engineAddr?: string } } } };
      const options = state.getStore().settings.options;
      if (address && !options.engineAddr) options.engineAddr = address;
      connected = true;
    }
    await pulumi.log.warn(message);
  };
}
