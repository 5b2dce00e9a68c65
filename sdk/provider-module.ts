/**
 * What the state records as each goal's `__provider`: the text of a module whose `handler()` returns the installed
 * implementation (`pulumi-msads/provider`), required from the program's directory. The dynamic-provider host loads
 * this text (cmd/dynamic-provider getProvider, require-from-string) once per process, calls configure and then the
 * steps, so refresh and destroy run the installed version, never a copy frozen into the state.
 *
 * It is a literal rather than a closure serialized by Pulumi: the engine stores it twice per resource (inputs and
 * outputs) and the file backend rewrites the whole checkpoint after every step, so its size is paid N² times per
 * operation; a serialized closure of the same methods was 1,970 bytes, this is 104. It captures nothing: no config,
 * no secret, no client. The host runs with the program's directory as its working directory, which also covers a
 * program inside this package (Node's package self-reference).
 */
export const PROVIDER_MODULE = providerModule("provider");

/** The same for GoalRetirement records (`unmanagedGoals: retire`): the installed `retirement` provider. */
export const RETIREMENT_PROVIDER_MODULE = providerModule("retirement");

function providerModule(exported: "provider" | "retirement"): string {
  return `exports.handler=()=>require("module").createRequire(process.cwd()+"/")("pulumi-msads/provider").${exported}`;
}
