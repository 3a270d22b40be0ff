import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { BUN_BINARY } from "./bun-harness.js";

/** One line the fixture printed. */
export type ChildEvent = { ev: string } & Record<string, unknown>;

/** A Bun child running test/fixtures/scene-peer.ts: what it printed, and a way to command it. */
export interface BunChild {
  readonly events: ChildEvent[];
  /** Resolves with the first printed event `match` accepts (looking at past ones too), or rejects after `ms`. */
  waitFor(match: (event: ChildEvent) => boolean, ms?: number, what?: string): Promise<ChildEvent>;
  command(command: Record<string, unknown>): void;
  /** Asks the fixture to close and exit; kills it if it has not exited within a second. */
  stop(): Promise<void>;
}

const script = fileURLToPath(new URL("../fixtures/scene-peer.ts", import.meta.url));
const live = new Set<BunChild>();

export function startBunChild(...args: string[]): BunChild {
  const child: ChildProcess = spawn(BUN_BINARY, [script, ...args], { cwd: fileURLToPath(new URL("../..", import.meta.url)), stdio: ["pipe", "pipe", "pipe"] });
  const events: ChildEvent[] = [];
  const waiters = new Set<() => void>();
  let buffered = "";
  let stderr = "";
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      resolve();
    }),
  );
  child.stderr!.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) events.push(JSON.parse(line) as ChildEvent);
    for (const wake of waiters) wake();
  });
  const handle: BunChild = {
    events,
    waitFor(match, ms = 10_000, what = "event") {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const found = events.find(match);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`Bun child: no ${what} within ${ms} ms; saw ${JSON.stringify(events)} ${stderr}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    command(command) {
      if (!exited) child.stdin!.write(`${JSON.stringify(command)}\n`);
    },
    async stop() {
      live.delete(handle);
      if (!exited) {
        handle.command({ op: "exit" });
        const timer = setTimeout(() => child.kill("SIGKILL"), 1000);
        await exit;
        clearTimeout(timer);
      }
    },
  };
  live.add(handle);
  return handle;
}

/** Stops every child started since the last call (for afterEach). */
export async function stopBunChildren(): Promise<void> {
  await Promise.all([...live].map((child) => child.stop()));
}
