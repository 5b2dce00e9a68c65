// Which part of a Pulumi run a process is, from its command line: the figures per kind say where the CPU goes.

/** The kinds a `pulumi` run's process tree is split into. */
export const PROCESS_KINDS = ["engine", "program", "provider host", "other"] as const;
export type ProcessKind = (typeof PROCESS_KINDS)[number];

/**
 * The kind of a process from its argv (/proc/<pid>/cmdline split on NUL):
 * - engine: the `pulumi` CLI (a Go process) and its Go plugins (`pulumi-language-nodejs`, any `pulumi-*` binary);
 * - program: node running the Pulumi program for the language host (`@pulumi/pulumi/cmd/run/index.js …`), and
 *   the language host's `node -e require.resolve("@pulumi/pulumi/cmd/run")` that finds it;
 * - provider host: the dynamic provider, `@pulumi/pulumi/cmd/dynamic-provider` under node, and its launcher
 *   `pulumi-resource-pulumi-nodejs` (a shell script that runs `node -e require.resolve(…)` and then execs node
 *   in the same pid) — the launcher's cost is part of what every dynamic resource provider pays;
 * - other: anything else (an argv still being set up between fork and exec reads as the parent's, so a pid is
 *   classified again at each sample and counted under its last kind).
 */
export function processKind(argv: readonly string[]): ProcessKind {
  const joined = argv.join(" ");
  if (/@pulumi[\\/]pulumi[\\/]cmd[\\/]dynamic-provider/.test(joined) || /pulumi-resource-pulumi-nodejs/.test(joined)) return "provider host";
  if (/@pulumi[\\/]pulumi[\\/]cmd[\\/]run/.test(joined)) return "program";
  const exe = basename(argv[0] ?? "");
  if (exe === "pulumi" || exe.startsWith("pulumi-language-") || exe.startsWith("pulumi-resource-") || exe.startsWith("pulumi-analyzer-")) return "engine";
  return "other";
}

function basename(file: string): string {
  return file.slice(Math.max(file.lastIndexOf("/"), file.lastIndexOf("\\")) + 1);
}
