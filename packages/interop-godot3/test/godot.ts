import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The headless Godot 3 binary (Debian package `godot3-server`); override with GODOT3_BIN. */
export const GODOT3_BIN = process.env["GODOT3_BIN"] ?? "godot3-server";
const PROJECT = join(dirname(fileURLToPath(import.meta.url)), "..", "godot");

/** Fails loudly (never skips) when the engine is missing: the interop tests exist to run it. */
export function requireGodot3(): string {
  // `--version` prints the version and exits with status 255, so read stdout either way.
  const probe = spawnSync(GODOT3_BIN, ["--version"], { encoding: "utf8", timeout: 10_000 });
  const version = (probe.stdout ?? "").trim();
  if (probe.error || !version.startsWith("3.")) {
    throw new Error(`${GODOT3_BIN} is not a runnable Godot 3 (install the Debian package godot3-server, or set GODOT3_BIN): ${String(probe.error ?? version)}`);
  }
  return version;
}

/** What a scenario script prints last: its checks and what it saw. */
export interface GodotResult {
  readonly ok: boolean;
  readonly errors: readonly string[];
  readonly [fact: string]: unknown;
}

export interface GodotRun {
  /** Every stdout/stderr line so far. */
  readonly output: string[];
  /** Resolves with the RESULT line's JSON; rejects if the process ends or is killed without one. */
  readonly result: Promise<GodotResult>;
  /** The engine's own error lines (`ERROR:` / `SCRIPT ERROR:`), e.g. about a malformed packet. */
  engineErrors(): string[];
  /** Resolves when a line equal to `line` (or starting with it) is printed. */
  waitFor(line: string): Promise<string>;
  /** Kills the process if it still runs; resolves once it is gone and its HOME is removed. */
  kill(): Promise<void>;
}

const running = new Set<GodotRun>();
/** Runs of the current test, kept after they end so their output can be shown. */
const started: GodotRun[] = [];

/**
 * Starts `godot3-server --path godot -s res://<script> -- key=value...` with its own HOME, a hard
 * time limit (SIGKILL) and the watchdog of harness.gd set a little shorter.
 */
export function runGodot(script: string, args: Record<string, string | number>, hardLimitMs = 20_000): GodotRun {
  const home = mkdtempSync(join(tmpdir(), "wsmp-godot3-"));
  for (const dir of ["data", "config"]) mkdirSync(join(home, dir));
  const argv = ["--path", PROJECT, "-s", `res://${script}`, "--", `timeout=${hardLimitMs - 3000}`, ...Object.entries(args).map(([k, v]) => `${k}=${v}`)];
  const child: ChildProcess = spawn(GODOT3_BIN, argv, {
    env: { ...process.env, HOME: home, XDG_DATA_HOME: join(home, "data"), XDG_CONFIG_HOME: join(home, "config"), LANG: "en_US.UTF-8", LC_ALL: "en_US.UTF-8" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const waiters: { prefix: string; resolve: (line: string) => void }[] = [];
  let settle: { resolve(r: GodotResult): void; reject(e: Error): void } | undefined;
  const result = new Promise<GodotResult>((resolve, reject) => (settle = { resolve, reject }));
  result.catch(() => undefined);
  const onLine = (line: string): void => {
    output.push(line);
    if (line.startsWith("RESULT ")) settle?.resolve(JSON.parse(line.slice(7)) as GodotResult);
    for (const w of [...waiters]) {
      if (line.startsWith(w.prefix)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) onLine(line.trimEnd());
    });
  }
  const hardLimit = setTimeout(() => child.kill("SIGKILL"), hardLimitMs);
  const exited = new Promise<void>((resolve) => {
    child.on("exit", (code, signal) => {
      clearTimeout(hardLimit);
      rmSync(home, { recursive: true, force: true });
      settle?.reject(new Error(`${script} ended (code ${code}, signal ${signal}) without a RESULT line:\n${output.join("\n")}`));
      resolve();
    });
  });
  const run: GodotRun = {
    output,
    result,
    engineErrors: () => output.filter((line) => /^(SCRIPT )?ERROR:/.test(line)),
    waitFor(prefix) {
      const seen = output.find((l) => l.startsWith(prefix));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ prefix, resolve });
        result.then(
          () => reject(new Error(`${script} finished before printing "${prefix}"`)),
          (error: Error) => reject(error),
        );
      });
    },
    kill() {
      running.delete(run);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      return exited;
    },
  };
  running.add(run);
  started.push(run);
  return run;
}

/** Kills every Godot process still running and waits until they are gone (for afterEach). */
export async function killAllGodot(): Promise<void> {
  await Promise.all([...running].map((run) => run.kill()));
}

/** Forgets the output of earlier tests (for beforeEach). */
export function resetGodotOutput(): void {
  started.length = 0;
}

/** Everything the Godot processes of the current test printed, for a failure report. */
export function godotOutput(): string {
  return started.map((run, i) => `--- Godot process ${i + 1}:\n${run.output.join("\n")}`).join("\n");
}

/** A TCP port that was free a moment ago on 127.0.0.1 (Godot 3 cannot listen on port 0 and report it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export { until } from "./wait.js";
