#!/usr/bin/env node
/**
 * The playground's command: `npm start -- [options]` at the repository root ends up here.
 * `--runtime bun` re-runs this file under Bun (from the `bun` npm package, or `$BUN`).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type PlaygroundOptions, parseOptions, toArgs, USAGE, UsageError } from "./cli-options.js";
import type { RuntimeHost } from "./host.js";
import { startPlayground } from "./playground-server.js";

const here = dirname(fileURLToPath(import.meta.url));
const isBun = typeof (globalThis as { Bun?: unknown }).Bun !== "undefined";

/** The Bun binary: `$BUN`, else the one the `bun` npm package installed. */
function bunBinary(): string | undefined {
  const fromEnv = process.env["BUN"];
  if (fromEnv) return fromEnv;
  try {
    const candidate = join(dirname(createRequire(import.meta.url).resolve("bun/package.json")), "bin", "bun.exe");
    return existsSync(candidate) ? candidate : undefined;
  } catch {
    return undefined;
  }
}

function runUnderBun(options: PlaygroundOptions): void {
  const bun = bunBinary();
  if (!bun) {
    process.stderr.write("--runtime bun: no Bun binary found (install the workspace, or set BUN=/path/to/bun)\n");
    process.exit(1);
  }
  const child = spawn(bun, [fileURLToPath(import.meta.url), ...toArgs(options)], { stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function loadHost(runtime: PlaygroundOptions["runtime"]): Promise<RuntimeHost> {
  if (runtime === "bun") return (await import("./host-bun.js")).bunHost;
  return (await import("./host-node.js")).nodeHost;
}

async function main(): Promise<void> {
  let options: PlaygroundOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (options.runtime === "bun" && !isBun) {
    runUnderBun(options);
    return;
  }
  const host = await loadHost(options.runtime);
  const print = (line: string): void => void process.stdout.write(`${line}\n`);
  const running = await startPlayground(options, host, join(here, "..", "web"), print);
  print(`wsmp playground on ${running.url} (${host.name}, ${options.dialect})`);
  print(`multiplayer endpoint: ${running.url.replace(/^http/, "ws")} (Godot: create_client("${running.url.replace(/^http/, "ws").replace(/\/$/, "")}"))`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`playground: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
