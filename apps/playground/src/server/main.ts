#!/usr/bin/env node
/**
 * The playground's command: `npm start -- [options]` at the repository root ends up here.
 * `--runtime bun` re-runs this file under Bun (from the `bun` npm package, or `$BUN`).
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findBun, isBun, runUnderBun } from "@wsmp/cli";
import { type PlaygroundOptions, parseOptions, USAGE, UsageError } from "./cli-options.js";
import type { RuntimeHost } from "./host.js";
import { startPlayground } from "./playground-server.js";

const here = dirname(fileURLToPath(import.meta.url));

async function loadHost(runtime: PlaygroundOptions["runtime"]): Promise<RuntimeHost> {
  if (runtime === "bun") return (await import("./host-bun.js")).bunHost;
  return (await import("./host-node.js")).nodeHost;
}

async function main(): Promise<void> {
  let options: PlaygroundOptions;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
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
    const bun = findBun(process.env);
    if (!bun) {
      process.stderr.write("--runtime bun: no Bun binary found (install the workspace, or set BUN=/path/to/bun)\n");
      process.exit(1);
    }
    runUnderBun(bun, fileURLToPath(import.meta.url), process.argv.slice(2));
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
