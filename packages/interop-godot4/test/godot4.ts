import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { accessSync, constants, copyFileSync, createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A headless Godot 4 for tests: `GODOT4` (a path to a binary) first, else the engine shipped
 * next to the repository (`<repo>/../shared/godot4/godot4-4.6-dev-linux-x86_64.xz`), unpacked once
 * into `<tmpdir>/wsmp-godot4-<sha256 prefix of the .xz>/godot4` and reused while its size matches.
 */

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
export const SHIPPED_GODOT4_XZ = join(REPO_ROOT, "..", "shared", "godot4", "godot4-4.6-dev-linux-x86_64.xz");

export interface FindGodot4Options {
  /** Defaults to `process.env.GODOT4`. */
  readonly env?: string | undefined;
  /** Defaults to SHIPPED_GODOT4_XZ. */
  readonly xz?: string;
}

/** Why the last findGodot4() found nothing (for the "NOT RUN" line). */
export let godot4Absence = "";

/**
 * The path of a runnable Godot 4 binary, or undefined when there is none (no GODOT4 and no
 * shipped .xz, or no `xz` to unpack it). A GODOT4 that does not point at an executable throws.
 */
export async function findGodot4(options: FindGodot4Options = {}): Promise<string | undefined> {
  const env = "env" in options ? options.env : process.env["GODOT4"];
  if (env) {
    try {
      accessSync(env, constants.X_OK);
    } catch {
      throw new Error(`GODOT4=${env} is not an executable file`);
    }
    return env;
  }
  const xz = options.xz ?? SHIPPED_GODOT4_XZ;
  if (!existsSync(xz)) {
    godot4Absence = `no GODOT4 and no ${xz}`;
    return undefined;
  }
  const listing = spawnSync("xz", ["--robot", "--list", xz], { encoding: "utf8" });
  const totals = listing.stdout?.split("\n").find((line) => line.startsWith("totals\t"));
  const size = Number(totals?.split("\t")[4]);
  if (listing.error || !Number.isFinite(size) || size <= 0) {
    godot4Absence = `cannot read ${xz} (is xz installed?): ${String(listing.error ?? listing.stderr)}`;
    return undefined;
  }
  const dir = join(tmpdir(), `wsmp-godot4-${(await sha256(xz)).slice(0, 12)}`);
  const binary = join(dir, "godot4");
  if (existsSync(binary) && statSync(binary).size === size) return binary;
  mkdirSync(dir, { recursive: true });
  // Unpack under a unique name, then rename: concurrent test files never see half a binary.
  const partial = `${binary}.${process.pid}.${Date.now()}.part`;
  const child = spawn("xz", ["-dc", xz], { stdio: ["ignore", "pipe", "inherit"] });
  const written = new Promise<void>((done, fail) => child.stdout.pipe(createWriteStream(partial, { mode: 0o755 })).on("finish", done).on("error", fail));
  const exitCode = new Promise<number | null>((done) => child.on("close", done).on("error", () => done(null)));
  const [code] = await Promise.all([exitCode, written]);
  const unpacked = statSync(partial).size;
  if (code !== 0 || unpacked !== size) {
    rmSync(partial, { force: true });
    throw new Error(`unpacking ${xz} failed (xz exit ${code}, ${unpacked} of ${size} bytes)`);
  }
  renameSync(partial, binary);
  return binary;
}

function sha256(path: string): Promise<string> {
  return new Promise((done, fail) => {
    const hash = createHash("sha256");
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("end", () => done(hash.digest("hex")))
      .on("error", fail);
  });
}

export interface Godot4ScriptOptions {
  /** The Godot 4 binary (from findGodot4). */
  readonly binary: string;
  /** A folder whose files (scripts, resources; not recursive) are copied into a temporary project. */
  readonly projectFiles: string;
  /** The script to run, relative to that folder (`-s res://<script>`). */
  readonly script: string;
  /** Arguments after `--` (the script reads them with OS.get_cmdline_user_args()). */
  readonly args?: readonly string[];
  /** Hard limit: the process is killed (SIGKILL) after this long. Default 20 s. */
  readonly timeoutMs?: number;
}

export interface Godot4Process {
  /** Every stdout and stderr line so far. */
  readonly output: string[];
  /** Resolves when a line starting with `prefix` is printed; rejects if the process ends first. */
  waitFor(prefix: string): Promise<string>;
  /** Resolves when the process has ended and its temporary folders are removed. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; timedOut: boolean }>;
  /** The engine's own error lines (`ERROR:` / `SCRIPT ERROR:`). */
  engineErrors(): string[];
  /** Kills the process if it still runs, and waits until it is gone. */
  kill(): Promise<void>;
}

const MINIMAL_PROJECT = 'config_version=5\n\n[application]\n\nconfig/name="wsmp-interop-godot4"\n\n[physics]\n\n2d/physics_engine="Dummy"\n';

/**
 * Starts `godot4 --headless --path <temporary copy of projectFiles> -s res://<script> -- args`
 * with its own HOME and XDG folders (removed when it ends), killed after `timeoutMs`.
 */
export function startGodot4Script(options: Godot4ScriptOptions): Godot4Process {
  const root = mkdtempSync(join(tmpdir(), "wsmp-godot4-run-"));
  const project = join(root, "project");
  const home = join(root, "home");
  for (const dir of [project, join(project, ".godot"), home, join(home, "data"), join(home, "config"), join(home, "cache")]) mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(options.projectFiles)) {
    const from = join(options.projectFiles, name);
    if (statSync(from).isFile()) copyFileSync(from, join(project, name));
  }
  if (!existsSync(join(project, "project.godot"))) writeFileSync(join(project, "project.godot"), MINIMAL_PROJECT);
  // Without a class cache Godot 4 prints "ERROR: Could not load global script cache." on start.
  writeFileSync(join(project, ".godot", "global_script_class_cache.cfg"), "list=[]\n");

  const argv = ["--headless", "--path", project, "-s", `res://${options.script}`, "--", ...(options.args ?? [])];
  const env = { ...process.env, HOME: home, XDG_DATA_HOME: join(home, "data"), XDG_CONFIG_HOME: join(home, "config"), XDG_CACHE_HOME: join(home, "cache"), LANG: "en_US.UTF-8", LC_ALL: "en_US.UTF-8" };
  const child: ChildProcess = spawn(options.binary, argv, { env, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  const waiters: { prefix: string; resolve(line: string): void }[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        const clean = line.trimEnd();
        output.push(clean);
        for (const w of waiters.filter((w) => clean.startsWith(w.prefix))) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(clean);
        }
      }
    });
  }
  let timedOut = false;
  const hardLimit = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, options.timeoutMs ?? 20_000);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; timedOut: boolean }>((done) => {
    const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(hardLimit);
      rmSync(root, { recursive: true, force: true });
      done({ code, signal, timedOut });
    };
    child.on("close", finish);
    child.on("error", () => finish(null, null));
  });
  return {
    output,
    exited,
    engineErrors: () => output.filter((line) => /^(SCRIPT )?ERROR:/.test(line)),
    waitFor(prefix) {
      const seen = output.find((line) => line.startsWith(prefix));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((done, fail) => {
        waiters.push({ prefix, resolve: done });
        void exited.then(() => fail(new Error(`${options.script} ended before printing "${prefix}":\n${output.join("\n")}`)));
      });
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

export interface Godot4Result {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly output: readonly string[];
  readonly engineErrors: readonly string[];
}

/** Runs a script to its end (or its time limit) and returns what it printed. */
export async function runGodot4Script(options: Godot4ScriptOptions): Promise<Godot4Result> {
  const run = startGodot4Script(options);
  const { code, signal, timedOut } = await run.exited;
  return { code, signal, timedOut, output: run.output, engineErrors: run.engineErrors() };
}
