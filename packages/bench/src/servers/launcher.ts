import type { ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { spawnTracked, stopChild } from "../process/children.js";
import { rssBytes } from "../process/proc-stats.js";
import type { ServerMode } from "./control.js";
import type { ServerSpec } from "./catalog.js";

/** A benchmark server running in its own child process. */
export interface RunningServer {
  readonly spec: ServerSpec;
  /** The pid to measure (the runtime's own process, as reported by the server). */
  readonly pid: number;
  readonly port: number;
  readonly url: string;
  /** Collects garbage in the server (Node/Bun), then returns its RSS and (Node/Bun) JS heap in use. */
  gc(): Promise<{ rss: number; heapUsed: number | undefined }>;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (for Godot, which cannot report the port it bound). */
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

export async function launchServer(spec: ServerSpec, mode: ServerMode, timeoutMs = 20_000): Promise<RunningServer> {
  const { command, args, env } = spec.launch(mode);
  const godotPort = spec.runtime === "godot" ? await freePort() : 0;
  const extraEnv: Record<string, string> = { ...env };
  if (spec.runtime === "godot") {
    extraEnv.BENCH_PORT = String(godotPort);
    extraEnv.BENCH_MAX_SECONDS = process.env.BENCH_GODOT_MAX_SECONDS ?? "1800";
  }
  const child = spawnTracked(command, args, { env: { ...process.env, ...extraEnv }, stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const lines = createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  lines.on("line", (line) => waiting.shift()?.(line));
  const nextLine = (test: (line: string) => boolean, what: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${spec.id}: no ${what} within ${timeoutMs} ms; stderr: ${stderr.trim().slice(-800)}`)), timeoutMs);
      const onExit = (): void => reject(new Error(`${spec.id} exited (${String(child.exitCode ?? child.signalCode)}) before ${what}; stderr: ${stderr.trim().slice(-800)}`));
      child.once("exit", onExit);
      const listen = (line: string): void => {
        if (!test(line)) {
          waiting.unshift(listen);
          return;
        }
        clearTimeout(timer);
        child.off("exit", onExit);
        resolve(line);
      };
      waiting.push(listen);
    });

  try {
    let pid = child.pid ?? 0;
    let port = godotPort;
    if (spec.runtime === "godot") await nextLine((l) => l.trim() === "READY", "READY line");
    else {
      const ready = JSON.parse(await nextLine((l) => l.startsWith("{"), "ready line")) as { port: number; pid: number };
      pid = ready.pid;
      port = ready.port;
    }
    return {
      spec,
      pid,
      port,
      url: `ws://127.0.0.1:${port}/`,
      async gc() {
        if (spec.runtime === "godot") return { rss: rssBytes(pid), heapUsed: undefined };
        child.stdin?.write("gc\n");
        const answer = JSON.parse(await nextLine((l) => l.includes('"gc"'), "gc answer")) as { heapUsed: number };
        return { rss: rssBytes(pid), heapUsed: answer.heapUsed };
      },
      stop: () => stopServer(child, spec),
    };
  } catch (error) {
    await stopChild(child, 200);
    throw error;
  }
}

async function stopServer(child: ChildProcess, spec: ServerSpec): Promise<void> {
  if (spec.runtime !== "godot") child.stdin?.end();
  await stopChild(child, 1500);
}
