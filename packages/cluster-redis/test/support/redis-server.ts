import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { connect } from "node:net";
import { freePort } from "../../../interop-godot3/test/godot.js";

/** The Redis server binary (Debian package `redis-server`); override with REDIS_SERVER_BIN. */
export const REDIS_SERVER_BIN = process.env["REDIS_SERVER_BIN"] ?? "redis-server";

/** Fails loudly (never skips) when redis-server is missing: `npm test` installs it. */
export function requireRedisServer(): void {
  const probe = spawnSync(REDIS_SERVER_BIN, ["--version"], { encoding: "utf8", timeout: 10_000 });
  if (probe.error || !/Redis server v=/.test(probe.stdout ?? "")) {
    throw new Error(`${REDIS_SERVER_BIN} is not a runnable Redis server (install the Debian package redis-server, or set REDIS_SERVER_BIN): ${String(probe.error ?? probe.stdout)}`);
  }
}

export interface RedisProcess {
  readonly url: string;
  readonly port: number;
  /** SIGKILLs the server (a crash) and waits until it is gone. */
  kill(): Promise<void>;
}

const live = new Set<RedisProcess>();

/** Answers true once the server on `port` answers PING. */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.setTimeout(500, () => socket.destroy());
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.once("error", () => resolve(false));
    socket.once("close", () => resolve(false));
  });
}

/** Starts a private redis-server on a free loopback port, no persistence; killed by `killAllRedis`. */
export async function startRedis(): Promise<RedisProcess> {
  requireRedisServer();
  const port = await freePort();
  const child: ChildProcess = spawn(REDIS_SERVER_BIN, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--loglevel", "warning"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const handle: RedisProcess = {
    url: `redis://127.0.0.1:${port}`,
    port,
    async kill() {
      live.delete(handle);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
  live.add(handle);
  const end = Date.now() + 10_000;
  while (!(await pings(port))) {
    if (child.exitCode !== null || Date.now() > end) {
      await handle.kill();
      throw new Error(`redis-server on port ${port} did not start: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return handle;
}

/** Kills every Redis server a test started (for afterEach/afterAll). */
export async function killAllRedis(): Promise<void> {
  await Promise.all([...live].map((r) => r.kill()));
}
