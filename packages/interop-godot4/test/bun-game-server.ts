import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The Bun binary of the `bun` npm package (BUN_BINARY overrides it). */
const BUN = process.env["BUN_BINARY"] ?? fileURLToPath(new URL("../node_modules/.bin/bun", import.meta.url));

/**
 * A game server in a Bun child process (test/fixtures/bun-rpc-server.ts here, and the Godot 3
 * one of @wsmp/interop-godot3): the script prints `PORT <n>` once it listens, then
 * `LINE <json>` per event, and closes when its stdin ends.
 */
export interface BunGameServer<L> {
  readonly port: number;
  /** The `LINE` events so far. */
  readonly lines: L[];
  /** Everything the child printed, for a failure report. */
  output(): string;
  /** Ends its stdin and waits until it has exited. */
  close(): Promise<void>;
}

const live = new Set<ChildProcess>();

/** Starts `bun <script>` and resolves once it printed its port (rejects after `ms`). */
export async function startBunGameServer<L>(script: string, ms = 10_000): Promise<BunGameServer<L>> {
  const child = spawn(BUN, [script], { stdio: ["pipe", "pipe", "pipe"] });
  live.add(child);
  const lines: L[] = [];
  let port = 0;
  let output = "";
  let buffered = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => (output += d));
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    output += d;
    buffered += d;
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    for (const line of parts) {
      if (line.startsWith("PORT ")) port = Number(line.slice(5));
      else if (line.startsWith("LINE ")) lines.push(JSON.parse(line.slice(5)) as L);
    }
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const end = Date.now() + ms;
  while (port === 0) {
    if (child.exitCode !== null || Date.now() > end) {
      child.kill("SIGKILL");
      live.delete(child);
      throw new Error(`the Bun game server printed no port (${child.exitCode === null ? `${ms} ms` : `exit ${child.exitCode}`}):\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return {
    port,
    lines,
    output: () => output,
    async close() {
      child.stdin.end();
      await exited;
      live.delete(child);
    },
  };
}

/** Kills every Bun game server still running (for afterEach). */
export function killBunGameServers(): void {
  for (const child of live) child.kill("SIGKILL");
  live.clear();
}
