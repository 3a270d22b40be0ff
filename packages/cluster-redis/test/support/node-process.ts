import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { until } from "./wait.js";

export type NodeEvent = { ev: string } & Record<string, unknown>;

/** A cluster node child process (test/fixtures/cluster-node.mjs). */
export interface NodeProcess {
  readonly id: string;
  readonly events: NodeEvent[];
  readonly port: number;
  readonly url: string;
  waitFor(match: (event: NodeEvent) => boolean, ms?: number, what?: string): Promise<NodeEvent>;
  command(command: Record<string, unknown>): void;
  /** SIGKILL: a crash, no goodbye. */
  kill(): Promise<void>;
  /** A clean shutdown (`node.close()`), then the process exits. */
  stop(): Promise<void>;
}

const FIXTURE = fileURLToPath(new URL("../fixtures/cluster-node.mjs", import.meta.url));
const live = new Set<NodeProcess>();

/** The `bun` binary the `bun` npm package installed (its real executable), or `$BUN_BINARY`. */
const BUN_BINARY = process.env["BUN_BINARY"] ?? join(dirname(createRequire(import.meta.url).resolve("bun/package.json")), "bin", "bun.exe");

export async function startNode(config: { redis: string; nodeId: string; leaseMs: number; dialect?: string; runtime?: "node" | "bun" }): Promise<NodeProcess> {
  const command = config.runtime === "bun" ? BUN_BINARY : process.execPath;
  const child: ChildProcess = spawn(command, [FIXTURE, JSON.stringify(config)], { stdio: ["pipe", "pipe", "pipe"] });
  const events: NodeEvent[] = [];
  let buffered = "";
  let stderr = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.stderr!.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) events.push(JSON.parse(line) as NodeEvent);
  });
  const waitFor = async (match: (event: NodeEvent) => boolean, ms = 10_000, what = "event"): Promise<NodeEvent> => {
    await until(() => events.some(match), ms, `${what} from node ${config.nodeId} (saw ${JSON.stringify(events.slice(-20))} ${stderr})`);
    return events.find(match)!;
  };
  const kill = async (): Promise<void> => {
    live.delete(handle);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  let handle: NodeProcess = undefined as never;
  const listening = waitFor((e) => e.ev === "listening", 15_000, "listening").catch(async (error: unknown) => {
    await kill();
    throw error;
  });
  const port = (await listening).port as number;
  handle = {
    id: config.nodeId,
    events,
    port,
    url: `ws://127.0.0.1:${port}`,
    waitFor,
    command: (command) => void child.stdin!.write(`${JSON.stringify(command)}\n`),
    kill,
    async stop() {
      handle.command({ op: "close" });
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
      live.delete(handle);
    },
  };
  live.add(handle);
  return handle;
}

/** Kills every node process still running (for afterEach). */
export async function killAllNodes(): Promise<void> {
  await Promise.all([...live].map((n) => n.kill()));
}
