import * as fs from "node:fs";
import * as path from "node:path";
import { State, StateSchema } from "./state";

const FILE = "store.json";

/**
 * Keeps the store in DIR/store.json. Every save writes a temporary file, fsyncs it, renames it over the
 * old one and fsyncs the folder, so a crash leaves either the old store or the new one, never a torn one.
 */
export class FilePersistence {
  readonly file: string;

  constructor(readonly dir: string) {
    this.file = path.join(dir, FILE);
  }

  /** The stored state, or undefined when the folder holds none yet. A corrupt file is an error, never a silent reset. */
  load(): State | undefined {
    fs.mkdirSync(this.dir, { recursive: true });
    for (const name of fs.readdirSync(this.dir)) {
      // Leftovers of a save that crashed before its rename: the store itself is intact.
      if (name.startsWith(`${FILE}.tmp-`)) fs.rmSync(path.join(this.dir, name), { force: true });
    }
    if (!fs.existsSync(this.file)) return undefined;
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(this.file, "utf8"));
    } catch (e) {
      throw new Error(`the emulator store ${this.file} is not valid JSON (${(e as Error).message}); move it away to start empty`);
    }
    const parsed = StateSchema.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`);
      throw new Error(`the emulator store ${this.file} does not match the expected shape: ${issues.join("; ")}`);
    }
    return parsed.data;
  }

  /** Atomically replaces the stored state. */
  save(state: State): void {
    const tmp = `${this.file}.tmp-${process.pid}-${Date.now()}`;
    const fd = fs.openSync(tmp, "w", 0o600);
    try {
      fs.writeSync(fd, JSON.stringify(state));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.renameSync(tmp, this.file);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw e;
    }
    // Past the rename the new state is the stored one: a failed folder fsync must not make the caller
    // undo in memory what the disk already holds, so it is best effort.
    try {
      const dirFd = fs.openSync(this.dir, "r");
      try {
        fs.fsyncSync(dirFd);
      } finally {
        fs.closeSync(dirFd);
      }
    } catch {
      // Some filesystems refuse fsync on a directory; the rename is still atomic there.
    }
  }
}
