#!/usr/bin/env node
// msads-goals: `msads-goals audit …`, the goals of the account(s) that no resource of the stack owns.
import { parseArgs } from "node:util";
import { AdoptChoice, parseAdoptChoice } from "./adopt";
import { AUDIT_EXIT, runAudit } from "./run";

const USAGE = `usage: msads-goals audit [--stack S] [--goals goals.yaml] [--format table|json] [--include-retired]
                         [--adopt all | --adopt ID | --adopt KEY=ID …] [--write]

Lists every offline goal of the configured account(s) (msads:accountIds, else msads:accountId) that no resource of
the stack owns (by goal id in its state; by name in the goals file when it has no state yet). Credentials as the
provider resolves them: the stack's msads:* config and MSADS_* variables.
  --include-retired   goals the provider retired (paused, "(removed …)") fail the audit too
  --adopt             print goals.yaml entries (adoptExisting: true, every setting as the account holds it) for
                      the unmanaged goals chosen; with --write, add them to the goals file instead
Exit codes: 0 none unmanaged, 3 unmanaged goals found, 2 usage, goals file, stack or credential error;
with --adopt, 0 once the entries are printed or written.
`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        stack: { type: "string", short: "s" },
        goals: { type: "string" },
        format: { type: "string", default: "table" },
        "include-retired": { type: "boolean", default: false },
        adopt: { type: "string", multiple: true },
        write: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (e) {
    process.stderr.write(`msads-goals: ${(e as Error).message}\n${USAGE}`);
    return AUDIT_EXIT.error;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== "audit") {
    process.stderr.write(`msads-goals: expected the command audit${positionals.length > 0 ? `, got ${positionals.join(" ")}` : ""}\n${USAGE}`);
    return AUDIT_EXIT.error;
  }
  if (values.format !== "table" && values.format !== "json") {
    process.stderr.write(`msads-goals: --format must be table or json, got ${values.format}\n`);
    return AUDIT_EXIT.error;
  }
  let adopt: AdoptChoice | undefined;
  try {
    adopt = values.adopt === undefined ? undefined : parseAdoptChoice(values.adopt);
  } catch (e) {
    process.stderr.write(`msads-goals: ${(e as Error).message}\n`);
    return AUDIT_EXIT.error;
  }
  if (values.write && adopt === undefined) {
    process.stderr.write("msads-goals: --write goes with --adopt\n");
    return AUDIT_EXIT.error;
  }
  const outcome = await runAudit({ stack: values.stack, goalsFile: values.goals, format: values.format, includeRetired: values["include-retired"], adopt, write: values.write });
  process.stdout.write(outcome.stdout);
  process.stderr.write(outcome.stderr);
  return outcome.code;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`msads-goals: ${(e as Error)?.message ?? String(e)}\n`);
    process.exitCode = AUDIT_EXIT.error;
  },
);
