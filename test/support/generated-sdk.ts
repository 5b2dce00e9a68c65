// Running generated SDKs in tests: child processes, file trees, and a Python venv with the `pulumi` package of the
// code generators' release (kept in .cache/), shared by the msads-gen-sdk tool's tests and the committed SDKs' tests.
import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "./paths";

/** The repository's TypeScript compiler. */
export const TSC = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<Result> {
  return new Promise((resolve) =>
    execFile(
      command,
      args,
      { cwd: options.cwd ?? repoRoot, env: options.env ?? process.env, timeout: options.timeoutMs ?? 60_000, maxBuffer: 32 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr }),
    ),
  );
}

/** Runs the command and fails the test with its output unless it exits 0. */
export async function check(command: string, args: string[], options: Parameters<typeof run>[2] = {}): Promise<Result> {
  const r = await run(command, args, options);
  assert.equal(r.code, 0, `${command} ${args.join(" ")} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}


/** Every file under dir, relative and slash-separated, sorted. */
export function listFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

export function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
}

/** The pulumi/pulumi release whose code generators msads-gen-sdk is built from (gen-sdk/go.mod). */
export function codegenVersion(): string {
  const goMod = fs.readFileSync(path.join(repoRoot, "scripts", "pulumi-install", "gen-sdk", "go.mod"), "utf8");
  const m = /github\.com\/pulumi\/pulumi\/pkg\/v3 v(\d+\.\d+\.\d+)\s/.exec(goMod);
  assert.ok(m, "gen-sdk/go.mod requires no github.com/pulumi/pulumi/pkg/v3 version");
  return m[1];
}


/**
 * A venv with the `pulumi` PyPI package of the code generators' release (plus what the generated setup.py needs to
 * build), created once and kept in .cache/ (built under a temporary name, then renamed, so an interrupted or
 * concurrent run never leaves a half-made one in place).
 */
export async function pythonVenv(): Promise<string> {
  const version = codegenVersion();
  const venv = path.join(repoRoot, ".cache", `msads-gen-sdk-python-pulumi-${version}`);
  const python = path.join(venv, "bin", "python");
  const probe = `import importlib.metadata as m, parver, semver, wheel; assert m.version("pulumi") == "${version}"`;
  if (fs.existsSync(python) && (await run(python, ["-c", probe])).code === 0) return python;
  const building = `${venv}.tmp-${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(venv), { recursive: true });
  try {
    await check("python3", ["-m", "venv", building]);
    await check(path.join(building, "bin", "python"), ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", `pulumi==${version}`, "parver", "semver", "wheel"], {
      timeoutMs: 300_000,
    });
    fs.rmSync(venv, { recursive: true, force: true });
    fs.renameSync(building, venv);
  } finally {
    fs.rmSync(building, { recursive: true, force: true });
  }
  await check(python, ["-c", probe]);
  return python;
}

