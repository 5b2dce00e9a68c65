// How the tests obtain the official contract: pip through an injected runner, the tar reader, the hash check,
// the cache and MSADS_REFERENCE_DIR, and the message a user gets when it cannot be had.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import {
  CommandResult,
  CommandRunner,
  OFFICIAL_CONTRACT,
  OfficialContractUnavailable,
  extractTarMember,
  obtainOfficialContract,
} from "../scripts/official-contract";
import { officialWsdlPath } from "./support/paths";

const SDIST = `bingads-${OFFICIAL_CONTRACT.version}`;
const MEMBER = `${SDIST}/${OFFICIAL_CONTRACT.member}`;

function octalField(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

/** One tar entry (ustar header plus padded data), written independently of the reader under test. */
function tarEntry(name: string, data: Buffer, type = "0", prefix = ""): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, "utf8");
  header.write(octalField(0o644, 8), 100);
  header.write(octalField(0, 8), 108);
  header.write(octalField(0, 8), 116);
  header.write(octalField(data.length, 12), 124);
  header.write(octalField(0, 12), 136);
  header.write("        ", 148);
  header.write(type, 156);
  header.write("ustar\0", 257);
  header.write("00", 263);
  header.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const b of header) sum += b;
  header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  return Buffer.concat([header, data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}

function paxPathEntry(longPath: string): Buffer {
  const body = ` path=${longPath}\n`;
  let length = body.length + 1;
  while (`${length}${body}`.length !== length) length++;
  return tarEntry("PaxHeader", Buffer.from(`${length}${body}`), "x");
}

function tarGz(...entries: Buffer[]): Buffer {
  return gzipSync(Buffer.concat([...entries, Buffer.alloc(1024)]));
}

/** A runner that plays pip: saves `archive` as the sdist into the -d folder, or answers `result` without saving. */
function fakePip(archive: Buffer | undefined, result: Partial<CommandResult> = {}): CommandRunner & { calls: string[][] } {
  const calls: string[][] = [];
  const runner = async (command: string, args: readonly string[]): Promise<CommandResult> => {
    calls.push([command, ...args]);
    const dir = args[args.indexOf("-d") + 1];
    if (archive) fs.writeFileSync(path.join(dir, `${SDIST}.tar.gz`), archive);
    return { exitCode: 0, stdout: "", stderr: "", ...result };
  };
  return Object.assign(runner, { calls });
}

async function unavailable(p: Promise<unknown>): Promise<string> {
  await assert.rejects(p, OfficialContractUnavailable);
  return p.then(
    () => "",
    (e: Error) => e.message,
  );
}

/** Every failure message must say exactly how to provide the file. */
function assertExplainsHowToGetIt(message: string): void {
  assert.ok(message.includes(`python3 -m pip download --no-deps --no-binary :all: bingads==${OFFICIAL_CONTRACT.version} -d`), message);
  assert.ok(message.includes(OFFICIAL_CONTRACT.member), message);
  assert.ok(message.includes(OFFICIAL_CONTRACT.sha256), message);
  assert.ok(message.includes(`MSADS_REFERENCE_DIR`), message);
  assert.ok(message.includes(`as ${OFFICIAL_CONTRACT.fileName}`), message);
  assert.ok(message.includes("npm run contract:fetch"), message);
}

describe("official contract: obtained by the tests themselves", () => {
  let work: string;
  let cacheDir: string;
  const cached = () => path.join(cacheDir, SDIST, OFFICIAL_CONTRACT.fileName);
  const noPip: CommandRunner = async () => assert.fail("pip must not run");
  // The real contract (obtained by the global setup) is read only by the tests that need its bytes: the
  // failure paths must run, and pass, on a machine where it cannot be had.
  let official: Buffer;
  const needsOfficial = () => (official ??= fs.readFileSync(officialWsdlPath()));
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "contract-test-"));
    cacheDir = path.join(work, "cache");
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  it("downloads the sdist with pip, extracts the one file and caches it", async () => {
    needsOfficial();
    const pip = fakePip(tarGz(tarEntry(`${SDIST}/setup.py`, Buffer.from("print()")), paxPathEntry(MEMBER), tarEntry("trunc", official)));
    const file = await obtainOfficialContract({ cacheDir, env: {}, run: pip });
    assert.equal(file, cached());
    assert.ok(fs.readFileSync(file).equals(official));
    assert.equal(pip.calls.length, 1);
    assert.deepEqual(pip.calls[0].slice(0, -1), ["python3", "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", `bingads==${OFFICIAL_CONTRACT.version}`, "-d"]);
    assert.equal(fs.existsSync(pip.calls[0].at(-1)!), false, "the download folder is left behind");
    assert.deepEqual(fs.readdirSync(path.dirname(file)), [OFFICIAL_CONTRACT.fileName], "a temporary file is left in the cache");
  });

  it("uses a verified cached copy without running pip", async () => {
    needsOfficial();
    fs.mkdirSync(path.dirname(cached()), { recursive: true });
    fs.writeFileSync(cached(), official);
    assert.equal(await obtainOfficialContract({ cacheDir, env: {}, run: noPip }), cached());
  });

  it("replaces a damaged cached copy with a fresh download", async () => {
    needsOfficial();
    fs.mkdirSync(path.dirname(cached()), { recursive: true });
    fs.writeFileSync(cached(), official.subarray(0, 1000));
    const pip = fakePip(tarGz(tarEntry(MEMBER, official)));
    await obtainOfficialContract({ cacheDir, env: {}, run: pip });
    assert.equal(pip.calls.length, 1);
    assert.ok(fs.readFileSync(cached()).equals(official));
  });

  it("refuses a contract with another hash, caches nothing and says how to get the right one", async () => {
    const other = Buffer.from('<wsdl:definitions name="another release"/>');
    const message = await unavailable(obtainOfficialContract({ cacheDir, env: {}, run: fakePip(tarGz(tarEntry(MEMBER, other))) }));
    assert.match(message, /has sha256 [0-9a-f]{64}, expected b0d881c9/);
    assertExplainsHowToGetIt(message);
    assert.equal(fs.existsSync(cacheDir), false, "a wrong contract reached the cache");
  });

  it("fails with the way to get it when python3 is not installed", async () => {
    const missing = fakePip(undefined, { exitCode: null, error: Object.assign(new Error("spawn python3 ENOENT"), { code: "ENOENT" }) });
    const message = await unavailable(obtainOfficialContract({ cacheDir, env: {}, run: missing }));
    assert.match(message, /not available: python3 was not found on PATH\./);
    assertExplainsHowToGetIt(message);
  });

  it("reports a missing interpreter through the real runner too", async () => {
    const message = await unavailable(obtainOfficialContract({ cacheDir, env: {}, python: "python3-absent-for-this-test" }));
    assert.match(message, /python3-absent-for-this-test was not found on PATH/);
  });

  it("fails with the way to get it when python3 has no pip", async () => {
    const noModule = fakePip(undefined, { exitCode: 1, stderr: "/usr/bin/python3: No module named pip\n" });
    const message = await unavailable(obtainOfficialContract({ cacheDir, env: {}, run: noModule }));
    assert.match(message, /python3 has no pip module/);
    assertExplainsHowToGetIt(message);
  });

  it("passes on pip's own words when the download fails (no network)", async () => {
    const stderr = [
      "WARNING: Retrying (Retry(total=0)) after connection broken by 'NewConnectionError'",
      `ERROR: Could not find a version that satisfies the requirement bingads==${OFFICIAL_CONTRACT.version} (from versions: none)`,
      `ERROR: No matching distribution found for bingads==${OFFICIAL_CONTRACT.version}`,
    ].join("\n");
    const message = await unavailable(obtainOfficialContract({ cacheDir, env: {}, run: fakePip(undefined, { exitCode: 1, stderr }) }));
    assert.match(message, /pip exited with code 1:/);
    assert.ok(message.includes("No matching distribution found"), message);
    assertExplainsHowToGetIt(message);
  });

  it("fails when pip runs past its deadline", async () => {
    const slow = fakePip(undefined, { exitCode: null, error: Object.assign(new Error("timed out"), { code: "ETIMEDOUT" }) });
    assert.match(await unavailable(obtainOfficialContract({ cacheDir, env: {}, run: slow, timeoutMs: 5000 })), /did not finish within 5 s/);
  });

  it("fails when the archive lacks the file or is not an archive", async () => {
    const without = await unavailable(obtainOfficialContract({ cacheDir, env: {}, run: fakePip(tarGz(tarEntry(`${SDIST}/README.md`, Buffer.from("x")))) }));
    assert.ok(without.includes(`holds no ${MEMBER}`), without);
    const garbage = await unavailable(obtainOfficialContract({ cacheDir, env: {}, run: fakePip(Buffer.from("not gzip")) }));
    assert.match(garbage, /is not a gzip archive/);
    const nothing = await unavailable(obtainOfficialContract({ cacheDir, env: {}, run: fakePip(undefined) }));
    assert.match(nothing, new RegExp(`pip saved no ${SDIST}\\.tar\\.gz`));
  });

  it("reads MSADS_REFERENCE_DIR/campaignmanagement_service.xml when set, without pip or cache", async () => {
    needsOfficial();
    const dir = path.join(work, "reference");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, OFFICIAL_CONTRACT.fileName), official);
    const file = await obtainOfficialContract({ cacheDir, env: { MSADS_REFERENCE_DIR: dir }, run: noPip });
    assert.equal(file, path.join(dir, OFFICIAL_CONTRACT.fileName));
    assert.equal(fs.existsSync(cacheDir), false);
  });

  it("fails, naming the file, when MSADS_REFERENCE_DIR lacks the contract or holds another version", async () => {
    const dir = path.join(work, "reference");
    fs.mkdirSync(dir);
    const expected = path.join(dir, OFFICIAL_CONTRACT.fileName);
    const absent = await unavailable(obtainOfficialContract({ cacheDir, env: { MSADS_REFERENCE_DIR: dir }, run: noPip }));
    assert.ok(absent.includes(`MSADS_REFERENCE_DIR is set, but ${expected} does not exist.`), absent);
    assertExplainsHowToGetIt(absent);
    fs.writeFileSync(expected, "<wsdl:definitions/>");
    const wrong = await unavailable(obtainOfficialContract({ cacheDir, env: { MSADS_REFERENCE_DIR: dir }, run: noPip }));
    assert.ok(wrong.includes(`${expected} has sha256`), wrong);
  });
});

