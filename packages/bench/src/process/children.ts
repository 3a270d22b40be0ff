import { type ChildProcess, fork, spawn, type SpawnOptions } from "node:child_process";

/**
 * Every child process the benchmark starts goes through here, so all of them can be killed at
 * the end of a run, on failure and on SIGINT/SIGTERM. Children are killed by their own pid only.
 */
const live = new Set<ChildProcess>();
/** Every pid started during this run, so a test can check that none outlived it. */
const started: number[] = [];
let hooked = false;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.on("exit", killAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}

function track(child: ChildProcess): ChildProcess {
  hookExit();
  live.add(child);
  if (child.pid !== undefined) started.push(child.pid);
  child.once("exit", () => live.delete(child));
  return child;
}

export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  return track(spawn(command, args, options));
}

export function forkTracked(modulePath: string, args: readonly string[], execArgv: readonly string[] = []): ChildProcess {
  return track(fork(modulePath, args, { execArgv: [...execArgv], stdio: ["ignore", "inherit", "inherit", "ipc"] }));
}

/** Kills every child still alive (SIGKILL: a benchmark child holds no state worth saving). */
export function killAll(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
  live.clear();
}

/** Stops one child: SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 1500): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

export function startedPids(): readonly number[] {
  return started;
}
