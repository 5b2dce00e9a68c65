import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RunningEmulator } from "../../emulator";
import { addGoals, faultErrors, getGoals, redeem } from "../support/emulator";
import { Cli, endpoints, exitWithin, spawnCli } from "../support/cli-process";

const SERVICE_PATH = "/Api/Advertiser/CampaignManagement/v13/CampaignManagementService.svc";


describe("emulator: command line", () => {
  const children: Cli[] = [];
  const run = (args: string[], nodeArgs: string[] = []) => {
    const cli = spawnCli(args, nodeArgs);
    children.push(cli);
    return cli;
  };

  afterEach(async () => {
    for (const cli of children.splice(0)) {
      if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill("SIGKILL");
      await cli.exited;
    }
  });

  describe("a running emulator", () => {
    let cli: Cli;
    let emu: RunningEmulator;

    beforeEach(async () => {
      cli = run(["--port", "0", "--quiet"]);
      emu = await endpoints(cli);
      await cli.waitForLine(/refresh token:/);
    });

    it("prints the listening URL as its first line, on a real port of the loopback interface", () => {
      const m = new RegExp(`^msads-emulator listening on http://127\\.0\\.0\\.1:(\\d+)${SERVICE_PATH.replaceAll(".", "\\.")}$`).exec(cli.lines[0]);
      assert.ok(m, `first line: ${cli.lines[0]}`);
      const port = Number(m[1]);
      assert.ok(port > 0 && port < 65536, `port ${port}`);
    });

    it("prints the seed credentials", () => {
      const out = cli.lines.join("\n");
      assert.match(out, /^\s*token endpoint:\s+http:\/\/127\.0\.0\.1:\d+\/common\/oauth2\/v2\.0\/token$/m);
      assert.match(out, /^\s*admin API:\s+http:\/\/127\.0\.0\.1:\d+\/_emulator\/state/m);
      assert.match(out, /^\s*developer token:\s+BBD37VB98$/m);
      assert.match(out, /^\s*customer 1000001: accounts 2000001 \(USD\), 2000002 \(EUR\)$/m);
      assert.match(out, /^\s*OAuth client id:\s+msads-emulator-client\s+refresh token: emulator-refresh-token$/m);
    });

    it("answers SOAP calls at the printed URL with a token from the printed token endpoint", async () => {
      const issued = await redeem(emu);
      assert.equal(issued.status, 200);
      const token = issued.json.access_token as string;
      const added = await addGoals(emu, { token }, [{ GoalCategory: "Purchase", Name: "Through the CLI" }]);
      assert.equal(added.status, 200);
      const got = await getGoals(emu, { token }, [added.ids[0]!]);
      assert.equal(got.status, 200);
      assert.equal(got.str("//v:ConversionGoals/v:ConversionGoal/v:Name"), "Through the CLI");
    });

    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      it(`exits with code 0 on ${signal} while serving`, async () => {
        const health = await fetch(`${emu.adminUrl}/health`);
        assert.equal(health.status, 200);
        await health.text();
        cli.child.kill(signal);
        const exit = await exitWithin(cli);
        assert.deepEqual(exit, { code: 0, signal: null });
      });
    }

    it("stops answering once it has exited", async () => {
      assert.equal((await fetch(`${emu.adminUrl}/health`)).status, 200);
      cli.child.kill("SIGTERM");
      await exitWithin(cli);
      await assert.rejects(fetch(`${emu.adminUrl}/health`));
    });
  });

  describe("a SIGTERM sent as soon as the listening line appears", () => {
    // A machine under load may deschedule the process right after it prints its first line. This preload
    // makes that happen every time: it stalls the process for 300 ms just after the listening line is written.
    let preload: string;
    before(() => {
      preload = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "msads-cli-")), "stall-after-listening.js");
      fs.writeFileSync(
        preload,
        `const write = process.stdout.write.bind(process.stdout);
let stalled = false;
process.stdout.write = (chunk, ...rest) => {
  const written = write(chunk, ...rest);
  if (!stalled && String(chunk).includes("listening on")) {
    stalled = true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
  }
  return written;
};
`,
      );
    });
    after(() => fs.rmSync(path.dirname(preload), { recursive: true, force: true }));

    // Harnesses wait for exactly the first line (cli.ts says so), then may stop the emulator at once: the
    // shutdown handler must be in place by the time that line is out.
    it("still exits with code 0: the shutdown handler is installed before the line is printed", async () => {
      const cli = run(["--port", "0", "--quiet"], ["--require", preload]);
      await cli.waitForLine(/^msads-emulator listening on /);
      cli.child.kill("SIGTERM");
      const exit = await exitWithin(cli);
      assert.deepEqual(exit, { code: 0, signal: null }, "killed by the signal: the SIGTERM handler was not installed yet");
    });
  });

  it("logs one line per request to stderr, never a token", async () => {
    const cli = run(["--port", "0"]);
    const emu = await endpoints(cli);
    const issued = await redeem(emu);
    const token = issued.json.access_token as string;
    assert.equal((await getGoals(emu, { token }, null)).status, 200);
    cli.child.kill("SIGTERM");
    await exitWithin(cli);
    const log = cli.stderr();
    assert.match(log, /POST \/common\/oauth2\/v2\.0\/token token issued 200/);
    assert.match(log, /POST \S+CampaignManagementService\.svc GetConversionGoalsByIds TrackingId=\S+ 200/);
    for (const secret of [token, issued.json.refresh_token as string, "emulator-refresh-token", "BBD37VB98"]) {
      assert.ok(!log.includes(secret), `the log holds ${secret.slice(0, 12)}…`);
    }
  });

  it("passes --calls-per-minute to the throttle", async () => {
    const cli = run(["--port", "0", "--quiet", "--calls-per-minute", "1"]);
    const emu = await endpoints(cli);
    const token = (await redeem(emu)).json.access_token as string;
    assert.equal((await getGoals(emu, { token }, null)).status, 200);
    const refused = await getGoals(emu, { token }, null);
    assert.deepEqual(faultErrors(refused).map((e) => e.code), [117]);
  });

  it("passes --oauth-environment sandbox to the token endpoint", async () => {
    const cli = run(["--port", "0", "--quiet", "--oauth-environment", "sandbox"]);
    const emu = await endpoints(cli);
    assert.match((await cli.waitForLine(/^\s*OAuth:/)).input, /sandbox \(msa-prod: the token endpoint above; windows-ppe: http:\/\/127\.0\.0\.1:\d+\/consumers\/oauth2\/v2\.0\/token\)/);
    const production = await redeem(emu);
    assert.equal(production.json.error, "invalid_scope", "the production scope is not the sandbox's");
    const issued = await redeem(emu, { scope: "https://si.ads.microsoft.com/msads.manage offline_access" });
    assert.equal(issued.status, 200);
    assert.equal((await getGoals(emu, { token: issued.json.access_token as string }, null)).status, 200);
  });

  for (const [what, args, mentions] of [
    ["a port that is not a number", ["--port", "abc"], /--port must be a whole number, not 'abc'/],
    ["an unknown flag", ["--port", "0", "--colour", "red"], /colour/],
    ["a negative token lifetime", ["--port", "0", "--token-lifetime", "-5"], /token-lifetime/],
    ["a refresh token lifetime that is not a number", ["--port", "0", "--refresh-token-lifetime", "90d"], /--refresh-token-lifetime must be a whole number, not '90d'/],
    ["an unknown OAuth environment", ["--port", "0", "--oauth-environment", "staging"], /--oauth-environment must be production or sandbox, not 'staging'/],
  ] as const) {
    it(`exits with code 2 and prints the usage on stderr for ${what}`, async () => {
      const cli = run([...args]);
      const { code } = await exitWithin(cli);
      assert.equal(code, 2);
      assert.match(cli.stderr(), /usage: msads-emulator/);
      assert.match(cli.stderr(), mentions);
      assert.ok(!cli.lines.some((l) => l.includes("listening")), "it never listened");
    });
  }

  it("prints the usage on stdout and exits 0 for --help", async () => {
    const cli = run(["--help"]);
    const { code } = await exitWithin(cli);
    assert.equal(code, 0);
    assert.match(cli.lines.join("\n"), /^usage: msads-emulator/);
  });
});