describe("official contract: the tar reader", () => {
  const data = Buffer.from("contract bytes");

  it("finds a member by plain name, ustar prefix, pax path and GNU long name", () => {
    const long = `${"d".repeat(120)}/file.xml`;
    assert.ok(extractTarMember(plainTar(tarEntry("a/b.xml", data)), "a/b.xml")?.equals(data));
    assert.ok(extractTarMember(plainTar(tarEntry("b.xml", data, "0", "a")), "a/b.xml")?.equals(data));
    assert.ok(extractTarMember(plainTar(paxPathEntry(long), tarEntry("short", data)), long)?.equals(data));
    assert.ok(extractTarMember(plainTar(tarEntry("././@LongLink", Buffer.from(`${long}\0`), "L"), tarEntry("short", data)), long)?.equals(data));
  });

  it("skips other members, including a directory of the same name, and answers undefined when absent", () => {
    const tar = plainTar(tarEntry("a/b.xml", Buffer.alloc(0), "5"), tarEntry("a/c.xml", Buffer.from("other")), tarEntry("a/b.xml", data));
    assert.ok(extractTarMember(tar, "a/b.xml")?.equals(data));
    assert.equal(extractTarMember(tar, "a/d.xml"), undefined);
  });

  it("throws on a corrupt header or a truncated archive", () => {
    const entry = tarEntry("a/b.xml", data);
    const corrupt = Buffer.from(entry);
    corrupt[0] = "z".charCodeAt(0);
    assert.throws(() => extractTarMember(corrupt, "a/b.xml"), /checksum mismatch/);
    assert.throws(() => extractTarMember(tarEntry("a/b.xml", Buffer.alloc(2000)).subarray(0, 1024), "a/b.xml"), /runs past the end/);
  });
});

// The reader takes an uncompressed tar; the entries plus the end-of-archive marker.
function plainTar(...entries: Buffer[]): Buffer {
  return Buffer.concat([...entries, Buffer.alloc(1024)]);
}
