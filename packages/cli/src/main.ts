import { readFileSync } from "node:fs";
import { RELAY_OPTIONS } from "./option-spec.js";
import { parseOptions, UsageError } from "./parse-options.js";
import { startRelay } from "./relay.js";
import { findBun, isBun, runUnderBun } from "./run-under-bun.js";
import { relayUsage, usageHint } from "./usage.js";

/** What the command reads and writes: the process's, or a test's. */
export interface CliIo {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  out(text: string): void;
  err(text: string): void;
  /** The script to run again under Bun for `--runtime bun`. */
  readonly script: string;
}

function version(): string {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return manifest.version;
}

/**
 * `wsmp relay [options]`: parses the settings (exit 2 with a clear message when they are
 * wrong), starts the relay (exit 1 when it cannot), and on SIGTERM or SIGINT drains it and
 * exits 0; a second signal exits at once with 1. Resolves with the exit code when the command
 * ends by itself (help, version, an error); a running relay ends through `process.exit`.
 */
export async function main(io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseOptions(RELAY_OPTIONS, { argv: io.argv, env: io.env });
    const [command, ...extra] = parsed.positionals;
    if (parsed.values["help"] === true || command === "help") {
      io.out(`${relayUsage(RELAY_OPTIONS)}\n`);
      return 0;
    }
    if (parsed.values["version"] === true) {
      io.out(`${version()}\n`);
      return 0;
    }
    if (command === undefined) throw new UsageError("which command? The one command is: wsmp relay [options]");
    if (command !== "relay") throw new UsageError(`unknown command "${command}" (the one command is "relay")`);
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${usageHint(error.message)}\n`);
    return 2;
  }
  const values = parsed.values;
  if (values["runtime"] === "bun" && !isBun) {
    const bun = findBun(io.env);
    if (!bun) {
      io.err("wsmp: --runtime bun: no Bun found (install it, or set BUN_BINARY=/path/to/bun)\n");
      return 1;
    }
    runUnderBun(bun, io.script, io.argv);
    return new Promise<number>(() => undefined); // the child's exit ends this process
  }
  if (values["runtime"] === "node" && isBun) {
    io.err("wsmp: --runtime node: this is Bun; run the command with node\n");
    return 1;
  }
  let relay;
  try {
    relay = await startRelay(values, { line: (text) => io.out(`${text}\n`) });
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${usageHint(error.message)}\n`);
      return 2;
    }
    io.err(`wsmp: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  let signals = 0;
  const stop = (signal: string): void => {
    if (++signals > 1) {
      io.err(`wsmp: ${signal} again: exiting without waiting\n`);
      process.exit(1);
    }
    io.out(`wsmp: ${signal}: closing every peer with 1001 and stopping\n`);
    relay.shutdown().then(
      (result) => {
        io.out(`wsmp: stopped (${result.peers} peer${result.peers === 1 ? "" : "s"} closed${result.timedOut ? ", some did not answer in time" : ""})\n`);
        process.exit(0);
      },
      (error: unknown) => {
        io.err(`wsmp: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  return new Promise<number>(() => undefined);
}
