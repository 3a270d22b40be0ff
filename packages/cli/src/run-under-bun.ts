import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** True when this process is Bun. */
export const isBun = typeof (globalThis as { Bun?: unknown }).Bun !== "undefined";

/**
 * The Bun binary `--runtime bun` runs: `$BUN_BINARY` or `$BUN`, else the `bun` npm package's own
 * executable (not the package manager's shell shim, so that signals reach Bun itself), else
 * `bun` on PATH.
 */
export function findBun(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const fromEnv = env["BUN_BINARY"] ?? env["BUN"];
  if (fromEnv) return fromEnv;
  try {
    const candidate = join(dirname(createRequire(import.meta.url).resolve("bun/package.json")), "bin", "bun.exe");
    if (existsSync(candidate)) return candidate;
  } catch {
    // no bun npm package
  }
  return spawnSync("bun", ["--version"], { stdio: "ignore" }).status === 0 ? "bun" : undefined;
}

/**
 * Runs `script` with `args` under Bun, passing SIGINT and SIGTERM on, and exits with its code:
 * how a Node-started `wsmp relay --runtime bun` becomes a Bun server.
 */
export function runUnderBun(bun: string, script: string, args: readonly string[]): void {
  const child = spawn(bun, [script, ...args], { stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("error", (error) => {
    process.stderr.write(`wsmp: cannot start Bun (${bun}): ${error.message}\n`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
