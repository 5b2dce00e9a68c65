import type * as dynamic from "@pulumi/pulumi/dynamic";

// What Pulumi serializes into the state as `__provider` (once per resource, so every byte counts): methods that
// delegate to the installed implementation, required by package name. It captures nothing (no config, no
// secret, no client), and refresh and destroy run the installed version instead of a copy frozen into the state.
//
// The host calls configure() first, right after deserializing (cmd/dynamic-provider getProvider), so configure
// resolves pulumi-msads/provider from the program's directory (which also covers a program inside this package,
// by Node's package self-reference) and leaves it on globalThis for the other methods: a captured helper would
// cost a wrapper of ~200 bytes. Arrow functions, no comments inside: the serializer copies function text verbatim.
type Host = { msads: Required<dynamic.ResourceProvider> };

export const trampoline: dynamic.ResourceProvider = {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  configure: (r) => ((globalThis as unknown as Host).msads = require("module").createRequire(process.cwd() + "/")("pulumi-msads/provider").provider).configure(r),
  check: (o, n) => (globalThis as unknown as Host).msads.check(o, n),
  diff: (i, o, n) => (globalThis as unknown as Host).msads.diff(i, o, n),
  create: (n) => (globalThis as unknown as Host).msads.create(n),
  read: (i, p) => (globalThis as unknown as Host).msads.read(i, p),
  update: (i, o, n) => (globalThis as unknown as Host).msads.update(i, o, n),
  delete: (i, p) => (globalThis as unknown as Host).msads.delete(i, p),
};

// The GoalRetirement records' trampoline: the same scheme under its own global (the host deserializes and configures
// each distinct provider text once, so the two never share a cache entry).
type RetirementHost = { msadsRetirement: Required<Omit<dynamic.ResourceProvider, "read">> };

export const retirementTrampoline: dynamic.ResourceProvider = {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  configure: (r) => ((globalThis as unknown as RetirementHost).msadsRetirement = require("module").createRequire(process.cwd() + "/")("pulumi-msads/provider").retirement).configure(r),
  check: (o, n) => (globalThis as unknown as RetirementHost).msadsRetirement.check(o, n),
  diff: (i, o, n) => (globalThis as unknown as RetirementHost).msadsRetirement.diff(i, o, n),
  create: (n) => (globalThis as unknown as RetirementHost).msadsRetirement.create(n),
  update: (i, o, n) => (globalThis as unknown as RetirementHost).msadsRetirement.update(i, o, n),
  delete: (i, p) => (globalThis as unknown as RetirementHost).msadsRetirement.delete(i, p),
};
