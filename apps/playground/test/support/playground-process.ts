import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const appRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const MAIN = join(appRoot, "dist", "server", "main.js");

/** The Bun binary the workspace installed (the playground depends on the `bun` npm package). */
export function bunBinary(): string {
  const fromEnv = process.env["BUN"];
  if (fromEnv) return fromEnv;
  const bun = join(dirname(createRequire(join(appRoot, "package.json")).resolve("bun/package.json")), "bin", "bun.exe");
  if (!existsSync(bun)) throw new Error(`no Bun binary at ${bun}: run pnpm install`);
  return bun;
}

export interface PlaygroundProcess {
  readonly port: number;
  /** http://127.0.0.1:port */
  readonly origin: string;
  /** Every stdout line so far. */
  readonly lines: string[];
  /** Resolves with the first line (past or future) that matches. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Runs the built playground server as a child process on 127.0.0.1 and an ephemeral port, on
 * Node or straight under Bun, and resolves once it printed its URL.
 */
export function startPlaygroundProcess(runtime: "node" | "bun", args: readonly string[] = [], timeoutMs = 20_000): Promise<PlaygroundProcess> {
  if (!existsSync(MAIN)) return Promise.reject(new Error(`${MAIN} is missing: build the playground first`));
  const command = runtime === "bun" ? bunBinary() : process.execPath;
  const child: ChildProcess = spawn(command, [MAIN, "--runtime", runtime, "--port", "0", "--bind", "127.0.0.1", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve: (line: string) => void }>();
  let stderr = "";
  let pending = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    pending += chunk;
    let end: number;
    while ((end = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(line)) {
          waiters.delete(waiter);
          waiter.resolve(line);
        }
      }
    }
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const waitForLine = (pattern: RegExp, wait = 10_000): Promise<string> => {
    const seen = lines.find((line) => pattern.test(line));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = { pattern, resolve };
      waiters.add(waiter);
      setTimeout(() => {
        if (!waiters.delete(waiter)) return;
        reject(new Error(`no line matching ${pattern} within ${wait} ms; output:\n${lines.join("\n")}\n${stderr}`));
      }, wait).unref();
    });
  };

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const forced = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(forced);
      }
    })();
    return stopping;
  };

  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the playground exited with ${code} before listening:\n${stderr}`)));
    child.once("error", reject);
    waitForLine(/^wsmp playground on http:\/\/[^ ]+:(\d+)\//, timeoutMs).then(
      (line) => {
        const port = Number(/:(\d+)\//.exec(line)?.[1]);
        resolve({ port, origin: `http://127.0.0.1:${port}`, lines, waitForLine, stop });
      },
      (error: unknown) => {
        void stop();
        reject(error);
      },
    );
  });
}
